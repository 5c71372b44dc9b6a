// Facet counts of the catalogue browsed without words, answered from a small in-memory "cube": the
// listed products counted once per combination of province, commune, group, stars, stock and set
// of valid certificate kinds (search-sql.ts `cubeSql`, a few thousand rows for 100,000 products).
// Any combination of those filters then costs a pass over the cube instead of one over every
// listed product. Plain module.
import type { CertificateKind } from "~/modules/certificates/status";

export type FacetName = "province" | "commune" | "group" | "stars" | "stock" | "cert";

/** One facet count as the database gives it (search-sql.ts facet queries), and the cube below. */
export interface FacetRow {
  facet: FacetName;
  key: string;
  n: number;
  label: string;
}

export interface CubeRow {
  province: string;
  provinceName: string;
  commune: string;
  communeName: string;
  grp: string;
  stars: number;
  inStock: boolean;
  /** Kinds with a valid certificate (the product's own, or its producer's), possibly repeated. */
  kinds: string[];
  n: number;
}

export interface CubeFilters {
  province?: string;
  commune?: string;
  group?: string;
  stars?: number;
  cert?: CertificateKind;
  stock?: true;
}

type Filter = "province" | "commune" | "group" | "stars" | "cert" | "stock";
const FILTERS: readonly Filter[] = ["province", "commune", "group", "stars", "cert", "stock"];

function passes(row: CubeRow, filters: CubeFilters, filter: Filter): boolean {
  switch (filter) {
    case "province":
      return !filters.province || row.province === filters.province;
    case "commune":
      return !filters.commune || row.commune === filters.commune;
    case "group":
      return !filters.group || row.grp === filters.group;
    case "stars":
      return !filters.stars || row.stars >= filters.stars;
    case "cert":
      return !filters.cert || row.kinds.includes(filters.cert);
    case "stock":
      return !filters.stock || row.inStock;
  }
}

/** The same rows the SQL facet query returns: each facet counted with its own filter left out. */
export function facetRowsFromCube(cube: readonly CubeRow[], filters: CubeFilters): FacetRow[] {
  const sums = new Map<string, FacetRow>();
  const add = (facet: FacetName, key: string, n: number, label = "") => {
    const id = `${facet}\u0000${key}`;
    const row = sums.get(id);
    if (row) row.n += n;
    else sums.set(id, { facet, key, n, label });
  };
  for (const row of cube) {
    const ok = FILTERS.map((f) => passes(row, filters, f));
    const allBut = (...left: Filter[]) => FILTERS.every((f, i) => left.includes(f) || ok[i]);
    if (allBut("province", "commune")) add("province", row.province, row.n, row.provinceName);
    if (filters.province && allBut("commune")) add("commune", row.commune, row.n, row.communeName);
    if (allBut("group")) add("group", row.grp, row.n);
    if (allBut("stars")) add("stars", String(row.stars), row.n);
    if (allBut("stock")) add("stock", String(row.inStock), row.n);
    if (allBut("cert")) for (const kind of new Set(row.kinds)) add("cert", kind, row.n);
  }
  return [...sums.values()];
}
