// Data of the buyers' catalogue pages besides the search itself: the public producer record, the
// home page's browse lists, absolute canonical URLs. Only public fields leave this module: a
// producer's phone, bank account, representative and street (personal data of household
// businesses) never do.
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { catalogueFacets, searchCatalogue } from "./search.server";

/** The public origin: APP_ORIGIN when set (behind a proxy), else the request's. */
export function publicOrigin(request: Request): string {
  return new URL(env().APP_ORIGIN ?? request.url).origin;
}

/**
 * An absolute canonical URL: `path` with only `keep` of the request's parameters, plus its
 * `?lang=` (each language version is its own canonical page).
 */
export function canonicalUrl(request: Request, path: string, keep: Record<string, string | undefined> = {}) {
  const url = new URL(path, publicOrigin(request));
  for (const [key, value] of Object.entries(keep)) if (value) url.searchParams.set(key, value);
  const lang = new URL(request.url).searchParams.get("lang");
  if (lang === "en" || lang === "vi") url.searchParams.set("lang", lang);
  return url.href;
}

/** A producer's public page, or null when unknown or with nothing listed (nothing public to show). */
export async function publicProducer(slug: string | undefined) {
  if (!slug || slug.length > 200) return null;
  const producer = await prisma.producer.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      kind: true,
      taxCode: true,
      description: true,
      logoHash: true,
      logoWidth: true,
      updatedAt: true,
      commune: { select: { name: true, type: true } },
      province: { select: { code: true, name: true } },
    },
  });
  if (!producer) return null;
  // Counted apart: Prisma's _count grouped every product of the catalogue to count one producer's.
  const listed = await prisma.product.count({ where: { producerId: producer.id, listedAt: { not: null } } });
  if (listed === 0) return null;
  const { logoHash, logoWidth, ...rest } = producer;
  return {
    ...rest,
    listed,
    logo: logoHash ? { hash: logoHash, width: Math.min(320, logoWidth ?? 320) } : null,
    mediaBase: mediaBaseUrl(),
  };
}

export type PublicProducer = NonNullable<Awaited<ReturnType<typeof publicProducer>>>;

const FEATURED = 12;

/** Home: featured products, the listed count, and provinces and groups to browse (with counts). */
export async function homeCatalogue() {
  // Most stars first, then the newest listed: straight from an index, whatever the catalogue's size.
  const [featured, overview] = await Promise.all([
    searchCatalogue({ sort: "stars" }, { facets: false, pageSize: FEATURED }),
    catalogueFacets(),
  ]);
  return {
    featured: featured.items,
    total: overview.total,
    provinces: overview.facets.province,
    groups: overview.facets.group.filter((g) => g.count > 0),
    lastModified: overview.lastModified,
    mediaBase: mediaBaseUrl(),
  };
}
