// The only code that changes an order's status: the state machine decides, then an UPDATE guarded
// by the status that was read moves the row (0 rows: someone else moved it first, nothing changes),
// and the order's history gets its event in the same transaction.
import type { Prisma } from "~/generated/prisma/client";
import {
  nextOrderStatus,
  STATUS_TIMESTAMP,
  type OrderAction,
  type OrderActor,
  type OrderContext,
  type OrderStatus,
} from "./order-state";

export class OrderTransitionError extends Error {
  constructor(
    readonly code: "notFound" | "forbidden" | "conflict",
    readonly status: number,
  ) {
    super(code);
  }
}

export interface OrderTransition {
  orderId: string;
  action: OrderAction;
  actor: { id: string | null; role: OrderActor };
  note?: string | null;
  context?: Omit<OrderContext, "method">;
  now?: Date;
}

export async function applyOrderTransition(tx: Prisma.TransactionClient, request: OrderTransition) {
  const order = await tx.order.findUnique({
    where: { id: request.orderId },
    select: { id: true, status: true, method: true },
  });
  if (!order) throw new OrderTransitionError("notFound", 404);
  const from = order.status as OrderStatus;
  const to = nextOrderStatus(from, request.action, request.actor.role, {
    method: order.method,
    ...request.context,
  });
  if (!to) throw new OrderTransitionError("forbidden", 409);
  const now = request.now ?? new Date();
  const stamp = STATUS_TIMESTAMP[to];
  const moved = await tx.order.updateMany({
    where: { id: order.id, status: from },
    data: { status: to, ...(stamp ? { [stamp]: now } : {}) },
  });
  if (moved.count === 0) throw new OrderTransitionError("conflict", 409);
  await tx.orderEvent.create({
    data: {
      orderId: order.id,
      from,
      to,
      actorId: request.actor.id,
      actorRole: request.actor.role,
      note: request.note ?? null,
      createdAt: now,
    },
  });
  return { from, to };
}
