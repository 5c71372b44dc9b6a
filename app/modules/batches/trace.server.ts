// The public story of a batch, reached from the QR code on its package: product, producer, lot,
// dates, the diary (public fields only) with its hash chain, and the certificates in force at
// harvest. The product page shows the same story for the product's latest batch.
import { data, redirect } from "@remix-run/node";
import type { CertificateKind } from "~/modules/certificates/status";
import { validOn } from "~/modules/certificates/status";
import { certificatesPath, epcisPath, linkTarget, productPath } from "~/modules/catalogue/product-links";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { currentEvents, type DiaryKind } from "~/modules/traceability/diary";
import type { ChainVerification, DiaryEventContent } from "~/modules/traceability/hash-chain";
import { formatVnDate, toVnDate, vnDateOf, type IsoDate } from "~/modules/traceability/vn-time";
import { getOptionalUser } from "~/utils/auth.server";
import type { SuspensionCause } from "~/generated/prisma/enums";
import { database, prisma } from "~/utils/db.server";
import { pageCacheHeaders } from "~/utils/http-cache";
import { urlLocale } from "~/utils/locale.server";
import { batchEpcis, loadDiary, type Diary } from "./batches.server";

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

/** public: listed; suspended: not listed but still answers (saying why); preview: its producer only. */
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

/** One link of the hash chain as a buyer can check it: every event, corrections included. */
export interface ChainLinkView {
  seq: number;
  kind: DiaryKind;
  correctsSeq: number | null;
  hash: string;
  prevHash: string;
}

export interface ChainView {
  ok: boolean;
  /** Events verified (the whole chain, corrections included). */
  count: number;
  /** The last event's hash: what the chain commits to. */
  head: string | null;
  brokenAt: number | null;
  reason: Extract<ChainVerification, { ok: false }>["reason"] | null;
  links: ChainLinkView[];
}

export interface TraceCertificate {
  kind: CertificateKind;
  number: string;
  issuer: string;
  ocopStars: number | null;
  validFrom: string;
  validUntil: string | null;
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
export function publicEvents(chain: readonly { content: DiaryEventContent }[]): TraceEvent[] {
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

export function chainView(diary: Diary): ChainView {
  const { verification, chain } = diary;
  return {
    ok: verification.ok,
    count: chain.length,
    head: chain.at(-1)?.hash ?? null,
    brokenAt: verification.ok ? null : verification.brokenAt,
    reason: verification.ok ? null : verification.reason,
    links: chain.map((e) => ({
      seq: e.content.seq,
      kind: e.content.kind,
      correctsSeq: e.content.correctsSeq ?? null,
      hash: e.hash,
      prevHash: e.prevHash,
    })),
  };
}

interface StoryBatch {
  id: string;
  harvestedOn: Date | null;
  producedOn: Date | null;
}

interface StoryCertificate {
  kind: CertificateKind;
  number: string;
  issuer: string;
  ocopStars: number | null;
  issuedOn: Date;
  expiresOn: Date | null;
  revokedAt: Date | null;
}

function storyCertificates(product: { id: string; producerId: string }): Promise<StoryCertificate[]> {
  return prisma.certificate.findMany({
    where: { producerId: product.producerId, OR: [{ productId: product.id }, { productId: null }] },
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
}

/**
 * A batch's public diary, its chain check, its harvest day and the certificates in force that day
 * (the product's own and the producer's packing-house ones; revoked ones never count).
 */
export async function batchStory(
  batch: StoryBatch,
  product: { id: string; producerId: string },
  now = new Date(),
  /** The product's and producer-wide certificates, when the caller has them already. */
  known?: Promise<StoryCertificate[]>,
) {
  const [diary, allCertificates] = await Promise.all([
    loadDiary(batch.id),
    known ?? storyCertificates(product),
  ]);
  const certificates = allCertificates.filter((c) => c.revokedAt === null);
  const events = publicEvents(diary.chain);
  const firstHarvest = events.find((e) => e.kind === "HARVESTING");
  const harvestContent = firstHarvest
    ? diary.chain.find((e) => e.content.seq === firstHarvest.seq)?.content
    : undefined;
  const harvestDay: IsoDate = batch.harvestedOn
    ? toVnDate(batch.harvestedOn)
    : harvestContent
      ? toVnDate(harvestContent.occurredAt)
      : batch.producedOn
        ? toVnDate(batch.producedOn)
        : vnDateOf(now);

  return {
    events,
    chain: chainView(diary),
    harvestedOn: formatVnDate(harvestDay),
    harvestRecorded: Boolean(batch.harvestedOn || harvestContent),
    lastRecordedAt: diary.rows.at(-1)?.createdAt ?? null,
    certificates: certificates
      .filter((c) => validOn(c, harvestDay))
      .map((c): TraceCertificate => ({
        kind: c.kind,
        number: c.number,
        issuer: c.issuer,
        ocopStars: c.ocopStars,
        validFrom: formatVnDate(c.issuedOn),
        validUntil: c.expiresOn ? formatVnDate(c.expiresOn) : null,
      })),
  };
}

export type BatchStory = Awaited<ReturnType<typeof batchStory>>;

interface TraceRow {
  id: string;
  lotNumber: string;
  growingAreaCode: string | null;
  producedOn: string | null;
  harvestedOn: string | null;
  expiresOn: string | null;
  productId: string;
  slug: string;
  publicId: string;
  gtin: string | null;
  name: string;
  status: string;
  listedAt: Date | null;
  suspensionCause: SuspensionCause | null;
  producerId: string;
  coverHash: string | null;
  coverWidth: number | null;
  coverHeight: number | null;
  coverAlt: string;
  producerName: string;
  communeName: string;
  provinceName: string;
}

// A DATE column as Prisma gives it: midnight UTC of that calendar day.
const day = (value: string | null) => (value === null ? null : new Date(`${value}T00:00:00.000Z`));

/**
 * The batch with its product, cover photo and producer in one statement: every QR scan lands
 * here, and Prisma's nested select cost six round trips per scan.
 */
async function traceBatch(lookup: TraceLookup) {
  const byGtin = lookup.by === "gtin";
  const [row] = await database().sql.query<TraceRow>(
    `SELECT b."id", b."lotNumber", b."growingAreaCode",
            to_char(b."producedOn", 'YYYY-MM-DD') AS "producedOn",
            to_char(b."harvestedOn", 'YYYY-MM-DD') AS "harvestedOn",
            to_char(b."expiresOn", 'YYYY-MM-DD') AS "expiresOn",
            p."id" AS "productId", p."slug", p."publicId", p."gtin", p."name", p."status",
            p."listedAt", p."suspensionCause", p."producerId",
            ph."hash" AS "coverHash", ph."width" AS "coverWidth", ph."height" AS "coverHeight",
            ph."alt" AS "coverAlt",
            pr."name" AS "producerName", c."name" AS "communeName", pv."name" AS "provinceName"
       FROM "Product" p
       JOIN "Batch" b ON b."productId" = p."id" AND b."lotNumber" = $2
       JOIN "Producer" pr ON pr."id" = p."producerId"
       JOIN "Commune" c ON c."code" = pr."communeCode"
       JOIN "Province" pv ON pv."code" = pr."provinceCode"
       LEFT JOIN LATERAL (
         SELECT f."hash", f."width", f."height", f."alt" FROM "ProductPhoto" f
          WHERE f."productId" = p."id" ORDER BY f."position" LIMIT 1) ph ON TRUE
      WHERE ${byGtin ? `p."gtin" = ANY($1::text[])` : `p."publicId" = $1`}
      LIMIT 1`,
    [byGtin ? storedGtinForms(lookup.gtin14) : lookup.publicId, lookup.lot],
  );
  if (!row) return null;
  return {
    id: row.id,
    lotNumber: row.lotNumber,
    growingAreaCode: row.growingAreaCode,
    producedOn: day(row.producedOn),
    harvestedOn: day(row.harvestedOn),
    expiresOn: day(row.expiresOn),
    product: {
      id: row.productId,
      slug: row.slug,
      publicId: row.publicId,
      gtin: row.gtin,
      name: row.name,
      status: row.status,
      listedAt: row.listedAt === null ? null : new Date(row.listedAt),
      suspensionCause: row.suspensionCause,
      producerId: row.producerId,
      photos:
        row.coverHash === null
          ? []
          : [
              {
                hash: row.coverHash,
                width: Number(row.coverWidth),
                height: Number(row.coverHeight),
                alt: row.coverAlt,
              },
            ],
      producer: {
        name: row.producerName,
        commune: { name: row.communeName },
        province: { name: row.provinceName },
      },
    },
  };
}

/**
 * The batch a trace URL names and who may see it: a listed product's batch is public, a suspended
 * one's still answers, an unpublished one's only previews for its producer; anything else is a 404.
 */
export async function findTrace(request: Request, lookup: TraceLookup) {
  const batch = await traceBatch(lookup);
  if (!batch) throw traceNotFound("unknown");
  const { product } = batch;
  let visibility: TraceVisibility;
  // Listed = an approved version is public (it stays so while a revision is in review).
  if (product.listedAt) visibility = "public";
  else if (product.status === "SUSPENDED") visibility = "suspended";
  else if (await hasProducerAccess(request, product.producerId)) visibility = "preview";
  else throw traceNotFound("unknown"); // a product not (yet) published does not exist for the public
  return { visibility, batch };
}

export type TraceTarget = Awaited<ReturnType<typeof findTrace>>;

/** The page's data: only what the trace page shows. */
export async function traceView({ visibility, batch }: TraceTarget, now = new Date()) {
  const { product } = batch;
  const story = await batchStory(batch, product, now);
  return {
    visibility,
    // Buyers see why a suspended product is unavailable (an expired certificate, a decision).
    suspensionCause: visibility === "suspended" ? product.suspensionCause : null,
    mediaBase: mediaBaseUrl(),
    product: { name: product.name, cover: product.photos[0] ?? null },
    // The product page, its certificates and the EPCIS document answer for public products only.
    links:
      visibility === "preview"
        ? null
        : {
            product: productPath(product.slug),
            certificates: certificatesPath(product.slug),
            epcis: epcisPath(product.publicId, batch.lotNumber),
          },
    producer: {
      name: product.producer.name,
      place: `${product.producer.commune.name}, ${product.producer.province.name}`,
    },
    batch: {
      lotNumber: batch.lotNumber,
      growingAreaCode: batch.growingAreaCode,
      producedOn: batch.producedOn ? formatVnDate(batch.producedOn) : null,
      harvestedOn: story.harvestedOn,
      harvestRecorded: story.harvestRecorded,
      expiresOn: batch.expiresOn ? formatVnDate(batch.expiresOn) : null,
    },
    events: story.events,
    chainVerified: story.chain.ok,
    chain: story.chain,
    certificates: story.certificates,
  };
}

export async function loadTrace(request: Request, lookup: TraceLookup, now = new Date()) {
  return traceView(await findTrace(request, lookup), now);
}

export type TraceView = Awaited<ReturnType<typeof loadTrace>>;

/** The latest batch of a product (newest first by creation), for the product page, or null. */
export async function latestBatchStory(
  product: { id: string; producerId: string },
  now = new Date(),
  certificates?: Promise<StoryCertificate[]>,
) {
  const batch = await prisma.batch.findFirst({
    where: { productId: product.id },
    select: {
      id: true,
      lotNumber: true,
      growingAreaCode: true,
      producedOn: true,
      harvestedOn: true,
      expiresOn: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { lotNumber: "desc" }],
  });
  if (!batch) return null;
  return { batch, story: await batchStory(batch, product, now, certificates) };
}

/**
 * Where `?linkType=` sends a scanned code (GS1 Digital Link): `gs1:pip` to the product page,
 * `gs1:traceability` to the batch's EPCIS document, `gs1:certificationInfo` to the certificates;
 * null (the trace page itself) for no, `all` or an unknown link type, and for a producer's preview
 * (those pages answer only once the product is public). `?lang=` is carried along.
 */
export function linkTypeRedirect(request: Request, { visibility, batch }: TraceTarget): string | null {
  const target = linkTarget(new URL(request.url).searchParams.get("linkType"));
  if (target === "default" || target === "all" || visibility === "preview") return null;
  const { product } = batch;
  if (target === "traceability") return epcisPath(product.publicId, batch.lotNumber);
  const path = target === "pip" ? productPath(product.slug) : certificatesPath(product.slug);
  const lang = urlLocale(request);
  return lang ? `${path}?lang=${lang}` : path;
}

/** Both trace routes: the batch's page, or a 303 to what `?linkType=` asks for. */
export async function traceLoader(request: Request, lookup: TraceLookup, now = new Date()) {
  const target = await findTrace(request, lookup);
  const location = linkTypeRedirect(request, target);
  if (location) throw redirect(location, 303);
  return data(await traceView(target, now), { headers: pageCacheHeaders(request) });
}

/**
 * The public EPCIS 2.0 document of a batch (`/t/{publicId}/{lot}/epcis`): only for a listed or a
 * suspended product (the same rule as the trace page, without a producer's preview). A chain that
 * fails verification is not exported: whoever imports it would take the alteration for fact.
 */
export async function publicBatchEpcis(origin: string, publicId: string, lot: string) {
  const batch = await prisma.batch.findFirst({
    where: {
      lotNumber: lot,
      product: { publicId, OR: [{ listedAt: { not: null } }, { status: "SUSPENDED" }] },
    },
    select: {
      id: true,
      productId: true,
      lotNumber: true,
      growingAreaCode: true,
      producedOn: true,
      harvestedOn: true,
      expiresOn: true,
      quantity: true,
      uom: true,
      createdAt: true,
    },
  });
  if (!batch) return { ok: false as const, reason: "unknown" as const };
  const diary = await loadDiary(batch.id);
  if (!diary.verification.ok) return { ok: false as const, reason: "broken-chain" as const };
  return { ok: true as const, document: await batchEpcis(origin, batch.productId, batch, diary) };
}
