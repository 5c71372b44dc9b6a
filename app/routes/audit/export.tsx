// The audit log as CSV: the page's filters and scope, every matching record, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditOrigin, recordAudit } from "~/modules/audit/audit.server";
import { auditCsvFileName, auditCsvStream } from "~/modules/audit/audit-export.server";
import { filtersToParams, parseAuditFilters, requireAuditViewer } from "~/modules/audit/audit-query.server";
import { getLocale } from "~/utils/locale.server";
import { translator } from "~/utils/i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireAuditViewer(request);
  const locale = await getLocale(request, viewer.locale);
  const parsed = parseAuditFilters(new URL(request.url).searchParams);
  if (!parsed.ok) {
    const t = translator(locale);
    const message = Object.values(parsed.errors)
      .map((key) => t(`audit.errors.${key}`))
      .join("\n");
    return new Response(`${t("audit.errors.summary")}\n${message}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  // Who took a copy of the log, and of what, is itself on the record.
  await recordAudit({
    actor: { id: viewer.id, role: viewer.role },
    action: "audit.export",
    target: { type: "AuditLog", id: "csv" },
    provinceCode: viewer.role === "OFFICIAL" ? viewer.provinceCode : (parsed.filters.province ?? null),
    details: Object.fromEntries(filtersToParams(parsed.filters)),
    origin: auditOrigin(context),
  });
  return new Response(auditCsvStream(viewer, parsed.filters, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${auditCsvFileName(locale)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
