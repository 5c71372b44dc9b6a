// Orders as their pages show them, whoever looks: the selects shared by the buyer's, the producer's
// and the operator's pages (one order, or a list), and the mapping of rows to plain view objects.
// Who may look, and which notes and refunds each viewer reads, stays with each loader in
// orders.server.ts.
import type { Prisma } from "~/generated/prisma/client";
import { batchTraceUrl } from "~/modules/batches/batches.server";
import { prisma } from "~/utils/db.server";
import type { OrderStatus, PaymentMethod } from "./order-state";

const itemSelect = {
  id: true,
  name: true,
  unit: true,
  priceVnd: true,
  quantity: true,
  product: { select: { slug: true, gtin: true, publicId: true } },
  batch: { select: { lotNumber: true, expiresOn: true } },
} satisfies Prisma.OrderItemSelect;

/** The address the buyer gave at checkout, and when a payment is due. */
export const deliverySelect = {
  name: true,
  phone: true,
  provinceCode: true,
  communeCode: true,
  street: true,
  note: true,
  payBy: true,
} satisfies Prisma.CheckoutSelect;

/** What every order page reads; each viewer adds its own (the producer's bank, the buyer's email). */
export const orderDetailSelect = {
  id: true,
  code: true,
  status: true,
  method: true,
  subtotalVnd: true,
  shippingVnd: true,
  totalVnd: true,
  refundedVnd: true,
  shippingNote: true,
  paidAt: true,
  createdAt: true,
  checkout: { select: deliverySelect },
  items: { select: itemSelect, orderBy: { name: "asc" } },
  events: {
    select: { id: true, to: true, actorRole: true, note: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  },
  refunds: {
    select: { id: true, amountVnd: true, status: true, reason: true, responseCode: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.OrderSelect;

type OrderDetailRow = Prisma.OrderGetPayload<{ select: typeof orderDetailSelect }>;

export interface OrderItemView {
  id: string;
  name: string;
  unit: string;
  priceVnd: number;
  quantity: number;
  lineVnd: number;
  productHref: string;
  lot: string | null;
  traceHref: string | null;
}

export interface OrderEventView {
  id: string;
  to: OrderStatus;
  actorRole: string;
  note: string | null;
  at: string;
}

export interface DeliveryView {
  name: string;
  phone: string;
  street: string;
  commune: string;
  province: string;
  note: string | null;
  /** Only on the producer's and the operator's pages. */
  email?: string | null;
}

export interface RefundView {
  id: string;
  amountVnd: number;
  status: string;
  at: string;
  /** Only on the producer's and the operator's pages. */
  reason?: string;
  responseCode?: string | null;
}

function itemView(item: OrderDetailRow["items"][number]): OrderItemView {
  // The trace page of the batch the goods came from: the same URL as the QR on its label.
  const trace = item.batch ? new URL(batchTraceUrl("http://x", item.product, item.batch)) : null;
  return {
    id: item.id,
    name: item.name,
    unit: item.unit,
    priceVnd: item.priceVnd,
    quantity: item.quantity,
    lineVnd: item.priceVnd * item.quantity,
    productHref: `/san-pham/${item.product.slug}`,
    lot: item.batch?.lotNumber ?? null,
    traceHref: trace ? trace.pathname + trace.search : null,
  };
}

export function eventView(event: OrderDetailRow["events"][number], showNote: boolean): OrderEventView {
  return {
    id: event.id,
    to: event.to as OrderStatus,
    actorRole: event.actorRole,
    note: showNote ? event.note : null,
    at: event.createdAt.toISOString(),
  };
}

/** `details` adds the refund's reason and VNPay's response code (the desks, not the buyer). */
export function refundView(refund: OrderDetailRow["refunds"][number], details: boolean): RefundView {
  const view = {
    id: refund.id,
    amountVnd: refund.amountVnd,
    status: refund.status,
    at: refund.createdAt.toISOString(),
  };
  return details ? { ...view, reason: refund.reason, responseCode: refund.responseCode } : view;
}

async function placeNames(provinceCode: string, communeCode: string) {
  const commune = await prisma.commune.findUnique({
    where: { code: communeCode },
    select: { name: true, province: { select: { name: true } } },
  });
  if (commune) return { commune: commune.name, province: commune.province.name };
  const province = await prisma.province.findUnique({
    where: { code: provinceCode },
    select: { name: true },
  });
  return { commune: communeCode, province: province?.name ?? provinceCode };
}

/** The parts every viewer sees alike: the order's facts, where it goes and what is in it. */
export async function orderDetailView(order: OrderDetailRow) {
  const place = await placeNames(order.checkout.provinceCode, order.checkout.communeCode);
  const delivery: DeliveryView = {
    name: order.checkout.name,
    phone: order.checkout.phone,
    street: order.checkout.street,
    commune: place.commune,
    province: place.province,
    note: order.checkout.note,
  };
  return {
    order: {
      code: order.code,
      status: order.status as OrderStatus,
      method: order.method as PaymentMethod,
      subtotalVnd: order.subtotalVnd,
      shippingVnd: order.shippingVnd,
      totalVnd: order.totalVnd,
      refundedVnd: order.refundedVnd,
      shippingNote: order.shippingNote,
      paidAt: order.paidAt?.toISOString() ?? null,
      payBy: order.checkout.payBy?.toISOString() ?? null,
      createdAt: order.createdAt.toISOString(),
    },
    delivery,
    items: order.items.map(itemView),
  };
}

/** What every list of orders shows of one; each list adds its own columns. */
export const orderSummarySelect = {
  code: true,
  status: true,
  method: true,
  totalVnd: true,
  createdAt: true,
  producer: { select: { name: true } },
} satisfies Prisma.OrderSelect;

export function orderSummaryView(order: Prisma.OrderGetPayload<{ select: typeof orderSummarySelect }>) {
  return {
    code: order.code,
    status: order.status as OrderStatus,
    method: order.method as PaymentMethod,
    totalVnd: order.totalVnd,
    createdAt: order.createdAt.toISOString(),
    producer: order.producer.name,
  };
}
