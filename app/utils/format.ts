import { TIME_ZONE, type Locale } from "./i18n";

const BCP47: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };

/** Money is always VND formatted the Vietnamese way ("185.000 ₫"), whatever the UI language. */
export function formatVnd(amount: number): string {
  return new Intl.NumberFormat("vi-VN", { style: "currency", currency: "VND" }).format(amount);
}

export function formatDateTime(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(BCP47[locale], {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(date));
}

export function formatDate(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(BCP47[locale], { timeZone: TIME_ZONE, dateStyle: "medium" }).format(
    new Date(date),
  );
}
