import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ChannelProduct } from "./connector";
import {
  feedStream,
  googleFeedRss,
  googleFeedTsv,
  parseGoogleRss,
  parseGoogleTsv,
  validateGoogleFeedItem,
  GOOGLE_ATTRIBUTES,
} from "./feeds";

const origin = "https://ocop.example.vn";
function product(overrides: Partial<ChannelProduct> = {}): ChannelProduct {
  const id = overrides.id ?? "p-cafe";
  return {
    id,
    slug: id,
    name: "Cà phê Robusta rang xay Đắk Mil",
    description: "Cà phê Robusta rang mộc, xay vừa, hợp pha phin.",
    link: `${origin}/san-pham/${id}`,
    imageLinks: [`${origin}/img/${id}-1.jpg`, `${origin}/img/${id}-2.webp`],
    priceVnd: 185000,
    unit: "gói",
    stock: 120,
    gtin: "8935049500018",
    sku: "CF-001",
    brand: "HTX Nông nghiệp Ea Tu",
    producerSlug: "htx-ea-tu",
    provinceName: "Đắk Lắk",
    ocopGroup: "FOOD",
    category: "Cà phê",
    ocopStars: 4,
    weightGrams: 540,
    listed: true,
    ...overrides,
  };
}

const products: ChannelProduct[] = [
  product(),
  product({
    id: "p-tra",
    name: "Trà ô long Mộc Châu",
    gtin: null,
    ocopGroup: "BEVERAGE",
    category: "Trà, thảo mộc",
  }),
  product({ id: "p-mat-ong", name: "Mật ong bạc hà", stock: 0, gtin: "96385074", weightGrams: null }),
  product({
    id: "p-hostile",
    name: `Bánh <đậu> xanh & "Hải Dương" 'ngon'\u0007\uFFFE`,
    description: "Dòng 1\tcột\r\nDòng 2 <b>đậm</b> & ]]> hết",
    brand: "Cơ sở Bảo & Minh",
    gtin: null,
    imageLinks: Array.from({ length: 13 }, (_, i) => `${origin}/img/h-${i}.jpg?w=800&q=80`),
  }),
];

async function* iterate<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** A writable that keeps what it receives (as text). */
function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

describe("Google Merchant Center feed", () => {
  it("writes RSS 2.0 with the g: namespace that parses back to valid items", async () => {
    const out = collector();
    expect(await googleFeedRss.write(iterate(products), out.stream)).toEqual({ count: 4 });
    const xml = out.text();
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<rss version="2\.0"/);
    expect(xml).toContain('xmlns:g="http://base.google.com/ns/1.0"');
    expect(xml).toContain(`<link>${origin}</link>`);
    expect(xml.includes("\u0007") || xml.includes("\uFFFE")).toBe(false);

    const items = parseGoogleRss(xml);
    expect(items).toHaveLength(4);
    for (const item of items) expect(validateGoogleFeedItem(item)).toEqual([]);
    expect(items.map((i) => i.id)).toEqual(["p-cafe", "p-tra", "p-mat-ong", "p-hostile"]);
    expect(items[0]).toMatchObject({
      price: "185000 VND",
      availability: "in_stock",
      condition: "new",
      gtin: "8935049500018",
      brand: "HTX Nông nghiệp Ea Tu",
      link: `${origin}/san-pham/p-cafe`,
      image_link: `${origin}/img/p-cafe-1.jpg`,
      additional_image_link: `${origin}/img/p-cafe-2.webp`,
      google_product_category: "Food, Beverages & Tobacco > Food Items",
      product_type: "OCOP > Thực phẩm > Cà phê",
      shipping_weight: "540 g",
    });
    expect(items[1]?.product_type).toBe("OCOP > Đồ uống > Trà - thảo mộc"); // no comma: one type
    expect(items[2]?.availability).toBe("out_of_stock");

    // identifier_exists only where there is no GTIN
    expect(items.map((i) => [i.gtin ?? null, i.identifier_exists ?? null])).toEqual([
      ["8935049500018", null],
      [null, "no"],
      ["96385074", null],
      [null, "no"],
    ]);

    const hostile = items[3]!;
    expect(hostile.title).toBe(`Bánh <đậu> xanh & "Hải Dương" 'ngon'`);
    expect(hostile.description).toBe("Dòng 1\tcột\nDòng 2 <b>đậm</b> & ]]> hết");
    expect(hostile.brand).toBe("Cơ sở Bảo & Minh");
    expect(hostile.additional_image_link?.split(",")).toHaveLength(10);
    expect(xml).toContain(
      "<g:title>Bánh &lt;đậu&gt; xanh &amp; &quot;Hải Dương&quot; &apos;ngon&apos;</g:title>",
    );
  });

  it("writes TSV with a header row that parses back to the same, valid items", async () => {
    const out = collector();
    expect(await googleFeedTsv.write(iterate(products), out.stream)).toEqual({ count: 4 });
    const text = out.text();
    const lines = text.split("\n").filter(Boolean);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(GOOGLE_ATTRIBUTES.join("\t"));
    for (const line of lines) expect(line.split("\t")).toHaveLength(GOOGLE_ATTRIBUTES.length);

    const rows = parseGoogleTsv(text);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(validateGoogleFeedItem(row)).toEqual([]);
    expect(rows[0]?.price).toBe("185000 VND");
    expect(rows.map((r) => r.identifier_exists ?? null)).toEqual([null, "no", null, "no"]);
    expect(rows[3]?.title).toBe(`Bánh <đậu> xanh & "Hải Dương" 'ngon'`);
    expect(rows[3]?.description).toBe("Dòng 1 cột Dòng 2 <b>đậm</b> & ]]> hết");
    expect(rows[3]?.additional_image_link?.split(",")).toHaveLength(10);
    // Quoted because of the quotation marks, the inner ones doubled (Google's quoted fields).
    expect(lines[4]?.split("\t")[1]).toBe(`"Bánh <đậu> xanh & ""Hải Dương"" 'ngon'"`);
  });

  it("an empty catalogue is still a well-formed feed", async () => {
    const out = collector();
    expect(await googleFeedRss.write(iterate([]), out.stream)).toEqual({ count: 0 });
    expect(parseGoogleRss(out.text())).toEqual([]);
  });

  it("validateGoogleFeedItem catches what Google rejects", () => {
    expect(
      validateGoogleFeedItem({
        id: "x",
        title: "T".repeat(151),
        link: "/san-pham/x",
        image_link: "ftp://a/b.jpg",
        availability: "có hàng",
        price: "185.000 đ",
        condition: "new",
        brand: "B",
        gtin: "8935049500019",
        product_type: "OCOP",
      }),
    ).toEqual([
      '"title" dài quá 150 ký tự.',
      'Thiếu thuộc tính bắt buộc "description".',
      '"link" không phải địa chỉ http(s) đầy đủ.',
      '"image_link" không phải địa chỉ http(s) đầy đủ.',
      '"availability" không hợp lệ: "có hàng".',
      '"price" phải có dạng "185000 VND" và lớn hơn 0: "185.000 đ".',
      '"gtin" sai số kiểm tra hoặc độ dài: "8935049500019".',
    ]);
  });

  it("validate: the common problems and Google's rules, in Vietnamese", () => {
    expect(googleFeedRss.validate(product())).toEqual([]);
    const bad = product({
      name: "x".repeat(151),
      description: " ",
      imageLinks: ["/img/a.jpg"],
      priceVnd: 0,
      gtin: "8935049500019",
      brand: "",
      ocopGroup: "TOURISM",
      listed: false,
    });
    const problems = googleFeedTsv.validate(bad);
    expect(problems.map((p) => p.field)).toEqual([
      "listed",
      "priceVnd",
      "name",
      "description",
      "imageLinks",
      "gtin",
      "brand",
      "ocopGroup",
    ]);
    expect(problems.find((p) => p.field === "gtin")?.message).toBe(
      "Mã vạch GTIN sai (phải có 8, 12, 13 hoặc 14 chữ số và đúng số kiểm tra).",
    );
    expect(googleFeedRss.categoryFor(bad)).toBeNull();
    // GTIN-12 and GTIN-14 check digits
    expect(googleFeedRss.validate(product({ gtin: "036000291452" }))).toEqual([]);
    expect(googleFeedRss.validate(product({ gtin: "18935049500015" }))).toEqual([]);
    expect(googleFeedRss.validate(product({ gtin: "036000291453" })).map((p) => p.field)).toEqual(["gtin"]);
  });

  it("streams 20,000 products with backpressure and bounded memory", async () => {
    const total = 20_000;
    async function* many() {
      for (let i = 0; i < total; i++) {
        yield product({
          id: `p-${i}`,
          name: `Sản phẩm OCOP số ${i}`,
          gtin: i % 2 ? null : "8935049500018",
          stock: i % 7,
          description: "Mô tả sản phẩm. ".repeat(40),
        });
      }
    }
    for (const [connector, marker] of [
      [googleFeedRss, /<item>/g],
      [googleFeedTsv, /\n/g],
    ] as const) {
      let bytes = 0;
      let items = 0;
      let maxPending = 0;
      const sink = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          items += (chunk.toString("utf8").match(marker) ?? []).length;
          maxPending = Math.max(maxPending, sink.writableLength);
          setImmediate(done); // a slow consumer: the writer must wait for 'drain'
        },
      });
      const before = process.memoryUsage().heapUsed;
      const { count } = await connector.write(many(), sink);
      const growth = process.memoryUsage().heapUsed - before;
      expect(count).toBe(total);
      expect(bytes).toBeGreaterThan(total * 500);
      expect(items).toBeGreaterThanOrEqual(total);
      // Respecting backpressure keeps the queue at about one highWaterMark plus one ~64 KB chunk.
      expect(maxPending).toBeLessThan(16 * 1024 + 96 * 1024);
      expect(growth).toBeLessThan(50 * 1024 * 1024);
      expect(sink.writableFinished).toBe(true);
    }
  });

  it("fails when the destination fails", async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(new Error("disk full"));
      },
    });
    await expect(googleFeedTsv.write(iterate(products), broken)).rejects.toThrow("disk full");
  });

  it("buffers items into large chunks and reads products only as the stream is pulled", async () => {
    let read = 0;
    async function* many() {
      for (let i = 0; i < 10_000; i++) {
        read++;
        yield product({ id: `p-${i}`, description: "Mô tả sản phẩm. ".repeat(20) });
      }
    }
    const reader = feedStream(googleFeedRss.chunks(many())).getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBeGreaterThan(60 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // One chunk taken, at most the queue's ~128 KB behind it: a small part of the 10,000 items.
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(1_000);
    await reader.cancel();
  });
});
