import { Prisma } from "~/generated/prisma/client";
import type { SuspensionCause } from "~/generated/prisma/enums";
import { enqueueDelisting } from "~/modules/marketplaces/outbox.server";
import { recordAudit, type AuditOrigin } from "~/modules/audit/audit.server";
import {
  notify,
  producerRecipients,
  provinceOfficials,
  type Notice,
} from "~/modules/notifications/notifications.server";
import { REVIEWED_FIELDS } from "~/modules/products/product-schema";
import { prisma } from "~/utils/db.server";
import {
  listedAfter,
  nextStatus,
  TransitionRefused,
  type Actor,
  type ProductStatus,
  type ReviewAction,
} from "./state-machine";

export interface TransitionRequest {
  productId: string;
  action: ReviewAction;
  actor: { id: string | null; role: Actor; provinceCode?: string | null };
  /** A helper acting for the producer (recorded in the producer's change history). */
  viaHelper?: boolean;
  origin?: AuditOrigin;
  /** Written reasons: `_general` and per reviewed field. Required for reject and requestChanges. */
  reasons?: Record<string, string>;
  /** Checklist item id → ticked. */
  checklist?: Record<string, boolean>;
  cause?: SuspensionCause;
  /** claim on behalf of another official of the province (assignment). */
  assigneeId?: string;
}

/** Why an official may not act on a dossier (segregation of duties, province, claim). */
export class ReviewForbidden extends Error {
  constructor(
    public readonly reason: "province" | "ownProduct" | "notClaimed" | "assignee" | "reasonsRequired",
  ) {
    super(reason);
  }
}

export type ReviewedValues = Record<(typeof REVIEWED_FIELDS)[number], string | number | null>;

const productSelect = {
  id: true,
  name: true,
  status: true,
  listedAt: true,
  revision: true,
  reviewerId: true,
  producerId: true,
  priceVnd: true,
  producer: { select: { provinceCode: true, onboardedById: true } },
  photos: { select: { hash: true }, orderBy: { position: "asc" } },
  certificates: { select: { id: true, kind: true, number: true, expiresOn: true, revokedAt: true } },
  ...Object.fromEntries(REVIEWED_FIELDS.map((f) => [f, true])),
} as const satisfies Prisma.ProductSelect;

type LoadedProduct = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/** The reviewed fields as the producer proposes them now: the row, overlaid by a pending revision. */
export function proposedValues(product: Record<string, unknown> & { revision?: unknown }): ReviewedValues {
  const revision = (product.revision ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    REVIEWED_FIELDS.map((f) => [f, f in revision ? revision[f] : (product[f] ?? null)]),
  ) as ReviewedValues;
}

/** What an official decides on: proposed values, price, photos and certificates (the next diff's base). */
export function reviewSnapshot(product: LoadedProduct) {
  return {
    ...proposedValues(product as unknown as Record<string, unknown>),
    priceVnd: product.priceVnd,
    photos: product.photos.map((p) => p.hash),
    certificates: product.certificates.map((c) => ({
      id: c.id,
      kind: c.kind,
      number: c.number,
      expiresOn: c.expiresOn?.toISOString().slice(0, 10) ?? null,
      revoked: Boolean(c.revokedAt),
    })),
  };
}

/**
 * Whether an official may review this product at all: same province, and not someone who acts for
 * its producer (a member, the helper who onboarded it or holds its consent) or who submitted it.
 */
export async function assertMayReview(
  official: { id: string; provinceCode?: string | null },
  product: {
    id: string;
    producerId: string;
    producer: { provinceCode: string; onboardedById: string | null };
  },
  db: Prisma.TransactionClient = prisma,
) {
  if (!official.provinceCode || official.provinceCode !== product.producer.provinceCode)
    throw new ReviewForbidden("province");
  if (product.producer.onboardedById === official.id) throw new ReviewForbidden("ownProduct");
  // One after another: a transaction's connection runs one query at a time.
  const member = await db.producerMember.findUnique({
    where: { producerId_userId: { producerId: product.producerId, userId: official.id } },
    select: { userId: true },
  });
  const consent = await db.consent.findFirst({
    where: { producerId: product.producerId, helperId: official.id },
    select: { id: true },
  });
  const submitted = await db.changeRecord.findFirst({
    where: { entity: "Product", entityId: product.id, actorId: official.id },
    select: { id: true },
  });
  if (member || consent || submitted) throw new ReviewForbidden("ownProduct");
}

const DECISIONS: Partial<Record<ReviewAction, Prisma.ProductReviewCreateInput["decision"]>> = {
  claim: "CLAIMED",
  release: "RELEASED",
  approve: "APPROVED",
  requestChanges: "CHANGES_REQUESTED",
  reject: "REJECTED",
  suspend: "SUSPENDED",
  reinstate: "REINSTATED",
};

/**
 * The one way a product's status changes. Checks the state machine for this actor, the official's
 * right to review, then moves the row with an UPDATE guarded by the status it was read in (a race
 * or a replayed form finds nothing to update and is refused). The review record, the audit record,
 * the producer's change record and the notifications commit in the same transaction.
 */
export async function applyTransition(
  request: TransitionRequest,
  outer?: Prisma.TransactionClient,
): Promise<{ from: ProductStatus; to: ProductStatus }> {
  const run = async (tx: Prisma.TransactionClient) => {
    const product = await tx.product.findUnique({ where: { id: request.productId }, select: productSelect });
    if (!product) throw new Response("Not found", { status: 404 });
    const from = product.status as ProductStatus;
    const listed = product.listedAt !== null;
    const { actor, action } = request;
    const to = nextStatus(from, action, actor.role, { listed });
    if (!to) throw new TransitionRefused(from, action, actor.role);

    let reviewerId: string | null | undefined;
    if (actor.role === "OFFICIAL") {
      await assertMayReview({ id: actor.id!, provinceCode: actor.provinceCode }, product, tx);
      if (action === "claim") {
        const assigneeId = request.assigneeId ?? actor.id!;
        reviewerId = assigneeId;
        if (assigneeId !== actor.id) {
          const assignee = await tx.user.findUnique({
            where: { id: assigneeId },
            select: { id: true, role: true, provinceCode: true },
          });
          if (!assignee || assignee.role !== "OFFICIAL") throw new ReviewForbidden("assignee");
          await assertMayReview(assignee, product, tx).catch(() => {
            throw new ReviewForbidden("assignee");
          });
        }
      } else if (from === "IN_REVIEW" && product.reviewerId !== actor.id) {
        // Decisions on a claimed dossier belong to the official who holds it.
        throw new ReviewForbidden("notClaimed");
      }
      if ((action === "reject" || action === "requestChanges") && !hasReason(request.reasons))
        throw new ReviewForbidden("reasonsRequired");
    }

    const now = new Date();
    const data: Prisma.ProductUncheckedUpdateManyInput = { status: to };
    const revision = (product.revision ?? null) as Record<string, unknown> | null;
    const nowListed = listedAfter(to, listed);
    // Approval publishes the proposed values; leaving the catalogue folds a pending revision into the
    // row, so what the producer edits is always what was last proposed.
    if (revision && (to === "APPROVED" || !nowListed)) {
      Object.assign(data, revision);
      data.revision = Prisma.DbNull;
    }
    data.listedAt = nowListed ? (to === "APPROVED" ? now : product.listedAt) : null;
    if (action === "claim") {
      data.reviewerId = reviewerId;
      data.claimedAt = now;
    } else if (from === "IN_REVIEW" || to === "WITHDRAWN") {
      data.reviewerId = null;
      data.claimedAt = null;
    }
    if (action === "submit" || action === "revise") data.submittedAt = now;
    if (action === "suspend") data.suspensionCause = request.cause ?? "OFFICIAL";
    if (to === "APPROVED" || to === "WITHDRAWN") data.suspensionCause = null;

    const moved = await tx.product.updateMany({
      where: { id: product.id, status: from, reviewerId: product.reviewerId },
      data,
    });
    if (moved.count !== 1) throw new TransitionRefused(from, action, actor.role);
    // Leaving the catalogue: every marketplace that holds it delists it (same transaction).
    if (listed && !nowListed) await enqueueDelisting(tx, product.id, `product.${action}`);

    const after = await tx.product.findUniqueOrThrow({ where: { id: product.id }, select: productSelect });
    const before = reviewSnapshot(product);
    const snapshot = reviewSnapshot(after);
    const decision = DECISIONS[action];
    if (decision && (actor.role === "OFFICIAL" || actor.role === "SYSTEM")) {
      await tx.productReview.create({
        data: {
          productId: product.id,
          reviewerId: actor.id,
          decision,
          reasons: cleanReasons(request.reasons),
          checklist: request.checklist ?? {},
          snapshot,
        },
      });
    }
    await recordAudit(
      {
        actor: { id: actor.id, role: actor.role },
        action: `product.${action}`,
        target: { type: "Product", id: product.id },
        provinceCode: product.producer.provinceCode,
        before: { status: from, ...before },
        after: { status: to, ...snapshot },
        details: {
          from,
          to,
          ...(request.cause ? { cause: request.cause } : {}),
          ...(request.assigneeId ? { assigneeId: request.assigneeId } : {}),
          ...(hasReason(request.reasons) ? { reasons: cleanReasons(request.reasons) } : {}),
        },
        origin: request.origin,
      },
      tx,
    );
    if ((actor.role === "PRODUCER" || actor.role === "HELPER") && actor.id) {
      await tx.changeRecord.create({
        data: {
          producerId: product.producerId,
          actorId: actor.id,
          viaHelper: request.viaHelper ?? actor.role === "HELPER",
          entity: "Product",
          entityId: product.id,
          action: action === "submit" || action === "revise" ? "submitted" : action,
          summary: { from, to },
        },
      });
    }
    await sendNotices(tx, request, product, to, reviewerId);
    return { from, to };
  };
  if (!outer) {
    // Cheap refusal before opening a transaction (crafted posts, stale pages); the check inside the
    // transaction and the guarded UPDATE stay the authority.
    const current = await prisma.product.findUnique({
      where: { id: request.productId },
      select: { status: true, listedAt: true },
    });
    if (!current) throw new Response("Not found", { status: 404 });
    const from = current.status as ProductStatus;
    if (!nextStatus(from, request.action, request.actor.role, { listed: current.listedAt !== null }))
      throw new TransitionRefused(from, request.action, request.actor.role);
  }
  return outer ? run(outer) : prisma.$transaction(run);
}

function hasReason(reasons: Record<string, string> | undefined): boolean {
  return Object.values(reasons ?? {}).some((r) => r.trim().length > 0);
}

function cleanReasons(reasons: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(reasons ?? {})
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v.length > 0),
  );
}

async function sendNotices(
  tx: Prisma.TransactionClient,
  request: TransitionRequest,
  product: LoadedProduct,
  to: ProductStatus,
  reviewerId: string | null | undefined,
) {
  const producerLink = `/producer/${product.producerId}/products/${product.id}`;
  const reviewLink = `/review/${product.id}`;
  const params = { product: product.name };
  const toProducer = async (notice: Notice) =>
    notify(await producerRecipients(product.producerId, tx), notice, tx);
  const toOfficials = async (notice: Notice) =>
    notify(await provinceOfficials(product.producer.provinceCode, tx), notice, tx);
  const reason = cleanReasons(request.reasons)._general ?? "";
  switch (request.action) {
    case "submit":
    case "revise":
      return toOfficials({ kind: "productSubmitted", params, link: reviewLink });
    case "claim":
      if (reviewerId && reviewerId !== request.actor.id)
        return notify([reviewerId], { kind: "productAssigned", params, link: reviewLink }, tx);
      return;
    case "approve":
      return toProducer({ kind: "productApproved", params, link: producerLink });
    case "requestChanges":
      return toProducer({
        kind: "productChangesRequested",
        params: { ...params, reason },
        link: producerLink,
      });
    case "reject":
      return toProducer({ kind: "productRejected", params: { ...params, reason }, link: producerLink });
    case "suspend": {
      const notice: Notice = {
        kind: "productSuspended",
        params: { ...params, cause: request.cause ?? "OFFICIAL", reason },
        link: producerLink,
      };
      await toProducer(notice);
      if (request.actor.role === "SYSTEM") await toOfficials({ ...notice, link: reviewLink });
      return;
    }
    case "reinstate":
      return toProducer({ kind: "productReinstated", params, link: producerLink });
    default:
      void to;
  }
}
