// The public story of a batch, reached from the QR code on its package: product, producer, lot,
// dates, the diary (public fields only) and the certificates in force at harvest.
import { validOn } from "~/modules/certificates/status";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { currentEvents, type DiaryKind } from "~/modules/traceability/diary";
import type { DiaryEventContent } from "~/modules/traceability/hash-chain";
import { formatVnDate, toVnDate, vnDateOf } from "~/modules/traceability/vn-time";
import { getOptionalUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { loadDiary } from "./batches.server";

export type TraceNotFound = "malformed" | "unknown";

/** A 404 whose body says why (the page's ErrorBoundary words it for a shopper). */
export const traceNotFound = (reason: TraceNotFound) =>
  new Response(reason, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The stored forms a GTIN-14 may have: Product.gtin keeps what the producer typed (8, 12, 13 or 14
 * digits), and a Digital Link always carries 14 (zero-padded).
 */
export function storedGtinForms(gtin14: string): string[] {
  const forms = [gtin14];
  for (const length of [13, 12, 8]) {
    if (/^0+$/.test(gtin14.slice(0, 14 - length))) forms.push(gtin14.slice(14 - length));
  }
  return forms;
}

export type TraceLookup =
  { by: "gtin"; gtin14: string; lot: string } | { by: "publicId"; publicId: string; lot: string };

export type TraceVisibility = "public" | "suspended" | "preview";

export interface TraceEvent {
  seq: number;
  kind: DiaryKind;
  date: string;
  quantity: number | null;
  uom: string | null;
  chemical: string | null;
  phiDays: number | null;
  /** Public: stored photos carry no metadata (no EXIF, no GPS). */
  photoHash: string | null;
  corrected: boolean;
}

async function hasProducerAccess(request: Request, producerId: string): Promise<boolean> {
  if (!(await getOptionalUser(request))) return false;
  try {
    await requireProducerAccess(request, producerId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Public fields only. Free-text place and note are left out: farmers write field names, plot
 * numbers or house addresses there, and a farm's location is personal data (DOMAIN.md). Who
 * recorded an event is left out too. Corrections show as the corrected values, marked corrected.
 */
function publicEvents(chain: readonly { content: DiaryEventContent }[]): TraceEvent[] {
  const contents = chain.map((e) => e.content);
  let current: DiaryEventContent[];
  try {
    current = currentEvents(contents);
  } catch {
    current = contents.filter((c) => c.kind !== "CORRECTION");
  }
  const original = new Map(contents.map((c) => [c.seq, c]));
  return current.map((c) => ({
    seq: c.seq,
    kind: c.kind,
    date: formatVnDate(c.occurredAt),
    quantity: c.quantity ?? null,
    uom: c.quantity != null ? (c.uom ?? null) : null,
    chemical: c.kind === "SPRAYING" ? (c.chemical ?? null) : null,
    phiDays: c.kind === "SPRAYING" ? (c.phiDays ?? null) : null,
    photoHash: c.photoHash ?? null,
    corrected: original.get(c.seq) !== c,
  }));
}

export async function loadTrace(request: Request, lookup: TraceLookup, now = new Date()) {
  const batch = await prisma.batch.findFirst({
    where: {
      lotNumber: lookup.lot,
      product:
        lookup.by === "gtin"
          ? { gtin: { in: storedGtinForms(lookup.gtin14) } }
          : { publicId: lookup.publicId },
    },
    select: {
      id: true,
      lotNumber: true,
      growingAreaCode: true,
      producedOn: true,
      harvestedOn: true,
      expiresOn: true,
      product: {
        select: {
          id: true,
          name: true,
          status: true,
          listedAt: true,
          suspensionCause: true,
          producerId: true,
          photos: {
            select: { hash: true, width: true, height: true, alt: true },
            orderBy: { position: "asc" },
            take: 1,
          },
          producer: {
            select: { name: true, commune: { select: { name: true } }, province: { select: { name: true } } },
          },
        },
      },
    },
  });
  if (!batch) throw traceNotFound("unknown");
  const { product } = batch;
  let visibility: TraceVisibility;
  // Listed = an approved version is public (it stays so while a revision is in review).
  if (product.listedAt) visibility = "public";
  else if (product.status === "SUSPENDED") visibility = "suspended";
  else if (await hasProducerAccess(request, product.producerId)) visibility = "preview";
  else throw traceNotFound("unknown"); // a product not (yet) published does not exist for the public

  const diary = await loadDiary(batch.id);
  const events = publicEvents(diary.chain);
  const firstHarvest = events.find((e) => e.kind === "HARVESTING");
  const harvestContent = firstHarvest
    ? diary.chain.find((e) => e.content.seq === firstHarvest.seq)?.content
    : undefined;
  const harvestDay = batch.harvestedOn
    ? toVnDate(batch.harvestedOn)
    : harvestContent
      ? toVnDate(harvestContent.occurredAt)
      : batch.producedOn
        ? toVnDate(batch.producedOn)
        : vnDateOf(now);

  const certificates = await prisma.certificate.findMany({
    where: {
      producerId: product.producerId,
      OR: [{ productId: product.id }, { productId: null }],
      revokedAt: null,
    },
    select: {
      kind: true,
      number: true,
      issuer: true,
      ocopStars: true,
      issuedOn: true,
      expiresOn: true,
      revokedAt: true,
    },
    orderBy: { issuedOn: "desc" },
  });

  return {
    visibility,
    // Buyers see why a suspended product is unavailable (an expired certificate, a decision).
    suspensionCause: visibility === "suspended" ? product.suspensionCause : null,
    mediaBase: mediaBaseUrl(),
    product: { name: product.name, cover: product.photos[0] ?? null },
    producer: {
      name: product.producer.name,
      place: `${product.producer.commune.name}, ${product.producer.province.name}`,
    },
    batch: {
      lotNumber: batch.lotNumber,
      growingAreaCode: batch.growingAreaCode,
      producedOn: batch.producedOn ? formatVnDate(batch.producedOn) : null,
      harvestedOn: formatVnDate(harvestDay),
      harvestRecorded: Boolean(batch.harvestedOn || harvestContent),
      expiresOn: batch.expiresOn ? formatVnDate(batch.expiresOn) : null,
    },
    events,
    chainVerified: diary.verification.ok,
    certificates: certificates
      .filter((c) => validOn(c, harvestDay))
      .map((c) => ({
        kind: c.kind,
        number: c.number,
        issuer: c.issuer,
        ocopStars: c.ocopStars,
        validUntil: c.expiresOn ? formatVnDate(c.expiresOn) : null,
      })),
  };
}

export type TraceView = Awaited<ReturnType<typeof loadTrace>>;
