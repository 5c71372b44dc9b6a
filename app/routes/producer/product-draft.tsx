import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { draftFromForm, saveDraft } from "~/modules/products/drafts.server";

// Autosave endpoint (fetcher only): stores whatever was typed, valid or not.
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const formData = await request.formData();
  const productId = formData.get("productId");
  if (typeof productId === "string" && productId) await requireOwnProduct(access, productId, { id: true });
  await saveDraft(
    access,
    typeof productId === "string" && productId ? productId : null,
    draftFromForm(formData),
  );
  return data({ savedAt: new Date().toISOString() });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireProducerAccess(request, params.producerId);
  throw new Response("Not found", { status: 404 });
}
