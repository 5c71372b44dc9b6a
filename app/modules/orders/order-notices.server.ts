// Who hears about an order's change, in their language: the producer's people (inbox + mail) and
// the buyer (inbox if they have an account, else mail to the checkout's address with the private link).
//
// Inbox notices are written with the caller's transaction client (they exist exactly when the
// change does); a guest's mail is returned to be sent after the commit. Params carry only what the
// texts show (code, amounts, names, a reason): never a phone number or a token.
import type { Prisma } from "~/generated/prisma/client";
import {
  noticeText,
  notify,
  producerRecipients,
  type NotificationKind,
} from "~/modules/notifications/notifications.server";
import { env } from "~/utils/env.server";
import { formatVnd } from "~/utils/format";
import { sendMail, type Mail } from "~/utils/mail.server";
import { orderPath, privateOrderPath } from "./order-links.server";
import type { OrderStatus, PaymentMethod } from "./order-state";

/** A status the order entered, or PLACED: a cash-on-delivery or bank-transfer order just made. */
export type OrderNoticeEvent = OrderStatus | "PLACED";

function producerKind(event: OrderNoticeEvent, method: PaymentMethod): NotificationKind | null {
  switch (event) {
    case "PLACED":
      return method === "COD" ? "orderNewCod" : method === "BANK_TRANSFER" ? "orderNewTransfer" : null;
    // A VNPay order is news for the producer once paid; a transfer is marked paid by the producer.
    case "PAID":
      return method === "VNPAY" ? "orderNewPaid" : null;
    case "CANCELLED":
      return "orderCancelledProducer";
    case "REFUNDED":
    case "PARTIALLY_REFUNDED":
      return "orderRefundedProducer";
    default:
      return null;
  }
}

const BUYER_KINDS: Partial<Record<OrderNoticeEvent, NotificationKind>> = {
  PLACED: "orderPlaced",
  PAID: "orderPaid",
  CONFIRMED: "orderConfirmed",
  SHIPPED: "orderShipped",
  DELIVERED: "orderDelivered",
  CANCELLED: "orderCancelled",
  EXPIRED: "orderExpired",
  REFUNDED: "orderRefunded",
  PARTIALLY_REFUNDED: "orderRefunded",
};

/**
 * Writes the inbox notices of one change of an order and returns the mails for a guest buyer (to
 * send after commit with `sendOrderMails`). `except` leaves out whoever made the change.
 */
export async function queueOrderNotices(
  db: Prisma.TransactionClient,
  orderId: string,
  event: OrderNoticeEvent,
  options: { except?: "buyer" | "producer" | null } = {},
): Promise<Mail[]> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      code: true,
      method: true,
      totalVnd: true,
      accessTokenHash: true,
      producerId: true,
      buyerId: true,
      producer: { select: { name: true } },
      checkout: { select: { email: true, locale: true } },
    },
  });
  if (!order) return [];
  const method = order.method as PaymentMethod;
  const params: Record<string, string | number> = {
    code: order.code,
    total: formatVnd(order.totalVnd),
    producer: order.producer.name,
  };
  if (event === "CANCELLED") {
    const cancelled = await db.orderEvent.findFirst({
      where: { orderId, to: "CANCELLED" },
      orderBy: { createdAt: "desc" },
      select: { note: true },
    });
    if (cancelled?.note) params.reason = cancelled.note;
  }
  if (event === "REFUNDED" || event === "PARTIALLY_REFUNDED") {
    const refund = await db.refund.findFirst({
      where: { orderId, status: "SUCCEEDED" },
      orderBy: { createdAt: "desc" },
      select: { amountVnd: true },
    });
    params.amount = formatVnd(refund?.amountVnd ?? 0);
  }

  const forProducer = options.except === "producer" ? null : producerKind(event, method);
  if (forProducer)
    await notify(
      await producerRecipients(order.producerId, db),
      { kind: forProducer, params, link: `/producer/${order.producerId}/orders/${order.code}` },
      db,
    );

  const forBuyer = options.except === "buyer" ? null : BUYER_KINDS[event];
  if (!forBuyer) return [];
  if (order.buyerId) {
    await notify([order.buyerId], { kind: forBuyer, params, link: orderPath(order.code) }, db);
    return [];
  }
  if (!order.checkout.email) return [];
  const { title, body } = noticeText(order.checkout.locale, forBuyer, params);
  const link = `${env().APP_ORIGIN ?? ""}${privateOrderPath(order)}`;
  return [{ to: order.checkout.email, subject: title, text: `${body}\n\n${link}` }];
}

/** Sends the guests' mails; a failed send is logged (the order's change stands). */
export async function sendOrderMails(mails: readonly Mail[]): Promise<void> {
  for (const mail of mails) {
    await sendMail(mail).catch((error: unknown) =>
      console.warn(`[orders] mail not sent: ${error instanceof Error ? error.message : "unknown"}`),
    );
  }
}
