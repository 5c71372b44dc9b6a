import { describe, expect, test } from "vitest";
import { type CubeRow, facetRowsFromCube } from "./facet-cube";

const row = (r: Partial<CubeRow>): CubeRow => ({
  province: "68",
  provinceName: "Lâm Đồng",
  commune: "24670",
  communeName: "Đắk Mil",
  grp: "BEVERAGE",
  stars: 4,
  inStock: true,
  kinds: ["OCOP"],
  n: 1,
  ...r,
});

const CUBE = [
  row({ n: 2 }),
  row({ stars: 3, kinds: ["OCOP", "PHC", "PHC"], inStock: false }),
  row({
    province: "75",
    provinceName: "Đồng Nai",
    commune: "26080",
    communeName: "Long Khánh",
    grp: "FOOD",
    stars: 0,
    kinds: [],
    n: 3,
  }),
];

const sorted = (rows: ReturnType<typeof facetRowsFromCube>) =>
  rows.map((r) => `${r.facet}:${r.key}=${r.n}${r.label ? ` ${r.label}` : ""}`).sort();

describe("facet counts from the cube", () => {
  test("without filters: every product once per facet, kinds once per product", () => {
    expect(sorted(facetRowsFromCube(CUBE, {}))).toEqual(
      [
        "province:68=3 Lâm Đồng",
        "province:75=3 Đồng Nai",
        "group:BEVERAGE=3",
        "group:FOOD=3",
        "stars:4=2",
        "stars:3=1",
        "stars:0=3",
        "stock:true=5",
        "stock:false=1",
        "cert:OCOP=3",
        "cert:PHC=1",
      ].sort(),
    );
  });

  test("each facet leaves its own filter out; communes only within a chosen province", () => {
    const rows = sorted(facetRowsFromCube(CUBE, { province: "68", stars: 4 }));
    expect(rows).toContain("province:68=2 Lâm Đồng"); // stars applied, province not
    expect(rows).not.toContain("province:75=3 Đồng Nai"); // 0 stars: filtered out
    expect(rows).toContain("stars:3=1"); // province applied, stars not
    expect(rows).toContain("commune:24670=2 Đắk Mil");
    expect(rows).toContain("cert:OCOP=2");
    expect(sorted(facetRowsFromCube(CUBE, { cert: "PHC" }))).toContain("group:BEVERAGE=1");
    expect(sorted(facetRowsFromCube(CUBE, { stock: true }))).toContain("stock:false=1");
    expect(sorted(facetRowsFromCube(CUBE, { group: "FOOD" }))).toContain("group:BEVERAGE=3");
  });
});
