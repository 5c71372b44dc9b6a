// Cache headers for public pages. A page carries the visitor's header (name, unread badge, flash),
// so only an anonymous request may be cached by shared caches; a signed-in one is private and
// revalidated (server/app.ts answers 304 when its ETag still matches).
const PERSONAL_COOKIES = /(?:^|;\s*)(?:__session|__flash|__cart|__checkouts)=/;

export interface PageCacheOptions {
  /** When the page's content last changed (sent as Last-Modified). */
  lastModified?: Date | null;
  /** Seconds a shared cache may serve it without asking (anonymous visitors only). */
  maxAge?: number;
}

export function pageCacheHeaders(request: Request, options: PageCacheOptions = {}): Headers {
  const headers = new Headers({ Vary: "Cookie" });
  const personal = PERSONAL_COOKIES.test(request.headers.get("Cookie") ?? "");
  headers.set(
    "Cache-Control",
    personal ? "private, no-cache" : `public, max-age=${options.maxAge ?? 60}, stale-while-revalidate=300`,
  );
  if (options.lastModified) headers.set("Last-Modified", options.lastModified.toUTCString());
  return headers;
}
