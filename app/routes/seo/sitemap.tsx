// GET /sitemaps/:name — pages.xml, products-N.xml, producers-N.xml: one <urlset>, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseSitemapName } from "~/modules/catalogue/sitemap";
import { publicOrigin, sitemapFile } from "~/modules/catalogue/sitemap.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const name = parseSitemapName(params.name ?? "");
  const file = name ? await sitemapFile(publicOrigin(request), name) : null;
  if (!file) throw notFound();
  const headers = new Headers({
    "Content-Type": "application/xml; charset=utf-8",
    "Cache-Control": "public, max-age=3600",
    // Set here, before the body streams: server/http-cache.ts answers 304 without reading it.
    ETag: file.etag,
  });
  if (file.lastModified) headers.set("Last-Modified", file.lastModified.toUTCString());
  return new Response(file.body, { headers });
}

const notFound = () =>
  new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
