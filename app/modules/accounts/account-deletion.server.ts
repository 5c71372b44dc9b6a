// Deleting one's own account (Law 91/2025: the right to erasure): what stands in the way, what
// it will do, and the erasure itself, in one transaction.
import type { Prisma, Role } from "~/generated/prisma/client";
import { recordAudit, type AuditOrigin } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { RATE_LIMITS, type RateLimitRule } from "~/utils/rate-limit.server";
import { verifyPassword } from "./passwords.server";
import { ERASED_NAME, OPEN_ORDER_STATUSES, STAFF_ROLES, type DeletionBlocker } from "./personal-data";
import { buyerCheckouts } from "./personal-data.server";

/** Attempts on the deletion form are limited like login guesses: a stolen session cannot probe. */
export const DELETE_PASSWORD_LIMIT: RateLimitRule = {
  name: "delete:password",
  limit: 5,
  windowSeconds: 15 * 60,
};

export async function verifyAccountPassword(userId: string, password: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return user ? verifyPassword(user.passwordHash, password) : false;
}

/**
 * What stands in the way of deleting the account now. A sole owner may not leave a business that
 * buyers or officials are dealing with: listed products and dossiers in review would have no one
 * answering for them, open orders no one to ship them. Handing over (another owner) or
 * withdrawing the products and finishing the orders clears it. Staff members left behind without
 * an owner could not manage the business either, so they need an owner first.
 */
export async function deletionBlockers(
  userId: string,
  role: Role,
  db: Prisma.TransactionClient = prisma,
): Promise<DeletionBlocker[]> {
  if ((STAFF_ROLES as readonly Role[]).includes(role)) return [{ kind: "staff" }];
  const blockers: DeletionBlocker[] = [];
  const open = await db.order.findMany({
    where: {
      checkout: buyerCheckouts(userId),
      // An expired order whose VNPay payment is still pending may come back to life when VNPay
      // confirms it late: it is open until the payment is settled.
      OR: [
        { status: { in: [...OPEN_ORDER_STATUSES] } },
        { checkout: { payments: { some: { status: "PENDING" } } } },
      ],
    },
    select: { code: true },
    orderBy: { createdAt: "asc" },
  });
  if (open.length) blockers.push({ kind: "openOrders", codes: open.map((o) => o.code) });

  const owned = await db.producerMember.findMany({
    where: { userId, isOwner: true },
    select: {
      producer: {
        select: {
          id: true,
          name: true,
          members: { where: { userId: { not: userId } }, select: { isOwner: true } },
        },
      },
    },
    orderBy: { createdAt: "asc" },
  });
  for (const { producer } of owned) {
    if (producer.members.some((m) => m.isOwner)) continue;
    if (producer.members.length) {
      blockers.push({ kind: "handOver", producer: producer.name });
      continue;
    }
    // One after the other: these may run inside the deletion's transaction (one connection).
    const products = await db.product.count({
      where: {
        producerId: producer.id,
        OR: [{ listedAt: { not: null } }, { status: { in: ["SUBMITTED", "IN_REVIEW"] } }],
      },
    });
    const orders = await db.order.count({
      where: { producerId: producer.id, status: { in: [...OPEN_ORDER_STATUSES] } },
    });
    if (products || orders)
      blockers.push({ kind: "liveProducer", producer: producer.name, products, orders });
  }
  return blockers;
}

/** What deleting will do, for the confirmation page (counts and names the user already sees). */
export async function deletionPreview(userId: string) {
  const [orders, consents, memberships] = await Promise.all([
    prisma.order.count({ where: { checkout: buyerCheckouts(userId) } }),
    prisma.consent.count({ where: { helperId: userId, revokedAt: null } }),
    prisma.producerMember.findMany({
      where: { userId },
      select: {
        isOwner: true,
        producer: { select: { name: true, _count: { select: { members: true } } } },
      },
    }),
  ]);
  return {
    orders,
    consents,
    // Businesses the user is the only member of: their record stays, with no one managing it.
    leftAlone: memberships.filter((m) => m.producer._count.members === 1).map((m) => m.producer.name),
    memberships: memberships.length,
  };
}

export type EraseResult = { erased: true; receipt: string } | { erased: false; blockers: DeletionBlocker[] };

/**
 * Erases the account in one transaction, or changes nothing and says why not.
 *
 * - The user row stays (change records, diary events and audit records name its id; the audit log
 *   refuses updates) but holds nothing personal: a placeholder name, no email, no phone, no
 *   password hash. Nobody can sign in to it, and the old email or phone can sign up afresh.
 * - Sessions, reset links, notifications, the cart and the login/sign-up counters keyed by the
 *   email or phone are deleted; consents held as a helper are revoked; memberships end.
 * - Orders stay for the producers' and the payments' books, detached from the account, with the
 *   delivery name, phone, email, street and note erased (province and commune stay: sales per
 *   area are statistics, not a person). Only finished orders reach this point (see blockers).
 * - A business the user was the only member of keeps its record: it belongs to the business (tax
 *   code, products, diary), not to the account; the page says so before the user confirms.
 * - The audit record says an account was deleted and how much went with it, never what it held.
 */
export async function eraseAccount(userId: string, origin: AuditOrigin): Promise<EraseResult> {
  return prisma.$transaction(async (tx) => {
    // Two submissions (two tabs) queue here; the second finds the account already erased.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { role: true, email: true, phone: true, passwordHash: true },
    });
    if (user.passwordHash === "") {
      const done = await tx.auditLog.findFirst({
        where: { actorId: userId, action: "user.deleted" },
        orderBy: { at: "desc" },
        select: { id: true },
      });
      return { erased: true, receipt: done?.id ?? "" };
    }
    const blockers = await deletionBlockers(userId, user.role, tx);
    if (blockers.length) return { erased: false, blockers };
    const now = new Date();

    const consents = await tx.consent.findMany({
      where: { helperId: userId, revokedAt: null },
      select: { id: true, producerId: true },
    });
    await tx.consent.updateMany({
      where: { id: { in: consents.map((c) => c.id) } },
      data: { revokedAt: now, revokedById: userId },
    });
    const memberships = await tx.producerMember.findMany({ where: { userId }, select: { producerId: true } });
    await tx.producerMember.deleteMany({ where: { userId } });
    // The producers' own history shows their helper or member went, and why.
    await tx.changeRecord.createMany({
      data: [
        ...consents.map((c) => ({
          producerId: c.producerId,
          actorId: userId,
          viaHelper: true,
          entity: "Consent",
          entityId: c.id,
          action: "revoked",
          summary: { reason: "accountDeleted" },
        })),
        ...memberships.map((m) => ({
          producerId: m.producerId,
          actorId: userId,
          entity: "ProducerMember",
          entityId: userId,
          action: "removed",
          summary: { reason: "accountDeleted" },
        })),
      ],
    });

    const checkouts = await tx.checkout.findMany({ where: buyerCheckouts(userId), select: { id: true } });
    const checkoutIds = checkouts.map((c) => c.id);
    const orders = await tx.order.updateMany({
      where: { OR: [{ buyerId: userId }, { checkoutId: { in: checkoutIds } }] },
      data: { buyerId: null },
    });
    await tx.checkout.updateMany({
      where: { id: { in: checkoutIds } },
      data: { buyerId: null, name: ERASED_NAME, phone: "", email: null, street: "", note: null },
    });
    // A cancellation reason the buyer typed is their words; the status change itself stays.
    await tx.orderEvent.updateMany({ where: { actorId: userId, note: { not: null } }, data: { note: null } });

    const notifications = await tx.notification.deleteMany({ where: { userId } });
    await tx.cart.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await tx.passwordReset.deleteMany({ where: { userId } });
    const identifiers = [user.email, user.phone].filter((v): v is string => Boolean(v));
    const rules = [RATE_LIMITS.loginPerAccount, RATE_LIMITS.signupPerAccount, RATE_LIMITS.resetPerAccount];
    await tx.rateLimit.deleteMany({
      where: {
        key: {
          in: [
            ...rules.flatMap((r) => identifiers.map((id) => `${r.name}:${id}`)),
            `${DELETE_PASSWORD_LIMIT.name}:${userId}`,
          ],
        },
      },
    });
    await tx.user.update({
      where: { id: userId },
      data: { name: ERASED_NAME, email: null, phone: null, passwordHash: "", provinceCode: null },
    });

    const audit = await recordAudit(
      {
        actor: { id: userId, role: user.role },
        action: "user.deleted",
        target: { type: "User", id: userId },
        details: {
          orders: orders.count,
          checkouts: checkoutIds.length,
          consentsRevoked: consents.length,
          memberships: memberships.length,
          notifications: notifications.count,
        },
        origin,
      },
      tx,
    );
    return { erased: true, receipt: audit.id };
  });
}
