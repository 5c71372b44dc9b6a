// Catalogue search quality and mechanics on the seeded demo data (prisma/seed/demo.ts): queries
// without diacritics, with typos, several words and a province name return the expected top
// results; filters and facet counts equal what the DEMO_* constants say; keyset pagination visits
// every listed product exactly once in every order; unlisted products never show; the route
// loaders never fail on garbage. Runs on PGlite and on PostgreSQL (scripts/with-test-postgres.ts).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OcopGroup } from "~/generated/prisma/enums";
import { createProduct } from "../../prisma/seed/factories";
import { seedAdminUnits } from "../../prisma/seed/admin-units";
import { DEMO_PRODUCERS, DEMO_PRODUCTS, seedDemo } from "../../prisma/seed/demo";
import { callLoader, getRequest } from "../support/routes";

const { prisma, database } = await import("~/utils/db.server");
const { searchCatalogue } = await import("~/modules/catalogue/search.server");
const { parseCatalogueQuery, SORTS } = await import("~/modules/catalogue/search-params");
const searchRoute = await import("~/routes/catalogue/search");
const categoryRoute = await import("~/routes/catalogue/category");
const producerRoute = await import("~/routes/catalogue/producer");
const homeRoute = await import("~/routes/catalogue/home");

let mediaDir: string;

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "ocop-catalogue-test-"));
  await seedAdminUnits(prisma);
  // Tiny pictures: the photos are not what is tested here.
  await seedDemo(prisma, { mediaDir, photoWidth: 64, avifEffort: 0 });
}, 180_000);

afterAll(() => rm(mediaDir, { recursive: true, force: true }));

const search = (params: Record<string, string>, options = {}) =>
  searchCatalogue(parseCatalogueQuery(new URLSearchParams(params)), options);
const names = async (q: string) => (await search({ q })).items.map((i) => i.name);

// What the demo seed lists, from its own constants.
const LISTED = DEMO_PRODUCTS.filter((p) => p.status === "APPROVED");
const provinceOf = (p: (typeof DEMO_PRODUCTS)[number]) =>
  DEMO_PRODUCERS.find((producer) => producer.slug === p.producer)!.provinceCode;
const countBy = <K extends string>(
  items: readonly (typeof DEMO_PRODUCTS)[number][],
  key: (p: (typeof DEMO_PRODUCTS)[number]) => K,
) => items.reduce<Record<string, number>>((acc, p) => ({ ...acc, [key(p)]: (acc[key(p)] ?? 0) + 1 }), {});

const COFFEES = ["Cà phê Robusta rang mộc Đắk Mil", "Cà phê hạt Robusta Honey Đắk Mil"];

describe("search quality", () => {
  test("the unaccent wrapper folds Vietnamese, đ included", async () => {
    const [row] = await database().sql.query<{ v: string }>(
      `SELECT "ocop_unaccent"('Cà Phê ĐẮK Mil, Đồng') AS v`,
    );
    expect(row!.v).toBe("ca phe dak mil, dong");
  });

  test("without diacritics: 'ca phe dak mil' → the Đắk Mil coffees first", async () => {
    for (const q of ["ca phe dak mil", "Cà phê Đắk Mil", "CA PHE DAK MIL", "  cà   phê, đắk-mil  "]) {
      const result = await search({ q });
      expect(
        result.items
          .slice(0, 2)
          .map((i) => i.name)
          .sort(),
        q,
      ).toEqual([...COFFEES].sort());
      expect(result.approximate, q).toBe(false);
    }
  });

  test("'sau rieng' → durian first", async () => {
    expect((await names("sau rieng"))[0]).toBe("Sầu riêng Ri6 Long Khánh");
  });

  test("typos still find them, marked approximate", async () => {
    const typo = await search({ q: "ca phe dak mill" });
    expect(typo.approximate).toBe(true);
    expect(
      typo.items
        .slice(0, 2)
        .map((i) => i.name)
        .sort(),
    ).toEqual([...COFFEES].sort());
    expect((await names("sau rienng"))[0]).toBe("Sầu riêng Ri6 Long Khánh");
    expect((await names("mat ong meo vak"))[0]).toBe("Mật ong bạc hà Mèo Vạc");
    expect((await names("caphe"))[0]).toMatch(/^Cà phê/);
    expect((await names("nuoc mam phu quok"))[0]).toBe("Nước mắm cốt cá cơm Phú Quốc 40 độ đạm");
  });

  test("several words: the product with all of them in its name first", async () => {
    expect((await names("nuoc mam phu quoc"))[0]).toBe("Nước mắm cốt cá cơm Phú Quốc 40 độ đạm");
    expect((await names("tra xanh"))[0]).toBe("Trà xanh Trùng Khánh");
    expect((await names("gom bat trang")).slice(0, 2).sort()).toEqual(
      ["Bình hoa men rạn Bát Tràng", "Bộ ấm chén men lam Bát Tràng"].sort(),
    );
    expect((await names("tieu den"))[0]).toBe("Tiêu đen Phú Quốc");
  });

  test("a province's name in the query: its producers' products first", async () => {
    const result = await search({ q: "ca phe lam dong" });
    expect(
      result.items
        .slice(0, 2)
        .map((i) => i.name)
        .sort(),
    ).toEqual([...COFFEES].sort());
    for (const item of result.items) expect(item.producer.province.name).toBe("Lâm Đồng");
    expect((await names("hat de cao bang"))[0]).toBe("Hạt dẻ Trùng Khánh");
    expect(await names("dong nai")).toContain("Sầu riêng Ri6 Long Khánh");
  });

  test("by producer name", async () => {
    const found = await names("vuon ut hien");
    expect(found.sort()).toEqual(["Chôm chôm Java Long Khánh", "Sầu riêng Ri6 Long Khánh"].sort());
  });

  test("nothing for words no product has", async () => {
    const result = await search({ q: "xe máy điện" });
    expect(result.items).toEqual([]);
    expect(result.total).toBe(0);
  });
});

describe("filters and facets", () => {
  test("facet counts equal those computed from the demo constants", async () => {
    const { facets, total } = await search({});
    expect(total).toBe(LISTED.length);
    expect(Object.fromEntries(facets!.province.map((p) => [p.key, p.count]))).toEqual(
      countBy(LISTED, provinceOf),
    );
    expect(facets!.province.find((p) => p.key === "68")?.label).toBe("Lâm Đồng");
    const groups = countBy(LISTED, (p) => p.ocopGroup);
    for (const g of facets!.group) expect(g.count, g.key).toBe(groups[g.key] ?? 0);
    const atLeast = (n: number) => LISTED.filter((p) => (p.ocopStars ?? 0) >= n).length;
    expect(facets!.stars.map((s) => [s.key, s.count])).toEqual([
      ["3", atLeast(3)],
      ["4", atLeast(4)],
      ["5", atLeast(5)],
    ]);
    // The seed backs every star claim with an OCOP certificate, and only those.
    expect(facets!.cert.find((c) => c.key === "OCOP")?.count).toBe(atLeast(3));
    expect(facets!.cert.filter((c) => c.key !== "OCOP").every((c) => c.count === 0)).toBe(true);
    expect(facets!.inStock).toBe(LISTED.filter((p) => p.stock > 0).length);
    expect(facets!.commune).toEqual([]);
  });

  test("each filter narrows the results; each facet leaves its own filter out", async () => {
    const lamDong = await search({ province: "68" });
    const inLamDong = LISTED.filter((p) => provinceOf(p) === "68");
    expect(lamDong.total).toBe(inLamDong.length);
    expect(lamDong.items.map((i) => i.slug).sort()).toEqual(inLamDong.map((p) => p.slug).sort());
    // The province facet still offers every province; the others count Lâm Đồng only.
    expect(lamDong.facets!.province.length).toBe(new Set(LISTED.map(provinceOf)).size);
    expect(lamDong.facets!.group.find((g) => g.key === "BEVERAGE")?.count).toBe(
      inLamDong.filter((p) => p.ocopGroup === "BEVERAGE").length,
    );
    expect(lamDong.facets!.commune).toEqual([{ key: "24670", label: "Đắk Mil", count: inLamDong.length }]);

    const four = await search({ stars: "4" });
    expect(four.items.every((i) => (i.ocopStars ?? 0) >= 4)).toBe(true);
    expect(four.total).toBe(LISTED.filter((p) => (p.ocopStars ?? 0) >= 4).length);
    // The stars facet ignores the stars filter.
    expect(four.facets!.stars[0]!.count).toBe(LISTED.filter((p) => (p.ocopStars ?? 0) >= 3).length);

    const crafts = await search({ group: "thu-cong-my-nghe" });
    expect(crafts.items.map((i) => i.slug).sort()).toEqual(
      LISTED.filter((p) => p.ocopGroup === ("HANDICRAFT" satisfies OcopGroup))
        .map((p) => p.slug)
        .sort(),
    );

    const ocop = await search({ cert: "ocop" });
    expect(ocop.total).toBe(LISTED.filter((p) => p.ocopStars).length);
    expect((await search({ cert: "VIETGAP" })).total).toBe(0);

    const priced = await search({ min: "100.000", max: "200000" });
    expect(priced.items.map((i) => i.slug).sort()).toEqual(
      LISTED.filter((p) => p.priceVnd >= 100_000 && p.priceVnd <= 200_000)
        .map((p) => p.slug)
        .sort(),
    );
    expect((await search({ min: "200000", max: "100000" })).total).toBe(priced.total); // reversed range

    const inStock = await search({ stock: "1" });
    expect(inStock.total).toBe(LISTED.filter((p) => p.stock > 0).length);
  });

  test("browsing facets from the in-memory cube equal those counted by SQL", async () => {
    const combinations: Record<string, string>[] = [
      {},
      { province: "68" },
      { province: "68", commune: "24670" },
      { stars: "4" },
      { group: "FOOD", stock: "1" },
      { cert: "OCOP", province: "04" },
      { cert: "VIETGAP" },
    ];
    for (const filters of combinations) {
      const fromCube = await search(filters);
      // A price bound that excludes nothing sends the same counts through the SQL path.
      const fromSql = await search({ ...filters, min: "0" });
      expect(fromCube.facets, JSON.stringify(filters)).toEqual(fromSql.facets);
      expect(fromCube.total).toBe(fromSql.total);
    }
  });

  test("words and filters together", async () => {
    const result = await search({ q: "ca phe", province: "68", stars: "4" });
    expect(result.items.map((i) => i.name)).toEqual(["Cà phê Robusta rang mộc Đắk Mil"]);
    expect(result.total).toBe(1);
    // Filters that exclude every match keep the exact words (no typo-tolerant noise).
    const none = await search({ q: "ca phe", province: "01" });
    expect(none.total).toBe(0);
    expect(none.approximate).toBe(false);
    expect(none.facets!.province.find((p) => p.key === "68")?.count).toBeGreaterThan(0);
  });
});

describe("keyset pagination", () => {
  beforeAll(async () => {
    // Thirty more listed coffees with equal prices, stars and names: ties everywhere.
    const producer = await prisma.producer.findUniqueOrThrow({ where: { slug: "htx-ca-phe-dak-mil" } });
    for (let i = 0; i < 30; i++) {
      await createProduct(prisma, {
        producerId: producer.id,
        name: `Cà phê thử nghiệm ${i % 3}`,
        ocopGroup: "BEVERAGE",
        priceVnd: 100_000,
        stock: i % 2,
        status: "APPROVED",
      });
    }
  });

  test("every order visits every listed product exactly once", async () => {
    const listed = await prisma.product.findMany({
      where: { listedAt: { not: null } },
      select: { slug: true },
    });
    for (const q of ["", "ca phe"]) {
      for (const sort of SORTS) {
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const result = await search({ q, sort, ...(after ? { after } : {}) }, { pageSize: 7 });
          seen.push(...result.items.map((i) => i.slug));
          after = result.next;
          expect(++pages).toBeLessThan(20);
        } while (after);
        const expected = q
          ? (await search({ q }, { pageSize: 100 })).items.map((i) => i.slug)
          : listed.map((p) => p.slug);
        expect(new Set(seen).size, `${q} ${sort}`).toBe(seen.length);
        expect(seen.sort(), `${q} ${sort}`).toEqual(expected.sort());
      }
    }
  });

  test("pages follow the order; a cursor of another order or a forged one is ignored", async () => {
    const first = await search({ sort: "price-asc" }, { pageSize: 5 });
    const second = await search({ sort: "price-asc", after: first.next! }, { pageSize: 5 });
    const prices = [...first.items, ...second.items].map((i) => i.priceVnd);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const mismatched = await search({ sort: "price-desc", after: first.next! }, { pageSize: 5 });
    expect(mismatched.items.map((i) => i.id)).toEqual(
      (await search({ sort: "price-desc" }, { pageSize: 5 })).items.map((i) => i.id),
    );
    const forged = Buffer.from(JSON.stringify(["pa", "1; DROP TABLE", "x"])).toString("base64url");
    expect((await search({ sort: "price-asc", after: forged }, { pageSize: 5 })).items).toEqual(first.items);
  });
});

describe("only listed products, kept up to date", () => {
  test("drafts, submitted and suspended products never appear", async () => {
    const hidden = DEMO_PRODUCTS.filter((p) => p.status !== "APPROVED").map((p) => p.slug);
    const all = await search({}, { pageSize: 100 });
    for (const slug of hidden) expect(all.items.map((i) => i.slug)).not.toContain(slug);
    expect(await names("phin giay")).toEqual([]); // a DRAFT
    expect(await names("say thang hoa")).toEqual([]); // SUBMITTED

    const before = await search({ q: "mat ong" });
    expect(before.items.map((i) => i.name)).toContain("Mật ong bạc hà Mèo Vạc");
    await prisma.product.update({
      where: { slug: "mat-ong-bac-ha-meo-vac" },
      data: { status: "SUSPENDED", listedAt: null, suspensionCause: "OFFICIAL" },
    });
    const after = await search({ q: "mat ong" });
    expect(after.items.map((i) => i.name)).not.toContain("Mật ong bạc hà Mèo Vạc");
    // The cached counts followed the change (the catalogue clock moved).
    expect((await search({})).total).toBe(await prisma.product.count({ where: { listedAt: { not: null } } }));
    await prisma.product.update({
      where: { slug: "mat-ong-bac-ha-meo-vac" },
      data: { status: "APPROVED", listedAt: new Date(), suspensionCause: null },
    });
  });

  test("a listed product with a revision in review stays findable under its approved name", async () => {
    await prisma.product.update({
      where: { slug: "hat-de-trung-khanh" },
      data: { status: "SUBMITTED", revision: { name: "Hạt dẻ rang sẵn" } },
    });
    expect(await names("hat de")).toContain("Hạt dẻ Trùng Khánh");
    const [row] = await database().sql.query<{ searchText: string }>(
      `SELECT "searchText" FROM "Product" WHERE "slug" = 'hat-de-trung-khanh'`,
    );
    expect(row!.searchText).not.toContain("rang san");
  });

  test("renaming a producer or a commune updates what its products are found by", async () => {
    await prisma.producer.update({
      where: { slug: "tht-gom-men-lam-bat-trang" },
      data: { name: "Tổ hợp tác Gốm Sứ Hoa Sen" },
    });
    expect((await names("gom su hoa sen")).length).toBe(2);
    await prisma.commune.update({ where: { code: "00577" }, data: { name: "Bát Tràng Mới" } });
    const [row] = await database().sql.query<{ searchText: string }>(
      `SELECT "searchText" FROM "Product" WHERE "slug" = 'binh-hoa-men-ran-bat-trang'`,
    );
    expect(row!.searchText).toContain("bat trang moi");
    await prisma.commune.update({ where: { code: "00577" }, data: { name: "Bát Tràng" } });
  });
});

test("a sale that leaves stock keeps cached pages; the last unit sold or an edit drops them", async () => {
  // The clock keys the public page cache: a checkout must not empty it unless a page changes.
  const clock = async () =>
    BigInt(
      (
        await database().sql.query<{ v: string }>(`SELECT "last_value"::text AS "v" FROM "catalogue_clock"`)
      )[0]!.v,
    );
  const slug = "mat-ong-bac-ha-meo-vac";
  const original = await prisma.product.findUniqueOrThrow({
    where: { slug },
    select: { stock: true, priceVnd: true },
  });
  await prisma.product.update({ where: { slug }, data: { stock: 2 } });

  let before = await clock();
  await prisma.product.update({ where: { slug }, data: { stock: { decrement: 1 } } });
  expect(await clock()).toBe(before);
  await prisma.product.update({ where: { slug }, data: { stock: { increment: 5 } } });
  expect(await clock()).toBe(before);

  await prisma.product.update({ where: { slug }, data: { stock: 0 } }); // sold out: the badge shows
  expect(await clock()).toBeGreaterThan(before);
  before = await clock();
  await prisma.product.update({ where: { slug }, data: { stock: 3 } }); // back in stock
  expect(await clock()).toBeGreaterThan(before);
  before = await clock();
  await prisma.product.update({
    where: { slug },
    data: { priceVnd: original.priceVnd + 1000, stock: { decrement: 1 } },
  });
  expect(await clock()).toBeGreaterThan(before);
  await prisma.product.update({ where: { slug }, data: original });
  before = await clock();
  await prisma.product.updateMany({ where: { slug: "khong-co" }, data: { name: "x" } }); // no row
  expect(await clock()).toBe(before);
});

describe("routes", () => {
  const load = (path: string, params: Record<string, string> = {}) => {
    const route = path.startsWith("/danh-muc/")
      ? categoryRoute
      : path.startsWith("/co-so/")
        ? producerRoute
        : path === "/" || path.startsWith("/?")
          ? homeRoute
          : searchRoute;
    return callLoader(route.loader, getRequest(path), params);
  };

  test("search: public, cached, canonical to the query, noindex when paged or narrowed", async () => {
    const res = await load("/tim-kiem?q=ca+phe&province=68&stars=4&sort=price-asc");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public/);
    expect(res.headers.get("Last-Modified")).toBeTruthy();
    const data = res.data as { head: { canonical: string; noindex: boolean }; result: { total: number } };
    expect(data.head.canonical).toBe("http://localhost:3000/tim-kiem?q=ca+phe");
    expect(data.head.noindex).toBe(true);
    const plain = (await load("/tim-kiem?q=ca+phe")).data as typeof data;
    expect(plain.head.noindex).toBe(false);
  });

  test("garbage parameters never fail: they are dropped", async () => {
    const garbage = [
      "/tim-kiem?q=%00%01%FF&stars=9&province=abc&min=-5&max=zzz&sort=bogus&after=!!!&cert=foo&stock=2&commune=1&group=x",
      `/tim-kiem?q=${"a ".repeat(3000)}`,
      "/tim-kiem?q=%E2%80%AE%F0%9F%98%80%27%22%3B--&q=second&stars=3&stars=5",
      "/tim-kiem?after=WyJzIiwxLCIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJub3QtYS11dWlkIl0",
      "/tim-kiem?commune=24670&province=01",
      "/tim-kiem?min=99999999999999&max=1e9&lang=xx",
      "/danh-muc/do-uong?group=FOOD&sort=stars&min=abc",
      "/co-so/htx-ca-phe-dak-mil?sort=price-desc&after=xyz&province=01",
      "/?lang=en&q=x",
    ];
    for (const path of garbage) {
      const slug: Record<string, string> = path.startsWith("/danh-muc/")
        ? { group: "do-uong" }
        : path.startsWith("/co-so/")
          ? { slug: "htx-ca-phe-dak-mil" }
          : {};
      const res = await load(path, slug);
      expect(res.status, path).toBe(200);
    }
    const mismatch = (await load("/tim-kiem?commune=24670&province=01")).data as {
      query: { commune?: string };
    };
    expect(mismatch.query.commune).toBeUndefined();
    const fixed = (await load("/danh-muc/do-uong?group=FOOD", { group: "do-uong" })).data as {
      result: { items: { slug: string }[] };
    };
    const beverages = await prisma.product.findMany({
      where: { ocopGroup: "BEVERAGE" },
      select: { slug: true },
    });
    expect(fixed.result.items.length).toBeGreaterThan(0);
    for (const item of fixed.result.items) expect(beverages.map((b) => b.slug)).toContain(item.slug);
  });

  test("unknown category or producer, or a producer with nothing listed: 404", async () => {
    expect((await load("/danh-muc/xe-may", { group: "xe-may" })).status).toBe(404);
    expect((await load("/danh-muc/FOOD", { group: "FOOD" })).status).toBe(404);
    expect((await load("/co-so/khong-co", { slug: "khong-co" })).status).toBe(404);
    const empty = await prisma.producer.create({
      data: {
        slug: "co-so-chua-co-san-pham",
        kind: "COMPANY",
        name: "Chưa có gì",
        provinceCode: "01",
        communeCode: "00577",
      },
    });
    expect((await load(`/co-so/${empty.slug}`, { slug: empty.slug })).status).toBe(404);
  });

  test("the producer page shows public facts only", async () => {
    await prisma.producer.update({
      where: { slug: "htx-ca-phe-dak-mil" },
      data: { phone: "0912345678", bankAccountNumber: "123456789", representative: "Nguyễn Văn Thành" },
    });
    const res = await load("/co-so/htx-ca-phe-dak-mil", { slug: "htx-ca-phe-dak-mil" });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.data);
    expect(text).toContain("5800451233"); // the tax code is public business information
    for (const secret of ["0912345678", "123456789", "Nguyễn Văn Thành", "Thôn Đức Lập"]) {
      expect(text).not.toContain(secret);
    }
    const data = res.data as { result: { items: { producer: { slug: string } }[] } };
    expect(data.result.items.length).toBeGreaterThan(0);
    expect(data.result.items.every((i) => i.producer.slug === "htx-ca-phe-dak-mil")).toBe(true);
  });

  test("home: featured products, the listed count, provinces and groups with counts", async () => {
    const res = await load("/");
    expect(res.status).toBe(200);
    const data = res.data as {
      total: number;
      featured: { ocopStars: number | null }[];
      provinces: { key: string; count: number }[];
      groups: { key: string; count: number }[];
    };
    const listed = await prisma.product.count({ where: { listedAt: { not: null } } });
    expect(data.total).toBe(listed);
    expect(data.featured.length).toBe(12);
    const stars = data.featured.map((p) => p.ocopStars ?? 0);
    expect(stars).toEqual([...stars].sort((a, b) => b - a));
    expect(data.provinces.reduce((s, p) => s + p.count, 0)).toBe(listed);
    expect(data.groups.reduce((s, g) => s + g.count, 0)).toBe(listed);
  });
});
