// /operator/marketplaces/export/:file: a channel's file (postmart/voso XLSX, Google RSS/TSV) or the
// listed batches' EPCIS document, streamed as it is written. Only products valid for the channel.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { publicOrigin } from "~/modules/batches/batches.server";
import { streamExport } from "~/modules/marketplaces/operator.server";
import { requireRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  const download = streamExport(params.file, publicOrigin(request));
  if (!download) throw new Response("Not found", { status: 404 });
  return new Response(createReadableStreamFromReadable(download.body), {
    headers: {
      "Content-Type": download.contentType,
      "Content-Disposition": `attachment; filename="${download.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
