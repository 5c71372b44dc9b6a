import { describe, expect, test } from "vitest";
import {
  availableOrderActions,
  nextOrderStatus,
  ORDER_ACTIONS,
  ORDER_ACTORS,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  type OrderStatus,
} from "./order-state";

// Every allowed move, written out: "from action actor method → to". Everything else is refused.
const ALLOWED = new Map<string, OrderStatus>();
const allow = (from: string, action: string, actor: string, methods: string[], to: OrderStatus) => {
  for (const method of methods) ALLOWED.set(`${from} ${action} ${actor} ${method}`, to);
};
const ALL = ["VNPAY", "COD", "BANK_TRANSFER"];
allow("PENDING_PAYMENT", "pay", "SYSTEM", ["VNPAY"], "PAID");
allow("EXPIRED", "pay", "SYSTEM", ["VNPAY"], "PAID");
allow("PENDING_PAYMENT", "pay", "PRODUCER", ["BANK_TRANSFER"], "PAID");
allow("PAID", "confirm", "PRODUCER", ALL, "CONFIRMED");
allow("PENDING_PAYMENT", "confirm", "PRODUCER", ["COD"], "CONFIRMED");
allow("CONFIRMED", "ship", "PRODUCER", ALL, "SHIPPED");
allow("SHIPPED", "deliver", "PRODUCER", ALL, "DELIVERED");
allow("SHIPPED", "deliver", "BUYER", ALL, "DELIVERED");
allow("DELIVERED", "complete", "BUYER", ALL, "COMPLETED");
allow("DELIVERED", "complete", "SYSTEM", ALL, "COMPLETED");
for (const actor of ["BUYER", "PRODUCER", "OPERATOR"])
  allow("PENDING_PAYMENT", "cancel", actor, ALL, "CANCELLED");
allow("CONFIRMED", "cancel", "PRODUCER", ["COD"], "CANCELLED");
allow("CONFIRMED", "cancel", "OPERATOR", ["COD"], "CANCELLED");
allow("PENDING_PAYMENT", "expire", "SYSTEM", ALL, "EXPIRED");
for (const from of [
  "PAID",
  "CONFIRMED",
  "SHIPPED",
  "DELIVERED",
  "COMPLETED",
  "PARTIALLY_REFUNDED",
  "EXPIRED",
])
  allow(from, "refund", "OPERATOR", ["VNPAY"], "REFUND_PENDING");
// `refunded` and `refundFailed` depend on the context: checked below.

describe("order state machine", () => {
  test("every (status, action, actor, method) outside the table is refused; inside, it lands where the table says", () => {
    let checked = 0;
    for (const from of ORDER_STATUSES)
      for (const action of ORDER_ACTIONS)
        for (const actor of ORDER_ACTORS)
          for (const method of PAYMENT_METHODS) {
            if (action === "refunded" || action === "refundFailed") continue;
            const got = nextOrderStatus(from, action, actor, { method });
            expect(got, `${from} ${action} ${actor} ${method}`).toBe(
              ALLOWED.get(`${from} ${action} ${actor} ${method}`) ?? null,
            );
            checked++;
          }
    expect(checked).toBe(11 * 8 * 4 * 3);
  });

  test("a settled refund: everything refunded, or part; only the system settles, only from refund pending", () => {
    for (const from of ORDER_STATUSES)
      for (const actor of ORDER_ACTORS) {
        const full = nextOrderStatus(from, "refunded", actor, { method: "VNPAY", fullyRefunded: true });
        const part = nextOrderStatus(from, "refunded", actor, { method: "VNPAY", fullyRefunded: false });
        if (from === "REFUND_PENDING" && actor === "SYSTEM") {
          expect(full).toBe("REFUNDED");
          expect(part).toBe("PARTIALLY_REFUNDED");
        } else {
          expect(full, `${from} ${actor}`).toBeNull();
          expect(part, `${from} ${actor}`).toBeNull();
        }
      }
  });

  test("a refused refund puts the order back where it was (never to a status it could not have had)", () => {
    for (const previous of ORDER_STATUSES) {
      const back = nextOrderStatus("REFUND_PENDING", "refundFailed", "SYSTEM", { method: "VNPAY", previous });
      const refundable = [
        "PAID",
        "CONFIRMED",
        "SHIPPED",
        "DELIVERED",
        "COMPLETED",
        "PARTIALLY_REFUNDED",
        "EXPIRED",
      ];
      expect(back, previous).toBe(refundable.includes(previous) ? previous : null);
    }
    expect(nextOrderStatus("REFUND_PENDING", "refundFailed", "SYSTEM", { method: "VNPAY" })).toBeNull();
    expect(
      nextOrderStatus("REFUND_PENDING", "refundFailed", "OPERATOR", { method: "VNPAY", previous: "PAID" }),
    ).toBeNull();
  });

  test("the buttons each side sees", () => {
    expect(availableOrderActions("PENDING_PAYMENT", "PRODUCER", { method: "BANK_TRANSFER" })).toEqual([
      "pay",
      "cancel",
    ]);
    expect(availableOrderActions("PENDING_PAYMENT", "PRODUCER", { method: "VNPAY" })).toEqual(["cancel"]);
    expect(availableOrderActions("PENDING_PAYMENT", "PRODUCER", { method: "COD" })).toEqual([
      "confirm",
      "cancel",
    ]);
    expect(availableOrderActions("SHIPPED", "BUYER", { method: "VNPAY" })).toEqual(["deliver"]);
    expect(availableOrderActions("PAID", "BUYER", { method: "VNPAY" })).toEqual([]);
    expect(availableOrderActions("DELIVERED", "OPERATOR", { method: "VNPAY" })).toEqual(["refund"]);
    expect(availableOrderActions("DELIVERED", "OPERATOR", { method: "COD" })).toEqual([]);
  });
});
