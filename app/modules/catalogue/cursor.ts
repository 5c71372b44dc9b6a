// Keyset cursors of the catalogue's pages: the last row's sort key(s) and id, as an opaque
// base64url token (`?after=`). Each order has its own tag, so a cursor from another order (the
// visitor changed the sort) or a forged one is ignored and the first page is shown. Plain module.

export type CursorOrder = "relevance" | "price-asc" | "price-desc" | "newest" | "stars";

export type CursorKeys =
  | { order: "relevance"; score: string; id: string }
  | { order: "price-asc" | "price-desc"; price: number; id: string }
  | { order: "newest"; listedAt: string; id: string }
  | { order: "stars"; stars: number; listedAt: string; id: string };

const TAGS: Record<CursorOrder, string> = {
  relevance: "r",
  "price-asc": "pa",
  "price-desc": "pd",
  newest: "n",
  stars: "s",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// The relevance score as the database rounds it (numeric, 6 decimals).
const SCORE = /^-?\d{1,6}(\.\d{1,6})?$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isPrice = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isStars = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 5;
const isInstant = (v: unknown): v is string =>
  typeof v === "string" && ISO.test(v) && !Number.isNaN(Date.parse(v));
const isId = (v: unknown): v is string => typeof v === "string" && UUID.test(v);

export function encodeCursor(keys: CursorKeys): string {
  const values =
    keys.order === "relevance"
      ? [keys.score, keys.id]
      : keys.order === "newest"
        ? [keys.listedAt, keys.id]
        : keys.order === "stars"
          ? [keys.stars, keys.listedAt, keys.id]
          : [keys.price, keys.id];
  return Buffer.from(JSON.stringify([TAGS[keys.order], ...values]), "utf8").toString("base64url");
}

/** The keys of a cursor made for `order`, or null for anything else. */
export function decodeCursor(token: string | undefined, order: CursorOrder): CursorKeys | null {
  if (!token || token.length > 400) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value[0] !== TAGS[order]) return null;
  const [, a, b, c] = value as unknown[];
  switch (order) {
    case "relevance":
      return value.length === 3 && typeof a === "string" && SCORE.test(a) && isId(b)
        ? { order, score: a, id: b }
        : null;
    case "price-asc":
    case "price-desc":
      return value.length === 3 && isPrice(a) && isId(b) ? { order, price: a, id: b } : null;
    case "newest":
      return value.length === 3 && isInstant(a) && isId(b) ? { order, listedAt: a, id: b } : null;
    case "stars":
      return value.length === 4 && isStars(a) && isInstant(b) && isId(c)
        ? { order, stars: a, listedAt: b, id: c }
        : null;
  }
}
