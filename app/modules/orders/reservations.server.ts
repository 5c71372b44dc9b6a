// Stock held for a checkout. Each reservation row ends exactly once: consumed (sold) or released
// (given back to Product.stock). Both are guarded UPDATEs on the row's open state, so a job and a
// late IPN, or two instances, can never give the same units back twice.
import type { Prisma } from "~/generated/prisma/client";

const open = { releasedAt: null, consumedAt: null } as const;

/** Marks the checkout's reservations (or only those of `productIds`) as sold. */
export async function consumeReservations(
  tx: Prisma.TransactionClient,
  checkoutId: string,
  productIds?: string[],
  now = new Date(),
) {
  const result = await tx.stockReservation.updateMany({
    where: { checkoutId, ...open, ...(productIds ? { productId: { in: productIds } } : {}) },
    data: { consumedAt: now },
  });
  return result.count;
}

/** Gives the units back to stock, once per reservation; returns how many reservations it released. */
export async function releaseReservations(
  tx: Prisma.TransactionClient,
  checkoutId: string,
  productIds?: string[],
  now = new Date(),
) {
  const rows = await tx.stockReservation.findMany({
    where: { checkoutId, ...open, ...(productIds ? { productId: { in: productIds } } : {}) },
    orderBy: { productId: "asc" },
    select: { id: true, productId: true, quantity: true },
  });
  let released = 0;
  for (const row of rows) {
    const claimed = await tx.stockReservation.updateMany({
      where: { id: row.id, ...open },
      data: { releasedAt: now },
    });
    if (claimed.count === 0) continue;
    await tx.product.update({ where: { id: row.productId }, data: { stock: { increment: row.quantity } } });
    released++;
  }
  return released;
}

/**
 * A payment that VNPay confirms after its checkout expired: take the units again if they are
 * still there. Returns false when some are gone (the order cannot be filled: refund it).
 */
export async function retakeReleased(tx: Prisma.TransactionClient, checkoutId: string, now = new Date()) {
  const rows = await tx.stockReservation.findMany({
    where: { checkoutId, consumedAt: null, releasedAt: { not: null } },
    orderBy: { productId: "asc" },
    select: { id: true, productId: true, quantity: true },
  });
  for (const row of rows) {
    const taken = await tx.product.updateMany({
      where: { id: row.productId, stock: { gte: row.quantity } },
      data: { stock: { decrement: row.quantity } },
    });
    if (taken.count === 0) return false;
    await tx.stockReservation.update({ where: { id: row.id }, data: { releasedAt: null, consumedAt: now } });
  }
  return true;
}

/**
 * Units already counted as sold (a confirmed cash-on-delivery order, a paid order) go back to stock
 * when the order is called off before it ships: once per reservation (releasedAt).
 */
export async function returnSoldUnits(
  tx: Prisma.TransactionClient,
  checkoutId: string,
  productIds: string[],
  now = new Date(),
) {
  const rows = await tx.stockReservation.findMany({
    where: { checkoutId, productId: { in: productIds }, consumedAt: { not: null }, releasedAt: null },
    orderBy: { productId: "asc" },
    select: { id: true, productId: true, quantity: true },
  });
  for (const row of rows) {
    const claimed = await tx.stockReservation.updateMany({
      where: { id: row.id, releasedAt: null },
      data: { releasedAt: now },
    });
    if (claimed.count === 0) continue;
    await tx.product.update({ where: { id: row.productId }, data: { stock: { increment: row.quantity } } });
  }
}
