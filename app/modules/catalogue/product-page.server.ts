// The public product page and its certificates page: a listed product (the row holds the approved
// values), or a suspended one, which still answers and says why it cannot be bought. Any other
// product does not exist for the public (404). Only public business information about the
// producer leaves this module: never its phone, bank account, representative or tax code.
import { z } from "zod";
import type { OcopGroup, ProducerKind, SuspensionCause } from "~/generated/prisma/enums";
import { batchTraceUrl, publicOrigin } from "~/modules/batches/batches.server";
import { latestBatchStory } from "~/modules/batches/trace.server";
import {
  activeOcopStars,
  badgeVisible,
  certificateStatus,
  type CertificateKind,
} from "~/modules/certificates/status";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { photoUrl } from "~/modules/photos/urls";
import { toVnDate } from "~/modules/traceability/vn-time";
import { getOptionalUser } from "~/utils/auth.server";
import { database, prisma } from "~/utils/db.server";
import { translator } from "~/utils/i18n";
import { getLocale, urlLocale } from "~/utils/locale.server";
import { certificateAnchor, certificatesPath, producerPath, productPath } from "./product-links";
import { productSeo } from "./product-seo";

const SLUG = z
  .string()
  .max(200)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

const notFound = () => new Response("Not found", { status: 404 });

export type Availability = "listed" | "suspended";

const certificateSelect = {
  id: true,
  kind: true,
  number: true,
  issuer: true,
  issuerLevel: true,
  standard: true,
  ocopStars: true,
  ocopGroup: true,
  productId: true,
  issuedOn: true,
  expiresOn: true,
  revokedAt: true,
  updatedAt: true,
} as const;

/** The product's certificates and the producer-wide ones (packing house), newest first. */
function publicCertificates(product: { id: string; producerId: string }) {
  return prisma.certificate.findMany({
    where: { producerId: product.producerId, OR: [{ productId: product.id }, { productId: null }] },
    select: certificateSelect,
    orderBy: [{ issuedOn: "desc" }, { createdAt: "desc" }],
  });
}

/** The slug a URL names, or a 404 for one that cannot be a product's. */
function parseSlug(slug: unknown): string {
  const parsed = SLUG.safeParse(slug);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** Listed, suspended (still answers, not for sale), or null: not public at all. */
export function availabilityOf(product: { listedAt: Date | null; status: string }): Availability | null {
  // Listed = an approved version is public (it stays so while a revision is in review).
  if (product.listedAt) return "listed";
  return product.status === "SUSPENDED" ? "suspended" : null;
}

const RELATED = 4;

interface RelatedRow {
  id: string;
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  stock: number;
  ocopStars: number | null;
  producerName: string;
  provinceName: string;
  hash: string | null;
  width: number | null;
  height: number | null;
  alt: string | null;
}

/**
 * Up to four other listed products: the same producer's first (same OCOP group before others), then
 * the same group's; one statement with their cards. Each side is served by an index (the
 * producer's few products; the group's by Product_listed_group_stars_idx, backwards): one OR over
 * both sorted by stars had to sort a whole group's listed rows on every product view.
 */
async function relatedProducts(product: { id: string; producerId: string; ocopGroup: OcopGroup }) {
  const rows = await database().sql.query<RelatedRow>(
    `WITH "own" AS (
       SELECT p."id", 0 AS "side", (p."ocopGroup" = $3::"OcopGroup") AS "sameGroup",
              coalesce(p."ocopStars", 0) AS "stars", p."listedAt"
         FROM "Product" p
        WHERE p."listedAt" IS NOT NULL AND p."producerId" = $1::uuid AND p."id" <> $2::uuid
        ORDER BY 3 DESC, 4 DESC, p."listedAt" DESC, p."id" DESC
        LIMIT ${RELATED}),
     "grp" AS (
       SELECT p."id", 1 AS "side", TRUE AS "sameGroup", coalesce(p."ocopStars", 0) AS "stars", p."listedAt"
         FROM "Product" p
        WHERE p."listedAt" IS NOT NULL AND p."ocopGroup" = $3::"OcopGroup" AND p."producerId" <> $1::uuid
        ORDER BY coalesce(p."ocopStars", 0) DESC, p."listedAt" DESC, p."id" DESC
        LIMIT ${RELATED}),
     "picked" AS (
       SELECT * FROM (SELECT * FROM "own" UNION ALL SELECT * FROM "grp") u
        ORDER BY "side", "sameGroup" DESC, "stars" DESC, "listedAt" DESC, "id" DESC
        LIMIT ${RELATED})
     SELECT p."id", p."slug", p."name", p."priceVnd", p."unit", p."stock", p."ocopStars",
            pr."name" AS "producerName", pv."name" AS "provinceName",
            ph."hash", ph."width", ph."height", ph."alt"
       FROM "picked" h
       JOIN "Product" p ON p."id" = h."id"
       JOIN "Producer" pr ON pr."id" = p."producerId"
       JOIN "Province" pv ON pv."code" = pr."provinceCode"
       LEFT JOIN LATERAL (
         SELECT f."hash", f."width", f."height", f."alt" FROM "ProductPhoto" f
          WHERE f."productId" = p."id" ORDER BY f."position" LIMIT 1) ph ON TRUE
      ORDER BY h."side", h."sameGroup" DESC, h."stars" DESC, h."listedAt" DESC, h."id" DESC`,
    [product.producerId, product.id, product.ocopGroup],
  );
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    priceVnd: Number(r.priceVnd),
    unit: r.unit,
    stock: Number(r.stock),
    ocopStars: r.ocopStars === null ? null : Number(r.ocopStars),
    producer: { name: r.producerName, province: { name: r.provinceName } },
    photos: r.hash
      ? [{ hash: r.hash, width: Number(r.width), height: Number(r.height), alt: r.alt ?? "" }]
      : [],
  }));
}

interface ProductRow {
  id: string;
  slug: string;
  publicId: string;
  producerId: string;
  name: string;
  description: string;
  ocopGroup: OcopGroup;
  category: string | null;
  unit: string;
  packSize: string | null;
  priceVnd: number;
  stock: number;
  minOrder: number;
  gtin: string | null;
  sku: string | null;
  weightGrams: number | null;
  shelfLifeDays: number | null;
  storage: string | null;
  ingredients: string | null;
  status: string;
  listedAt: Date | null;
  suspensionCause: SuspensionCause | null;
  updatedAt: Date;
  originCommuneName: string | null;
  originCommuneType: string | null;
  originProvinceName: string | null;
  photos: { hash: string; width: number; height: number; alt: string; placeholder: string }[] | string;
  producerSlug: string;
  producerName: string;
  producerKind: ProducerKind;
  producerDescription: string | null;
  logoHash: string | null;
  logoWidth: number | null;
  producerUpdatedAt: Date;
  communeName: string;
  communeType: string;
  provinceName: string;
}

/**
 * The product with its origin, photos and producer in one statement: the page is the catalogue's
 * most viewed, and Prisma's nested select cost seven round trips (and their CPU) per view.
 */
async function publicProduct(slug: string) {
  const [row] = await database().sql.query<ProductRow>(
    `SELECT p."id", p."slug", p."publicId", p."producerId", p."name", p."description", p."ocopGroup",
            p."category", p."unit", p."packSize", p."priceVnd", p."stock", p."minOrder", p."gtin",
            p."sku", p."weightGrams", p."shelfLifeDays", p."storage", p."ingredients", p."status",
            p."listedAt", p."suspensionCause", p."updatedAt",
            oc."name" AS "originCommuneName", oc."type" AS "originCommuneType",
            op."name" AS "originProvinceName",
            coalesce((SELECT json_agg(json_build_object('hash', f."hash", 'width', f."width",
                                        'height', f."height", 'alt', f."alt",
                                        'placeholder', f."placeholder") ORDER BY f."position")
                        FROM (SELECT * FROM "ProductPhoto" WHERE "productId" = p."id"
                               ORDER BY "position" LIMIT 8) f), '[]') AS "photos",
            pr."slug" AS "producerSlug", pr."name" AS "producerName", pr."kind" AS "producerKind",
            pr."description" AS "producerDescription", pr."logoHash", pr."logoWidth",
            pr."updatedAt" AS "producerUpdatedAt",
            c."name" AS "communeName", c."type" AS "communeType", pv."name" AS "provinceName"
       FROM "Product" p
       JOIN "Producer" pr ON pr."id" = p."producerId"
       JOIN "Commune" c ON c."code" = pr."communeCode"
       JOIN "Province" pv ON pv."code" = pr."provinceCode"
       LEFT JOIN "Commune" oc ON oc."code" = p."originCommuneCode"
       LEFT JOIN "Province" op ON op."code" = oc."provinceCode"
      WHERE p."slug" = $1`,
    [slug],
  );
  if (!row) return null;
  const photos = typeof row.photos === "string" ? (JSON.parse(row.photos) as []) : row.photos;
  return {
    ...row,
    priceVnd: Number(row.priceVnd),
    stock: Number(row.stock),
    minOrder: Number(row.minOrder),
    weightGrams: row.weightGrams === null ? null : Number(row.weightGrams),
    shelfLifeDays: row.shelfLifeDays === null ? null : Number(row.shelfLifeDays),
    listedAt: row.listedAt === null ? null : new Date(row.listedAt),
    updatedAt: new Date(row.updatedAt),
    originCommune:
      row.originCommuneName === null
        ? null
        : {
            name: row.originCommuneName,
            type: row.originCommuneType!,
            province: { name: row.originProvinceName! },
          },
    photos,
    producer: {
      slug: row.producerSlug,
      name: row.producerName,
      kind: row.producerKind,
      description: row.producerDescription,
      logoHash: row.logoHash,
      logoWidth: row.logoWidth === null ? null : Number(row.logoWidth),
      updatedAt: new Date(row.producerUpdatedAt),
      commune: { name: row.communeName, type: row.communeType },
      province: { name: row.provinceName },
    },
  };
}

const latest = (...dates: (Date | null | undefined)[]) =>
  new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));

export async function loadProductPage(request: Request, slug: unknown, now = new Date()) {
  const product = await publicProduct(parseSlug(slug));
  const availability = product && availabilityOf(product);
  if (!product || !availability) throw notFound();
  const certificatesQuery = publicCertificates(product);
  const [user, certificates, trace, related] = await Promise.all([
    getOptionalUser(request),
    certificatesQuery,
    latestBatchStory(product, now, certificatesQuery),
    relatedProducts(product),
  ]);
  const locale = await getLocale(request, user?.locale);
  const t = translator(locale);
  const origin = publicOrigin(request);
  const mediaBase = mediaBaseUrl();

  // One badge per kind: the newest certificate of that kind in force today.
  const inForce = certificates.filter((c) => badgeVisible(c, now));
  const badges = inForce
    .filter((c, i) => inForce.findIndex((d) => d.kind === c.kind) === i)
    .map((c) => ({
      id: c.id,
      kind: c.kind as CertificateKind,
      ocopStars: c.ocopStars,
      href: `${certificatesPath(product.slug)}#${certificateAnchor(c.id)}`,
    }));
  // Stars show only while an OCOP certificate backs them (revoked or expired ones lose the mark).
  const ocopStars = activeOcopStars(certificates, now);
  const purchasable = availability === "listed" && product.stock > 0;
  const { producer } = product;
  const groupLabel = t(`products.groups.${product.ocopGroup}`);

  const seo = productSeo(
    {
      origin,
      locale,
      urlLocale: urlLocale(request),
      mediaBase,
      product: {
        slug: product.slug,
        name: product.name,
        description: product.description,
        priceVnd: product.priceVnd,
        unit: product.unit,
        gtin: product.gtin,
        sku: product.sku,
        publicId: product.publicId,
        groupLabel,
        weightGrams: product.weightGrams,
        inStock: purchasable,
        photos: product.photos,
      },
      producer: {
        slug: producer.slug,
        name: producer.name,
        commune: producer.commune.name,
        province: producer.province.name,
      },
      ocopStars,
      certificates: inForce.map((c) => ({
        kind: c.kind as CertificateKind,
        number: c.number,
        issuer: c.issuer,
        ocopStars: c.ocopStars,
        issuedOn: toVnDate(c.issuedOn),
        expiresOn: c.expiresOn ? toVnDate(c.expiresOn) : null,
      })),
    },
    t,
  );

  const traceUrl = trace ? new URL(batchTraceUrl(origin, product, trace.batch)) : null;
  return {
    availability,
    // Buyers see why a suspended product is unavailable (an expired certificate, a decision).
    suspensionCause: availability === "suspended" ? product.suspensionCause : null,
    purchasable,
    mediaBase,
    product: {
      id: product.id,
      slug: product.slug,
      name: product.name,
      description: product.description,
      ocopGroup: product.ocopGroup,
      category: product.category,
      unit: product.unit,
      packSize: product.packSize,
      priceVnd: product.priceVnd,
      inStock: product.stock > 0,
      minOrder: product.minOrder,
      gtin: product.gtin,
      weightGrams: product.weightGrams,
      shelfLifeDays: product.shelfLifeDays,
      storage: product.storage,
      ingredients: product.ingredients,
      origin: product.originCommune
        ? `${product.originCommune.type} ${product.originCommune.name}, ${product.originCommune.province.name}`
        : null,
      photos: product.photos,
    },
    ocopStars,
    badges,
    producer: {
      name: producer.name,
      kind: producer.kind,
      place: `${producer.commune.type} ${producer.commune.name}, ${producer.province.name}`,
      description: producer.description,
      logo: producer.logoHash
        ? photoUrl(producer.logoHash, Math.min(320, producer.logoWidth ?? 320), "webp", mediaBase)
        : null,
      href: producerPath(producer.slug),
    },
    trace: trace
      ? {
          lotNumber: trace.batch.lotNumber,
          harvestedOn: trace.story.harvestRecorded ? trace.story.harvestedOn : null,
          href: traceUrl!.pathname + traceUrl!.search,
          events: trace.story.events,
          chain: trace.story.chain,
        }
      : null,
    related,
    seo,
    // What a conditional request compares: any change to what this page shows.
    lastModified: latest(
      product.updatedAt,
      producer.updatedAt,
      trace?.batch.createdAt,
      trace?.story.lastRecordedAt,
      ...certificates.map((c) => c.updatedAt),
    ),
  };
}

export type ProductPage = Awaited<ReturnType<typeof loadProductPage>>;

/** The certificates page: every certificate of the product with its status today; never the scan. */
export async function loadProductCertificates(request: Request, slug: unknown, now = new Date()) {
  const product = await prisma.product.findUnique({
    where: { slug: parseSlug(slug) },
    select: {
      id: true,
      slug: true,
      name: true,
      producerId: true,
      status: true,
      listedAt: true,
      suspensionCause: true,
      updatedAt: true,
    },
  });
  const availability = product && availabilityOf(product);
  if (!product || !availability) throw notFound();
  const certificates = await publicCertificates(product);
  const origin = publicOrigin(request);
  const path = certificatesPath(product.slug);
  return {
    availability,
    suspensionCause: availability === "suspended" ? product.suspensionCause : null,
    product: { name: product.name, href: productPath(product.slug) },
    canonical: new URL(urlLocale(request) === "en" ? `${path}?lang=en` : path, origin).href,
    certificates: certificates.map((c) => ({
      anchor: certificateAnchor(c.id),
      kind: c.kind as CertificateKind,
      number: c.number,
      issuer: c.issuer,
      issuerLevel: c.issuerLevel,
      standard: c.standard,
      ocopStars: c.ocopStars,
      ocopGroup: c.ocopGroup,
      producerWide: c.productId === null,
      issuedOn: toVnDate(c.issuedOn),
      expiresOn: c.expiresOn ? toVnDate(c.expiresOn) : null,
      revokedOn: c.revokedAt ? toVnDate(c.revokedAt) : null,
      ...certificateStatus(c, now),
    })),
    lastModified: latest(product.updatedAt, ...certificates.map((c) => c.updatedAt)),
  };
}
