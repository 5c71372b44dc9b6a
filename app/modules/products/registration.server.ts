import { Prisma } from "~/generated/prisma/client";
import type { AuditOrigin } from "~/modules/audit/audit.server";
import { recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { REASON_KEYS } from "~/modules/reviews/reasons";
import { EDITABLE_STATUSES, type ProductStatus } from "~/modules/reviews/state-machine";
import { applyTransition, proposedValues } from "~/modules/reviews/transitions.server";
import { prisma } from "~/utils/db.server";
import { randomPublicId, uniqueSlug } from "~/utils/slug";
import { deleteDraft } from "./drafts.server";
import { REVIEWED_FIELDS, type ProductInput } from "./product-schema";
import { producerActor } from "./submit.server";

export class ProductConflict extends Error {
  constructor(public readonly field: "gtin" | "sku") {
    super(field);
  }
}

/** The product's status does not allow editing (IN_REVIEW is frozen, REJECTED is final). */
export class ProductLocked extends Error {
  constructor(public readonly status: ProductStatus) {
    super(`a ${status} product cannot be edited`);
  }
}

export const isEditable = (status: string) => EDITABLE_STATUSES.includes(status as ProductStatus);

type Row = Record<string, unknown>;
const same = (a: unknown, b: unknown) => String(a ?? "") === String(b ?? "");
const REVIEWED = new Set<string>(REVIEWED_FIELDS);

/** Optional fields absent from a submission are cleared, not left as they were. */
function columns(input: ProductInput) {
  return {
    name: input.name,
    sku: input.sku ?? null,
    ocopGroup: input.ocopGroup,
    category: input.category ?? null,
    description: input.description ?? "",
    unit: input.unit,
    packSize: input.packSize ?? null,
    priceVnd: input.priceVnd,
    minOrder: input.minOrder ?? 1,
    stock: input.stock ?? 0,
    weightGrams: input.weightGrams ?? null,
    lengthMm: input.lengthMm ?? null,
    widthMm: input.widthMm ?? null,
    heightMm: input.heightMm ?? null,
    shelfLifeDays: input.shelfLifeDays ?? null,
    storage: input.storage ?? null,
    ingredients: input.ingredients ?? null,
    originCommuneCode: input.originCommuneCode ?? null,
    gtin: input.gtin ?? null,
  };
}

function conflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    const target = JSON.stringify(error.meta ?? {});
    throw new ProductConflict(target.includes("gtin") ? "gtin" : "sku");
  }
  throw error;
}

/**
 * A GTIN proposed in a pending revision is not in the row yet, so the unique index cannot see it:
 * two products must not both wait to publish the same code.
 */
async function assertGtinFree(tx: Prisma.TransactionClient, gtin: string | null, productId?: string) {
  if (!gtin) return;
  const taken = await tx.product.findFirst({
    where: {
      ...(productId ? { id: { not: productId } } : {}),
      OR: [{ gtin }, { revision: { path: ["gtin"], equals: gtin } }],
    },
    select: { id: true },
  });
  if (taken) throw new ProductConflict("gtin");
}

export async function createProduct(access: ProducerAccess, input: ProductInput) {
  return prisma
    .$transaction(async (tx) => {
      await assertGtinFree(tx, input.gtin ?? null);
      const product = await tx.product.create({
        data: {
          ...columns(input),
          producerId: access.producer.id,
          publicId: randomPublicId(),
          slug: uniqueSlug(input.name, "san-pham"),
        },
        select: { id: true },
      });
      await deleteDraft(access, null, tx);
      await recordChange(access, { entity: "Product", entityId: product.id, action: "created" }, tx);
      return product;
    })
    .catch(conflict);
}

export interface UpdateOutcome {
  /** Reviewed fields waiting for review while the approved version stays listed. */
  pendingReview: string[];
}

/**
 * Saves the product form. Refused (ProductLocked) unless the status is editable. An unlisted product
 * is edited in place. A listed one keeps its approved version public: fields that are not reviewed
 * (price, stock, minimum order, own code, package dimensions) apply at once, reviewed fields that differ
 * from the listed row go into `revision`, and an APPROVED product with a non-empty revision goes back
 * to review (revise → SUBMITTED) in the same transaction.
 */
export async function updateProduct(
  access: ProducerAccess,
  productId: string,
  input: ProductInput,
  origin?: AuditOrigin,
): Promise<UpdateOutcome> {
  return prisma
    .$transaction(async (tx) => {
      const before = await tx.product.findFirstOrThrow({
        where: { id: productId, producerId: access.producer.id },
      });
      const status = before.status as ProductStatus;
      if (!isEditable(status)) throw new ProductLocked(status);
      const listed = before.listedAt !== null;
      const data = columns(input);
      const shown: Row = listed ? { ...before, ...proposedValues(before) } : before;
      const changed = Object.keys(data).filter((k) => !same(shown[k], data[k as keyof typeof data]));
      if (changed.includes("gtin")) await assertGtinFree(tx, data.gtin, productId);

      let update: Prisma.ProductUncheckedUpdateManyInput = data;
      let pendingReview: string[] = [];
      if (listed) {
        const revision: Row = {};
        for (const field of REVIEWED_FIELDS)
          if (!same((before as Row)[field], data[field])) revision[field] = data[field];
        pendingReview = Object.keys(revision);
        update = Object.fromEntries(Object.entries(data).filter(([k]) => !REVIEWED.has(k)));
        update.revision = pendingReview.length ? (revision as Prisma.InputJsonObject) : Prisma.DbNull;
      }
      // Guarded by the status it was read in: an official claiming it meanwhile wins.
      const moved = await tx.product.updateMany({ where: { id: productId, status }, data: update });
      if (moved.count !== 1) {
        const now = await tx.product.findUniqueOrThrow({
          where: { id: productId },
          select: { status: true },
        });
        throw new ProductLocked(now.status as ProductStatus);
      }
      if (pendingReview.length && status === "APPROVED") {
        await applyTransition(
          { productId, action: "revise", actor: producerActor(access), viaHelper: access.viaHelper, origin },
          tx,
        );
      }
      await deleteDraft(access, productId, tx);
      await recordChange(
        access,
        {
          entity: "Product",
          entityId: productId,
          action: "updated",
          summary: listed ? { fields: changed, pendingReview } : { fields: changed },
        },
        tx,
      );
      return { pendingReview };
    })
    .catch(conflict);
}

const editSelect = {
  id: true,
  name: true,
  sku: true,
  ocopGroup: true,
  ocopStars: true,
  category: true,
  description: true,
  unit: true,
  packSize: true,
  priceVnd: true,
  minOrder: true,
  stock: true,
  weightGrams: true,
  lengthMm: true,
  widthMm: true,
  heightMm: true,
  shelfLifeDays: true,
  storage: true,
  ingredients: true,
  originCommuneCode: true,
  gtin: true,
  status: true,
  publicId: true,
  submittedAt: true,
  listedAt: true,
  revision: true,
  suspensionCause: true,
  _count: { select: { photos: true, batches: true, certificates: true } },
} as const satisfies Prisma.ProductSelect;

/** The decisions whose written reasons the producer must act on, shown while the product is in them. */
const REASONED = ["CHANGES_REQUESTED", "REJECTED", "SUSPENDED"] as const;

/**
 * The product as its producer edits it: reviewed fields as last proposed (the row overlaid by a
 * pending revision), the fields waiting for review, and the official's latest reasons when the
 * product is sent back, rejected or suspended.
 */
export async function getProductForEdit(access: ProducerAccess, productId: string) {
  const product = await prisma.product.findFirst({
    where: { id: productId, producerId: access.producer.id },
    select: editSelect,
  });
  if (!product) return null;
  const { revision, ...row } = product;
  const decision = REASONED.find((d) => d === product.status);
  const review = decision
    ? await prisma.productReview.findFirst({
        where: { productId: product.id, decision },
        orderBy: { createdAt: "desc" },
        select: { reasons: true, createdAt: true },
      })
    : null;
  return {
    ...row,
    ...(proposedValues(product) as Pick<typeof row, (typeof REVIEWED_FIELDS)[number]>),
    pendingReview: Object.keys((revision ?? {}) as Row).filter((k) => REVIEWED.has(k)),
    review:
      decision && review
        ? { decision, reasons: knownReasons(review.reasons), decidedAt: review.createdAt }
        : null,
  };
}

/** Only known keys with text: what an official wrote, per field and in general. */
function knownReasons(value: unknown): Record<string, string> {
  const reasons = (value && typeof value === "object" ? value : {}) as Row;
  return Object.fromEntries(
    REASON_KEYS.flatMap((k) => (typeof reasons[k] === "string" && reasons[k] ? [[k, reasons[k]]] : [])),
  );
}

export function listProducerProducts(producerId: string) {
  return prisma.product.findMany({
    where: { producerId },
    select: {
      id: true,
      name: true,
      status: true,
      listedAt: true,
      priceVnd: true,
      unit: true,
      ocopStars: true,
      photos: { select: { hash: true, width: true, alt: true }, orderBy: { position: "asc" }, take: 1 },
    },
    orderBy: { updatedAt: "desc" },
  });
}
