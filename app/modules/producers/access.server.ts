import type { Prisma } from "~/generated/prisma/client";
import { requireUser, type SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

export interface ProducerAccess {
  user: SessionUser;
  producer: { id: string; name: string; slug: string; provinceCode: string; communeCode: string };
  /** A community helper acting on the producer's behalf (under a recorded, unrevoked consent). */
  viaHelper: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const notFound = () => new Response("Not found", { status: 404 });
const forbidden = () => new Response("Forbidden", { status: 403 });

/**
 * The one gate of every producer page and action: the signed-in user is a member of this producer,
 * or a helper with an active consent from it. Everything below is looked up through the producer id
 * this returns, so changing an id in the URL cannot reach another producer's records.
 */
export async function requireProducerAccess(
  request: Request,
  producerId: string | undefined,
): Promise<ProducerAccess> {
  const user = await requireUser(request);
  if (!producerId || !UUID.test(producerId)) throw notFound();
  const producer = await prisma.producer.findUnique({
    where: { id: producerId },
    select: { id: true, name: true, slug: true, provinceCode: true, communeCode: true },
  });
  if (!producer) throw notFound();
  if (user.role === "PRODUCER") {
    const member = await prisma.producerMember.findUnique({
      where: { producerId_userId: { producerId, userId: user.id } },
      select: { userId: true },
    });
    if (member) return { user, producer, viaHelper: false };
  }
  if (user.role === "HELPER") {
    const consent = await prisma.consent.findFirst({
      where: { producerId, helperId: user.id, revokedAt: null },
      select: { id: true },
    });
    if (consent) return { user, producer, viaHelper: true };
  }
  throw forbidden();
}

/** A product of the producer in the URL, or 404 (never another producer's). */
export async function requireOwnProduct<S extends Prisma.ProductSelect>(
  access: ProducerAccess,
  productId: string | undefined,
  select: S,
) {
  if (!productId || !UUID.test(productId)) throw notFound();
  const product = await prisma.product.findFirst({
    where: { id: productId, producerId: access.producer.id },
    select,
  });
  if (!product) throw notFound();
  return product;
}

/** Who changed what, for whom: the actor and, through viaHelper, the producer it acted for. */
export function recordChange(
  access: ProducerAccess,
  change: { entity: string; entityId: string; action: string; summary?: Prisma.InputJsonValue },
  db: Prisma.TransactionClient = prisma,
) {
  return db.changeRecord.create({
    data: {
      producerId: access.producer.id,
      actorId: access.user.id,
      viaHelper: access.viaHelper,
      entity: change.entity,
      entityId: change.entityId,
      action: change.action,
      summary: change.summary ?? {},
    },
  });
}
