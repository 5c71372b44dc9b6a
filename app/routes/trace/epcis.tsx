// The public EPCIS 2.0 (JSON-LD) document of a batch: /t/{publicId}/{lot}/epcis, where a Digital
// Link's `?linkType=gs1:traceability` leads. Listed or suspended products only; 404 otherwise.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/modules/batches/batches.server";
import { publicBatchEpcis, traceNotFound } from "~/modules/batches/trace.server";
import { gs1TextProblem } from "~/modules/traceability/digital-link";
import { getT } from "~/utils/locale.server";

const PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { publicId = "", lot = "" } = params;
  if (!PUBLIC_ID.test(publicId) || gs1TextProblem(lot) !== null) throw traceNotFound("malformed");
  const result = await publicBatchEpcis(publicOrigin(request), publicId, lot);
  if (!result.ok && result.reason === "unknown") throw traceNotFound("unknown");
  if (!result.ok) {
    const { t } = await getT(request);
    return new Response(t("batches.trace.epcisBrokenChain"), {
      status: 409,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(JSON.stringify(result.document, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      // Public trace data, the same for everyone: other traceability systems may fetch it.
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
