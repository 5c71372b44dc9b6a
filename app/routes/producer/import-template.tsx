// The import template as a download: XLSX by default, `?format=csv` for CSV (UTF-8 with a BOM).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { TEMPLATE_FILE_NAME, templateCsv, templateXlsx } from "~/modules/imports/template.server";
import { requireProducerAccess } from "~/modules/producers/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireProducerAccess(request, params.producerId);
  const csv = new URL(request.url).searchParams.get("format") === "csv";
  const body = csv ? await templateCsv() : await templateXlsx();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${TEMPLATE_FILE_NAME}.${csv ? "csv" : "xlsx"}"`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-cache",
    },
  });
}
