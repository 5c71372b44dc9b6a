// The portal's channels and their connectors, and what connectors see of a product.
import { env } from "~/utils/env.server";
import { prisma } from "~/utils/db.server";
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
    return [
      {
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
        brand: p.producer.name,
        producerSlug: p.producer.slug,
        provinceName: p.producer.province.name,
        ocopGroup: p.ocopGroup,
        category: p.category,
        ocopStars: p.ocopStars,
        weightGrams: p.weightGrams,
        listed: p.listedAt !== null,
      },
    ];
  });
}

/** Every listed product, a page at a time (feeds and spreadsheets stream it). */
export async function* listedChannelProducts(options: { provinceCode?: string; pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? 500;
  let after: string | undefined;
  for (;;) {
    const page = await prisma.product.findMany({
      where: {
        listedAt: { not: null },
        ...(options.provinceCode ? { producer: { provinceCode: options.provinceCode } } : {}),
        ...(after ? { id: { gt: after } } : {}),
      },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true },
    });
    if (page.length === 0) return;
    for (const product of await channelProducts(page.map((p) => p.id))) yield product;
    after = page.at(-1)!.id;
  }
}
