// The public product page and its certificates page: a listed product (the row holds the approved
// values), or a suspended one, which still answers and says why it cannot be bought. Any other
// product does not exist for the public (404). Only public business information about the
// producer leaves this module: never its phone, bank account, representative or tax code.
import { z } from "zod";
import type { OcopGroup } from "~/generated/prisma/enums";
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

const cardSelect = {
  id: true,
  slug: true,
  name: true,
  priceVnd: true,
  unit: true,
  stock: true,
  ocopStars: true,
  ocopGroup: true,
  producerId: true,
  producer: { select: { name: true, province: { select: { name: true } } } },
  photos: {
    select: { hash: true, width: true, height: true, alt: true },
    orderBy: { position: "asc" },
    take: 1,
  },
} as const;

const RELATED = 4;

/**
 * Up to four other listed products: the same producer's first (same OCOP group before others), then
 * the same group's. Two index-served queries: one OR over both sorted by stars had to sort a whole
 * group's listed rows (tens of thousands at national scale) on every product view.
 */
async function relatedProducts(product: { id: string; producerId: string; ocopGroup: OcopGroup }) {
  const order = [
    { ocopStars: { sort: "desc", nulls: "last" } },
    { listedAt: "desc" },
    { id: "desc" },
  ] as const;
  const [own, groupIds] = await Promise.all([
    prisma.product.findMany({
      where: { listedAt: { not: null }, producerId: product.producerId, id: { not: product.id } },
      select: cardSelect,
      orderBy: [...order],
      take: 24,
    }),
    // Served backwards by Product_listed_group_stars_idx (same expression, same direction).
    database().sql.query<{ id: string }>(
      `SELECT id FROM "Product"
        WHERE "listedAt" IS NOT NULL AND "ocopGroup" = $1::"OcopGroup" AND "producerId" <> $2
        ORDER BY coalesce("ocopStars", 0) DESC, "listedAt" DESC, id DESC
        LIMIT ${RELATED}`,
      [product.ocopGroup, product.producerId],
    ),
  ]);
  const ownFirst = [
    ...own.filter((p) => p.ocopGroup === product.ocopGroup),
    ...own.filter((p) => p.ocopGroup !== product.ocopGroup),
  ].slice(0, RELATED);
  const missing = groupIds.slice(0, RELATED - ownFirst.length).map((r) => r.id);
  const others = missing.length
    ? await prisma.product.findMany({ where: { id: { in: missing } }, select: cardSelect })
    : [];
  others.sort((a, b) => missing.indexOf(a.id) - missing.indexOf(b.id));
  return [...ownFirst, ...others].map(({ producerId: _p, ocopGroup: _g, ...card }) => card);
}

const latest = (...dates: (Date | null | undefined)[]) =>
  new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));

export async function loadProductPage(request: Request, slug: unknown, now = new Date()) {
  const product = await prisma.product.findUnique({
    where: { slug: parseSlug(slug) },
    select: {
      id: true,
      slug: true,
      publicId: true,
      producerId: true,
      name: true,
      description: true,
      ocopGroup: true,
      category: true,
      unit: true,
      packSize: true,
      priceVnd: true,
      stock: true,
      minOrder: true,
      gtin: true,
      sku: true,
      weightGrams: true,
      shelfLifeDays: true,
      storage: true,
      ingredients: true,
      status: true,
      listedAt: true,
      suspensionCause: true,
      updatedAt: true,
      originCommune: { select: { name: true, type: true, province: { select: { name: true } } } },
      photos: {
        select: { hash: true, width: true, height: true, alt: true, placeholder: true },
        orderBy: { position: "asc" },
        take: 8,
      },
      producer: {
        select: {
          slug: true,
          name: true,
          kind: true,
          description: true,
          logoHash: true,
          logoWidth: true,
          updatedAt: true,
          commune: { select: { name: true, type: true } },
          province: { select: { name: true } },
        },
      },
    },
  });
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
