// Conditional GET for what Remix answers (pages, .data requests, resource routes such as the
// sitemaps): validators on cacheable 200s, 304 when the client's copy is still current.
//
// - Only a GET/HEAD 200 whose Cache-Control is `public`, or `private` + `no-cache` (a signed-in
//   visitor's page, app/utils/http-cache.ts), takes part. Everything else streams as before.
// - A response that sets a cookie is one person's, once (a flash message being consumed): it
//   becomes `private, no-store`, with no validator, and is never answered with a 304.
// - A route may set its own ETag (a streamed sitemap does, from its extent, so a 304 costs one
//   small query and the body is never read). Otherwise the body is read, up to a limit, and
//   hashed into a weak ETag; a larger body streams on without one.
// - Every HTML response carries a fresh CSP nonce in its <script> tags, so the hash is taken over
//   the body with that nonce replaced by a fixed placeholder: two renders of the same page get
//   the same ETag. A 304 then drops the new Content-Security-Policy header (server glue below):
//   a browser merges a 304's headers into its stored copy, and a new nonce there would block the
//   stored page's scripts. The stored page keeps the CSP it came with, nonce and scripts matching.
// - If-None-Match wins; If-Modified-Since is only used without it, against the route's
//   Last-Modified, and only for `public` responses (a signed-in page also shows an unread count
//   that a product's Last-Modified knows nothing about).
// ETags are weak (W/): compression changes the bytes, not the meaning (RFC 9110 §8.8.1).
import { createHash } from "node:crypto";
import {
  createReadableStreamFromReadable,
  writeReadableStreamToWritable,
  type AppLoadContext,
} from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { preferredEncoding, type CachedPage, type PageCache } from "./page-cache";

/** Bigger bodies are not held back to be hashed. Pages are tens of kB; sitemaps set their own ETag. */
export const DEFAULT_MAX_BUFFER_BYTES = 1024 * 1024;
const NONCE_PLACEHOLDER = Buffer.from("__csp_nonce__");

export interface ValidatorOptions {
  /** This response's CSP nonce, left out of the ETag. */
  nonce?: string;
  maxBufferBytes?: number;
}

// Headers a 304 carries (RFC 9110 §15.4.5): what a cache needs to refresh its stored copy.
const NOT_MODIFIED_HEADERS = [
  "cache-control",
  "content-location",
  "date",
  "etag",
  "expires",
  "vary",
  "last-modified",
];

export async function withValidators(
  request: Request,
  response: Response,
  options: ValidatorOptions = {},
): Promise<Response> {
  if ((request.method !== "GET" && request.method !== "HEAD") || response.status !== 200) return response;
  const cacheControl = directives(response.headers.get("Cache-Control"));
  const shared = cacheControl.has("public");
  if (!shared && !(cacheControl.has("private") && cacheControl.has("no-cache"))) return response;

  const headers = new Headers(response.headers);
  if (headers.getSetCookie().length) {
    headers.set("Cache-Control", "private, no-store");
    headers.delete("ETag");
    headers.delete("Last-Modified");
    return new Response(response.body, { status: 200, statusText: response.statusText, headers });
  }

  let body: ReadableStream<Uint8Array> | Uint8Array | null = response.body;
  let etag = headers.get("ETag");
  if (!etag && body) {
    const read = await readUpTo(body, options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES);
    body = read.bytes ?? read.stream!;
    if (read.bytes) {
      etag = bodyEtag(read.bytes, options.nonce);
      headers.set("ETag", etag);
      headers.set("Content-Length", String(read.bytes.byteLength));
    }
  }

  if (isNotModified(request.headers, etag, headers.get("Last-Modified"), shared)) {
    if (body instanceof ReadableStream) await body.cancel().catch(() => undefined);
    return notModified(headers);
  }
  return new Response(body as BodyInit | null, { status: 200, statusText: response.statusText, headers });
}

function directives(cacheControl: string | null): Set<string> {
  return new Set(
    (cacheControl ?? "")
      .split(",")
      .map((d) => d.split("=")[0]!.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The body's bytes if it ends within `limit`, else a stream replaying what was read, then the rest. */
export async function readUpTo(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ bytes?: Uint8Array; stream?: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks, size) };
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) break;
  }
  return {
    stream: new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        chunks.length = 0;
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    }),
  };
}

/** A weak ETag over the body, every occurrence of the response's CSP nonce counted as a placeholder. */
export function bodyEtag(body: Uint8Array, nonce?: string): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const hash = createHash("sha256");
  if (nonce) {
    const needle = Buffer.from(nonce);
    let from = 0;
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, from)) {
      hash.update(bytes.subarray(from, at)).update(NONCE_PLACEHOLDER);
      from = at + needle.length;
    }
    hash.update(bytes.subarray(from));
  } else {
    hash.update(bytes);
  }
  return `W/"${hash.digest("base64url").slice(0, 27)}"`;
}

/** RFC 9110 §13.2.2: If-None-Match (weak comparison) first; If-Modified-Since only without it. */
export function isNotModified(
  requestHeaders: Headers,
  etag: string | null,
  lastModified: string | null,
  allowDateValidation: boolean,
): boolean {
  const ifNoneMatch = requestHeaders.get("If-None-Match");
  if (ifNoneMatch !== null) {
    if (!etag) return false;
    if (ifNoneMatch.trim() === "*") return true;
    const ours = opaqueTag(etag);
    return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaqueTag(tag) === ours);
  }
  const ifModifiedSince = requestHeaders.get("If-Modified-Since");
  if (!allowDateValidation || !ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  if (Number.isNaN(since) || Number.isNaN(modified)) return false;
  return Math.floor(modified / 1000) <= Math.floor(since / 1000);
}

const opaqueTag = (tag: string) => tag.trim().replace(/^W\//, "");

function notModified(headers: Headers): Response {
  const kept = new Headers();
  for (const name of NOT_MODIFIED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return new Response(null, { status: 304, headers: kept });
}

// ---------------------------------------------------------------------------------------------
// Express glue: @remix-run/express's handler (whose request/response helpers are not public),
// with the validators in between
// ---------------------------------------------------------------------------------------------

const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.-]+\+)?(?:xml|json|javascript)|image\/svg\+xml)/i;

export interface CachingHandlerOptions {
  /** Remix's request handler (createRequestHandler from @remix-run/node). */
  handle: (request: Request, context: AppLoadContext) => Promise<Response>;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  maxBufferBytes?: number;
  /** Anonymous visitors' public pages, kept for a few seconds (server/page-cache.ts). */
  pageCache?: PageCache;
}

export function cachingRequestHandler(options: CachingHandlerOptions): RequestHandler {
  // Pages being rendered for the cache: a visitor missing the same page waits for that render
  // rather than starting another (a burst on a slow search ran it 50 times at once).
  const rendering = new Map<string, Promise<void>>();
  return async (req, res, next) => {
    let renderingKey: string | null = null;
    let rendered: () => void = () => undefined;
    try {
      let request = fetchRequest(req, res);
      // Remix renders a HEAD in full anyway and drops the body; asking for a GET lets the HEAD
      // carry the same validators and length as the GET.
      const head = request.method === "HEAD";
      if (head) request = new Request(request.url, { headers: request.headers, signal: request.signal });
      const nonce = res.locals.cspNonce as string | undefined;
      const key = options.pageCache?.keyFor(request) ?? null;
      let cached = key ? await options.pageCache!.get(key) : undefined;
      const inFlight = key && !cached ? rendering.get(key) : undefined;
      if (inFlight) {
        await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
        cached = await options.pageCache!.get(key!);
      }
      if (key && !cached && !rendering.has(key)) {
        renderingKey = key;
        rendering.set(key, new Promise<void>((resolve) => (rendered = resolve)));
      }
      if (cached && options.pageCache!.claimRefresh(cached))
        refreshInBackground(options, key!, request, options.getLoadContext(req, res), cached, nonce);
      const conditional = request.headers.has("If-None-Match") || request.headers.has("If-Modified-Since");
      if (cached && !conditional) {
        await sendCached(req, res, cached, options.pageCache!, key!, head);
        return;
      }
      let response = cached
        ? new Response(cached.body as BodyInit, { status: 200, headers: cached.headers })
        : await options.handle(request, options.getLoadContext(req, res));
      const type = response.headers.get("Content-Type") ?? "";
      response = await withValidators(request, response, { nonce, maxBufferBytes: options.maxBufferBytes });
      if (key && !cached && response.status === 200 && response.headers.has("ETag") && response.body) {
        // Buffered by withValidators (it has an ETag from the body): keep a copy, send the bytes.
        const body = new Uint8Array(await response.arrayBuffer());
        options.pageCache!.set(key, response.headers, body, nonce);
        done();
        response = new Response(body as BodyInit, {
          status: 200,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
      if (options.pageCache && key) response.headers.set("X-Cache", cached ? "HIT" : "MISS");
      if (response.status === 304) {
        res.removeHeader("Content-Security-Policy");
        // compression() adds this to the 200 it would compress, but cannot tell for a bodiless 304,
        // whose Vary replaces the stored one.
        const vary = response.headers.get("Vary");
        if (COMPRESSIBLE.test(type) && !/accept-encoding/i.test(vary ?? ""))
          response.headers.set("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
      }
      if (head && response.body) {
        await response.body.cancel().catch(() => undefined);
        response = new Response(null, { status: response.status, headers: response.headers });
      }
      done();
      await send(res, response);
    } catch (error) {
      done();
      next(error);
    }

    function done() {
      if (renderingKey === null) return;
      rendering.delete(renderingKey);
      renderingKey = null;
      rendered();
    }
  };
}

/** Renders a stale page again for the cache, as an anonymous GET of the same URL and headers. */
function refreshInBackground(
  options: CachingHandlerOptions,
  key: string,
  request: Request,
  context: AppLoadContext,
  stale: CachedPage,
  nonce: string | undefined,
) {
  const pageCache = options.pageCache!;
  const headers = new Headers(request.headers);
  headers.delete("If-None-Match");
  headers.delete("If-Modified-Since");
  const fresh = new Request(request.url, { headers });
  void (async () => {
    let response = await options.handle(fresh, context);
    response = await withValidators(fresh, response, { nonce, maxBufferBytes: options.maxBufferBytes });
    const kept =
      response.status === 200 &&
      response.headers.has("ETag") &&
      response.body !== null &&
      pageCache.set(key, response.headers, new Uint8Array(await response.arrayBuffer()), nonce);
    if (!kept) {
      await response.body?.cancel().catch(() => undefined);
      pageCache.forget(key, stale);
    }
  })().catch((error: unknown) => {
    pageCache.forget(key, stale);
    console.error(`[page-cache] refresh of ${new URL(request.url).pathname} failed:`, error);
  });
}

/**
 * A page from the cache, as compression() would have sent it, without compressing it again: the
 * compressed copy is kept with the entry, and a Content-Encoding makes compression() step aside.
 */
async function sendCached(
  req: ExpressRequest,
  res: ExpressResponse,
  cached: CachedPage,
  pageCache: PageCache,
  key: string,
  head: boolean,
): Promise<void> {
  const headers = new Headers(cached.headers);
  const type = headers.get("Content-Type") ?? "";
  const encoding =
    COMPRESSIBLE.test(type) && cached.body.byteLength >= 1024
      ? preferredEncoding(req.get("Accept-Encoding") ?? null)
      : null;
  const body = encoding ? await pageCache.encoded(key, cached, encoding) : cached.body;
  if (COMPRESSIBLE.test(type)) {
    const vary = headers.get("Vary");
    if (!/accept-encoding/i.test(vary ?? ""))
      headers.set("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  }
  if (encoding) headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(body.byteLength));
  headers.set("X-Cache", "HIT");
  res.status(200);
  for (const [name, value] of headers.entries()) res.append(name, value);
  res.end(head ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

/** As @remix-run/express builds it: host and port as Express sees them (trust proxy), aborted on close. */
function fetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const port = [req.get("X-Forwarded-Host"), req.get("Host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value) headers.set(name, value);
  }
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url, init);
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
