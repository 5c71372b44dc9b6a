// GET /sitemap.xml: the sitemap index (pages, then products and producers in files of ≤ 50,000).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { sitemapIndexXml } from "~/modules/catalogue/sitemap";
import { publicOrigin, sitemapIndexEntries } from "~/modules/catalogue/sitemap.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const entries = await sitemapIndexEntries();
  const newest = Math.max(0, ...entries.map((e) => e.lastmod?.getTime() ?? 0));
  const headers = new Headers({
    "Content-Type": "application/xml; charset=utf-8",
    "Cache-Control": "public, max-age=3600",
  });
  if (newest) headers.set("Last-Modified", new Date(newest).toUTCString());
  // Small (a line per 50,000 URLs): server/http-cache.ts adds its ETag.
  return new Response(sitemapIndexXml(publicOrigin(request), entries), { headers });
}
