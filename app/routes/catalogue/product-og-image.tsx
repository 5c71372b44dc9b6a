// GET /san-pham/:slug/og.png: the product's 1200×630 Open Graph image (listed products only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { productOgImage } from "~/modules/catalogue/og-image.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const image = await productOgImage(params.slug ?? "");
  if (!image)
    throw new Response("Not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const validators = {
    "Cache-Control": "public, max-age=86400",
    // Named by what is drawn on it: the same name means the same bytes.
    ETag: `"${image.key}"`,
  };
  // Revalidation costs one query: the image is not even read.
  const tags = request.headers.get("If-None-Match") ?? "";
  if (tags.split(",").some((tag) => tag.trim().replace(/^W\//, "") === validators.ETag))
    return new Response(null, { status: 304, headers: validators });
  const png = await image.png();
  return new Response(new Uint8Array(png), {
    headers: { ...validators, "Content-Type": "image/png", "Content-Length": String(png.byteLength) },
  });
}
