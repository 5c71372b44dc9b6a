// <head> of the catalogue pages: title, description, absolute canonical URL, and `noindex` for pages
// search engines should not keep (later pages, narrow filter combinations). Plain module.
import type { MetaDescriptor } from "@remix-run/node";
import type { RootData } from "~/root";
import { DEFAULT_LOCALE, translator, type Locale } from "~/utils/i18n";

export interface PageHead {
  canonical: string;
  noindex: boolean;
}

/** The translate function of the page's language (the root loader decided it). */
export function metaTranslator(matches: readonly { id: string; data: unknown }[]) {
  const locale: Locale =
    (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? DEFAULT_LOCALE;
  return translator(locale);
}

export function pageMeta(title: string, description: string, head: PageHead): MetaDescriptor[] {
  return [
    { title },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: head.canonical },
    ...(head.noindex ? [{ name: "robots", content: "noindex, follow" }] : []),
  ];
}
