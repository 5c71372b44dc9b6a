// GET /robots.txt: public pages open, work areas and search pagination closed, where the sitemap is.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { robotsTxt } from "~/modules/catalogue/sitemap";
import { publicOrigin } from "~/modules/catalogue/sitemap.server";

export function loader({ request }: LoaderFunctionArgs) {
  return new Response(robotsTxt(publicOrigin(request)), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
