// The batch's farm diary as an EPCIS 2.0 JSON-LD document (a download).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchEpcis, loadDiary, publicOrigin, requireBatch } from "~/modules/batches/batches.server";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { getT } from "~/utils/locale.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true });
  const batch = await requireBatch(product.id, params.batchId);
  const diary = await loadDiary(batch.id);
  if (!diary.verification.ok) {
    // Exporting altered events as trace data would pass the alteration on to whoever imports it.
    const { t } = await getT(request);
    return new Response(t("batches.errors.brokenChain"), {
      status: 409,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const document = await batchEpcis(publicOrigin(request), product.id, batch, diary);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="epcis-${batch.lotNumber.replace(/[^A-Za-z0-9-]+/g, "_")}.jsonld"`,
      "Cache-Control": "private, no-store",
    },
  });
}
