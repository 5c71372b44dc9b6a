import { Prisma } from "~/generated/prisma/client";
import { recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { prisma } from "~/utils/db.server";
import { randomPublicId, uniqueSlug } from "~/utils/slug";
import { deleteDraft } from "./drafts.server";
import type { ProductInput } from "./product-schema";

export class ProductConflict extends Error {
  constructor(public readonly field: "gtin" | "sku") {
    super(field);
  }
}

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

export async function createProduct(access: ProducerAccess, input: ProductInput) {
  return prisma
    .$transaction(async (tx) => {
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

export async function updateProduct(access: ProducerAccess, productId: string, input: ProductInput) {
  await prisma
    .$transaction(async (tx) => {
      const before = await tx.product.findFirstOrThrow({
        where: { id: productId, producerId: access.producer.id },
      });
      const data = columns(input);
      const changed = Object.keys(data).filter(
        (k) => String(before[k as keyof typeof before] ?? "") !== String(data[k as keyof typeof data] ?? ""),
      );
      await tx.product.update({ where: { id: productId }, data });
      await deleteDraft(access, productId, tx);
      await recordChange(
        access,
        { entity: "Product", entityId: productId, action: "updated", summary: { fields: changed } },
        tx,
      );
    })
    .catch(conflict);
}

export function getProductForEdit(access: ProducerAccess, productId: string) {
  return prisma.product.findFirst({
    where: { id: productId, producerId: access.producer.id },
    select: {
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
      _count: { select: { photos: true, batches: true, certificates: true } },
    },
  });
}

export function listProducerProducts(producerId: string) {
  return prisma.product.findMany({
    where: { producerId },
    select: {
      id: true,
      name: true,
      status: true,
      priceVnd: true,
      unit: true,
      ocopStars: true,
      photos: { select: { hash: true, width: true, alt: true }, orderBy: { position: "asc" }, take: 1 },
    },
    orderBy: { updatedAt: "desc" },
  });
}
