// How the statistics page writes numbers: Vietnamese grouping and decimal comma (or English), shares
// as percentages, lead times in the unit that reads best. Plain module: server and browser.
import type { TFunction } from "i18next";
import type { Locale } from "~/utils/i18n";
import { DAY_MS } from "./lead-time";

const BCP47: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };
const HOUR_MS = 60 * 60 * 1000;

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale]).format(value);
}

/** A share (0–1) as a percentage with at most one decimal: "33,3%". Null when there is no base. */
export function formatShare(share: number | null, locale: Locale): string {
  if (share === null) return "–";
  return new Intl.NumberFormat(BCP47[locale], { style: "percent", maximumFractionDigits: 1 }).format(share);
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** A duration in days (one decimal), or hours or minutes when under a day or an hour. */
export function formatDuration(ms: number | null, t: TFunction, locale: Locale): string {
  if (ms === null) return "–";
  const number = (value: number) =>
    new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits: 1 }).format(value);
  if (ms >= DAY_MS) return t("statistics.leadTime.days", { value: number(ms / DAY_MS) });
  if (ms >= HOUR_MS) return t("statistics.leadTime.hours", { value: number(ms / HOUR_MS) });
  return t("statistics.leadTime.minutes", { value: number(Math.max(0, Math.round(ms / 60_000))) });
}
