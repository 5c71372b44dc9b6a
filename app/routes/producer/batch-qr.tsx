// The QR code of a batch's trace URL (GS1 Digital Link, or /t/{publicId}/{lot} without a GTIN):
// /qr/svg for print shops and design tools, /qr/png?size=… for everything else.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchTraceUrl, publicOrigin, requireBatch } from "~/modules/batches/batches.server";
import { qrPng, qrSvg } from "~/modules/labels/qr";
import { notFound, requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";

const DEFAULT_PNG_PX = 512;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true, gtin: true, publicId: true });
  const batch = await requireBatch(product.id, params.batchId);
  const url = batchTraceUrl(publicOrigin(request), product, batch);
  const name = `qr-${batch.lotNumber.replace(/[^A-Za-z0-9-]+/g, "_")}`;
  // The URL follows the product (a GTIN added later changes it): never cache it for long.
  const common = { "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff" };
  if (params.format === "svg") {
    return new Response(await qrSvg(url), {
      headers: {
        ...common,
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Content-Disposition": `inline; filename="${name}.svg"`,
      },
    });
  }
  if (params.format === "png") {
    const asked = Number(new URL(request.url).searchParams.get("size") ?? DEFAULT_PNG_PX);
    const size = Number.isInteger(asked) ? Math.min(2048, Math.max(128, asked)) : DEFAULT_PNG_PX;
    return new Response(new Uint8Array(await qrPng(url, size)), {
      headers: {
        ...common,
        "Content-Type": "image/png",
        "Content-Disposition": `inline; filename="${name}.png"`,
      },
    });
  }
  throw notFound();
}
