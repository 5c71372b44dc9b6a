// Speed and sharing, on the production build: cache headers and conditional GET (ETag → 304) for
// pages, immutable hashed assets and photos, compression, robots.txt, the sitemaps (every listed
// demo product, no unlisted one) and the Open Graph images.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { DEMO_PRODUCTS } from "../../../prisma/seed/demo";
import { expect, http, test } from "../support";

const ENCODINGS = { "Accept-Encoding": "gzip, deflate, br" };

const LISTED = DEMO_PRODUCTS.filter((p) => p.status === "APPROVED");
// Never public in any suite: the drafts, and the submitted products no journey approves (the
// official's journey approves the macadamia dossier on the PGlite server).
const NEVER_LISTED = DEMO_PRODUCTS.filter(
  (p) => p.status === "DRAFT" || ["ho-tieu-den-dak-mil", "sau-rieng-ri6-say-thang-hoa"].includes(p.slug),
);

const locsOf = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and the chunk header). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function revalidate(request: APIRequestContext, path: string, first: APIResponse, cookie?: string) {
  const etag = first.headers()["etag"];
  expect(etag, `${path} has an ETag`).toBeTruthy();
  return http(request, "GET", path, { cookie, headers: { "If-None-Match": etag! } });
}

test.describe("pages", () => {
  test("an anonymous visitor gets a public page with an ETag, and an empty 304 on the repeat", async ({
    request,
  }) => {
    const first = await http(request, "GET", "/", { headers: ENCODINGS });
    expect(first.status()).toBe(200);
    expect(first.headers()["cache-control"]).toMatch(/^public, max-age=\d+/);
    expect(first.headers()["etag"]).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers()["vary"]).toMatch(/Cookie/i);

    const repeat = await revalidate(request, "/", first);
    expect(repeat.status()).toBe(304);
    expect((await repeat.body()).length).toBe(0);
    expect(repeat.headers()["etag"]).toBe(first.headers()["etag"]);
    // A 304's headers refresh the browser's stored copy: a new CSP nonce there would block the
    // stored page's scripts, so the stored CSP stays.
    expect(repeat.headers()["content-security-policy"]).toBeUndefined();
  });

  test("a signed-in visitor's page is private, no-cache, and revalidates too", async ({ sessions }) => {
    const { request, cookie } = await sessions.of("BUYER");
    const first = await http(request, "GET", "/", { cookie });
    expect(first.status()).toBe(200);
    expect(first.headers()["cache-control"]).toBe("private, no-cache");
    const repeat = await revalidate(request, "/", first, cookie);
    expect(repeat.status()).toBe(304);
  });

  test("anonymous visitors' public pages come from the server's page cache; signed-in ones never", async ({
    request,
    sessions,
  }) => {
    const path = "/san-pham/ca-phe-robusta-rang-moc-dak-mil?cache-test=1";
    await http(request, "GET", path);
    const again = await http(request, "GET", path);
    expect(again.status()).toBe(200);
    expect(again.headers()["x-cache"]).toBe("HIT");
    expect(await again.text()).toContain("Cà phê Robusta rang mộc Đắk Mil");
    // A fresh CSP nonce still goes with every response, the cached page carries none.
    expect(again.headers()["content-security-policy"]).toMatch(/nonce-/);
    const { cookie } = await sessions.of("BUYER");
    const signedIn = await http(request, "GET", path, { cookie });
    expect(signedIn.headers()["x-cache"]).toBeUndefined();
    expect(signedIn.headers()["cache-control"]).toBe("private, no-cache");
  });

  test("a cached page is sent compressed in the encoding the visitor accepts, the same page as uncompressed", async ({
    request,
  }) => {
    const path = "/san-pham/ca-phe-robusta-rang-moc-dak-mil?cache-test=encodings";
    const plain = await http(request, "GET", path, { headers: { "Accept-Encoding": "identity" } });
    const expected = await plain.text();
    for (const encoding of ["br", "gzip", "identity"]) {
      const hit = await http(request, "GET", path, { headers: { "Accept-Encoding": encoding } });
      expect(hit.headers()["x-cache"], encoding).toBe("HIT");
      expect(hit.headers()["content-encoding"] ?? "identity", encoding).toBe(encoding);
      expect(hit.headers()["vary"], encoding).toMatch(/Accept-Encoding/i);
      // Playwright's client decodes the body as a browser would.
      expect(await hit.text(), encoding).toBe(expected);
    }
  });

  test("HTML is compressed", async ({ request }) => {
    const response = await http(request, "GET", "/", { headers: ENCODINGS });
    expect(response.headers()["content-encoding"]).toMatch(/^(br|gzip)$/);
    expect(response.headers()["content-type"]).toContain("text/html");
  });

  test("a reload revalidates (If-None-Match → 304) and the stored page keeps working", async ({ page }) => {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.effectiveDirective));
    });
    const documents: { etag?: string; ifNoneMatch?: string }[] = [];
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "document") return;
      const [request, headers] = await Promise.all([response.request().allHeaders(), response.allHeaders()]);
      documents.push({ etag: headers["etag"], ifNoneMatch: request["if-none-match"] });
    });
    await page.goto("/");
    await page.reload();
    await expect.poll(() => documents.length).toBe(2);
    // Chromium reports the stored 200 after a 304; the request shows the revalidation.
    expect(documents[0]!.etag).toBeTruthy();
    expect(documents[1]!.ifNoneMatch).toBe(documents[0]!.etag);
    expect(documents[1]!.etag).toBe(documents[0]!.etag);
    // Had the 304 carried a new CSP nonce, the stored page's scripts would be blocked now.
    if (await page.evaluate(() => document.querySelector("script[nonce]") !== null))
      await expect
        .poll(() => page.evaluate(() => "__remixContext" in window), { message: "inline scripts ran" })
        .toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual(
      [],
    );
  });
});

test.describe("static files", () => {
  test("hashed assets and photo variants are immutable for a year; the favicon for an hour", async ({
    request,
  }) => {
    const html = await (await http(request, "GET", "/")).text();
    const asset = /(?:href|src)="(\/assets\/[^"]+)"/.exec(html)?.[1];
    expect(asset, "the page links a hashed asset").toBeTruthy();
    const media = /(?:src|srcSet|srcset)="(\/media\/[^" ,]+)/.exec(html)?.[1];
    expect(media, "the page shows a stored photo").toBeTruthy();
    for (const path of [asset!, media!]) {
      const response = await http(request, "GET", path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toBe("public, max-age=31536000, immutable");
    }
    const favicon = await http(request, "GET", "/favicon.svg");
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["cache-control"]).toBe("public, max-age=3600");
  });
});

test.describe("robots.txt and sitemaps", () => {
  test("robots.txt keeps crawlers out of work areas and names the sitemap by its absolute URL", async ({
    request,
    baseURL,
  }) => {
    const response = await http(request, "GET", "/robots.txt");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    expect(response.headers()["cache-control"]).toMatch(/^public, max-age=\d+$/);
    const text = await response.text();
    for (const path of ["/producer", "/review", "/admin", "/account", "/login", "/tim-kiem?*after="])
      expect(text).toContain(`Disallow: ${path}\n`);
    expect(text).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  });

  test("the index lists the files; they hold every listed demo product and no unlisted one", async ({
    request,
    baseURL,
  }) => {
    const index = await http(request, "GET", "/sitemap.xml", { headers: ENCODINGS });
    expect(index.status()).toBe(200);
    expect(index.headers()["content-type"]).toBe("application/xml; charset=utf-8");
    expect(index.headers()["cache-control"]).toBe("public, max-age=3600");
    const indexXml = await index.text();
    expect(indexXml).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const files = locsOf(indexXml);
    expect(files).toEqual([
      `${baseURL}/sitemaps/pages.xml`,
      `${baseURL}/sitemaps/products-1.xml`,
      `${baseURL}/sitemaps/producers-1.xml`,
    ]);

    const xml: Record<string, string> = {};
    for (const file of files) {
      const response = await http(request, "GET", new URL(file).pathname, { headers: ENCODINGS });
      expect(response.status(), file).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/xml; charset=utf-8");
      xml[file.split("/").at(-1)!] = await response.text();
    }
    const products = locsOf(xml["products-1.xml"]!);
    for (const product of LISTED) expect(products).toContain(`${baseURL}/san-pham/${product.slug}`);
    for (const product of NEVER_LISTED) expect(products).not.toContain(`${baseURL}/san-pham/${product.slug}`);
    expect(xml["products-1.xml"]).toContain(
      `<xhtml:link rel="alternate" hreflang="en" href="${baseURL}/san-pham/${LISTED[0]!.slug}?lang=en"/>`,
    );
    const producers = locsOf(xml["producers-1.xml"]!);
    for (const slug of new Set(LISTED.map((p) => p.producer)))
      expect(producers).toContain(`${baseURL}/co-so/${slug}`);
    expect(locsOf(xml["pages.xml"]!)).toEqual(expect.arrayContaining([`${baseURL}/`, `${baseURL}/tim-kiem`]));
  });

  test("a sitemap file revalidates with its ETag", async ({ request }) => {
    const first = await http(request, "GET", "/sitemaps/products-1.xml");
    expect(first.headers()["last-modified"]).toBeTruthy();
    expect((await revalidate(request, "/sitemaps/products-1.xml", first)).status()).toBe(304);
  });

  test("unknown sitemap files are 404", async ({ request }) => {
    for (const path of ["/sitemaps/products-2.xml", "/sitemaps/products-0.xml", "/sitemaps/orders-1.xml"])
      expect((await http(request, "GET", path)).status(), path).toBe(404);
  });
});

test.describe("Open Graph images", () => {
  test("a listed product's og.png is a 1200×630 PNG, cached a day, revalidated by ETag", async ({
    request,
  }) => {
    const path = `/san-pham/${LISTED[0]!.slug}/og.png`;
    const response = await http(request, "GET", path);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    expect(response.headers()["cache-control"]).toBe("public, max-age=86400");
    expect(pngSize(await response.body())).toEqual({ width: 1200, height: 630 });
    expect((await revalidate(request, path, response)).status()).toBe(304);
  });

  test("an unlisted or unknown product has none", async ({ request }) => {
    for (const slug of [NEVER_LISTED[0]!.slug, "khong-co-san-pham-nay"])
      expect((await http(request, "GET", `/san-pham/${slug}/og.png`)).status(), slug).toBe(404);
  });
});
