// Sitemaps: XML text and escaping, names and chunk arithmetic (plain), then the files themselves
// on a real database with a chunk size of 3, so products and producers span several files.
import { beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct } from "../../../prisma/seed/factories";
import {
  chunkCount,
  chunkOf,
  chunkOffset,
  escapeXml,
  languageAlternates,
  parseSitemapName,
  robotsTxt,
  sitemapFileName,
  sitemapIndexXml,
  urlElement,
  urlsetXml,
  w3cDate,
} from "./sitemap";

const { prisma } = await import("~/utils/db.server");
const { sitemapFile, sitemapIndexEntries, streamUrlset, publicOrigin } = await import("./sitemap.server");

const ORIGIN = "https://ocop.example.vn";

describe("XML text", () => {
  test("escapes the five XML entities and drops characters XML 1.0 cannot carry", () => {
    expect(escapeXml(`Trà & "cà phê" <'Đắk Mil'>`)).toBe(
      "Trà &amp; &quot;cà phê&quot; &lt;&apos;Đắk Mil&apos;&gt;",
    );
    expect(escapeXml("a\u0000b\u0008c\u000Bd\tE\nF")).toBe("abcd\tE\nF");
  });

  test("a <url> with lastmod to the second and its language versions, query strings escaped", () => {
    const loc = `${ORIGIN}/san-pham/tra-xanh?x=1`;
    const xml = urlElement({
      loc,
      lastmod: new Date("2026-11-23T10:04:05.678Z"),
      alternates: languageAlternates(loc),
    });
    expect(xml).toBe(
      `<url><loc>${ORIGIN}/san-pham/tra-xanh?x=1</loc><lastmod>2026-11-23T10:04:05Z</lastmod>` +
        `<xhtml:link rel="alternate" hreflang="vi" href="${ORIGIN}/san-pham/tra-xanh?x=1"/>` +
        `<xhtml:link rel="alternate" hreflang="en" href="${ORIGIN}/san-pham/tra-xanh?x=1&amp;lang=en"/>` +
        `<xhtml:link rel="alternate" hreflang="x-default" href="${ORIGIN}/san-pham/tra-xanh?x=1"/></url>\n`,
    );
    expect(urlElement({ loc: `${ORIGIN}/` })).toBe(`<url><loc>${ORIGIN}/</loc></url>\n`);
  });

  test("a urlset declares the sitemap and xhtml namespaces", () => {
    const xml = urlsetXml([{ loc: `${ORIGIN}/` }]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /);
    expect(xml).toContain('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"');
    expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    expect(xml.trimEnd().endsWith("</urlset>")).toBe(true);
  });

  test("the index names each file by its absolute URL", () => {
    const xml = sitemapIndexXml(`${ORIGIN}/some/path`, [
      { name: { kind: "pages" }, lastmod: new Date("2026-01-02T03:04:05Z") },
      { name: { kind: "products", chunk: 2 }, lastmod: null },
    ]);
    expect(xml).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toContain(
      `<sitemap><loc>${ORIGIN}/sitemaps/pages.xml</loc><lastmod>2026-01-02T03:04:05Z</lastmod></sitemap>`,
    );
    expect(xml).toContain(`<sitemap><loc>${ORIGIN}/sitemaps/products-2.xml</loc></sitemap>`);
  });

  test("W3C datetimes are UTC to the second", () => {
    expect(w3cDate(new Date("2026-11-23T17:00:00.999+07:00"))).toBe("2026-11-23T10:00:00Z");
  });

  test("robots.txt closes work areas and search pagination, and points at the sitemap", () => {
    const text = robotsTxt(`${ORIGIN}/`);
    expect(text).toMatch(/^User-agent: \*\nAllow: \/\n/);
    for (const path of ["/producer", "/helper", "/review", "/admin", "/operator", "/audit", "/account"])
      expect(text).toContain(`\nDisallow: ${path}\n`);
    expect(text).toContain("\nDisallow: /login\n");
    expect(text).toContain("\nDisallow: /tim-kiem?*after=\n");
    expect(text).not.toMatch(/Disallow: \/(san-pham|co-so|danh-muc|tim-kiem)\n/);
    expect(text.trimEnd().endsWith(`Sitemap: ${ORIGIN}/sitemap.xml`)).toBe(true);
  });
});

describe("names and chunks", () => {
  test("file names round-trip; anything else is unknown", () => {
    for (const name of ["pages.xml", "products-1.xml", "producers-12.xml", "products-999999.xml"])
      expect(sitemapFileName(parseSitemapName(name)!)).toBe(name);
    for (const name of [
      "products-0.xml",
      "products-01.xml",
      "products-1.xml.gz",
      "products.xml",
      "orders-1.xml",
      "../products-1.xml",
      "products-1000000.xml",
      "PAGES.xml",
      "",
    ])
      expect(parseSitemapName(name), name).toBeNull();
  });

  test("50,000 URLs per file: chunk counts, offsets and positions", () => {
    expect([0, 1, 49_999, 50_000, 50_001, 100_000, 100_001].map((n) => chunkCount(n))).toEqual([
      0, 1, 1, 1, 2, 2, 3,
    ]);
    expect(chunkOffset(1)).toBe(0);
    expect(chunkOffset(3)).toBe(100_000);
    expect(chunkOf(0)).toBe(1);
    expect(chunkOf(49_999)).toBe(1);
    expect(chunkOf(50_000)).toBe(2);
    expect(chunkCount(7, 3)).toBe(3);
    expect(chunkOffset(3, 3)).toBe(6);
    expect(() => chunkCount(10, 50_001)).toThrow(RangeError);
    expect(() => chunkCount(10, 0)).toThrow(RangeError);
    expect(() => chunkOffset(0)).toThrow(RangeError);
  });
});

describe("streaming", () => {
  test("one output chunk per database page, pulled only as the reader asks", async () => {
    let pagesRead = 0;
    async function* pages() {
      for (let p = 0; p < 3; p++) {
        pagesRead++;
        yield [{ loc: `${ORIGIN}/p${p}` }];
      }
    }
    const reader = streamUrlset(pages()).getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toContain("<urlset");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pagesRead, "nothing is read ahead of the reader").toBeLessThanOrEqual(1);
    const rest: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(decoder.decode(r.value));
    expect(rest).toEqual([
      `<url><loc>${ORIGIN}/p0</loc></url>\n`,
      `<url><loc>${ORIGIN}/p1</loc></url>\n`,
      `<url><loc>${ORIGIN}/p2</loc></url>\n`,
      "</urlset>\n",
    ]);
  });
});

describe("the files, with 3 URLs per file", () => {
  const SIZE = { chunkSize: 3, pageSize: 2 };
  const listed = new Set<string>();
  const unlisted = new Set<string>();
  const publicProducers = new Set<string>();
  let hiddenProducer = "";

  beforeAll(async () => {
    await prisma.province.create({ data: { code: "08", name: "Tuyên Quang", type: "tỉnh" } });
    await prisma.commune.create({ data: { code: "00769", name: "Mèo Vạc", type: "xã", provinceCode: "08" } });
    const producers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => createProducer(prisma, { communeCode: "00769", name: `HTX Số ${n}` })),
    );
    // 7 listed products over producers 1–4 (three files of 3, 3, 1), two not public; producer 5
    // has only a draft and stays out.
    const plan: [number, "APPROVED" | "DRAFT" | "SUBMITTED", "FOOD" | "BEVERAGE" | "HERBAL"][] = [
      [0, "APPROVED", "FOOD"],
      [0, "APPROVED", "BEVERAGE"],
      [1, "APPROVED", "FOOD"],
      [1, "DRAFT", "HERBAL"],
      [2, "APPROVED", "FOOD"],
      [2, "APPROVED", "FOOD"],
      [3, "APPROVED", "BEVERAGE"],
      [3, "SUBMITTED", "HERBAL"],
      [3, "APPROVED", "FOOD"],
      [4, "DRAFT", "HERBAL"],
    ];
    for (const [p, status, ocopGroup] of plan) {
      const product = await createProduct(prisma, {
        producerId: producers[p]!.id,
        status,
        ocopGroup,
        name: `Trà & "mật ong" ${p}`,
      });
      (status === "APPROVED" ? listed : unlisted).add(`${ORIGIN}/san-pham/${product.slug}`);
      if (status === "APPROVED") publicProducers.add(`${ORIGIN}/co-so/${producers[p]!.slug}`);
    }
    hiddenProducer = `${ORIGIN}/co-so/${producers[4]!.slug}`;
  });

  const read = async (name: string) => {
    const file = await sitemapFile(ORIGIN, parseSitemapName(name)!, SIZE);
    return file ? { ...file, xml: await new Response(file.body).text() } : null;
  };
  const locsOf = (xml: string) => [...xml.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

  test("the index lists pages, three product files and two producer files", async () => {
    const entries = await sitemapIndexEntries(SIZE);
    expect(entries.map((e) => sitemapFileName(e.name))).toEqual([
      "pages.xml",
      "products-1.xml",
      "products-2.xml",
      "products-3.xml",
      "producers-1.xml",
      "producers-2.xml",
    ]);
    for (const entry of entries) expect(entry.lastmod).toBeInstanceOf(Date);
  });

  test("product files hold every listed product exactly once, 3 per file, none unlisted", async () => {
    const files = await Promise.all(["products-1.xml", "products-2.xml", "products-3.xml"].map(read));
    const locs = files.map((f) => locsOf(f!.xml));
    expect(locs.map((l) => l.length)).toEqual([3, 3, 1]);
    const all = locs.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(listed);
    for (const url of unlisted) expect(all).not.toContain(url);
    // Each carries its language versions and a lastmod; ids ascend across files (keyset order).
    expect(files[0]!.xml).toContain('hreflang="en" href="https://ocop.example.vn/san-pham/');
    expect(files[0]!.xml.match(/<lastmod>/g)).toHaveLength(3);
    expect(await read("products-4.xml")).toBeNull();
  });

  test("each file's lastmod in the index is the newest product in it", async () => {
    const entries = await sitemapIndexEntries(SIZE);
    for (const entry of entries.filter((e) => e.name.kind === "products")) {
      const file = await read(sitemapFileName(entry.name));
      const lastmods = [...file!.xml.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1]!);
      expect(w3cDate(entry.lastmod!)).toBe(lastmods.sort().at(-1));
      expect(file!.lastModified?.getTime()).toBe(entry.lastmod!.getTime());
    }
  });

  test("producer files list producers with a listed product only", async () => {
    const [one, two] = await Promise.all([read("producers-1.xml"), read("producers-2.xml")]);
    const all = [...locsOf(one!.xml), ...locsOf(two!.xml)];
    expect(locsOf(one!.xml)).toHaveLength(3);
    expect(new Set(all)).toEqual(publicProducers);
    expect(all).not.toContain(hiddenProducer);
    expect(await read("producers-3.xml")).toBeNull();
  });

  test("pages.xml: home, search and the categories that have listed products", async () => {
    const file = await read("pages.xml");
    expect(locsOf(file!.xml)).toEqual([
      `${ORIGIN}/`,
      `${ORIGIN}/tim-kiem`,
      `${ORIGIN}/danh-muc/thuc-pham`,
      `${ORIGIN}/danh-muc/do-uong`,
    ]);
  });

  test("a file's ETag holds until one of its products changes", async () => {
    const before = await read("products-1.xml");
    expect(before!.etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect((await read("products-1.xml"))!.etag).toBe(before!.etag);
    const first = locsOf(before!.xml)[0]!.split("/").at(-1)!;
    await prisma.product.update({ where: { slug: first }, data: { priceVnd: 123_000 } });
    expect((await read("products-1.xml"))!.etag).not.toBe(before!.etag);
  });

  test("URLs use APP_ORIGIN when set, else the request's origin", () => {
    const request = new Request("http://localhost:3000/sitemap.xml");
    expect(publicOrigin(request)).toBe(process.env.APP_ORIGIN ?? "http://localhost:3000");
  });
});
