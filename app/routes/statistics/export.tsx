// /statistics/export/xlsx|csv: the statistics page's figures as a download (same access and query).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStatisticsScope } from "~/modules/statistics/access.server";
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  exportFileName,
  statisticsCsv,
  statisticsXlsx,
  type ExportFormat,
} from "~/modules/statistics/export.server";
import { provinceStatistics } from "~/modules/statistics/statistics.server";
import { getLocale } from "~/utils/locale.server";
import { translator } from "~/utils/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = await requireStatisticsScope(request);
  const format = params.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new Response("Not found", { status: 404 });
  const stats = await provinceStatistics(
    scope.provinceCode,
    scope.periodError ? {} : { from: scope.from, to: scope.to },
  );
  if (!stats) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request, scope.user.locale);
  const t = translator(locale);
  const body = format === "xlsx" ? await statisticsXlsx(stats, t, locale) : statisticsCsv(stats, t, locale);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${exportFileName(stats, t, format)}"`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
