import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./i18n";

// Not signed: it holds only "vi" or "en", and anything else is ignored.
export const localeCookie = createCookie("lng", { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });

/** The query parameter that picks a page's language in its URL (`?lang=en`): the form hreflang links use. */
export const LANG_PARAM = "lang";

/** The language the URL itself asks for (`?lang=vi|en`), or null. */
export function urlLocale(request: Request): Locale | null {
  const asked = new URL(request.url).searchParams.get(LANG_PARAM);
  return isLocale(asked) ? asked : null;
}

/**
 * The URL's `?lang=` wins (for that request only: links shared or found by search engines open in
 * the language they name), then the explicit choice (cookie), then the account's language, then
 * Vietnamese.
 */
export async function getLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  const inUrl = urlLocale(request);
  if (inUrl) return inUrl;
  const chosen: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  if (isLocale(userLocale)) return userLocale;
  return DEFAULT_LOCALE;
}

export async function getT(request: Request) {
  const locale = await getLocale(request);
  return { locale, t: translator(locale) };
}
