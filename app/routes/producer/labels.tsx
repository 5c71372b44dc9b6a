// A4 label sheet (PDF) for batches of a product. A resource route: the form that drives it (which
// batches, label size, labels per batch) is on the batches page, and submits here with GET —
// printing changes nothing. Without a selection, or with a bad one, it leads back to that form.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { labelQuerySchema, MAX_LABEL_COPIES, MAX_LABELS_PER_SHEET } from "~/modules/batches/batch-schema";
import { labelSheet, publicOrigin } from "~/modules/batches/batches.server";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true, slug: true });
  const form = `/producer/${access.producer.id}/products/${product.id}/batches#labels`;
  const query = new URL(request.url).searchParams;
  if (!query.has("batch") && !query.has("size")) return redirect(form);

  const { t } = await getT(request);
  const back = async (message: string) =>
    redirect(form, { headers: { "Set-Cookie": await setFlash(request, { kind: "error", message }) } });
  const parsed = labelQuerySchema.safeParse({
    batch: query.getAll("batch"),
    size: query.get("size") ?? undefined,
    copies: query.get("copies") || undefined,
  });
  if (!parsed.success) {
    return back(
      query.getAll("batch").length === 0
        ? t("batches.labels.errorNone")
        : t("batches.labels.errorInvalid", { max: MAX_LABEL_COPIES, total: MAX_LABELS_PER_SHEET }),
    );
  }
  const pdf = await labelSheet(publicOrigin(request), product.id, parsed.data);
  if (!pdf) return back(t("batches.labels.errorNone")); // none of the ids is a batch of this product
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="tem-qr-${product.slug}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
