// VNPay payments: attempts, the IPN, the return page's view, reconciliation with querydr, refunds.
//
// Only VNPay's answers change a payment's state: its IPN, or querydr asked by the reconciliation
// job. A settlement is one row per attempt (PaymentSettlement, primary key = attempt id), inserted
// with ON CONFLICT DO NOTHING: of twenty identical IPNs, or an IPN racing the job, exactly one
// inserts it and moves the orders; the others find it there and answer 02.
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit, SYSTEM_ACTOR, type AuditOrigin } from "~/modules/audit/audit.server";
import { applyOrderTransition, OrderTransitionError } from "~/modules/orders/transitions.server";
import {
  consumeReservations,
  releaseReservations,
  retakeReleased,
  returnSoldUnits,
} from "~/modules/orders/reservations.server";
import { queueOrderNotices, sendOrderMails } from "~/modules/orders/order-notices.server";
import type { Mail } from "~/utils/mail.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import type { Locale } from "~/utils/i18n";
import {
  buildPaymentUrl,
  buildQueryDr,
  buildRefund,
  decideIpn,
  ipnReply,
  newRequestId,
  parseIpn,
  postVnpayApi,
  toVnpayOrderInfo,
  verifySignature,
  vnpDate,
  type IpnReply,
  type ParsedIpn,
  type VnpayConfig,
} from "./vnpay";

/** One attempt's life at VNPay (vnp_ExpireDate): the buyer has this long on VNPay's page. */
const ATTEMPT_MINUTES = 15;
/** querydr for an attempt at most this often. */
const QUERY_EVERY_MS = 60_000;

export function vnpayConfig(): VnpayConfig | null {
  const e = env();
  if (!e.VNPAY_TMN_CODE || !e.VNPAY_HASH_SECRET) return null;
  const origin = e.APP_ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return {
    tmnCode: e.VNPAY_TMN_CODE,
    hashSecret: e.VNPAY_HASH_SECRET,
    payUrl: e.VNPAY_PAY_URL,
    apiUrl: e.VNPAY_API_URL,
    returnUrl: e.VNPAY_RETURN_URL ?? `${origin}/payments/vnpay/return`,
  };
}

export const vnpayEnabled = () => vnpayConfig() !== null;

/** vnp_TxnRef: the day in Vietnam, then random letters and digits (unique, never reused). */
function newTxnRef(now: Date): string {
  return `${vnpDate(now).slice(2, 8)}${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
}

export class PaymentError extends Error {
  constructor(
    readonly code: "notPayable" | "disabled" | "notFound",
    readonly status = 409,
  ) {
    super(code);
  }
}

/**
 * A new VNPay attempt for a checkout that can still be paid (its deadline not passed, nothing paid
 * yet, orders still waiting); returns the URL to send the buyer to.
 */
export async function createVnpayAttempt(
  checkoutId: string,
  client: { ip: string; locale: Locale },
  now = new Date(),
  db: Prisma.TransactionClient = prisma,
): Promise<string> {
  const config = vnpayConfig();
  if (!config) throw new PaymentError("disabled", 400);
  const checkout = await db.checkout.findUnique({
    where: { id: checkoutId },
    select: {
      id: true,
      method: true,
      totalVnd: true,
      payBy: true,
      orders: { select: { code: true, status: true } },
      payments: { where: { status: "SUCCEEDED" }, select: { id: true } },
    },
  });
  if (!checkout) throw new PaymentError("notFound", 404);
  if (
    checkout.method !== "VNPAY" ||
    !checkout.payBy ||
    checkout.payBy <= now ||
    checkout.payments.length > 0 ||
    !checkout.orders.every((o) => o.status === "PENDING_PAYMENT")
  )
    throw new PaymentError("notPayable");
  const expiresAt = new Date(Math.min(now.getTime() + ATTEMPT_MINUTES * 60_000, checkout.payBy.getTime()));
  const txnRef = newTxnRef(now);
  // Built before the row is written: a refused amount (VNPay takes 5,000 VND or more) leaves nothing.
  const url = buildPaymentUrl(config, {
    txnRef,
    amountVnd: checkout.totalVnd,
    orderInfo: toVnpayOrderInfo(`Thanh toan don hang ${checkout.orders.map((o) => o.code).join(" ")}`),
    ipAddr: client.ip,
    createdAt: now,
    expiresAt,
    locale: client.locale === "en" ? "en" : "vn",
  });
  await db.paymentAttempt.create({
    data: { checkoutId, txnRef, amountVnd: checkout.totalVnd, expiresAt, createdAt: now },
  });
  return url;
}

type Outcome = "SUCCEEDED" | "FAILED";

/**
 * Records VNPay's final answer for an attempt, once. Returns false when it was already recorded.
 * A success moves every order of the checkout to PAID and keeps its reserved units.
 */
export async function settleAttempt(
  attemptId: string,
  outcome: Outcome,
  source: "IPN" | "QUERYDR",
  details: Pick<ParsedIpn, "transactionNo" | "responseCode" | "bankCode" | "payDate">,
  now = new Date(),
): Promise<boolean> {
  // The notices are written with the payment (a busy pool after the commit must not lose them);
  // only the mails wait for the answer.
  const mails: Mail[] = [];
  const settled = await prisma.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "PaymentSettlement" ("attemptId", "outcome", "source", "createdAt")
      VALUES (${attemptId}::uuid, ${outcome}::"PaymentStatus", ${source}, ${now})
      ON CONFLICT ("attemptId") DO NOTHING`;
    if (inserted === 0) return false;
    const attempt = await tx.paymentAttempt.update({
      where: { id: attemptId },
      data: {
        status: outcome,
        transactionNo: details.transactionNo || null,
        responseCode: details.responseCode,
        bankCode: details.bankCode || null,
        payDate: details.payDate,
      },
      select: { checkoutId: true, amountVnd: true, txnRef: true },
    });
    await recordAudit(
      {
        actor: SYSTEM_ACTOR,
        action: outcome === "SUCCEEDED" ? "payment.succeeded" : "payment.failed",
        target: { type: "PaymentAttempt", id: attemptId },
        details: {
          source,
          txnRef: attempt.txnRef,
          amountVnd: attempt.amountVnd,
          responseCode: details.responseCode,
        },
      },
      tx,
    );
    if (outcome === "FAILED") return true;
    const orders = await tx.order.findMany({
      where: { checkoutId: attempt.checkoutId },
      select: { id: true, status: true },
    });
    const late = orders.some((o) => o.status === "EXPIRED");
    // Paid after the checkout expired: the order comes back only if its units are still there.
    if (late && !(await retakeReleased(tx, attempt.checkoutId, now))) {
      await recordAudit(
        {
          actor: SYSTEM_ACTOR,
          action: "payment.lateUnfillable",
          target: { type: "PaymentAttempt", id: attemptId },
          details: { txnRef: attempt.txnRef, note: "paid after expiry, stock gone: refund" },
        },
        tx,
      );
      return true;
    }
    await consumeReservations(tx, attempt.checkoutId, undefined, now);
    for (const order of orders) {
      if (order.status !== "PENDING_PAYMENT" && order.status !== "EXPIRED") continue;
      await applyOrderTransition(tx, {
        orderId: order.id,
        action: "pay",
        actor: { id: null, role: "SYSTEM" },
        note: `VNPay ${source}`,
        now,
      });
      mails.push(...(await queueOrderNotices(tx, order.id, "PAID")));
    }
    return true;
  });
  // After the answer: VNPay waits on the IPN's reply, not on mail servers.
  if (mails.length) setImmediate(() => void sendOrderMails(mails));
  return settled;
}

/**
 * GET /payments/vnpay/ipn. Answers VNPay's RspCode; never throws (VNPay retries on 99).
 */
export async function handleVnpayIpn(url: URL): Promise<IpnReply> {
  const config = vnpayConfig();
  if (!config) return ipnReply("99");
  try {
    const signatureOk = verifySignature(url.searchParams, config.hashSecret);
    const parsed = signatureOk ? parseIpn(url.searchParams) : null;
    const ipn = parsed?.ok ? parsed.ipn : null;
    const attempt =
      ipn && ipn.tmnCode === config.tmnCode
        ? await prisma.paymentAttempt.findUnique({
            where: { txnRef: ipn.txnRef },
            select: { id: true, amountVnd: true, status: true },
          })
        : null;
    const decision = decideIpn({ signatureOk, parsed: ipn, attempt });
    if (!decision.settle || !attempt || !ipn) return decision.reply;
    const settled = await settleAttempt(attempt.id, decision.settle, "IPN", ipn);
    return settled ? decision.reply : ipnReply("02");
  } catch (error) {
    console.error(`[payments] IPN failed: ${error instanceof Error ? error.message : "unknown"}`);
    return ipnReply("99");
  }
}

export type ReturnState = "paid" | "failed" | "pending" | "invalid";

/**
 * GET /payments/vnpay/return: what the buyer sees. The signed query only says which attempt this
 * is; the state shown is the database's (set by the IPN), never the query's claim of success.
 */
export async function vnpayReturnView(url: URL) {
  const config = vnpayConfig();
  if (!config || !verifySignature(url.searchParams, config.hashSecret)) return { state: "invalid" as const };
  const parsed = parseIpn(url.searchParams);
  if (!parsed.ok) return { state: "invalid" as const };
  const attempt = await prisma.paymentAttempt.findUnique({
    where: { txnRef: parsed.ipn.txnRef },
    select: {
      status: true,
      amountVnd: true,
      checkout: {
        select: {
          id: true,
          buyerId: true,
          payBy: true,
          orders: {
            orderBy: { createdAt: "asc" },
            select: {
              id: true,
              code: true,
              status: true,
              totalVnd: true,
              accessTokenHash: true,
              producer: { select: { name: true } },
            },
          },
          payments: { where: { status: "SUCCEEDED" }, select: { id: true } },
        },
      },
    },
  });
  if (!attempt) return { state: "invalid" as const };
  const state: ReturnState =
    attempt.status === "SUCCEEDED"
      ? "paid"
      : attempt.status === "PENDING"
        ? parsed.ipn.success
          ? "pending"
          : "failed"
        : "failed";
  const { checkout } = attempt;
  const canRetry =
    state === "failed" &&
    checkout.payments.length === 0 &&
    !!checkout.payBy &&
    checkout.payBy > new Date() &&
    checkout.orders.every((o) => o.status === "PENDING_PAYMENT");
  return { state, amountVnd: attempt.amountVnd, checkout, canRetry };
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

export interface ReconcileResult {
  queried: number;
  settled: number;
  expiredAttempts: number;
  expiredCheckouts: number;
  failedQueries: number;
}

/**
 * Attempts still pending after their expiry are asked about with querydr (a lost IPN is settled
 * from VNPay's answer); checkouts past their deadline with nothing paid give their stock back and
 * their orders expire. Safe to run twice or on two instances (guarded updates, settlement key).
 */
export async function reconcilePayments(
  now = new Date(),
  fetchImpl: typeof fetch = fetch,
): Promise<ReconcileResult> {
  const result: ReconcileResult = {
    queried: 0,
    settled: 0,
    expiredAttempts: 0,
    expiredCheckouts: 0,
    failedQueries: 0,
  };
  const config = vnpayConfig();
  if (config) {
    const stale = await prisma.paymentAttempt.findMany({
      where: {
        status: "PENDING",
        expiresAt: { lt: now },
        OR: [{ lastQueriedAt: null }, { lastQueriedAt: { lt: new Date(now.getTime() - QUERY_EVERY_MS) } }],
      },
      orderBy: { expiresAt: "asc" },
      take: 100,
      select: { id: true, txnRef: true, createdAt: true, expiresAt: true },
    });
    for (const attempt of stale) {
      result.queried++;
      await prisma.paymentAttempt.update({ where: { id: attempt.id }, data: { lastQueriedAt: now } });
      const answer = await postVnpayApi(
        config,
        buildQueryDr(config, {
          requestId: newRequestId(),
          txnRef: attempt.txnRef,
          transactionDate: attempt.createdAt,
          createdAt: now,
          ipAddr: "127.0.0.1",
          orderInfo: `Truy van ${attempt.txnRef}`,
        }),
        fetchImpl,
      );
      if (!answer.ok) {
        result.failedQueries++;
        continue;
      }
      const r = answer.response;
      const details = {
        transactionNo: r.transactionNo ?? "",
        responseCode: r.responseCode,
        bankCode: r.bankCode ?? "",
        payDate: r.payDate,
      };
      if (r.responseCode === "00" && r.transactionStatus === "00") {
        if (await settleAttempt(attempt.id, "SUCCEEDED", "QUERYDR", details, now)) result.settled++;
      } else if (r.responseCode === "00" && r.transactionStatus === "02") {
        if (await settleAttempt(attempt.id, "FAILED", "QUERYDR", details, now)) result.settled++;
      } else if (r.responseCode === "91" || (r.responseCode === "00" && r.transactionStatus === "01")) {
        // Never paid (not found, or left unpaid): over. A late IPN may still settle it.
        const moved = await prisma.paymentAttempt.updateMany({
          where: { id: attempt.id, status: "PENDING" },
          data: { status: "EXPIRED" },
        });
        result.expiredAttempts += moved.count;
      } else result.failedQueries++;
    }
  }
  result.expiredCheckouts = await expireCheckouts(now);
  return result;
}

/** Checkouts past their deadline with nothing paid and no attempt still open: stock back, orders expired. */
async function expireCheckouts(now: Date): Promise<number> {
  const due = await prisma.checkout.findMany({
    where: {
      payBy: { lt: now },
      orders: { some: { status: "PENDING_PAYMENT" } },
      payments: { none: { status: { in: ["PENDING", "SUCCEEDED"] } } },
    },
    take: 200,
    select: { id: true },
  });
  let expired = 0;
  const mails: Mail[] = [];
  for (const { id } of due) {
    await prisma
      .$transaction(async (tx) => {
        const queued: Mail[] = [];
        const orders = await tx.order.findMany({
          where: { checkoutId: id, status: "PENDING_PAYMENT" },
          select: { id: true, items: { select: { productId: true } } },
        });
        for (const order of orders) {
          // Guarded: if the order moved meanwhile (paid, cancelled), this throws and rolls back.
          await applyOrderTransition(tx, {
            orderId: order.id,
            action: "expire",
            actor: { id: null, role: "SYSTEM" },
            note: "payment deadline passed",
            now,
          });
          await releaseReservations(
            tx,
            id,
            order.items.map((i) => i.productId),
            now,
          );
          queued.push(...(await queueOrderNotices(tx, order.id, "EXPIRED")));
        }
        if (orders.length) expired++;
        return queued;
      })
      .then((queued) => mails.push(...queued))
      .catch((error: unknown) => {
        if (!(error instanceof OrderTransitionError)) throw error;
      });
  }
  await sendOrderMails(mails);
  return expired;
}

// ---------------------------------------------------------------------------------------------
// Refunds

export class RefundError extends Error {
  constructor(
    readonly code: "notFound" | "notRefundable" | "tooMuch" | "gateway",
    readonly status = 409,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

/**
 * An operator refunds part or all of a VNPay-paid order through VNPay's refund API. The order is
 * REFUND_PENDING while VNPay is asked; its answer settles the refund (refunded / partially
 * refunded) or puts the order back. Recorded in the audit log either way.
 */
export async function refundOrder(
  operator: SessionUser,
  input: { orderId: string; amountVnd: number; reason: string },
  origin: AuditOrigin,
  now = new Date(),
  fetchImpl: typeof fetch = fetch,
) {
  const config = vnpayConfig();
  if (!config) throw new RefundError("notRefundable");
  const order = await prisma.order.findUnique({
    where: { id: input.orderId },
    select: {
      id: true,
      code: true,
      status: true,
      method: true,
      totalVnd: true,
      refundedVnd: true,
      checkoutId: true,
      checkout: {
        select: {
          payments: {
            where: { status: "SUCCEEDED" },
            select: { id: true, txnRef: true, amountVnd: true, transactionNo: true, createdAt: true },
            take: 1,
          },
        },
      },
    },
  });
  if (!order) throw new RefundError("notFound", 404);
  const attempt = order.checkout.payments[0];
  if (!attempt || order.method !== "VNPAY") throw new RefundError("notRefundable");
  const left = order.totalVnd - order.refundedVnd;
  if (input.amountVnd > left) throw new RefundError("tooMuch", 400, { left });

  const requestId = newRequestId();
  const actor = { id: operator.id, role: operator.role };
  const refund = await prisma.$transaction(async (tx) => {
    const { from } = await applyOrderTransition(tx, {
      orderId: order.id,
      action: "refund",
      actor: { id: operator.id, role: "OPERATOR" },
      note: input.reason,
      now,
    });
    // All refunds of the attempt so far: the whole payment back in one go is VNPay's "full" (02).
    const already = await tx.refund.aggregate({
      where: { attemptId: attempt.id, status: { in: ["PENDING", "SUCCEEDED"] } },
      _sum: { amountVnd: true },
    });
    const full = (already._sum.amountVnd ?? 0) + input.amountVnd === attempt.amountVnd;
    const row = await tx.refund.create({
      data: {
        orderId: order.id,
        attemptId: attempt.id,
        requestId,
        amountVnd: input.amountVnd,
        transactionType: full ? "02" : "03",
        reason: input.reason,
        createdById: operator.id,
        createdAt: now,
      },
      select: { id: true, transactionType: true },
    });
    await recordAudit(
      {
        actor,
        action: "refund.requested",
        target: { type: "Order", id: order.id },
        details: {
          code: order.code,
          amountVnd: input.amountVnd,
          type: row.transactionType,
          reason: input.reason,
        },
        origin,
      },
      tx,
    );
    return { ...row, previous: from };
  });

  const answer = await postVnpayApi(
    config,
    buildRefund(config, {
      requestId,
      txnRef: attempt.txnRef,
      amountVnd: input.amountVnd,
      transactionType: refund.transactionType as "02" | "03",
      transactionNo: attempt.transactionNo ?? undefined,
      transactionDate: attempt.createdAt,
      createBy: operator.id.slice(0, 8),
      createdAt: now,
      ipAddr: origin.ip ?? "127.0.0.1",
      orderInfo: `Hoan tien don ${order.code}`,
    }),
    fetchImpl,
  );
  const ok = answer.ok && answer.response.responseCode === "00";
  const responseCode = answer.ok ? answer.response.responseCode : null;
  // No answer at all (timeout): VNPay may have done it. Leave it pending for an operator to check
  // with VNPay rather than guess either way.
  if (!answer.ok && (answer.error.kind === "timeout" || answer.error.kind === "network"))
    throw new RefundError("gateway", 502);

  const mails = await prisma.$transaction(async (tx) => {
    await tx.refund.update({
      where: { id: refund.id },
      data: { status: ok ? "SUCCEEDED" : "FAILED", responseCode, settledAt: now },
    });
    let fullyRefunded = false;
    if (ok) {
      const updated = await tx.order.update({
        where: { id: order.id },
        data: { refundedVnd: { increment: input.amountVnd } },
        select: { refundedVnd: true, totalVnd: true },
      });
      fullyRefunded = updated.refundedVnd === updated.totalVnd;
      // Everything refunded before it shipped: the goods never left, they go back on sale.
      if (fullyRefunded && (refund.previous === "PAID" || refund.previous === "CONFIRMED")) {
        const items = await tx.orderItem.findMany({
          where: { orderId: order.id },
          select: { productId: true },
        });
        await returnSoldUnits(
          tx,
          order.checkoutId,
          items.map((i) => i.productId),
          now,
        );
      }
    }
    await applyOrderTransition(tx, {
      orderId: order.id,
      action: ok ? "refunded" : "refundFailed",
      actor: { id: null, role: "SYSTEM" },
      context: { fullyRefunded, previous: refund.previous },
      note: ok ? null : `VNPay ${responseCode ?? "error"}`,
      now,
    });
    await recordAudit(
      {
        actor: SYSTEM_ACTOR,
        action: ok ? "refund.succeeded" : "refund.failed",
        target: { type: "Order", id: order.id },
        details: { code: order.code, amountVnd: input.amountVnd, responseCode },
        origin,
      },
      tx,
    );
    return ok ? await queueOrderNotices(tx, order.id, "REFUNDED") : [];
  });
  await sendOrderMails(mails);
  return { ok, responseCode };
}
