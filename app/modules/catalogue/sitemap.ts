// Sitemaps (sitemaps.org protocol 0.9) and robots.txt: names, chunk arithmetic and XML text.
// Plain module: no database; sitemap.server.ts feeds it rows.

/** The protocol's limit per file (and ≤ 50 MB: ~475 bytes a URL with its language versions, ~24 MB). */
export const SITEMAP_MAX_URLS = 50_000;
/** Rows read per keyset page while streaming one file: memory stays flat whatever the catalogue size. */
export const SITEMAP_PAGE_SIZE = 5_000;

export type ChunkedKind = "products" | "producers";
export type SitemapName = { kind: "pages" } | { kind: ChunkedKind; chunk: number };

const CHUNKED_NAME = /^(products|producers)-([1-9][0-9]{0,5})\.xml$/;

/** "products-2.xml" → { kind: "products", chunk: 2 }; anything else (other names, "-0", "-01") → null. */
export function parseSitemapName(name: string): SitemapName | null {
  if (name === "pages.xml") return { kind: "pages" };
  const match = CHUNKED_NAME.exec(name);
  if (!match) return null;
  return { kind: match[1] as ChunkedKind, chunk: Number(match[2]) };
}

export function sitemapFileName(name: SitemapName): string {
  return name.kind === "pages" ? "pages.xml" : `${name.kind}-${name.chunk}.xml`;
}

/** How many files `total` URLs need, `size` per file. */
export function chunkCount(total: number, size: number = SITEMAP_MAX_URLS): number {
  assertChunkSize(size);
  return total <= 0 ? 0 : Math.ceil(total / size);
}

/** Rows to skip before chunk `chunk` (1-based) starts. */
export function chunkOffset(chunk: number, size: number = SITEMAP_MAX_URLS): number {
  assertChunkSize(size);
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be ≥ 1, got ${chunk}`);
  return (chunk - 1) * size;
}

/** The 1-based chunk of the row at 0-based position `index`. */
export function chunkOf(index: number, size: number = SITEMAP_MAX_URLS): number {
  assertChunkSize(size);
  return Math.floor(index / size) + 1;
}

function assertChunkSize(size: number) {
  if (!Number.isInteger(size) || size < 1 || size > SITEMAP_MAX_URLS)
    throw new RangeError(`chunk size must be 1–${SITEMAP_MAX_URLS}, got ${size}`);
}

// XML 1.0 cannot carry most control characters at all, even escaped: drop them.
// eslint-disable-next-line no-control-regex -- matching those characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text or attribute value safe inside XML (the five entities the sitemap protocol asks for). */
export function escapeXml(value: string): string {
  return value.replace(XML_INVALID, "").replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** W3C Datetime in UTC to the second, as the protocol recommends: 2026-11-23T10:04:05Z. */
export function w3cDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The public origin without a trailing slash ("https://ocop.example.vn"). */
export function normaliseOrigin(origin: string): string {
  return new URL(origin).origin;
}

export interface Alternate {
  hreflang: string;
  href: string;
}

export interface SitemapUrl {
  /** Absolute URL. */
  loc: string;
  lastmod?: Date | null;
  alternates?: readonly Alternate[];
}

/**
 * The language versions of a page that offers `?lang=en`: Vietnamese (the default, also
 * x-default) and English. Each <url> lists every version, itself included (Google's rule).
 */
export function languageAlternates(loc: string): Alternate[] {
  const en = new URL(loc);
  en.searchParams.set("lang", "en");
  return [
    { hreflang: "vi", href: loc },
    { hreflang: "en", href: en.href },
    { hreflang: "x-default", href: loc },
  ];
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS = "http://www.w3.org/1999/xhtml";

export function urlsetOpen(): string {
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}">\n`;
}

export const URLSET_CLOSE = "</urlset>\n";

export function urlElement(url: SitemapUrl): string {
  let xml = `<url><loc>${escapeXml(url.loc)}</loc>`;
  if (url.lastmod) xml += `<lastmod>${w3cDate(url.lastmod)}</lastmod>`;
  for (const alt of url.alternates ?? [])
    xml += `<xhtml:link rel="alternate" hreflang="${escapeXml(alt.hreflang)}" href="${escapeXml(alt.href)}"/>`;
  return `${xml}</url>\n`;
}

/** A whole (small) urlset; large ones are streamed from urlsetOpen/urlElement/URLSET_CLOSE. */
export function urlsetXml(urls: Iterable<SitemapUrl>): string {
  let xml = urlsetOpen();
  for (const url of urls) xml += urlElement(url);
  return xml + URLSET_CLOSE;
}

export interface IndexEntry {
  name: SitemapName;
  lastmod?: Date | null;
}

export function sitemapIndexXml(origin: string, entries: readonly IndexEntry[]): string {
  const base = normaliseOrigin(origin);
  let xml = `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n`;
  for (const entry of entries) {
    xml += `<sitemap><loc>${escapeXml(`${base}/sitemaps/${sitemapFileName(entry.name)}`)}</loc>`;
    if (entry.lastmod) xml += `<lastmod>${w3cDate(entry.lastmod)}</lastmod>`;
    xml += "</sitemap>\n";
  }
  return `${xml}</sitemapindex>\n`;
}

/** Work areas, account pages and endless search pagination: nothing for a search engine there. */
export const ROBOTS_DISALLOW = [
  "/producer",
  "/helper",
  "/claim",
  "/review",
  "/admin",
  "/operator",
  "/orders",
  "/audit",
  "/statistics",
  "/notifications",
  "/account",
  "/login",
  "/signup",
  "/logout",
  "/forgot-password",
  "/reset-password/",
  "/language",
  "/bench/",
  "/tim-kiem?*after=",
] as const;

export function robotsTxt(origin: string): string {
  const lines = ["User-agent: *", "Allow: /", ...ROBOTS_DISALLOW.map((path) => `Disallow: ${path}`)];
  return `${lines.join("\n")}\n\nSitemap: ${normaliseOrigin(origin)}/sitemap.xml\n`;
}
