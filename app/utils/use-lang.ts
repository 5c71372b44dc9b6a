import { useTranslation } from "react-i18next";
import { isLocale, type Locale } from "./i18n";

/** The page's language, for formatting dates and numbers in components. */
export function useLang(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : "vi";
}
