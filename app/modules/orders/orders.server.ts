// The order desk: what buyers, producers and operators see of an order and what each may do to it.
// Every read is scoped on the server (the buyer's account or private link, the producer in the URL,
// the operator role); every change goes through applyOrderTransition in one transaction with its
// stock movement, audit record and inbox notices, and mails to guests go out after the commit.
import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit, type AuditOrigin } from "~/modules/audit/audit.server";
import { refundOrder, RefundError } from "~/modules/payments/payments.server";
import { transferInstructions } from "~/modules/payments/vietqr";
import type { ProducerAccess } from "~/modules/producers/access.server";
import { getOptionalUser, type SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { formatVnd } from "~/utils/format";
import { hashToken } from "~/utils/session.server";
import {
  availableOrderActions,
  type OrderAction,
  type OrderActor,
  type OrderStatus,
  type PaymentMethod,
} from "./order-state";
import { queueOrderNotices, sendOrderMails } from "./order-notices.server";
import {
  deliverySelect,
  eventView,
  orderDetailSelect,
  orderDetailView,
  orderSummarySelect,
  orderSummaryView,
  refundView,
} from "./order-views.server";
import { consumeReservations, releaseReservations, returnSoldUnits } from "./reservations.server";
import { applyOrderTransition, OrderTransitionError } from "./transitions.server";

export const PAGE_SIZE = 30;
import { MAX_REASON, MAX_SHIPPING_NOTE } from "./order-limits";
export { MAX_REASON, MAX_SHIPPING_NOTE };
// The bank transfer code lives with payments; the order desk's callers still find it here.
export { findBank, transferInstructions } from "~/modules/payments/vietqr";

const notFound = () => new Response("Not found", { status: 404 });

/** Order codes are short capitals and digits ("DH7K3M9QX2"); anything else is not an order. */
export function normalizeCode(code: string | undefined): string | null {
  const upper = code?.trim().toUpperCase();
  return upper && /^[0-9A-Z]{4,16}$/.test(upper) ? upper : null;
}

/** Errors of the desk's own checks (before the state machine is asked), with their HTTP status. */
export class OrderDeskError extends Error {
  constructor(
    readonly code: "paymentInProgress" | "tooMuch",
    readonly status: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

/**
 * An error of a desk action as the status and the `orders.errors.*` key to show, or null for an
 * unexpected error (rethrown: a 500 is then a bug, not bad input).
 */
export function deskFailure(
  error: unknown,
): { status: number; key: string; params: Record<string, string | number> } | null {
  if (error instanceof OrderTransitionError)
    return error.code === "notFound"
      ? { status: 404, key: "notFound", params: {} }
      : { status: 409, key: "stale", params: {} };
  if (error instanceof OrderDeskError || error instanceof RefundError) {
    // Amounts are shown as money ("185.000 ₫"), in either language.
    const params = Object.fromEntries(
      Object.entries(error.params).map(([k, v]) => [k, typeof v === "number" ? formatVnd(v) : v]),
    );
    return { status: error.status, key: error.code, params };
  }
  return null;
}

const HUMAN_ACTORS = new Set(["BUYER", "GUEST", "PRODUCER", "OPERATOR"]);

// ---------------------------------------------------------------------------------------------
// Buyers

export async function buyerOrders(user: Pick<SessionUser, "id">) {
  const orders = await prisma.order.findMany({
    where: { buyerId: user.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: { ...orderSummarySelect, _count: { select: { items: true } } },
  });
  return orders.map((o) => ({ ...orderSummaryView(o), itemCount: o._count.items }));
}

const BUYER_ACTIONS: readonly OrderAction[] = ["cancel", "deliver", "complete"];
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The order behind /don-hang/:code/:token?: its buyer signed in, or whoever holds the private link.
 * Anything else is a 404, whether the order exists or not. Without a token nor a session the
 * visitor is asked to sign in (the account holder's mails link here without a token).
 */
export async function findBuyerOrder(request: Request, rawCode: string | undefined, token?: string) {
  const user = await getOptionalUser(request);
  const code = normalizeCode(rawCode);
  if (!token && !user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  if (!code) throw notFound();
  let order: { id: string } | null = null;
  if (token) {
    // The lookup is by the token's hash: the database compares, nothing is compared in memory.
    if (TOKEN.test(token))
      order = await prisma.order.findFirst({
        where: { code, accessTokenHash: hashToken(token) },
        select: { id: true },
      });
  } else if (user) {
    order = await prisma.order.findFirst({ where: { code, buyerId: user.id }, select: { id: true } });
  }
  if (!order) throw notFound();
  return { orderId: order.id, user, viaToken: Boolean(token) };
}

const buyerOrderSelect = {
  ...orderDetailSelect,
  producer: {
    select: { name: true, slug: true, bankName: true, bankAccountNumber: true, bankAccountName: true },
  },
} satisfies Prisma.OrderSelect;

export async function loadBuyerOrder(request: Request, code: string | undefined, token?: string) {
  const { orderId, user } = await findBuyerOrder(request, code, token);
  const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: buyerOrderSelect });
  const view = await orderDetailView(order);
  const { status, method } = view.order;
  const awaitingTransfer = method === "BANK_TRANSFER" && status === "PENDING_PAYMENT";
  return {
    signedIn: Boolean(user),
    ...view,
    order: { ...view.order, producer: { name: order.producer.name, href: `/co-so/${order.producer.slug}` } },
    // The buyer reads the people's own words (a cancellation's reason), not the system's notes.
    events: order.events.map((e) => eventView(e, HUMAN_ACTORS.has(e.actorRole))),
    refunds: order.refunds.filter((r) => r.status !== "FAILED").map((r) => refundView(r, false)),
    actions: availableOrderActions(status, "BUYER", { method }).filter((a) => BUYER_ACTIONS.includes(a)),
    transfer: awaitingTransfer
      ? await transferInstructions(order.producer, order.totalVnd, order.code)
      : null,
  };
}

export type BuyerAction = "cancel" | "deliver" | "complete";

export async function buyerOrderAction(
  request: Request,
  params: { code: string | undefined; token?: string },
  input: { intent: BuyerAction; reason?: string },
  origin: AuditOrigin,
) {
  const { orderId, user } = await findBuyerOrder(request, params.code, params.token);
  const actor = { id: user?.id ?? null, role: user ? "BUYER" : "GUEST" };
  return changeOrder(orderId, input.intent, {
    transitionActor: { id: user?.id ?? null, role: "BUYER" },
    auditActor: actor,
    note: input.reason || null,
    origin,
    except: "buyer",
  });
}

// ---------------------------------------------------------------------------------------------
// Changing an order (every actor)

interface ChangeOptions {
  transitionActor: { id: string | null; role: OrderActor };
  auditActor: { id: string | null; role: string };
  note?: string | null;
  shippingNote?: string | null;
  origin: AuditOrigin;
  /** Who made the change and so needs no notice about it. */
  except: "buyer" | "producer" | null;
  /** Extra facts for the audit record (non-personal). */
  details?: Record<string, string | number | boolean>;
}

async function changeOrder(orderId: string, action: OrderAction, options: ChangeOptions) {
  const order = await prisma.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      code: true,
      method: true,
      status: true,
      checkoutId: true,
      items: { select: { productId: true } },
      checkout: { select: { payments: { where: { status: "PENDING" }, select: { expiresAt: true } } } },
    },
  });
  if (!order) throw new OrderTransitionError("notFound", 404);
  const productIds = [...new Set(order.items.map((i) => i.productId))];
  // A VNPay payment may be on its way for the whole checkout: cancelling now would have VNPay take
  // money for an order that no longer exists. Wait for the attempt to end (paid, failed, expired).
  if (
    action === "cancel" &&
    order.method === "VNPAY" &&
    order.checkout.payments.some((p) => p.expiresAt > new Date())
  )
    throw new OrderDeskError("paymentInProgress", 409);

  const { mails, to } = await prisma.$transaction(async (tx) => {
    const moved = await applyOrderTransition(tx, {
      orderId: order.id,
      action,
      actor: options.transitionActor,
      note: options.note ?? null,
    });
    if (action === "pay" || (action === "confirm" && order.method === "COD"))
      await consumeReservations(tx, order.checkoutId, productIds);
    if (action === "cancel") {
      await releaseReservations(tx, order.checkoutId, productIds);
      // A confirmed cash-on-delivery order had its units sold at confirmation: they come back too.
      if (moved.from === "CONFIRMED") await returnSoldUnits(tx, order.checkoutId, productIds);
    }
    if (action === "ship" && options.shippingNote)
      await tx.order.update({ where: { id: order.id }, data: { shippingNote: options.shippingNote } });
    await recordAudit(
      {
        actor: options.auditActor,
        action: `order.${action}`,
        target: { type: "Order", id: order.id },
        details: { code: order.code, ...options.details },
        origin: options.origin,
      },
      tx,
    );
    const queued = await queueOrderNotices(tx, order.id, moved.to, { except: options.except });
    return { mails: queued, to: moved.to };
  });
  await sendOrderMails(mails);
  return { code: order.code, to };
}

// ---------------------------------------------------------------------------------------------
// Producers

function encodeCursor(row: { createdAt: Date; id: string }) {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** A cursor from a URL, or null when it is malformed (the list then starts at the newest). */
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor || cursor.length > 200) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { createdAt, id };
}

function afterCursor(cursor: string | undefined): Prisma.OrderWhereInput {
  const c = decodeCursor(cursor);
  return c ? { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] } : {};
}

const listSelect = {
  ...orderSummarySelect,
  id: true,
  producer: { select: { name: true, province: { select: { name: true } } } },
  checkout: { select: { name: true, provinceCode: true } },
  items: { select: { name: true, quantity: true }, orderBy: { name: "asc" } },
} satisfies Prisma.OrderSelect;

async function orderPage(where: Prisma.OrderWhereInput, cursor: string | undefined) {
  const rows = await prisma.order.findMany({
    where: { AND: [where, afterCursor(cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    select: listSelect,
  });
  const page = rows.slice(0, PAGE_SIZE);
  const provinces = new Map(
    (
      await prisma.province.findMany({
        where: { code: { in: [...new Set(page.map((o) => o.checkout.provinceCode))] } },
        select: { code: true, name: true },
      })
    ).map((p) => [p.code, p.name]),
  );
  return {
    items: page.map((o) => ({
      ...orderSummaryView(o),
      producerProvince: o.producer.province.name,
      recipient: o.checkout.name,
      deliveryProvince: provinces.get(o.checkout.provinceCode) ?? o.checkout.provinceCode,
      summary: o.items.map((i) => `${i.name} × ${i.quantity}`).join(", "),
    })),
    next: rows.length > PAGE_SIZE ? encodeCursor(page[page.length - 1]!) : null,
  };
}

async function countsByStatus(where: Prisma.OrderWhereInput) {
  const groups = await prisma.order.groupBy({ by: ["status"], where, _count: { _all: true } });
  const counts: Partial<Record<OrderStatus, number>> = {};
  for (const g of groups) counts[g.status as OrderStatus] = g._count._all;
  return counts;
}

/** Orders waiting for the producer: to confirm, to mark paid (transfer) or to ship. */
export function producerWaitingWhere(producerId: string): Prisma.OrderWhereInput {
  return {
    producerId,
    OR: [
      { status: { in: ["PAID", "CONFIRMED"] } },
      { status: "PENDING_PAYMENT", method: { in: ["COD", "BANK_TRANSFER"] } },
    ],
  };
}

export function producerWaitingCount(producerId: string) {
  return prisma.order.count({ where: producerWaitingWhere(producerId) });
}

export async function producerOrders(
  access: ProducerAccess,
  filters: { status?: OrderStatus; waiting?: boolean; cursor?: string },
) {
  const producerId = access.producer.id;
  const where: Prisma.OrderWhereInput = filters.waiting
    ? producerWaitingWhere(producerId)
    : { producerId, ...(filters.status ? { status: filters.status } : {}) };
  const [page, counts, waiting] = await Promise.all([
    orderPage(where, filters.cursor),
    countsByStatus({ producerId }),
    producerWaitingCount(producerId),
  ]);
  return { ...page, counts, waiting };
}

const PRODUCER_ACTIONS: readonly OrderAction[] = ["pay", "confirm", "ship", "deliver", "cancel"];
export type ProducerAction = "pay" | "confirm" | "ship" | "deliver" | "cancel";

async function producerOrderId(access: ProducerAccess, rawCode: string | undefined) {
  const code = normalizeCode(rawCode);
  const order = code
    ? await prisma.order.findFirst({ where: { code, producerId: access.producer.id }, select: { id: true } })
    : null;
  if (!order) throw notFound();
  return order.id;
}

const deskOrderSelect = {
  ...orderDetailSelect,
  producerId: true,
  producer: { select: { name: true, province: { select: { name: true } } } },
  checkout: { select: { ...deliverySelect, id: true, email: true } },
} satisfies Prisma.OrderSelect;

/** The producer's and the operator's view: every note of the history, every refund with its reason. */
async function deskView(orderId: string) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: deskOrderSelect });
  const view = await orderDetailView(order);
  return {
    order: {
      ...view.order,
      id: order.id,
      producer: { id: order.producerId, name: order.producer.name, province: order.producer.province.name },
    },
    delivery: { ...view.delivery, email: order.checkout.email },
    items: view.items,
    events: order.events.map((e) => eventView(e, true)),
    refunds: order.refunds.map((r) => refundView(r, true)),
    checkoutId: order.checkout.id,
  };
}

export async function loadProducerOrder(access: ProducerAccess, code: string | undefined) {
  const view = await deskView(await producerOrderId(access, code));
  // The producer ships to the address and may call the phone; the buyer's email is not theirs to see.
  const { checkoutId: _checkoutId, delivery, ...rest } = view;
  const { email: _email, ...address } = delivery;
  return {
    ...rest,
    delivery: address,
    actions: availableOrderActions(view.order.status, "PRODUCER", { method: view.order.method }).filter((a) =>
      PRODUCER_ACTIONS.includes(a),
    ),
  };
}

export async function producerOrderAction(
  access: ProducerAccess,
  code: string | undefined,
  input: { intent: ProducerAction; reason?: string; shippingNote?: string },
  origin: AuditOrigin,
) {
  const orderId = await producerOrderId(access, code);
  return changeOrder(orderId, input.intent, {
    transitionActor: { id: access.user.id, role: "PRODUCER" },
    auditActor: { id: access.user.id, role: access.user.role },
    note: input.intent === "cancel" ? input.reason : input.intent === "ship" ? input.shippingNote : null,
    shippingNote: input.intent === "ship" ? input.shippingNote || null : null,
    origin,
    except: "producer",
    details: access.viaHelper ? { viaHelper: true } : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Operators

export interface OperatorFilters {
  status?: OrderStatus;
  method?: PaymentMethod;
  province?: string;
  q?: string;
  cursor?: string;
}

export async function operatorOrders(filters: OperatorFilters) {
  const q = filters.q
    ?.trim()
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "");
  const where: Prisma.OrderWhereInput = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.method ? { method: filters.method } : {}),
    ...(filters.province ? { producer: { provinceCode: filters.province } } : {}),
    ...(q ? { code: { contains: q } } : {}),
  };
  const [page, total, provinces] = await Promise.all([
    orderPage(where, filters.cursor),
    prisma.order.count({ where }),
    prisma.province.findMany({
      where: { producers: { some: { orders: { some: {} } } } },
      orderBy: { name: "asc" },
      select: { code: true, name: true },
    }),
  ]);
  return { ...page, total, provinces };
}

async function operatorOrderId(rawCode: string | undefined) {
  const code = normalizeCode(rawCode);
  const order = code ? await prisma.order.findUnique({ where: { code }, select: { id: true } }) : null;
  if (!order) throw notFound();
  return order.id;
}

export async function loadOperatorOrder(code: string | undefined) {
  const view = await deskView(await operatorOrderId(code));
  const { checkoutId, ...rest } = view;
  const attempts = await prisma.paymentAttempt.findMany({
    where: { checkoutId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      txnRef: true,
      amountVnd: true,
      status: true,
      responseCode: true,
      bankCode: true,
      transactionNo: true,
      payDate: true,
      expiresAt: true,
      createdAt: true,
    },
  });
  const { status, method, totalVnd, refundedVnd } = view.order;
  const paid = attempts.some((a) => a.status === "SUCCEEDED");
  const left = totalVnd - refundedVnd;
  const allowed = availableOrderActions(status, "OPERATOR", { method });
  return {
    ...rest,
    attempts: attempts.map((a) => ({
      ...a,
      payDate: a.payDate?.toISOString() ?? null,
      expiresAt: a.expiresAt.toISOString(),
      createdAt: a.createdAt.toISOString(),
    })),
    leftVnd: left,
    canCancel: allowed.includes("cancel"),
    canRefund: allowed.includes("refund") && paid && left > 0,
  };
}

export async function operatorCancel(
  operator: SessionUser,
  code: string | undefined,
  reason: string,
  origin: AuditOrigin,
) {
  const orderId = await operatorOrderId(code);
  return changeOrder(orderId, "cancel", {
    transitionActor: { id: operator.id, role: "OPERATOR" },
    auditActor: { id: operator.id, role: operator.role },
    note: reason,
    origin,
    except: null,
  });
}

/** A refund through VNPay; the amount is checked against what is left before VNPay is asked. */
export async function operatorRefund(
  operator: SessionUser,
  code: string | undefined,
  input: { amountVnd: number; reason: string },
  origin: AuditOrigin,
) {
  const orderId = await operatorOrderId(code);
  const order = await prisma.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { code: true, totalVnd: true, refundedVnd: true },
  });
  const left = order.totalVnd - order.refundedVnd;
  if (input.amountVnd > left) throw new OrderDeskError("tooMuch", 400, { left });
  const result = await refundOrder(
    operator,
    { orderId, amountVnd: input.amountVnd, reason: input.reason },
    origin,
  );
  return { ...result, code: order.code };
}

// ---------------------------------------------------------------------------------------------
// Forms

/** A free-text reason: required, trimmed, at most MAX_REASON characters. */
export const reasonField = z.string().trim().min(1).max(MAX_REASON);
export const optionalReasonField = z.string().trim().max(MAX_REASON).optional();
export const shippingNoteField = z.string().trim().max(MAX_SHIPPING_NOTE).optional();
/** Whole VND; "185.000", "185 000" and "185000" are the same amount. */
export const amountField = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[\s.,₫đ]/g, "") : v),
  z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .pipe(z.number().int().min(1)),
);

/** The `orders.errors.*` key (and its values) for a refused form. */
export function formErrorKey(error: z.ZodError): { key: string; params: Record<string, string | number> } {
  const issue = error.issues[0];
  const field = issue?.path[0];
  if (field === "amountVnd") return { key: "amount", params: {} };
  if (issue?.code === "too_big" && typeof issue.maximum === "number")
    return { key: "tooLong", params: { max: issue.maximum } };
  if (field === "reason") return { key: "reasonRequired", params: {} };
  return { key: "badRequest", params: {} };
}
