/**
 * The order state machine: the only place that says which status an order may move to, by which
 * action and by whom. Server code asks `nextOrderStatus`, then moves the row with an UPDATE guarded
 * by the status it read, so a crafted form post or a race cannot take a path not listed here.
 *
 * Fulfilment: pending payment → paid → confirmed by the producer → shipped → delivered → completed.
 * Cash on delivery skips "paid" (the producer confirms, the cash is collected at delivery). A bank
 * transfer is marked paid by the producer who received it; VNPay only by the system (its IPN or the
 * reconciliation job). Refunds go through VNPay and only for orders VNPay paid: refund pending,
 * then refunded (everything) or partially refunded; a refused refund returns the order to where it was.
 */

export const ORDER_STATUSES = [
  "PENDING_PAYMENT",
  "PAID",
  "CONFIRMED",
  "SHIPPED",
  "DELIVERED",
  "COMPLETED",
  "CANCELLED",
  "EXPIRED",
  "REFUND_PENDING",
  "REFUNDED",
  "PARTIALLY_REFUNDED",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ["VNPAY", "COD", "BANK_TRANSFER"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const ORDER_ACTIONS = [
  "pay",
  "confirm",
  "ship",
  "deliver",
  "complete",
  "cancel",
  "expire",
  "refund",
  "refunded",
  "refundFailed",
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Who acts: the producer (its members or a consenting helper), the buyer, an operator, or the system. */
export const ORDER_ACTORS = ["PRODUCER", "BUYER", "OPERATOR", "SYSTEM"] as const;
export type OrderActor = (typeof ORDER_ACTORS)[number];

export interface OrderContext {
  method: PaymentMethod;
  /** For `refunded`: the refunds now cover the whole order. */
  fullyRefunded?: boolean;
  /** For `refundFailed`: the status the order had when the refund was asked for. */
  previous?: OrderStatus;
}

interface Rule {
  from: readonly OrderStatus[];
  to: OrderStatus | ((ctx: OrderContext) => OrderStatus | null);
  by: readonly OrderActor[];
  methods?: readonly PaymentMethod[];
}

// Refundable: no refund in flight, and (the server checks) VNPay took the money; an expired order
// is refundable when VNPay confirmed its payment too late to fill it.
const REFUNDABLE = [
  "PAID",
  "CONFIRMED",
  "SHIPPED",
  "DELIVERED",
  "COMPLETED",
  "PARTIALLY_REFUNDED",
  "EXPIRED",
] as const;
const BACK_FROM_REFUND: readonly OrderStatus[] = REFUNDABLE;

const RULES: Record<OrderAction, Rule[]> = {
  pay: [
    // VNPay's confirmation can come after the checkout expired: the money was taken, so the order
    // comes back if its units can be taken again (the server checks), else it is refunded.
    { from: ["PENDING_PAYMENT", "EXPIRED"], to: "PAID", by: ["SYSTEM"], methods: ["VNPAY"] },
    { from: ["PENDING_PAYMENT"], to: "PAID", by: ["PRODUCER"], methods: ["BANK_TRANSFER"] },
  ],
  confirm: [
    { from: ["PAID"], to: "CONFIRMED", by: ["PRODUCER"] },
    { from: ["PENDING_PAYMENT"], to: "CONFIRMED", by: ["PRODUCER"], methods: ["COD"] },
  ],
  ship: [{ from: ["CONFIRMED"], to: "SHIPPED", by: ["PRODUCER"] }],
  // The producer records the delivery, or the buyer says the parcel arrived.
  deliver: [{ from: ["SHIPPED"], to: "DELIVERED", by: ["PRODUCER", "BUYER"] }],
  complete: [{ from: ["DELIVERED"], to: "COMPLETED", by: ["BUYER", "SYSTEM"] }],
  cancel: [
    // Nothing was paid yet: the buyer, the producer or an operator may call it off.
    { from: ["PENDING_PAYMENT"], to: "CANCELLED", by: ["BUYER", "PRODUCER", "OPERATOR"] },
    // A confirmed cash-on-delivery order, before it ships.
    { from: ["CONFIRMED"], to: "CANCELLED", by: ["PRODUCER", "OPERATOR"], methods: ["COD"] },
  ],
  // The payment failed or expired (VNPay), or a transfer never came.
  expire: [{ from: ["PENDING_PAYMENT"], to: "EXPIRED", by: ["SYSTEM"] }],
  refund: [{ from: REFUNDABLE, to: "REFUND_PENDING", by: ["OPERATOR"], methods: ["VNPAY"] }],
  refunded: [
    {
      from: ["REFUND_PENDING"],
      to: (ctx) => (ctx.fullyRefunded ? "REFUNDED" : "PARTIALLY_REFUNDED"),
      by: ["SYSTEM"],
    },
  ],
  refundFailed: [
    {
      from: ["REFUND_PENDING"],
      to: (ctx) => (ctx.previous && BACK_FROM_REFUND.includes(ctx.previous) ? ctx.previous : null),
      by: ["SYSTEM"],
    },
  ],
};

/** The status `action` by `actor` leads to from `from`, or null when it is not allowed. */
export function nextOrderStatus(
  from: OrderStatus,
  action: OrderAction,
  actor: OrderActor,
  ctx: OrderContext,
): OrderStatus | null {
  for (const rule of RULES[action] ?? []) {
    if (!rule.from.includes(from) || !rule.by.includes(actor)) continue;
    if (rule.methods && !rule.methods.includes(ctx.method)) continue;
    return typeof rule.to === "function" ? rule.to(ctx) : rule.to;
  }
  return null;
}

/** The actions `actor` may take on an order now (for the buttons; the server asks again). */
export function availableOrderActions(
  status: OrderStatus,
  actor: OrderActor,
  ctx: OrderContext,
): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => nextOrderStatus(status, action, actor, ctx) !== null);
}

/** Orders in these states hold their stock: anything else gave it back or sold it. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ["COMPLETED", "CANCELLED", "EXPIRED", "REFUNDED"];

/** Which timestamp column a status sets when entered. */
export const STATUS_TIMESTAMP: Partial<Record<OrderStatus, string>> = {
  PAID: "paidAt",
  CONFIRMED: "confirmedAt",
  SHIPPED: "shippedAt",
  DELIVERED: "deliveredAt",
  COMPLETED: "completedAt",
  CANCELLED: "cancelledAt",
  EXPIRED: "cancelledAt",
};
