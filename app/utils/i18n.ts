import i18next, { type i18n as I18n } from "i18next";
import { en } from "~/i18n/en";
import { vi, type Messages } from "~/i18n/vi";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

export const messages: Record<Locale, Messages> = { vi, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A ready i18next instance for one language (plural rules come from Intl.PluralRules). */
export function createI18n(locale: Locale, resources: Messages = messages[locale]): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: resources } },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

const fixed = new Map<Locale, I18n>();
/** Server-side translate function for a locale (actions, mails). */
export function translator(locale: Locale) {
  let instance = fixed.get(locale);
  if (!instance) fixed.set(locale, (instance = createI18n(locale)));
  return instance.t.bind(instance);
}
