import { describe, expect, test } from "vitest";
import { categoryPath, groupOfSlug, parseGroup } from "./categories";
import {
  activeFilterCount,
  catalogueHref,
  cleanQuery,
  effectiveSort,
  indexable,
  parseCatalogueQuery,
  parsePrice,
  queryTokens,
  toSearchParams,
} from "./search-params";

const parse = (search: string) => parseCatalogueQuery(new URLSearchParams(search));

describe("the search URL", () => {
  test("reads every parameter", () => {
    expect(
      parse(
        "q=cà+phê&province=68&commune=24670&stars=4&group=do-uong&cert=vietgap&min=100000&max=200000&stock=1&sort=price-asc&after=abc_-1&lang=en",
      ),
    ).toEqual({
      q: "cà phê",
      province: "68",
      commune: "24670",
      stars: 4,
      group: "BEVERAGE",
      cert: "VIETGAP",
      min: 100_000,
      max: 200_000,
      stock: true,
      sort: "price-asc",
      after: "abc_-1",
      lang: "en",
    });
  });

  test("defaults to relevance with nothing else", () => {
    expect(parse("")).toEqual({ sort: "relevance" });
  });

  test("drops what does not parse, never throws", () => {
    expect(
      parse(
        "q=%20%20&province=6&commune=abc&stars=2&group=cars&cert=iso&min=-5&max=1e9&stock=yes&sort=random&after=a%20b&lang=fr",
      ),
    ).toEqual({ sort: "relevance" });
    expect(parse("stars=6")).toEqual({ sort: "relevance" });
    expect(parse("stars=4.5")).toEqual({ sort: "relevance" });
    expect(parse(`after=${"a".repeat(401)}`)).toEqual({ sort: "relevance" });
  });

  test("takes the first of repeated parameters and ignores unknown ones", () => {
    expect(parse("stars=3&stars=5&province=&province=68&utm_source=x")).toEqual({
      sort: "relevance",
      stars: 3,
      province: "68",
    });
  });

  test("accepts a group by slug or code, prices the way people write them, a reversed range", () => {
    expect(parse("group=FOOD").group).toBe("FOOD");
    expect(parse("group=thu-cong-my-nghe").group).toBe("HANDICRAFT");
    expect(parsePrice("150.000")).toBe(150_000);
    expect(parsePrice("150 000 ₫")).toBe(150_000);
    expect(parsePrice("150000đ")).toBe(150_000);
    expect(parsePrice("1.000.000.001")).toBeUndefined();
    expect(parsePrice("12abc")).toBeUndefined();
    expect(parse("min=300000&max=100000")).toMatchObject({ min: 100_000, max: 300_000 });
  });

  test("cleans the query: control characters, spaces, length", () => {
    expect(cleanQuery("  cà\u0000phê\n\t đắk   mil ")).toBe("cà phê đắk mil");
    expect(cleanQuery("x".repeat(300))).toHaveLength(100);
    // Decomposed input (some keyboards) becomes the composed form.
    expect(cleanQuery("ca\u0300 phe\u0302")).toBe("cà phê");
  });

  test("writes a query back as a canonical URL", () => {
    const query = parse("stock=on&q=ca+phe&group=BEVERAGE&sort=relevance&province=68");
    expect(toSearchParams(query).toString()).toBe("q=ca+phe&province=68&group=do-uong&stock=1");
    expect(catalogueHref("/tim-kiem", query, { after: "xyz", stock: undefined })).toBe(
      "/tim-kiem?q=ca+phe&province=68&group=do-uong&after=xyz",
    );
    expect(catalogueHref("/tim-kiem", { sort: "relevance" })).toBe("/tim-kiem");
    // What is written reads back the same.
    expect(parse(toSearchParams(query).toString())).toEqual(query);
  });

  test("counts filters, picks the effective order, decides indexing", () => {
    expect(activeFilterCount(parse("q=x&province=68&stars=4&sort=newest"))).toBe(2);
    expect(effectiveSort(parse("sort=relevance"))).toBe("stars");
    expect(effectiveSort(parse("q=ca+phe"))).toBe("relevance");
    expect(effectiveSort(parse("q=ca+phe&sort=newest"))).toBe("newest");
    expect(indexable(parse("q=ca+phe"), 3)).toBe(true);
    expect(indexable(parse("q=ca+phe"), 0)).toBe(false);
    expect(indexable(parse("q=ca+phe&province=68"), 3)).toBe(true);
    expect(indexable(parse("q=ca+phe&province=68&stars=4"), 3)).toBe(false);
    expect(indexable(parse("q=ca+phe&after=abc"), 3)).toBe(false);
    expect(indexable(parse("q=ca+phe&sort=price-asc"), 3)).toBe(false);
  });
});

describe("query words", () => {
  test("split on anything but letters and digits, lower-cased, once each", () => {
    expect(queryTokens("Cà phê, Đắk-Mil! cà PHÊ")).toEqual(["cà", "phê", "đắk", "mil"]);
    expect(queryTokens("Sầu riêng Ri6")).toEqual(["sầu", "riêng", "ri6"]);
  });

  test("one-letter words only count alone; at most eight words", () => {
    expect(queryTokens("trà ô long")).toEqual(["trà", "long"]);
    expect(queryTokens("x")).toEqual(["x"]);
    expect(queryTokens("a b c d e f g h i j k")).toHaveLength(8);
    expect(queryTokens("'; DROP TABLE --")).toEqual(["drop", "table"]);
    expect(queryTokens(undefined)).toEqual([]);
    expect(queryTokens("!!!")).toEqual([]);
  });
});

describe("category slugs", () => {
  test("map both ways; unknown ones are null", () => {
    expect(groupOfSlug("do-uong")).toBe("BEVERAGE");
    expect(groupOfSlug("thuc-pham")).toBe("FOOD");
    expect(groupOfSlug("du-lich")).toBe("TOURISM");
    expect(groupOfSlug("BEVERAGE")).toBeNull();
    expect(groupOfSlug(undefined)).toBeNull();
    expect(categoryPath("ORNAMENTAL")).toBe("/danh-muc/sinh-vat-canh");
    expect(parseGroup("herbal")).toBe("HERBAL");
    expect(parseGroup("thao-duoc")).toBe("HERBAL");
    expect(parseGroup("toString")).toBeNull();
  });
});
