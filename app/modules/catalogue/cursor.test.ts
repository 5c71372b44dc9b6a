import { describe, expect, test } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const ID = "0b7d2f64-8f1e-4a55-9c3e-2f1d0c9b8a7e";
const AT = "2026-11-23T10:04:05.123Z";

describe("keyset cursors", () => {
  test("round-trip the keys of every order", () => {
    for (const keys of [
      { order: "relevance", score: "2.345678", id: ID },
      { order: "price-asc", price: 185_000, id: ID },
      { order: "price-desc", price: 0, id: ID },
      { order: "newest", listedAt: AT, id: ID },
      { order: "stars", stars: 4, listedAt: AT, id: ID },
    ] as const) {
      const token = encodeCursor(keys);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(token, keys.order)).toEqual(keys);
    }
  });

  test("belong to one order", () => {
    const token = encodeCursor({ order: "price-asc", price: 1, id: ID });
    expect(decodeCursor(token, "price-desc")).toBeNull();
    expect(decodeCursor(token, "relevance")).toBeNull();
  });

  test("refuse anything forged or broken", () => {
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const [token, order] of [
      [undefined, "newest"],
      ["", "newest"],
      ["not base64 json", "newest"],
      [forge({ a: 1 }), "newest"],
      [forge(["pa", -1, ID]), "price-asc"],
      [forge(["pa", 1.5, ID]), "price-asc"],
      [forge(["pa", "1", ID]), "price-asc"],
      [forge(["pa", 1, "not-a-uuid"]), "price-asc"],
      [forge(["pa", 1, ID, "extra"]), "price-asc"],
      [forge(["r", "1; DROP TABLE", ID]), "relevance"],
      [forge(["r", 1.5, ID]), "relevance"],
      [forge(["n", "2026-13-45T99:99:99.000Z", ID]), "newest"],
      [forge(["n", "yesterday", ID]), "newest"],
      [forge(["s", 9, AT, ID]), "stars"],
      ["a".repeat(401), "newest"],
    ] as const) {
      expect(decodeCursor(token, order), String(token)).toBeNull();
    }
  });
});
