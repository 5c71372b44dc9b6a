// The portal's channels and their connectors, and what connectors see of a product.
import { env } from "~/utils/env.server";
import { database, prisma } from "~/utils/db.server";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { photoUrl } from "~/modules/photos/urls";
import { productPath } from "~/modules/catalogue/product-links";
import type { ApiConnector, ChannelProduct } from "./connector";
import { createHttpConnector } from "./http-connector";

let apiConnector: ApiConnector | null | undefined;

/** The API connector of a channel, or null (not an API channel, or not configured here). */
export function apiConnectorFor(channelId: string): ApiConnector | null {
  if (channelId !== "market-api") return null;
  if (apiConnector === undefined) {
    const { MARKET_API_URL, MARKET_PARTNER_ID, MARKET_SECRET } = env();
    apiConnector =
      MARKET_API_URL && MARKET_PARTNER_ID && MARKET_SECRET
        ? createHttpConnector({
            name: "market-api",
            baseUrl: MARKET_API_URL,
            partnerId: MARKET_PARTNER_ID,
            secret: MARKET_SECRET,
          })
        : null;
  }
  return apiConnector;
}

/** Tests that change the environment: build connectors again. */
export function resetConnectors() {
  apiConnector = undefined;
}

function origin(): string {
  return env().APP_ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

const productSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  priceVnd: true,
  unit: true,
  stock: true,
  gtin: true,
  sku: true,
  ocopGroup: true,
  category: true,
  ocopStars: true,
  weightGrams: true,
  listedAt: true,
  producer: { select: { name: true, slug: true, province: { select: { name: true } } } },
  photos: { select: { hash: true, width: true }, orderBy: { position: "asc" as const }, take: 10 },
} as const;

/** What connectors see of a product, flat (as Prisma's nested select or the feed's SQL reads it). */
interface ProductRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  priceVnd: number;
  unit: string;
  stock: number;
  gtin: string | null;
  sku: string | null;
  ocopGroup: string;
  category: string | null;
  ocopStars: number | null;
  weightGrams: number | null;
  listedAt: Date | string | null;
  producerName: string;
  producerSlug: string;
  provinceName: string;
  photos: { hash: string; width: number }[];
}

function toChannelProduct(p: ProductRow, base: string, media: string): ChannelProduct {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    link: new URL(productPath(p.slug), base).href,
    imageLinks: p.photos.map(
      (ph) => new URL(photoUrl(ph.hash, Math.min(1280, ph.width), "jpg", media), base).href,
    ),
    priceVnd: p.priceVnd,
    unit: p.unit,
    stock: Math.max(0, p.stock),
    gtin: p.gtin,
    sku: p.sku,
    brand: p.producerName,
    producerSlug: p.producerSlug,
    provinceName: p.provinceName,
    ocopGroup: p.ocopGroup,
    category: p.category,
    ocopStars: p.ocopStars,
    weightGrams: p.weightGrams,
    listed: p.listedAt !== null,
  };
}

/** Products as connectors see them (absolute links, JPEG photos), in the order asked. */
export async function channelProducts(ids: string[]): Promise<ChannelProduct[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.product.findMany({ where: { id: { in: ids } }, select: productSelect });
  const media = mediaBaseUrl();
  const base = origin();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    const { producer, ...rest } = p;
    return [
      toChannelProduct(
        {
          ...rest,
          producerName: producer.name,
          producerSlug: producer.slug,
          provinceName: producer.province.name,
        },
        base,
        media,
      ),
    ];
  });
}

type ListedRow = Omit<ProductRow, "photos"> & { photos: { hash: string; width: number }[] | null };

/**
 * Every listed product, a page at a time (feeds and spreadsheets stream it). One plain statement
 * per page, keyset on id: Prisma's nested reads cost most of a 100,000-product feed's CPU.
 */
export async function* listedChannelProducts(
  options: { provinceCode?: string; pageSize?: number } = {},
): AsyncGenerator<ChannelProduct> {
  const pageSize = options.pageSize ?? 2000;
  const media = mediaBaseUrl();
  const base = origin();
  let after: string | null = null;
  for (;;) {
    const rows: ListedRow[] = await database().sql.query<ListedRow>(
      `SELECT p."id", p."slug", p."name", p."description", p."priceVnd", p."unit", p."stock", p."gtin",
              p."sku", p."ocopGroup", p."category", p."ocopStars", p."weightGrams", p."listedAt",
              pr."name" AS "producerName", pr."slug" AS "producerSlug", pv."name" AS "provinceName",
              ph."photos"
         FROM "Product" p
         JOIN "Producer" pr ON pr."id" = p."producerId"
         JOIN "Province" pv ON pv."code" = pr."provinceCode"
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_object('hash', f."hash", 'width', f."width")
                           ORDER BY f."position", f."id") AS "photos"
             FROM (SELECT f."hash", f."width", f."position", f."id" FROM "ProductPhoto" f
                    WHERE f."productId" = p."id" ORDER BY f."position", f."id" LIMIT 10) f) ph ON TRUE
        WHERE p."listedAt" IS NOT NULL
          AND ($1::uuid IS NULL OR p."id" > $1::uuid)
          AND ($2::text IS NULL OR pr."provinceCode" = $2::text)
        ORDER BY p."id"
        LIMIT ${Math.max(1, Math.floor(pageSize))}`,
      [after, options.provinceCode ?? null],
    );
    for (const r of rows)
      yield toChannelProduct(
        {
          ...r,
          priceVnd: Number(r.priceVnd),
          stock: Number(r.stock),
          ocopStars: r.ocopStars === null ? null : Number(r.ocopStars),
          weightGrams: r.weightGrams === null ? null : Number(r.weightGrams),
          photos: r.photos ?? [],
        },
        base,
        media,
      );
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
