// The statistics as downloads: XLSX (one sheet per table, bold header, numbers and dates as such)
// and CSV (long format, see csv.ts).
import ExcelJS from "exceljs";
import type { TFunction } from "i18next";
import type { Locale } from "~/utils/i18n";
import { csvDocument } from "./csv";
import type { ProvinceStatistics } from "./statistics.server";
import { statisticsLongRows, statisticsTables, type Cell } from "./tables";

export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

const DATE_FORMAT = "dd/mm/yyyy";

function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (cell && typeof cell === "object") return new Date(`${cell.date}T00:00:00Z`);
  return cell;
}

export async function statisticsXlsx(
  stats: ProvinceStatistics,
  t: TFunction,
  locale: Locale,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = t("app.name");
  workbook.created = new Date(stats.generatedAt);
  for (const table of statisticsTables(stats, t, locale)) {
    const sheet = workbook.addWorksheet(table.title, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(row.map(xlsxValue));
      row.forEach((cell, i) => {
        if (cell && typeof cell === "object") added.getCell(i + 1).numFmt = DATE_FORMAT;
      });
    }
    sheet.columns.forEach((column, i) => {
      const widest = Math.max(
        ...[table.header, ...table.rows].map((r) => {
          const cell = r[i];
          return cell && typeof cell === "object" ? 10 : String(cell ?? "").length;
        }),
      );
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function statisticsCsv(stats: ProvinceStatistics, t: TFunction, locale: Locale): Buffer {
  const col = (key: string) => t(`statistics.export.columns.${key}`);
  const rows = statisticsLongRows(stats, t, locale).map((r) => [
    r.section,
    r.label,
    r.sublabel,
    r.value && typeof r.value === "object" ? r.value.date : r.value,
  ]);
  return Buffer.from(
    csvDocument([[col("section"), col("label"), col("sublabel"), col("value")], ...rows]),
    "utf8",
  );
}

/** "thong-ke-ocop-68-2026-12-01.xlsx": ASCII only, safe in a Content-Disposition header. */
export function exportFileName(stats: ProvinceStatistics, t: TFunction, format: ExportFormat): string {
  return `${t("statistics.export.fileName")}-${stats.province.code}-${stats.today}.${format}`;
}
