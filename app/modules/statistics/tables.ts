// The statistics as tables for the downloads: one table per XLSX sheet, and the same figures in long
// format (section, label, sublabel, value) for CSV. Plain module: no database, no spreadsheet code.
import type { TFunction } from "i18next";
import { PRODUCT_STATUSES } from "~/modules/reviews/state-machine";
import { formatDateTime } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { msToDays } from "./lead-time";
import type { ProvinceStatistics } from "./statistics.server";

/** A calendar date cell ('YYYY-MM-DD'): a real date in XLSX, the ISO text in CSV. */
export interface DateCell {
  date: string;
}
export type Cell = string | number | DateCell | null;

export const SHEETS = [
  "summary",
  "producersByCommune",
  "productsByStatus",
  "productsByCommune",
  "ocopByStars",
  "ocopByGroup",
  "certificates",
] as const;
export type SheetKey = (typeof SHEETS)[number];

export interface StatTable {
  key: SheetKey;
  title: string;
  header: string[];
  rows: Cell[][];
}

export interface LongRow {
  section: string;
  label: string;
  sublabel: string;
  value: Cell;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function summaryRows(s: ProvinceStatistics, t: TFunction, locale: Locale): [string, Cell][] {
  const r = (key: string) => t(`statistics.export.rows.${key}`);
  const days = (ms: number | null) => (ms === null ? null : msToDays(ms));
  return [
    [r("province"), `${s.province.type} ${s.province.name}`],
    [r("generatedAt"), formatDateTime(s.generatedAt, locale)],
    [r("producers"), s.producers.total],
    [r("onboarded"), s.producers.onboardedByHelpers],
    [r("claimed"), s.producers.claimed],
    [r("products"), s.products.total],
    [r("ocop"), s.ocop.total],
    [r("listed"), s.trace.listed],
    [r("traceComplete"), s.trace.complete],
    [r("traceShare"), s.trace.listed ? round((s.trace.complete / s.trace.listed) * 100, 1) : null],
    [r("periodFrom"), s.leadTime.period.from ? { date: s.leadTime.period.from } : null],
    [r("periodTo"), s.leadTime.period.to ? { date: s.leadTime.period.to } : null],
    [r("leadTimeCount"), s.leadTime.count],
    [r("leadTimeP50"), days(s.leadTime.p50Ms)],
    [r("leadTimeP90"), days(s.leadTime.p90Ms)],
    [r("within30"), s.certificates.within30],
    [r("within60"), s.certificates.within60],
    [r("expired"), s.certificates.expired],
    [r("revoked"), s.certificates.revoked],
  ];
}

export function statisticsTables(s: ProvinceStatistics, t: TFunction, locale: Locale): StatTable[] {
  const title = (key: SheetKey) => t(`statistics.export.sheets.${key}`);
  const col = (key: string) => t(`statistics.export.columns.${key}`);
  const status = (code: string) => t(`status.${code}`);
  return [
    {
      key: "summary",
      title: title("summary"),
      header: [col("indicator"), col("value")],
      rows: summaryRows(s, t, locale),
    },
    {
      key: "producersByCommune",
      title: title("producersByCommune"),
      header: [col("communeCode"), col("commune"), t("statistics.producers.count")],
      rows: s.producers.byCommune.map((c) => [c.code, c.name, c.count]),
    },
    {
      key: "productsByStatus",
      title: title("productsByStatus"),
      header: [t("statistics.products.status"), t("statistics.products.count")],
      rows: PRODUCT_STATUSES.map((st) => [status(st), s.products.byStatus[st]]),
    },
    {
      key: "productsByCommune",
      title: title("productsByCommune"),
      header: [
        col("communeCode"),
        col("commune"),
        ...PRODUCT_STATUSES.map(status),
        t("statistics.products.total"),
      ],
      rows: s.products.byCommune.map((c) => [
        c.code,
        c.name,
        ...PRODUCT_STATUSES.map((st) => c.byStatus[st]),
        c.total,
      ]),
    },
    {
      key: "ocopByStars",
      title: title("ocopByStars"),
      header: [t("statistics.ocop.stars"), t("statistics.products.count")],
      rows: s.ocop.byStars.map((r) => [r.stars, r.count]),
    },
    {
      key: "ocopByGroup",
      title: title("ocopByGroup"),
      header: [t("statistics.ocop.group"), t("statistics.products.count")],
      rows: s.ocop.byGroup.map((r) => [t(`products.groups.${r.group}`), r.count]),
    },
    {
      key: "certificates",
      title: title("certificates"),
      header: [
        t("statistics.certificates.expiresOn"),
        t("statistics.certificates.daysLeft"),
        t("statistics.certificates.kind"),
        t("statistics.certificates.number"),
        t("statistics.certificates.product"),
        t("statistics.certificates.producer"),
      ],
      rows: s.certificates.expiring.map((c) => [
        { date: c.expiresOn },
        c.daysLeft,
        t(`certificates.kinds.${c.kind}`),
        c.number,
        c.product ?? t("statistics.certificates.producerWide"),
        c.producer,
      ]),
    },
  ];
}

/** The same figures, one value a row: what a pivot table or a database import wants. */
export function statisticsLongRows(s: ProvinceStatistics, t: TFunction, locale: Locale): LongRow[] {
  const section = (key: SheetKey) => t(`statistics.export.sheets.${key}`);
  const status = (code: string) => t(`status.${code}`);
  const rows: LongRow[] = [];
  const add = (key: SheetKey, label: string, sublabel: string, value: Cell) =>
    rows.push({ section: section(key), label, sublabel, value });

  for (const [label, value] of summaryRows(s, t, locale)) add("summary", label, "", value);
  for (const c of s.producers.byCommune) add("producersByCommune", c.name, c.code, c.count);
  for (const st of PRODUCT_STATUSES) add("productsByStatus", status(st), "", s.products.byStatus[st]);
  for (const c of s.products.byCommune) {
    for (const st of PRODUCT_STATUSES) {
      if (c.byStatus[st]) add("productsByCommune", c.name, status(st), c.byStatus[st]);
    }
  }
  for (const r of s.ocop.byStars)
    add("ocopByStars", t("statistics.ocop.starsValue", { count: r.stars }), "", r.count);
  for (const r of s.ocop.byGroup) add("ocopByGroup", t(`products.groups.${r.group}`), "", r.count);
  for (const c of s.certificates.expiring) {
    const product = c.product ?? t("statistics.certificates.producerWide");
    add("certificates", `${product} — ${c.producer}`, `${t(`certificates.kinds.${c.kind}`)} ${c.number}`, {
      date: c.expiresOn,
    });
  }
  return rows;
}
