import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./i18n";

// Not signed: it holds only "vi" or "en", and anything else is ignored.
export const localeCookie = createCookie("lng", { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });

/** The explicit choice (cookie) wins, then the account's language, then Vietnamese. */
export async function getLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  const chosen: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  if (isLocale(userLocale)) return userLocale;
  return DEFAULT_LOCALE;
}

export async function getT(request: Request) {
  const locale = await getLocale(request);
  return { locale, t: translator(locale) };
}
