// Certificates of a producer's products: storage, the private scan of the document, revocation, and
// the product's OCOP stars kept in step with its certificates.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createReadableStreamFromReadable,
  MaxPartSizeExceededError,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { notFound, recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { prisma } from "~/utils/db.server";
import { processCertificate } from "./expiry.server";
import { activeOcopStars, PRODUCER_WIDE_KINDS, type CertificateData } from "./status";

// Scans are private (they may show a representative's name and signature): kept outside MEDIA_DIR,
// never served statically, only streamed through the access-checked document route.
const DocumentsEnv = z.object({ DOCUMENTS_DIR: z.string().min(1).default("./data/documents") });

export function documentsDir(): string {
  return path.resolve(DocumentsEnv.parse(process.env).DOCUMENTS_DIR);
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_TEXT_FIELD_BYTES = 64 * 1024;

export const DOCUMENT_TYPES = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
} as const;
export type DocumentMime = keyof typeof DOCUMENT_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The document's type from its first bytes (the name and the browser's claimed type are ignored). */
export function sniffDocument(bytes: Uint8Array): DocumentMime | null {
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

export type DocumentUpload =
  { kind: "none" } | { kind: "too-large" } | { kind: "file"; bytes: Buffer; mime: DocumentMime | null };

/** The whole request is far over the limit: refused before reading it (the typed values are lost). */
export class RequestTooLargeError extends Error {}

/**
 * Reads a certificate form, urlencoded or multipart. The scan (`document`) is held in memory up to
 * 10 MB; a larger one is read to its end and dropped, so the other fields still come back to the
 * form. Nothing touches the disk here.
 */
export async function readCertificateForm(
  request: Request,
): Promise<{ formData: FormData; document: DocumentUpload }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    return { formData: await request.formData(), document: { kind: "none" } };
  }
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_DOCUMENT_BYTES + MAX_TEXT_FIELD_BYTES * 16) throw new RequestTooLargeError();

  let document: DocumentUpload = { kind: "none" };
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > MAX_TEXT_FIELD_BYTES) throw new MaxPartSizeExceededError(name, MAX_TEXT_FIELD_BYTES);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_DOCUMENT_BYTES) chunks.push(chunk);
    }
    if (name !== "document" || size === 0) return undefined;
    if (size > MAX_DOCUMENT_BYTES) {
      document = { kind: "too-large" };
    } else {
      const bytes = Buffer.concat(chunks);
      document = { kind: "file", bytes, mime: sniffDocument(bytes) };
    }
    return undefined;
  };
  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    return { formData, document };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new RequestTooLargeError();
    throw error;
  }
}

const KEY = /^[0-9a-f]{32}\.(pdf|jpg|png|webp)$/;

async function storeDocument(bytes: Buffer, mime: DocumentMime): Promise<string> {
  const dir = documentsDir();
  await mkdir(dir, { recursive: true });
  const key = `${randomBytes(16).toString("hex")}.${DOCUMENT_TYPES[mime]}`;
  const temp = path.join(dir, `.${key}.tmp`);
  try {
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, path.join(dir, key));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return key;
}

async function removeDocument(key: string | null | undefined): Promise<void> {
  if (key && KEY.test(key)) await unlink(path.join(documentsDir(), key)).catch(() => undefined);
}

/** A stored scan as a stream, or null when the key is not one of ours or the file is gone. */
export async function openDocument(
  key: string,
): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null> {
  if (!KEY.test(key)) return null;
  const file = path.join(documentsDir(), key);
  try {
    const { size } = await stat(file);
    return { body: createReadableStreamFromReadable(createReadStream(file)), size };
  } catch {
    return null;
  }
}

/** A @db.Date column value for a calendar date (Prisma writes the UTC date part). */
export const dbDate = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);

/** The product's certificates and the producer-wide ones (packing house), newest first. */
export function listCertificates(producerId: string, productId: string) {
  return prisma.certificate.findMany({
    where: { producerId, OR: [{ productId }, { productId: null }] },
    select: {
      id: true,
      productId: true,
      kind: true,
      number: true,
      issuer: true,
      issuerLevel: true,
      standard: true,
      ocopStars: true,
      ocopGroup: true,
      scoreA: true,
      scoreB: true,
      scoreC: true,
      issuedOn: true,
      expiresOn: true,
      revokedAt: true,
      revokedReason: true,
      documentMime: true,
    },
    orderBy: [{ issuedOn: "desc" }, { createdAt: "desc" }],
  });
}

/** Product.ocopStars = the stars of its OCOP certificate in force (null when there is none). */
export async function syncOcopStars(tx: Prisma.TransactionClient, productId: string, now = new Date()) {
  const certs = await tx.certificate.findMany({
    where: { productId, kind: "OCOP" },
    select: { kind: true, ocopStars: true, issuedOn: true, expiresOn: true, revokedAt: true },
  });
  const ocopStars = activeOcopStars(certs, now);
  await tx.product.update({ where: { id: productId }, data: { ocopStars } });
  return ocopStars;
}

/**
 * For a daily job: products still showing stars whose OCOP certificate has since expired lose them.
 * (Adding and revoking update the stars at once; expiry happens with no request to hook.)
 */
export async function refreshOcopStars(now = new Date()): Promise<number> {
  const products = await prisma.product.findMany({
    where: { ocopStars: { not: null } },
    select: { id: true, ocopStars: true },
  });
  let changed = 0;
  for (const product of products) {
    const stars = await prisma.$transaction((tx) => syncOcopStars(tx, product.id, now));
    if (stars !== product.ocopStars) changed++;
  }
  return changed;
}

export async function createCertificate(
  access: ProducerAccess,
  productId: string,
  data: CertificateData,
  document: { bytes: Buffer; mime: DocumentMime } | null,
  now = new Date(),
) {
  const key = document ? await storeDocument(document.bytes, document.mime) : null;
  try {
    return await prisma.$transaction(async (tx) => {
      const certificate = await tx.certificate.create({
        data: {
          ...data,
          producerId: access.producer.id,
          productId: PRODUCER_WIDE_KINDS.has(data.kind) ? null : productId,
          issuedOn: dbDate(data.issuedOn),
          expiresOn: data.expiresOn ? dbDate(data.expiresOn) : null,
          documentKey: key,
          documentMime: document?.mime ?? null,
          createdById: access.user.id,
        },
        select: { id: true },
      });
      await recordChange(
        access,
        {
          entity: "Certificate",
          entityId: certificate.id,
          action: "create",
          summary: { kind: data.kind, number: data.number, productId, document: key !== null },
        },
        tx,
      );
      if (data.kind === "OCOP") await syncOcopStars(tx, productId, now);
      return certificate;
    });
  } catch (error) {
    await removeDocument(key); // the row is not there: leave no orphan file
    throw error;
  }
}

/** A certificate of this product (or producer-wide) of this producer, or a 404. */
async function ownCertificate(access: ProducerAccess, productId: string, certificateId: string | undefined) {
  const parsed = z.uuid().safeParse(certificateId);
  if (!parsed.success) throw notFound();
  const certificate = await prisma.certificate.findFirst({
    where: { id: parsed.data, producerId: access.producer.id, OR: [{ productId }, { productId: null }] },
    select: {
      id: true,
      kind: true,
      number: true,
      productId: true,
      revokedAt: true,
      documentKey: true,
      documentMime: true,
    },
  });
  if (!certificate) throw notFound();
  return certificate;
}

export async function revokeCertificate(
  access: ProducerAccess,
  productId: string,
  certificateId: string,
  reason: string,
  now = new Date(),
): Promise<"revoked" | "already-revoked"> {
  const certificate = await ownCertificate(access, productId, certificateId);
  if (certificate.revokedAt) return "already-revoked";
  await prisma.$transaction(async (tx) => {
    await tx.certificate.update({
      where: { id: certificate.id },
      data: { revokedAt: now, revokedReason: reason },
    });
    await recordChange(
      access,
      { entity: "Certificate", entityId: certificate.id, action: "revoke", summary: { reason } },
      tx,
    );
    if (certificate.kind === "OCOP" && certificate.productId)
      await syncOcopStars(tx, certificate.productId, now);
    // The listing it backs is suspended at once, exactly as the expiry job would.
    await processCertificate(tx, certificate.id, now);
  });
  return "revoked";
}

/** Adds or replaces the scan of a certificate; the replaced file is removed once the row points away. */
export async function attachDocument(
  access: ProducerAccess,
  productId: string,
  certificateId: string,
  document: { bytes: Buffer; mime: DocumentMime },
) {
  const certificate = await ownCertificate(access, productId, certificateId);
  const key = await storeDocument(document.bytes, document.mime);
  try {
    await prisma.$transaction(async (tx) => {
      await tx.certificate.update({
        where: { id: certificate.id },
        data: { documentKey: key, documentMime: document.mime },
      });
      await recordChange(
        access,
        { entity: "Certificate", entityId: certificate.id, action: "attach-document", summary: {} },
        tx,
      );
    });
  } catch (error) {
    await removeDocument(key);
    throw error;
  }
  await removeDocument(certificate.documentKey);
}

/** The scan of an own certificate, ready to stream, or a 404. */
export async function certificateDocument(
  access: ProducerAccess,
  productId: string,
  certificateId: string | undefined,
) {
  const certificate = await ownCertificate(access, productId, certificateId);
  if (!certificate.documentKey || !certificate.documentMime) throw notFound();
  const file = await openDocument(certificate.documentKey);
  if (!file) throw notFound();
  return { ...file, mime: certificate.documentMime, kind: certificate.kind, number: certificate.number };
}
