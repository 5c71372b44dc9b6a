// The audit log as a CSV download, streamed page by page: memory stays flat however many records match.
import { toVnIsoDateTime } from "~/modules/traceability/vn-time";
import { translator, type Locale } from "~/utils/i18n";
import { iterateAudit, type AuditFilters, type AuditRow, type AuditViewer } from "./audit-query.server";
import { CSV_BOM, csvRow } from "./csv";
import { auditActionLabel, auditRoleLabel } from "./labels";

const COLUMNS = [
  "atUtc",
  "atVietnam",
  "actorId",
  "actorName",
  "actorRole",
  "action",
  "actionLabel",
  "targetType",
  "targetId",
  "province",
  "beforeHash",
  "afterHash",
  "ip",
  "requestId",
  "details",
] as const;

export function auditCsvFileName(locale: Locale, now = new Date()): string {
  return `${translator(locale)("audit.csv.fileName")}-${toVnIsoDateTime(now).slice(0, 10)}.csv`;
}

export function auditCsvLines(locale: Locale, rows: readonly AuditRow[]): string {
  const t = translator(locale);
  return rows
    .map((r) =>
      csvRow([
        r.at.toISOString(),
        toVnIsoDateTime(r.at),
        r.actorId,
        r.actorName ?? t("audit.system"),
        auditRoleLabel(t, r.actorRole),
        r.action,
        auditActionLabel(t, r.action),
        r.targetType,
        r.targetId,
        r.provinceCode,
        r.beforeHash,
        r.afterHash,
        r.ip,
        r.requestId,
        JSON.stringify(r.details ?? {}),
      ]),
    )
    .join("");
}

/** BOM, the header row in the viewer's language, then every matching record, newest first. */
export function auditCsvStream(
  viewer: AuditViewer,
  filters: AuditFilters,
  locale: Locale,
  pageSize = 500,
): ReadableStream<Uint8Array> {
  const t = translator(locale);
  const encoder = new TextEncoder();
  const pages = iterateAudit(viewer, filters, pageSize);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRow(COLUMNS.map((c) => t(`audit.csv.${c}`)))));
        return;
      }
      try {
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(auditCsvLines(locale, next.value)));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
