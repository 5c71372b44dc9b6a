// Personal-data rights (Law 91/2025): a user's copy of everything the portal holds about them, and
// their consents. Deleting the account: account-deletion.server.ts.
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit, type AuditOrigin } from "~/modules/audit/audit.server";
import { noticeText } from "~/modules/notifications/notifications.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** Orders and checkouts that are the user's as a buyer (placed signed in). */
export const buyerCheckouts = (userId: string): Prisma.CheckoutWhereInput => ({
  OR: [{ buyerId: userId }, { orders: { some: { buyerId: userId } } }],
});

/**
 * Everything the portal holds about one user, as plain JSON. Secrets never leave: no password
 * hash, no session or reset token (only their hashes are stored anyway), and no other person's
 * contact details — a helper sees the producers it works for by name, a producer sees its helpers
 * by name only (it has the right to know who acts on its data).
 */
export async function collectPersonalData(userId: string, locale: Locale) {
  const [
    user,
    sessions,
    passwordResets,
    memberships,
    consentsAsHelper,
    consentsForProducers,
    onboarded,
    changes,
    checkouts,
    cart,
    notifications,
    actorAudit,
    aboutAudit,
  ] = await Promise.all([
    prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        id: true,
        name: true,
        email: true,
        phone: true,
        role: true,
        locale: true,
        createdAt: true,
        updatedAt: true,
        province: { select: { name: true } },
      },
    }),
    prisma.session.findMany({
      where: { userId },
      select: { createdAt: true, expiresAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.passwordReset.findMany({
      where: { userId },
      select: { createdAt: true, expiresAt: true, usedAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.producerMember.findMany({
      where: { userId },
      select: {
        isOwner: true,
        createdAt: true,
        producer: {
          select: {
            name: true,
            kind: true,
            taxCode: true,
            registrationNumber: true,
            street: true,
            description: true,
            representative: true,
            phone: true,
            bankName: true,
            bankAccountNumber: true,
            bankAccountName: true,
            claimedAt: true,
            province: { select: { name: true } },
            commune: { select: { name: true, type: true } },
          },
        },
      },
      orderBy: { createdAt: "asc" },
    }),
    prisma.consent.findMany({
      where: { helperId: userId },
      select: {
        method: true,
        scope: true,
        grantedAt: true,
        revokedAt: true,
        producer: { select: { name: true, province: { select: { name: true } } } },
      },
      orderBy: { grantedAt: "asc" },
    }),
    prisma.consent.findMany({
      where: { producer: { members: { some: { userId } } } },
      select: {
        grantedByName: true,
        method: true,
        scope: true,
        grantedAt: true,
        revokedAt: true,
        producer: { select: { name: true } },
        helper: { select: { name: true } },
      },
      orderBy: { grantedAt: "asc" },
    }),
    prisma.producer.findMany({
      where: { onboardedById: userId },
      select: { name: true, createdAt: true, claimedAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.changeRecord.findMany({
      where: { actorId: userId },
      select: {
        createdAt: true,
        entity: true,
        entityId: true,
        action: true,
        viaHelper: true,
        summary: true,
        producer: { select: { name: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    prisma.checkout.findMany({
      where: buyerCheckouts(userId),
      select: {
        createdAt: true,
        method: true,
        totalVnd: true,
        name: true,
        phone: true,
        email: true,
        provinceCode: true,
        communeCode: true,
        street: true,
        note: true,
        payments: {
          select: { amountVnd: true, status: true, createdAt: true, payDate: true },
          orderBy: { createdAt: "asc" },
        },
        orders: {
          select: {
            code: true,
            status: true,
            subtotalVnd: true,
            shippingVnd: true,
            totalVnd: true,
            refundedVnd: true,
            createdAt: true,
            paidAt: true,
            confirmedAt: true,
            shippedAt: true,
            deliveredAt: true,
            completedAt: true,
            cancelledAt: true,
            producer: { select: { name: true } },
            items: { select: { name: true, unit: true, priceVnd: true, quantity: true } },
            events: {
              select: { from: true, to: true, actorId: true, actorRole: true, note: true, createdAt: true },
              orderBy: { createdAt: "asc" },
            },
            refunds: {
              select: { amountVnd: true, status: true, createdAt: true, settledAt: true },
              orderBy: { createdAt: "asc" },
            },
          },
          orderBy: { code: "asc" },
        },
      },
      orderBy: { createdAt: "asc" },
    }),
    prisma.cart.findUnique({
      where: { userId },
      select: { items: { select: { quantity: true, addedAt: true, product: { select: { name: true } } } } },
    }),
    prisma.notification.findMany({
      where: { userId },
      select: { kind: true, params: true, link: true, createdAt: true, readAt: true, emailedAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.auditLog.findMany({
      where: { actorId: userId },
      select: {
        at: true,
        action: true,
        targetType: true,
        targetId: true,
        provinceCode: true,
        ip: true,
        requestId: true,
        details: true,
      },
      orderBy: { at: "asc" },
    }),
    // What others recorded about the account (a role change): who did it is named by role only.
    prisma.auditLog.findMany({
      where: { targetType: "User", targetId: userId, NOT: { actorId: userId } },
      select: { at: true, action: true, actorRole: true, details: true },
      orderBy: { at: "asc" },
    }),
  ]);

  const places = await placeNames(checkouts);
  return {
    format: "cong-ocop/personal-data/1",
    generatedAt: new Date().toISOString(),
    account: {
      id: user.id,
      name: user.name,
      email: user.email,
      phone: user.phone,
      role: user.role,
      province: user.province?.name ?? null,
      language: user.locale,
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
    },
    sessions: sessions.map((s) => ({ createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt) })),
    passwordResets: passwordResets.map((r) => ({
      createdAt: iso(r.createdAt),
      expiresAt: iso(r.expiresAt),
      usedAt: iso(r.usedAt),
    })),
    producers: memberships.map(({ producer: p, isOwner, createdAt }) => ({
      producer: p.name,
      businessKind: p.kind,
      taxCode: p.taxCode,
      registrationNumber: p.registrationNumber,
      province: p.province.name,
      commune: `${p.commune.type} ${p.commune.name}`,
      street: p.street,
      description: p.description,
      owner: isOwner,
      memberSince: iso(createdAt),
      claimedAt: iso(p.claimedAt),
      // The contact and bank fields are often the owner's own; staff are not their subject.
      ...(isOwner
        ? {
            representative: p.representative,
            producerPhone: p.phone,
            bankName: p.bankName,
            bankAccountNumber: p.bankAccountNumber,
            bankAccountName: p.bankAccountName,
          }
        : {}),
    })),
    consentsAsHelper: consentsAsHelper.map((c) => ({
      producer: c.producer.name,
      province: c.producer.province.name,
      method: c.method,
      scope: c.scope,
      grantedAt: iso(c.grantedAt),
      revokedAt: iso(c.revokedAt),
    })),
    consentsForYourProducers: consentsForProducers.map((c) => ({
      producer: c.producer.name,
      helper: c.helper.name,
      grantedByName: c.grantedByName,
      method: c.method,
      scope: c.scope,
      grantedAt: iso(c.grantedAt),
      revokedAt: iso(c.revokedAt),
    })),
    producersOnboarded: onboarded.map((p) => ({
      producer: p.name,
      createdAt: iso(p.createdAt),
      claimedAt: iso(p.claimedAt),
    })),
    changes: changes.map((c) => ({
      at: iso(c.createdAt),
      producer: c.producer.name,
      entity: c.entity,
      entityId: c.entityId,
      action: c.action,
      viaHelper: c.viaHelper,
      summary: c.summary,
    })),
    checkouts: checkouts.map((c) => ({
      placedAt: iso(c.createdAt),
      paymentMethod: c.method,
      totalVnd: c.totalVnd,
      delivery: {
        name: c.name,
        phone: c.phone,
        email: c.email,
        province: places.provinces.get(c.provinceCode) ?? c.provinceCode,
        commune: places.communes.get(c.communeCode) ?? c.communeCode,
        street: c.street,
        note: c.note,
      },
      payments: c.payments.map((p) => ({
        amountVnd: p.amountVnd,
        paymentStatus: p.status,
        createdAt: iso(p.createdAt),
        paidAt: iso(p.payDate),
      })),
      orders: c.orders.map((o) => ({
        code: o.code,
        status: o.status,
        producer: o.producer.name,
        subtotalVnd: o.subtotalVnd,
        shippingVnd: o.shippingVnd,
        totalVnd: o.totalVnd,
        refundedVnd: o.refundedVnd,
        createdAt: iso(o.createdAt),
        paidAt: iso(o.paidAt),
        confirmedAt: iso(o.confirmedAt),
        shippedAt: iso(o.shippedAt),
        deliveredAt: iso(o.deliveredAt),
        completedAt: iso(o.completedAt),
        cancelledAt: iso(o.cancelledAt),
        items: o.items.map((i) => ({
          product: i.name,
          unit: i.unit,
          priceVnd: i.priceVnd,
          quantity: i.quantity,
        })),
        // Who moved the order is named by role; a note is included only when it was the user's.
        history: o.events.map((e) => ({
          at: iso(e.createdAt),
          from: e.from,
          to: e.to,
          by: e.actorRole,
          ...(e.actorId === userId && e.note ? { note: e.note } : {}),
        })),
        refunds: o.refunds.map((r) => ({
          amountVnd: r.amountVnd,
          refundStatus: r.status,
          createdAt: iso(r.createdAt),
          settledAt: iso(r.settledAt),
        })),
      })),
    })),
    cart: (cart?.items ?? []).map((i) => ({
      product: i.product.name,
      quantity: i.quantity,
      addedAt: iso(i.addedAt),
    })),
    notifications: notifications.map((n) => ({
      title: noticeText(locale, n.kind, n.params).title,
      notice: n.kind,
      params: n.params,
      link: n.link,
      createdAt: iso(n.createdAt),
      readAt: iso(n.readAt),
      emailedAt: iso(n.emailedAt),
    })),
    signIns: actorAudit.filter((a) => a.action === "auth.login").map((a) => ({ at: iso(a.at), ip: a.ip })),
    auditRecords: actorAudit
      .filter((a) => a.action !== "auth.login")
      .map((a) => ({
        at: iso(a.at),
        action: a.action,
        targetType: a.targetType,
        targetId: a.targetId,
        provinceCode: a.provinceCode,
        ip: a.ip,
        requestId: a.requestId,
        details: a.details,
      })),
    auditRecordsAboutYou: aboutAudit.map((a) => ({
      at: iso(a.at),
      action: a.action,
      by: a.actorRole,
      details: a.details,
    })),
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof collectPersonalData>>;

async function placeNames(checkouts: { provinceCode: string; communeCode: string }[]) {
  if (checkouts.length === 0)
    return { provinces: new Map<string, string>(), communes: new Map<string, string>() };
  const [provinces, communes] = await Promise.all([
    prisma.province.findMany({
      where: { code: { in: [...new Set(checkouts.map((c) => c.provinceCode))] } },
      select: { code: true, name: true },
    }),
    prisma.commune.findMany({
      where: { code: { in: [...new Set(checkouts.map((c) => c.communeCode))] } },
      select: { code: true, name: true, type: true },
    }),
  ]);
  return {
    provinces: new Map(provinces.map((p) => [p.code, p.name])),
    communes: new Map(communes.map((c) => [c.code, `${c.type} ${c.name}`])),
  };
}

/** Who took a copy of their data, and in which form, is on the record (never the data itself). */
export function recordPersonalDataExport(
  user: Pick<SessionUser, "id" | "role">,
  format: "json" | "html",
  origin: AuditOrigin,
) {
  return recordAudit({
    actor: { id: user.id, role: user.role },
    action: "user.dataExported",
    target: { type: "User", id: user.id },
    details: { format },
    origin,
  });
}

// --- Consents -------------------------------------------------------------------------------------

/** The consents a user may see: those given to them as a helper, and those their producers gave. */
export async function consentsOf(userId: string) {
  const [asHelper, asProducer, account] = await Promise.all([
    prisma.consent.findMany({
      where: { helperId: userId },
      select: {
        id: true,
        method: true,
        scope: true,
        grantedAt: true,
        revokedAt: true,
        producer: { select: { name: true } },
      },
      orderBy: { grantedAt: "desc" },
    }),
    prisma.consent.findMany({
      where: { producer: { members: { some: { userId } } } },
      select: {
        id: true,
        producerId: true,
        grantedByName: true,
        method: true,
        scope: true,
        grantedAt: true,
        revokedAt: true,
        producer: { select: { name: true } },
        helper: { select: { name: true } },
      },
      orderBy: { grantedAt: "desc" },
    }),
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { createdAt: true } }),
  ]);
  return { asHelper, asProducer, accountSince: account.createdAt };
}

/** The producer behind a consent, if the user is one of that producer's members (else null). */
export async function memberConsentProducer(userId: string, consentId: string): Promise<string | null> {
  const consent = await prisma.consent.findFirst({
    where: { id: consentId, producer: { members: { some: { userId } } } },
    select: { producerId: true },
  });
  return consent?.producerId ?? null;
}

/**
 * A helper steps back from a producer: the consent ends at once (access goes with it) and the
 * producer's history shows who ended it. Only the helper it was given to may; anyone else: 404.
 */
export async function withdrawHelperConsent(userId: string, consentId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const consent = await tx.consent.findFirst({
      where: { id: consentId, helperId: userId, revokedAt: null },
      select: { producerId: true },
    });
    if (!consent) throw new Response("Not found", { status: 404 });
    const done = await tx.consent.updateMany({
      where: { id: consentId, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: userId },
    });
    if (done.count !== 1) throw new Response("Not found", { status: 404 });
    await tx.changeRecord.create({
      data: {
        producerId: consent.producerId,
        actorId: userId,
        viaHelper: true,
        entity: "Consent",
        entityId: consentId,
        action: "withdrawn",
      },
    });
  });
}
