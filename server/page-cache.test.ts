import { describe, expect, test } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { PageCache, preferredEncoding } from "./page-cache";

const page = (cacheControl = "public, max-age=60", extra: Record<string, string> = {}) =>
  new Headers({ "Content-Type": "text/html", "Cache-Control": cacheControl, ETag: 'W/"x"', ...extra });
const body = (text: string) => new TextEncoder().encode(text);
const get = (path: string, cookie?: string, method = "GET") =>
  new Request(`http://localhost${path}`, { method, headers: cookie ? { Cookie: cookie } : {} });

function cache(options: Partial<ConstructorParameters<typeof PageCache>[0]> = {}) {
  let now = 1_000_000;
  let clock = "1";
  const c = new PageCache({
    maxBytes: 100_000,
    ttlMs: 30_000,
    clock: async () => clock,
    now: () => now,
    ...options,
  });
  return {
    c,
    advance: (ms: number) => (now += ms),
    setClock: (v: string) => (clock = v),
  };
}

describe("page cache", () => {
  test("anonymous GETs only: any personal cookie, a POST or a signed-in visitor bypass it", () => {
    const { c } = cache();
    expect(c.keyFor(get("/san-pham/a?x=1"))).toBe("/san-pham/a?x=1|");
    // The language cookie as Remix writes it (base64 of JSON): each language its own entry.
    expect(c.keyFor(get("/san-pham/a", "lng=ImVuIg%3D%3D"))).toBe("/san-pham/a|ImVuIg%3D%3D");
    expect(c.keyFor(get("/san-pham/a", "a=1; lng=InZpIg%3D%3D"))).toBe("/san-pham/a|InZpIg%3D%3D");
    for (const cookie of ["__session=abc", "__flash=1", "a=1; __cart=xyz", "__checkouts=1"])
      expect(c.keyFor(get("/san-pham/a", cookie)), cookie).toBeNull();
    expect(c.keyFor(get("/gio-hang", undefined, "POST"))).toBeNull();
  });

  test("keeps public pages for its TTL (or their s-maxage, if shorter), beyond what browsers keep; never private, cookie-setting or nonce-bearing ones", async () => {
    const { c, advance } = cache();
    await c.get("k"); // reads the clock
    expect(c.set("k", page(), body("<html>product</html>"))).toBe(true);
    expect(new TextDecoder().decode((await c.get("k"))!.body)).toBe("<html>product</html>");
    advance(29_000);
    expect(await c.get("k")).toBeDefined();
    advance(2_000);
    expect(await c.get("k")).toBeUndefined();
    expect(c.set("browsers", page("public, max-age=5"), body("a"))).toBe(true);
    expect(c.set("short", page("public, max-age=5, s-maxage=5"), body("a"))).toBe(true);
    expect(c.set("never", page("public, max-age=0"), body("a"))).toBe(false);
    advance(6_000);
    expect(await c.get("short")).toBeUndefined();
    expect(await c.get("browsers")).toBeDefined(); // the catalogue clock, not max-age, ends it
    expect(c.set("p", page("private, no-cache"), body("a"))).toBe(false);
    expect(c.set("s", page("public, max-age=60", { "Set-Cookie": "__flash=; Max-Age=0" }), body("a"))).toBe(
      false,
    );
    expect(c.set("n", page(), body('<script nonce="abc123">'), "abc123")).toBe(false);
  });

  test("a catalogue change (the clock moves) empties it; nothing is kept while the change may be committing", async () => {
    const { c, advance, setClock } = cache({ clockEveryMs: 1000 });
    await c.get("k");
    c.set("k", page(), body("old"));
    setClock("2");
    expect(await c.get("k")).toBeDefined(); // the clock is read at most once a second
    advance(1001);
    expect(await c.get("k")).toBeUndefined();
    // Just after a change, a page may have been rendered before the change committed: not kept.
    expect(c.set("k", page(), body("maybe old"))).toBe(false);
    advance(2000);
    await c.get("k");
    expect(c.set("k", page(), body("new"))).toBe(true);
  });

  test("past its TTL, within the page's stale-while-revalidate: served, refreshed by one request; a change drops it", async () => {
    const { c, advance, setClock } = cache({ staleMs: 600_000 });
    await c.get("k");
    c.set("k", page("public, max-age=60, stale-while-revalidate=300"), body("old"));
    expect(c.claimRefresh((await c.get("k"))!)).toBe(false); // fresh
    advance(31_000);
    const stale = (await c.get("k"))!;
    expect(c.claimRefresh(stale)).toBe(true);
    expect(c.claimRefresh((await c.get("k"))!)).toBe(false); // one refresh at a time
    advance(300_000); // the page's own 300 s bound the stale window, not the cache's 600 s
    expect(await c.get("k")).toBeUndefined();

    c.set("k", page("public, max-age=60, stale-while-revalidate=300"), body("old"));
    advance(31_000);
    setClock("2");
    expect(await c.get("k")).toBeUndefined();
  });

  test("a clock that cannot be read: nothing is served or kept until it can", async () => {
    let fail = false;
    let now = 0;
    const c = new PageCache({
      maxBytes: 10_000,
      ttlMs: 30_000,
      clockEveryMs: 0,
      now: () => (now += 1),
      clock: async () => {
        if (fail) throw new Error("database down");
        return "1";
      },
    });
    await c.get("k");
    expect(c.set("k", page(), body("x"))).toBe(true);
    fail = true;
    expect(await c.get("k")).toBeUndefined();
    expect(c.set("k", page(), body("x"))).toBe(false);
  });

  test("bounded memory: the least recently used pages go first", async () => {
    const { c } = cache({ maxBytes: 4 * (1000 + 512) });
    await c.get("a");
    for (const k of ["a", "b", "c", "d"]) c.set(k, page(), new Uint8Array(1000));
    await c.get("a"); // a is now the most recently used
    c.set("e", page(), new Uint8Array(1000));
    expect(await c.get("b")).toBeUndefined();
    expect(await c.get("a")).toBeDefined();
    expect(c.size.entries).toBe(4);
    expect(c.size.bytes).toBeLessThanOrEqual(4 * 1512);
  });

  test("a hit is compressed once per encoding and counted in the memory bound", async () => {
    const { c } = cache({ maxBytes: 100_000 });
    await c.get("k");
    const html = "<html>" + "Cà phê Robusta rang mộc Đắk Mil. ".repeat(200) + "</html>";
    c.set("k", page(), body(html));
    const entry = (await c.get("k"))!;
    const before = c.size.bytes;
    const br = await c.encoded("k", entry, "br");
    expect(brotliDecompressSync(br).toString()).toBe(html);
    expect(br.byteLength).toBeLessThan(html.length / 5);
    expect(await c.encoded("k", entry, "br")).toBe(br); // the same bytes: not compressed again
    const gz = await c.encoded("k", entry, "gzip");
    expect(gunzipSync(gz).toString()).toBe(html);
    expect(c.size.bytes).toBe(before + br.byteLength + gz.byteLength);
  });

  test("the visitor's encoding: brotli before gzip, none refused with q=0, identity when none is offered", () => {
    expect(preferredEncoding("gzip, deflate, br")).toBe("br");
    expect(preferredEncoding("gzip, deflate")).toBe("gzip");
    expect(preferredEncoding("br;q=0, gzip;q=0.8")).toBe("gzip");
    expect(preferredEncoding("*")).toBe("gzip");
    expect(preferredEncoding("identity")).toBeNull();
    expect(preferredEncoding(null)).toBeNull();
  });
});
