// Conditional GET (server/http-cache.ts): which answers get validators, when a 304 is due, the
// CSP nonce left out of the ETag, cookies never cached; then the Express glue over real HTTP with
// compression and the security headers, as server/app.ts mounts it.
import type { AddressInfo } from "node:net";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bodyEtag, cachingRequestHandler, isNotModified, withValidators } from "../../server/http-cache";
import { cspNonce, securityHeaders } from "../../server/security";
import { PageCache } from "../../server/page-cache";

const PUBLIC = "public, max-age=60, stale-while-revalidate=300";
const PRIVATE = "private, no-cache";

const page = (nonce: string, text = "Xin chào") =>
  `<!DOCTYPE html><html><body><p>${text}</p><script nonce="${nonce}">1</script>` +
  `<script nonce="${nonce}" src="/assets/a.js"></script></body></html>`;

const get = (headers: Record<string, string> = {}, method = "GET") =>
  new Request("http://localhost/san-pham/x", { method, headers });

const answer = (body: BodyInit | null, cacheControl: string | null, extra: Record<string, string> = {}) =>
  new Response(body, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      ...(cacheControl ? { "Cache-Control": cacheControl } : {}),
      ...extra,
    },
  });

describe("validators", () => {
  test("a public page gets a weak ETag that ignores its per-response CSP nonce", async () => {
    const one = await withValidators(get(), answer(page("nonceAAA"), PUBLIC), { nonce: "nonceAAA" });
    const two = await withValidators(get(), answer(page("nonceBBB"), PUBLIC), { nonce: "nonceBBB" });
    const other = await withValidators(get(), answer(page("nonceCCC", "Tạm biệt"), PUBLIC), {
      nonce: "nonceCCC",
    });
    const etag = one.headers.get("ETag");
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(two.headers.get("ETag")).toBe(etag);
    expect(other.headers.get("ETag")).not.toBe(etag);
    expect(await one.text()).toBe(page("nonceAAA"));
    expect(one.headers.get("Content-Length")).toBe(String(Buffer.byteLength(page("nonceAAA"))));
    // Without knowing the nonce the two bodies differ, as they should.
    expect(bodyEtag(Buffer.from(page("nonceAAA")))).not.toBe(bodyEtag(Buffer.from(page("nonceBBB"))));
  });

  test("a repeat with a matching If-None-Match gets an empty 304 with the cache headers only", async () => {
    const first = await withValidators(get(), answer(page("n1"), PUBLIC, { Vary: "Cookie" }), {
      nonce: "n1",
    });
    const etag = first.headers.get("ETag")!;
    for (const ifNoneMatch of [etag, etag.slice(2), `"other", ${etag}`, "*"]) {
      const repeat = await withValidators(
        get({ "If-None-Match": ifNoneMatch }),
        answer(page("n2"), PUBLIC, { Vary: "Cookie", "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT" }),
        { nonce: "n2" },
      );
      expect(repeat.status, ifNoneMatch).toBe(304);
      expect(await repeat.text()).toBe("");
      expect(Object.fromEntries(repeat.headers)).toEqual({
        "cache-control": PUBLIC,
        etag,
        vary: "Cookie",
        "last-modified": "Mon, 23 Nov 2026 10:00:00 GMT",
      });
    }
    const changed = await withValidators(get({ "If-None-Match": etag }), answer(page("n3", "Khác"), PUBLIC), {
      nonce: "n3",
    });
    expect(changed.status).toBe(200);
  });

  test("a signed-in visitor's private, no-cache page is revalidated too", async () => {
    const first = await withValidators(get(), answer(page("r4nd0mN0nce1"), PRIVATE), {
      nonce: "r4nd0mN0nce1",
    });
    expect(first.headers.get("Cache-Control")).toBe(PRIVATE);
    const repeat = await withValidators(
      get({ "If-None-Match": first.headers.get("ETag")! }),
      answer(page("r4nd0mN0nce2"), PRIVATE),
      { nonce: "r4nd0mN0nce2" },
    );
    expect(repeat.status).toBe(304);
  });

  test("uncacheable answers pass through untouched, their body unread", async () => {
    const cases: [Request, Response][] = [
      [get(), answer(page("x"), null)],
      [get(), answer(page("x"), "no-store")],
      [get(), answer(page("x"), "private, max-age=60")],
      [get(), new Response("Không tìm thấy", { status: 404, headers: { "Cache-Control": PUBLIC } })],
      [get({ "If-None-Match": "*" }, "POST"), answer(page("x"), PUBLIC)],
    ];
    for (const [request, response] of cases) {
      const out = await withValidators(request, response, { nonce: "x" });
      expect(out).toBe(response);
      expect(out.bodyUsed).toBe(false);
      expect(out.headers.get("ETag")).toBeNull();
    }
  });

  test("an answer that sets a cookie becomes private, no-store, and is never a 304", async () => {
    const response = answer(page("x"), PUBLIC, {
      "Set-Cookie": "__flash=; Path=/; HttpOnly",
      ETag: 'W/"abc"',
      "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT",
    });
    const out = await withValidators(get({ "If-None-Match": "*" }), response, { nonce: "x" });
    expect(out.status).toBe(200);
    expect(out.headers.get("Cache-Control")).toBe("private, no-store");
    expect(out.headers.get("ETag")).toBeNull();
    expect(out.headers.get("Last-Modified")).toBeNull();
    expect(out.headers.getSetCookie()).toEqual(["__flash=; Path=/; HttpOnly"]);
    expect(await out.text()).toBe(page("x"));
  });

  test("a route's own ETag is used as is, and a 304 never reads its (streamed) body", async () => {
    let pulled = false;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull() {
        pulled = true;
        throw new Error("must not be read");
      },
      cancel() {
        cancelled = true;
      },
    });
    const out = await withValidators(
      get({ "If-None-Match": 'W/"sitemap-1"' }),
      answer(body, "public, max-age=3600", { ETag: 'W/"sitemap-1"' }),
    );
    expect(out.status).toBe(304);
    expect(pulled).toBe(false);
    expect(cancelled).toBe(true);
  });

  test("a body past the buffer limit streams on, complete, without an ETag", async () => {
    const chunks = Array.from({ length: 20 }, (_, i) => `<p>${i}</p>`.padEnd(100, " "));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const out = await withValidators(get(), answer(body, PUBLIC), { maxBufferBytes: 500 });
    expect(out.headers.get("ETag")).toBeNull();
    expect(await out.text()).toBe(chunks.join(""));
  });

  test("If-Modified-Since: only without If-None-Match, and only for public answers", () => {
    const lastModified = "Mon, 23 Nov 2026 10:00:00 GMT";
    const since = (value: string, extra: Record<string, string> = {}) =>
      new Headers({ "If-Modified-Since": value, ...extra });
    expect(isNotModified(since(lastModified), 'W/"a"', lastModified, true)).toBe(true);
    expect(isNotModified(since("Mon, 23 Nov 2026 11:00:00 GMT"), null, lastModified, true)).toBe(true);
    expect(isNotModified(since("Mon, 23 Nov 2026 09:59:59 GMT"), null, lastModified, true)).toBe(false);
    expect(isNotModified(since(lastModified), null, lastModified, false)).toBe(false);
    expect(isNotModified(since("not a date"), null, lastModified, true)).toBe(false);
    expect(
      isNotModified(since(lastModified, { "If-None-Match": 'W/"b"' }), 'W/"a"', lastModified, true),
      "If-None-Match wins",
    ).toBe(false);
  });
});

describe("over HTTP, behind compression and the security headers", () => {
  let base = "";
  let server: ReturnType<express.Express["listen"]>;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    const app = express();
    app.use(compression());
    app.use(cspNonce);
    app.use(securityHeaders(true));
    app.all(
      "*",
      cachingRequestHandler({
        getLoadContext: (_req, res) => ({
          cspNonce: res.locals.cspNonce as string,
          requestId: "t",
          clientIp: "::1",
        }),
        handle: async (request, context) => {
          const nonce = (context as { cspNonce: string }).cspNonce;
          const path = new URL(request.url).pathname;
          if (request.method !== "GET") return new Response("method " + request.method, { status: 405 });
          if (path === "/page")
            return answer(page(nonce, "Sản phẩm OCOP ".repeat(200)), PUBLIC, { Vary: "Cookie" });
          if (path === "/flash")
            return answer(page(nonce), PUBLIC, { "Set-Cookie": "__flash=; Path=/; Max-Age=0" });
          if (path === "/stream") {
            const gate = new Promise<void>((resolve) => (release = resolve));
            const encoder = new TextEncoder();
            return answer(
              new ReadableStream({
                async start(controller) {
                  controller.enqueue(encoder.encode("first;"));
                  await gate;
                  controller.enqueue(encoder.encode("second"));
                  controller.close();
                },
              }),
              "no-store",
            );
          }
          return new Response("Not found", { status: 404 });
        },
      }),
    );
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("200 compressed with an ETag; the repeat is an empty 304 without a new CSP", async () => {
    const first = await fetch(`${base}/page`, { headers: { "Accept-Encoding": "gzip, br" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Encoding")).toMatch(/^(br|gzip)$/);
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\//);
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get("Content-Security-Policy")!)![1]!;
    expect(await first.text()).toContain(`nonce="${nonce}"`);

    const second = await fetch(`${base}/page`, { headers: { "Accept-Encoding": "gzip, br" } });
    expect(second.headers.get("ETag"), "a new nonce, the same ETag").toBe(etag);
    expect(second.headers.get("Content-Security-Policy")).not.toBe(
      first.headers.get("Content-Security-Policy"),
    );
    await second.arrayBuffer();

    const repeat = await fetch(`${base}/page`, { headers: { "If-None-Match": etag } });
    expect(repeat.status).toBe(304);
    expect(await repeat.text()).toBe("");
    expect(repeat.headers.get("ETag")).toBe(etag);
    expect(repeat.headers.get("Cache-Control")).toBe(PUBLIC);
    // A 304's Vary replaces the stored one: it must still name Accept-Encoding.
    expect(repeat.headers.get("Vary")).toBe(first.headers.get("Vary"));
    expect(first.headers.get("Vary")).toBe("Cookie, Accept-Encoding");
    // The browser keeps the CSP stored with the page: its nonce matches the stored scripts.
    expect(repeat.headers.get("Content-Security-Policy")).toBeNull();
    expect(repeat.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  test("HEAD carries the GET's validators and length, and revalidates the same way", async () => {
    const get = await fetch(`${base}/page`, { headers: { "Accept-Encoding": "identity" } });
    const length = (await get.arrayBuffer()).byteLength;
    const head = await fetch(`${base}/page`, { method: "HEAD", headers: { "Accept-Encoding": "identity" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(head.headers.get("Content-Length")).toBe(String(length));
    const conditional = await fetch(`${base}/page`, {
      method: "HEAD",
      headers: { "If-None-Match": get.headers.get("ETag")! },
    });
    expect(conditional.status).toBe(304);
  });

  test("a page that sets a cookie is private, no-store, with no ETag", async () => {
    const response = await fetch(`${base}/flash`, { headers: { "If-None-Match": "*" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("ETag")).toBeNull();
    expect(response.headers.get("Set-Cookie")).toContain("__flash=");
  });

  test("other answers still stream: the first bytes arrive before the last are written", async () => {
    const response = await fetch(`${base}/stream`, { headers: { "Accept-Encoding": "identity" } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("first;");
    release();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
    expect(rest).toBe("second");
    expect(response.headers.get("ETag")).toBeNull();
  });
});

describe("page cache past its TTL", () => {
  let base = "";
  let server: ReturnType<express.Express["listen"]>;
  let now = 1_000_000;
  let renders = 0;
  let gate: Promise<void> = Promise.resolve();
  const cache = new PageCache({ maxBytes: 1_000_000, ttlMs: 30_000, staleMs: 300_000, now: () => now });

  beforeAll(async () => {
    const app = express();
    app.use(cspNonce);
    app.all(
      "*",
      cachingRequestHandler({
        pageCache: cache,
        getLoadContext: (_req, res) => ({
          cspNonce: res.locals.cspNonce as string,
          requestId: "t",
          clientIp: "::1",
        }),
        handle: async () => {
          renders++;
          const version = renders;
          await gate;
          return answer(`<p>phiên bản ${version}</p>`, PUBLIC);
        },
      }),
    );
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const visit = async (path = "/san-pham/a") => {
    const response = await fetch(`${base}${path}`);
    return `${response.headers.get("X-Cache")} ${await response.text()}`;
  };

  test("a stale page is served at once while one request renders it again; too old, it is rendered in line", async () => {
    expect(await visit()).toBe("MISS <p>phiên bản 1</p>");
    expect(await visit()).toBe("HIT <p>phiên bản 1</p>");

    now += 31_000; // past the TTL: served stale, rendered again once in the background
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    expect(await Promise.all([visit(), visit(), visit()])).toEqual(Array(3).fill("HIT <p>phiên bản 1</p>"));
    expect(renders).toBe(2);
    open();
    for (let i = 0; i < 50 && (await visit()) !== "HIT <p>phiên bản 2</p>"; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await visit()).toBe("HIT <p>phiên bản 2</p>");
    expect(renders).toBe(2);

    now += 30_000 + 300_001; // beyond the page's stale-while-revalidate: the visitor waits for it
    expect(await visit()).toBe("MISS <p>phiên bản 3</p>");
  });
  test("visitors missing the same page at once wait for one render", async () => {
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    const before = renders;
    const answers = Promise.all(Array.from({ length: 5 }, () => visit("/tim-kiem?q=sau+rieng")));
    await new Promise((r) => setTimeout(r, 200));
    expect(renders).toBe(before + 1);
    open();
    const got = await answers;
    expect(new Set(got.map((a) => a.replace(/^(HIT|MISS) /, ""))).size).toBe(1);
    expect(got.filter((a) => a.startsWith("MISS"))).toHaveLength(1);
    expect(renders).toBe(before + 1);
  });
});
