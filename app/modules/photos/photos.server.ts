// A product's photos in the database: add (at most eight), reorder, choose the cover (position 0),
// delete. Files are written before their row exists and removed after it is gone, and only when no
// other record still points at them (the same picture can be shared through its content hash).
import type { Prisma } from "~/generated/prisma/client";
import { recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { prisma } from "~/utils/db.server";
import { MAX_PHOTOS_PER_PRODUCT } from "./limits";
import { photoStorage, type PhotoStorage } from "./storage.server";
import {
  PhotoError,
  prepareReceivedFile,
  removeWrittenFiles,
  writePreparedPhoto,
  type PreparedPhoto,
  type ReceivedFile,
  type WrittenFiles,
} from "./upload.server";
import { VARIANT_FORMATS, variantKey, variantWidths } from "./urls";

export const PHOTO_ENTITY = "ProductPhoto";

export function listPhotos(productId: string) {
  return prisma.productPhoto.findMany({
    where: { productId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, hash: true, width: true, height: true, placeholder: true, alt: true, position: true },
  });
}

/** Locks the product row so concurrent uploads cannot both take the last free slot. */
async function lockProduct(tx: Prisma.TransactionClient, productId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Product" WHERE "id" = ${productId}::uuid FOR UPDATE`;
}

async function ordered(tx: Prisma.TransactionClient, productId: string) {
  return tx.productPhoto.findMany({
    where: { productId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, position: true },
  });
}

/** Positions 0…n-1 in the given order (only rows whose position changes are written). */
async function renumber(tx: Prisma.TransactionClient, rows: { id: string; position: number }[]) {
  for (const [index, row] of rows.entries()) {
    if (row.position !== index)
      await tx.productPhoto.update({ where: { id: row.id }, data: { position: index } });
  }
}

export interface AddResult {
  added: { id: string; name: string }[];
  refused: { name: string; error: PhotoError }[];
}

/**
 * Adds received files to a product, one at a time, in the order sent. Each file succeeds or fails
 * on its own: a refused file leaves nothing behind, and the good ones are kept.
 */
export async function addPhotos(
  access: ProducerAccess,
  product: { id: string; name: string },
  files: ReceivedFile[],
  storage: PhotoStorage = photoStorage(),
): Promise<AddResult> {
  const result: AddResult = { added: [], refused: [] };
  for (const file of files) {
    try {
      if (file.refused) throw file.refused;
      if (!file.path) throw new PhotoError("badRequest");
      // Cheap check first: a full product is refused before any decoding.
      const count = await prisma.productPhoto.count({ where: { productId: product.id } });
      if (count >= MAX_PHOTOS_PER_PRODUCT)
        throw new PhotoError("limit", { name: file.name, max: MAX_PHOTOS_PER_PRODUCT });
      const prepared = await prepareReceivedFile({ ...file, path: file.path });
      const id = await savePhoto(access, product, prepared, file.name, storage);
      result.added.push({ id, name: file.name });
    } catch (error) {
      if (!(error instanceof PhotoError)) throw error;
      result.refused.push({ name: file.name, error });
    }
  }
  return result;
}

async function savePhoto(
  access: ProducerAccess,
  product: { id: string; name: string },
  photo: PreparedPhoto,
  name: string,
  storage: PhotoStorage,
): Promise<string> {
  const already = await prisma.productPhoto.findUnique({
    where: { productId_hash: { productId: product.id, hash: photo.hash } },
    select: { id: true },
  });
  if (already) throw new PhotoError("duplicate", { name });

  const written: WrittenFiles = await writePreparedPhoto(photo, storage);
  try {
    return await prisma.$transaction(async (tx) => {
      await lockProduct(tx, product.id);
      const rows = await ordered(tx, product.id);
      if (rows.length >= MAX_PHOTOS_PER_PRODUCT)
        throw new PhotoError("limit", { name, max: MAX_PHOTOS_PER_PRODUCT });
      const duplicate = await tx.productPhoto.findUnique({
        where: { productId_hash: { productId: product.id, hash: photo.hash } },
        select: { id: true },
      });
      if (duplicate) throw new PhotoError("duplicate", { name });
      const created = await tx.productPhoto.create({
        data: {
          productId: product.id,
          hash: photo.hash,
          width: photo.width,
          height: photo.height,
          placeholder: photo.placeholder,
          position: rows.length,
          alt: product.name,
          originalKey: photo.original.key,
        },
        select: { id: true, position: true },
      });
      await recordChange(
        access,
        {
          entity: PHOTO_ENTITY,
          entityId: created.id,
          action: "create",
          summary: { productId: product.id, hash: photo.hash, position: created.position, fileName: name },
        },
        tx,
      );
      return created.id;
    });
  } catch (error) {
    // Only what this call created, and only if nothing else points at it meanwhile.
    await removeUnreferenced({ ...photo, originalKey: photo.original.key }, storage, written);
    throw error;
  }
}

/** A photo of this product, or a 404-coded PhotoError (never another product's). */
async function findPhoto(tx: Prisma.TransactionClient, productId: string, photoId: string) {
  const photo = await tx.productPhoto.findFirst({
    where: { id: photoId, productId },
    select: { id: true, hash: true, width: true, position: true, originalKey: true },
  });
  if (!photo) throw new PhotoError("notFound");
  return photo;
}

export async function movePhoto(
  access: ProducerAccess,
  productId: string,
  photoId: string,
  direction: "up" | "down",
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockProduct(tx, productId);
    await findPhoto(tx, productId, photoId);
    const rows = await ordered(tx, productId);
    const from = rows.findIndex((r) => r.id === photoId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= rows.length) return; // already first/last: nothing to change
    const order = [...rows];
    [order[from], order[to]] = [order[to]!, order[from]!];
    await renumber(tx, order);
    await recordChange(
      access,
      { entity: PHOTO_ENTITY, entityId: photoId, action: "move", summary: { productId, from, to } },
      tx,
    );
  });
}

export async function makeCover(access: ProducerAccess, productId: string, photoId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockProduct(tx, productId);
    await findPhoto(tx, productId, photoId);
    const rows = await ordered(tx, productId);
    const from = rows.findIndex((r) => r.id === photoId);
    if (from === 0) return;
    const order = [rows[from]!, ...rows.filter((r) => r.id !== photoId)];
    await renumber(tx, order);
    await recordChange(
      access,
      { entity: PHOTO_ENTITY, entityId: photoId, action: "cover", summary: { productId, from } },
      tx,
    );
  });
}

export async function deletePhoto(
  access: ProducerAccess,
  productId: string,
  photoId: string,
  storage: PhotoStorage = photoStorage(),
): Promise<void> {
  const removed = await prisma.$transaction(async (tx) => {
    await lockProduct(tx, productId);
    const photo = await findPhoto(tx, productId, photoId);
    await tx.productPhoto.delete({ where: { id: photo.id } });
    await renumber(tx, await ordered(tx, productId));
    await recordChange(
      access,
      {
        entity: PHOTO_ENTITY,
        entityId: photoId,
        action: "delete",
        summary: { productId, hash: photo.hash, position: photo.position },
      },
      tx,
    );
    return photo;
  });
  await removeUnreferenced(removed, storage);
}

/**
 * Deletes the files of a photo that no record uses any more: product photos of any producer,
 * producer logos and diary-event photos share the content-addressed variant names. With `only`,
 * deletes no more than those keys (what one failed upload wrote itself).
 */
export async function removeUnreferenced(
  photo: { hash: string; width: number; originalKey: string | null },
  storage: PhotoStorage = photoStorage(),
  only?: WrittenFiles,
): Promise<void> {
  const unused: WrittenFiles = { variants: [], original: null };
  const [photos, logos, diary] = await Promise.all([
    prisma.productPhoto.count({ where: { hash: photo.hash } }),
    prisma.producer.count({ where: { logoHash: photo.hash } }),
    prisma.diaryEvent.count({ where: { photoHash: photo.hash } }),
  ]);
  if (photos + logos + diary === 0) {
    unused.variants = only
      ? only.variants
      : variantWidths(photo.width).flatMap((w) =>
          VARIANT_FORMATS.map((ext) => variantKey(photo.hash, w, ext)),
        );
  }
  if (photo.originalKey && (!only || only.original === photo.originalKey)) {
    // Logos and diary photos keep no original key, but the same hash means the same uploaded bytes
    // and so the same original: it stays while any of them uses the hash.
    const users = await prisma.productPhoto.count({ where: { originalKey: photo.originalKey } });
    if (users === 0 && logos + diary === 0) unused.original = photo.originalKey;
  }
  await removeWrittenFiles(unused, storage);
}
