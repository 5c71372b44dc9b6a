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

const shared = new Map<Locale, I18n>();
/**
 * One instance per language for the whole process: nothing changes its language or resources, and
 * building one (i18next parses the whole bundle) on every server render cost more than the render.
 */
export function sharedI18n(locale: Locale): I18n {
  let instance = shared.get(locale);
  if (!instance) shared.set(locale, (instance = createI18n(locale)));
  return instance;
}

/** Server-side translate function for a locale (actions, mails). */
export function translator(locale: Locale) {
  const instance = sharedI18n(locale);
  return instance.t.bind(instance);
}
