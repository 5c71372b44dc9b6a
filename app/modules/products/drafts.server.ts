import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import type { ProducerAccess } from "~/modules/producers/access.server";

// Server-side autosave: whatever was typed (valid or not) is kept until the product is saved.
// One draft per existing product, one per author for a product not yet created.

type DraftData = Record<string, string | string[]>;

/** Only plain text fields are kept, bounded, so a draft cannot grow without limit. */
export function draftFromForm(formData: FormData): DraftData {
  const data: DraftData = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string" || key.startsWith("$") || key === "intent" || key.length > 40) continue;
    data[key] = value.slice(0, 5000);
  }
  return data;
}

export async function saveDraft(access: ProducerAccess, productId: string | null, data: DraftData) {
  const json = data as Prisma.InputJsonValue;
  if (productId) {
    await prisma.productDraft.upsert({
      where: { productId },
      create: { producerId: access.producer.id, productId, authorId: access.user.id, data: json },
      update: { data: json, authorId: access.user.id },
    });
    return;
  }
  const existing = await prisma.productDraft.findFirst({
    where: { producerId: access.producer.id, authorId: access.user.id, productId: null },
    select: { id: true },
  });
  if (existing) await prisma.productDraft.update({ where: { id: existing.id }, data: { data: json } });
  else
    await prisma.productDraft.create({
      data: { producerId: access.producer.id, authorId: access.user.id, data: json },
    });
}

export function loadDraft(access: ProducerAccess, productId: string | null) {
  return prisma.productDraft.findFirst({
    where: productId
      ? { productId, producerId: access.producer.id }
      : { producerId: access.producer.id, authorId: access.user.id, productId: null },
    select: { data: true, updatedAt: true },
  });
}

export async function deleteDraft(
  access: ProducerAccess,
  productId: string | null,
  tx: Prisma.TransactionClient = prisma,
) {
  await tx.productDraft.deleteMany({
    where: productId
      ? { productId, producerId: access.producer.id }
      : { producerId: access.producer.id, authorId: access.user.id, productId: null },
  });
}
