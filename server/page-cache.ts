// A small in-process cache of public pages for anonymous visitors (what a CDN's micro-cache does,
// inside each app instance). Only a GET whose request carries none of the personal cookies, and
// whose answer is a 200 marked `public` with no Set-Cookie and no CSP nonce in its body, is kept;
// signed-in visitors, carts, flashes and forms always reach the app.
//
// Freshness: an entry lives at most `ttlMs` (or its own s-maxage, if shorter; max-age=0 or none:
// not kept), which may be longer than what browsers are told (max-age): browsers cannot be told
// of a change, this cache can. The whole
// cache is dropped as soon as the catalogue's change clock moves (a database sequence that every
// write to products, producers, certificates, photos, batches and diary events moves; one small
// query per lookup), so a suspended product or a sold-out stock shows at once on every instance.
//
// Past its TTL (and within the page's own stale-while-revalidate), an entry is still served while
// one request renders it again in the background: the visitor who comes after the TTL does not
// wait for the render, nor do the requests queued behind it. A clock change still drops it at once.
//
// Memory: bounded by `maxBytes` (bodies, their compressed copies and a small overhead per entry),
// least recently used first out.
//
// Compression: a hit is sent as it was compressed the first time (brotli or gzip, whichever the
// visitor accepts); compressing on every hit cost more CPU than everything else a hit does.
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = "br" | "gzip";

export interface CachedPage {
  status: 200;
  headers: [string, string][];
  body: Uint8Array;
  expiresAt: number;
  /** Until then, once expired, it is served while one request renders it again. */
  staleUntil: number;
  refreshing?: boolean;
  /** The body compressed, made on the first hit that asks for each encoding. */
  encoded?: Partial<Record<Encoding, Uint8Array>>;
}

export interface PageCacheOptions {
  maxBytes: number;
  ttlMs: number;
  /** How long past its TTL an entry may be served while it is rendered again (0: never). */
  staleMs?: number;
  /** The catalogue's change clock; a different value empties the cache. */
  clock?: () => Promise<string>;
  /** Read the clock at most this often (0: on every lookup). */
  clockEveryMs?: number;
  /**
   * After the clock moves, keep nothing new for this long: the clock moves when a writing
   * transaction runs, before it commits, and a page rendered in between would show the old data.
   */
  settleMs?: number;
  now?: () => number;
}

const PERSONAL_COOKIES = /(?:^|;\s*)(?:__session|__flash|__cart|__checkouts)=/;
// Its raw value (Remix encodes cookie values): equal values, equal language.
const LOCALE_COOKIE = /(?:^|;\s*)lng=([^;]*)/;
const ENTRY_OVERHEAD = 512;

/** What the visitor's Accept-Encoding prefers of what we keep: brotli, then gzip, else none. */
export function preferredEncoding(acceptEncoding: string | null): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return null;
}

export class PageCache {
  private readonly entries = new Map<string, CachedPage & { size: number }>();
  private bytes = 0;
  private clockValue: string | null = null;
  private clockCheckedAt = -Infinity;
  private clockCheck: Promise<void> | null = null;
  private changedAt = -Infinity;
  hits = 0;
  misses = 0;

  constructor(private readonly options: PageCacheOptions) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** The request's key, or null when it must not be answered from the cache. */
  keyFor(request: Request): string | null {
    if (request.method !== "GET" && request.method !== "HEAD") return null;
    const cookie = request.headers.get("Cookie") ?? "";
    if (PERSONAL_COOKIES.test(cookie) || request.headers.has("Authorization")) return null;
    const url = new URL(request.url);
    // The page's language may come from the lng cookie (the URL's ?lang= is in the key anyway).
    return `${url.pathname}${url.search}|${LOCALE_COOKIE.exec(cookie)?.[1]?.trim() ?? ""}`;
  }

  async get(key: string): Promise<CachedPage | undefined> {
    await this.checkClock();
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    if (entry.staleUntil <= this.now()) {
      this.delete(key);
      this.misses++;
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  /** Keeps a page if it may be shared: `public`, no cookie set, no nonce in it. */
  set(key: string, headers: Headers, body: Uint8Array, nonce?: string): boolean {
    if (this.clockValue === null && this.options.clock) return false; // the clock could not be read
    if (this.now() - this.changedAt < (this.options.settleMs ?? 2000)) return false;
    const cacheControl = headers.get("Cache-Control") ?? "";
    if (!/\bpublic\b/.test(cacheControl) || headers.getSetCookie().length) return false;
    if (nonce && Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes(nonce)) return false;
    const maxAge = Number(/\bmax-age=(\d+)/.exec(cacheControl)?.[1] ?? 0) * 1000;
    const sharedMaxAge = /\bs-maxage=(\d+)/.exec(cacheControl)?.[1];
    const ttl =
      maxAge > 0 ? Math.min(this.options.ttlMs, sharedMaxAge ? Number(sharedMaxAge) * 1000 : Infinity) : 0;
    const stale = Math.min(
      this.options.staleMs ?? 0,
      Number(/\bstale-while-revalidate=(\d+)/.exec(cacheControl)?.[1] ?? 0) * 1000,
    );
    const size = body.byteLength + ENTRY_OVERHEAD;
    if (ttl <= 0 || size > this.options.maxBytes / 4) return false;
    this.delete(key);
    const expiresAt = this.now() + ttl;
    this.entries.set(key, {
      status: 200,
      headers: [...headers.entries()],
      body,
      expiresAt,
      staleUntil: expiresAt + stale,
      size,
    });
    this.bytes += size;
    this.evict();
    return true;
  }

  private evict() {
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.delete(oldest);
    }
  }

  /** The entry's body in `encoding`, compressed once and kept with the entry. */
  async encoded(key: string, entry: CachedPage, encoding: Encoding): Promise<Uint8Array> {
    const kept = entry.encoded?.[encoding];
    if (kept) return kept;
    const bytes =
      encoding === "br"
        ? await brotli(entry.body, {
            params: {
              // Once per entry, so a denser setting than per-response compression can afford.
              [constants.BROTLI_PARAM_QUALITY]: 6,
              [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.byteLength,
            },
          })
        : await gzipAsync(entry.body, { level: 6 });
    const current = this.entries.get(key);
    // Counted only if the entry is still kept (it may have been dropped while compressing).
    if (current === entry && !entry.encoded?.[encoding]) {
      entry.encoded = { ...entry.encoded, [encoding]: bytes };
      current.size += bytes.byteLength;
      this.bytes += bytes.byteLength;
      this.evict();
    }
    return bytes;
  }

  /** True once for a stale entry: the caller renders it again and `set`s (or `forget`s) it. */
  claimRefresh(entry: CachedPage): boolean {
    if (entry.expiresAt > this.now() || entry.refreshing) return false;
    entry.refreshing = true;
    return true;
  }

  /** Drops the entry kept under `key`, if it is still `entry` (a refresh that found no page). */
  forget(key: string, entry: CachedPage) {
    if (this.entries.get(key) === entry) this.delete(key);
  }

  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  clear() {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  /** Reads the change clock at most every clockEveryMs (one read shared by concurrent requests). */
  private async checkClock() {
    const { clock, clockEveryMs = 0 } = this.options;
    if (!clock || this.now() - this.clockCheckedAt < clockEveryMs) return;
    this.clockCheck ??= (async () => {
      try {
        const value = await clock();
        if (value !== this.clockValue) {
          this.clear();
          if (this.clockValue !== null) this.changedAt = this.now();
        }
        this.clockValue = value;
      } catch {
        // Cannot tell what changed: serve nothing from the cache until the clock reads again.
        this.clear();
        this.clockValue = null;
      } finally {
        this.clockCheckedAt = this.now();
        this.clockCheck = null;
      }
    })();
    await this.clockCheck;
  }
}
