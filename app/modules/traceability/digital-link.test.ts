import { describe, expect, it } from "vitest";
import {
  buildDigitalLink,
  buildFallbackLink,
  DigitalLinkError,
  gs1TextProblem,
  parseDigitalLink,
  toGtin14,
  traceUrl,
} from "./digital-link";

const origin = "https://ocop.example.vn";
const GTIN13 = "8935049500018"; // Vietnamese prefix 893, check digit 8

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DigitalLinkError) return error.reason;
    throw error;
  }
  throw new Error("did not throw");
}

describe("toGtin14", () => {
  it("zero-pads GTIN-8, -12 and -13 to 14 digits", () => {
    expect(toGtin14("95012346")).toBe("00000095012346");
    expect(toGtin14("614141000036")).toBe("00614141000036");
    expect(toGtin14(GTIN13)).toBe("08935049500018");
    expect(toGtin14("09506000134352")).toBe("09506000134352");
  });

  it("rejects a wrong check digit, naming the expected one", () => {
    expect(() => toGtin14("8935049500017")).toThrow(/expected 8/);
    expect(reasonOf(() => toGtin14("8935049500017"))).toBe("bad-check-digit");
  });

  it("rejects bad lengths and non-digits", () => {
    expect(reasonOf(() => toGtin14("12345"))).toBe("bad-gtin");
    expect(reasonOf(() => toGtin14("893504950001A"))).toBe("bad-gtin");
    expect(reasonOf(() => toGtin14("89350495000188"))).toBe("bad-check-digit");
  });
});

describe("buildDigitalLink", () => {
  it("builds /01/{GTIN-14}/10/{lot}?17={YYMMDD}", () => {
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "CF2025-031", expiry: "2026-03-01" })).toBe(
      "https://ocop.example.vn/01/08935049500018/10/CF2025-031?17=260301",
    );
  });

  it("omits the query without an expiry and drops any path on the origin", () => {
    expect(buildDigitalLink({ origin: "https://ocop.example.vn/some/path/", gtin: GTIN13, lot: "A1" })).toBe(
      "https://ocop.example.vn/01/08935049500018/10/A1",
    );
  });

  it("puts qualifiers in the order 22 → 10 → 21", () => {
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "L1", serial: "S9", cpv: "V2" })).toBe(
      "https://ocop.example.vn/01/08935049500018/22/V2/10/L1/21/S9",
    );
  });

  it("percent-encodes the set-82 characters that are not URI-unreserved", () => {
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "A/B%C" })).toBe(
      "https://ocop.example.vn/01/08935049500018/10/A%2FB%25C",
    );
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "!'()*+,:;=?" })).toBe(
      "https://ocop.example.vn/01/08935049500018/10/%21%27%28%29%2A%2B%2C%3A%3B%3D%3F",
    );
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "a-b.c_d" })).toContain("/10/a-b.c_d");
  });

  it("refuses lots outside GS1 set 82 with a clear message", () => {
    for (const lot of ["LÔ 1", "Lô1", "A B", "đợt-2", "A#1", "~x", "lot@farm"]) {
      expect(
        reasonOf(() => buildDigitalLink({ origin, gtin: GTIN13, lot })),
        lot,
      ).toBe("bad-lot");
    }
    expect(() => buildDigitalLink({ origin, gtin: GTIN13, lot: "Lô 1" })).toThrow(
      /Lot "Lô 1" contains "ô", " ": GS1 allows only A–Z, a–z, 0–9/,
    );
  });

  it("refuses empty and overlong lots (AI 10 is at most 20 characters)", () => {
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "X".repeat(20) })).toContain(
      `/10/${"X".repeat(20)}`,
    );
    expect(reasonOf(() => buildDigitalLink({ origin, gtin: GTIN13, lot: "X".repeat(21) }))).toBe("bad-lot");
    expect(reasonOf(() => buildDigitalLink({ origin, gtin: GTIN13, lot: "" }))).toBe("bad-lot");
    expect(reasonOf(() => buildDigitalLink({ origin, gtin: GTIN13, lot: "L", serial: "S".repeat(21) }))).toBe(
      "bad-serial",
    );
  });

  it("throws on an invalid GTIN or origin", () => {
    expect(reasonOf(() => buildDigitalLink({ origin, gtin: "8935049500019", lot: "A" }))).toBe(
      "bad-check-digit",
    );
    expect(reasonOf(() => buildDigitalLink({ origin: "ocop.example.vn", gtin: GTIN13, lot: "A" }))).toBe(
      "bad-origin",
    );
    expect(reasonOf(() => buildDigitalLink({ origin: "ftp://x.vn", gtin: GTIN13, lot: "A" }))).toBe(
      "bad-origin",
    );
  });

  it("writes the expiry as the calendar day in Vietnam (GMT+7), not in UTC", () => {
    // 17:00 UTC on 31 Dec is 00:00 on 1 Jan in Hanoi.
    expect(
      buildDigitalLink({ origin, gtin: GTIN13, lot: "A", expiry: new Date("2025-12-31T17:00:00Z") }),
    ).toMatch(/\?17=260101$/);
    expect(
      buildDigitalLink({ origin, gtin: GTIN13, lot: "A", expiry: new Date("2025-12-31T16:59:59Z") }),
    ).toMatch(/\?17=251231$/);
    // A 'YYYY-MM-DD' string already is a calendar date: taken as is.
    expect(buildDigitalLink({ origin, gtin: GTIN13, lot: "A", expiry: "2025-12-31" })).toMatch(
      /\?17=251231$/,
    );
    expect(reasonOf(() => buildDigitalLink({ origin, gtin: GTIN13, lot: "A", expiry: "2025-02-30" }))).toBe(
      "bad-expiry",
    );
    expect(reasonOf(() => buildDigitalLink({ origin, gtin: GTIN13, lot: "A", expiry: "31/12/2025" }))).toBe(
      "bad-expiry",
    );
  });
});

describe("buildFallbackLink and traceUrl", () => {
  it("builds /t/{publicId}/{lot} with the same lot rules", () => {
    expect(buildFallbackLink({ origin, publicId: "p_8f3k2m", lot: "MO-07" })).toBe(
      "https://ocop.example.vn/t/p_8f3k2m/MO-07",
    );
    expect(buildFallbackLink({ origin, publicId: "p1", lot: "A/B" })).toBe(
      "https://ocop.example.vn/t/p1/A%2FB",
    );
    expect(reasonOf(() => buildFallbackLink({ origin, publicId: "p1", lot: "Lô 7" }))).toBe("bad-lot");
    expect(reasonOf(() => buildFallbackLink({ origin, publicId: "../admin", lot: "A" }))).toBe(
      "bad-public-id",
    );
  });

  it("uses the Digital Link when there is a GTIN, the fallback otherwise", () => {
    expect(traceUrl({ origin, gtin: GTIN13, publicId: "p1", lot: "A", expiry: "2026-01-31" })).toBe(
      "https://ocop.example.vn/01/08935049500018/10/A?17=260131",
    );
    expect(traceUrl({ origin, gtin: null, publicId: "p1", lot: "A", expiry: "2026-01-31" })).toBe(
      "https://ocop.example.vn/t/p1/A",
    );
  });
});

describe("parseDigitalLink", () => {
  const now = new Date("2025-06-01T00:00:00Z");

  it("parses path, lot, serial, cpv, expiry and linkType", () => {
    expect(
      parseDigitalLink("/01/08935049500018/22/V2/10/L1/21/S9?17=260301&linkType=gs1:pip", { now }),
    ).toEqual({
      ok: true,
      gtin: "08935049500018",
      cpv: "V2",
      lot: "L1",
      serial: "S9",
      expiry: "2026-03-01",
      linkType: "gs1:pip",
    });
  });

  it("accepts GTIN-13 (and 8/12) in the path and pads it", () => {
    expect(parseDigitalLink(`/01/${GTIN13}/10/A`)).toEqual({ ok: true, gtin: "08935049500018", lot: "A" });
    expect(parseDigitalLink("/01/95012346")).toEqual({ ok: true, gtin: "00000095012346" });
  });

  it("accepts a full URL and ignores unknown query keys", () => {
    expect(parseDigitalLink("https://other.example/01/09506000134352/10/ABC?utm_source=qr")).toEqual({
      ok: true,
      gtin: "09506000134352",
      lot: "ABC",
    });
  });

  it("normalises gs1.org/voc link types and reads gs1:traceability and gs1:certificationInfo", () => {
    const parse = (q: string) => parseDigitalLink(`/01/${GTIN13}?linkType=${q}`);
    expect(parse("https://gs1.org/voc/pip")).toMatchObject({ ok: true, linkType: "gs1:pip" });
    expect(parse("gs1:traceability")).toMatchObject({ ok: true, linkType: "gs1:traceability" });
    expect(parse("gs1%3AcertificationInfo")).toMatchObject({ ok: true, linkType: "gs1:certificationInfo" });
    expect(parse("javascript:alert(1)")).toMatchObject({ ok: false, reason: "bad-link-type" });
  });

  it("rejects a bad check digit, non-digits and wrong lengths", () => {
    expect(parseDigitalLink("/01/08935049500017/10/A")).toMatchObject({
      ok: false,
      reason: "bad-check-digit",
    });
    expect(parseDigitalLink("/01/0893504950001X/10/A")).toMatchObject({ ok: false, reason: "bad-gtin" });
    expect(parseDigitalLink("/01/893504950001/10/A")).toMatchObject({ ok: false, reason: "bad-check-digit" });
    expect(parseDigitalLink("/01/89350495/10/A")).toMatchObject({ ok: false, reason: "bad-check-digit" });
    expect(parseDigitalLink("/01/12345/10/A")).toMatchObject({ ok: false, reason: "bad-gtin" });
  });

  it("rejects qualifiers out of order or repeated", () => {
    expect(parseDigitalLink(`/01/${GTIN13}/21/S/10/L`)).toMatchObject({
      ok: false,
      reason: "qualifier-order",
    });
    expect(parseDigitalLink(`/01/${GTIN13}/10/L/22/V`)).toMatchObject({
      ok: false,
      reason: "qualifier-order",
    });
    expect(parseDigitalLink(`/01/${GTIN13}/10/L/10/M`)).toMatchObject({
      ok: false,
      reason: "qualifier-order",
    });
    expect(parseDigitalLink(`/01/${GTIN13}/10/L/21/S`)).toMatchObject({ ok: true, lot: "L", serial: "S" });
  });

  it("rejects malformed paths", () => {
    for (const path of [
      "/",
      "/01",
      "/02/08935049500018",
      `/01/${GTIN13}/10`,
      `/01/${GTIN13}/17/260101`,
      `/x/01/${GTIN13}`,
      `/01/${GTIN13}/10/%E0%A4%A`,
    ]) {
      expect(parseDigitalLink(path), path).toMatchObject({ ok: false, reason: "malformed" });
    }
  });

  it("rejects overlong and non-set-82 lots", () => {
    expect(parseDigitalLink(`/01/${GTIN13}/10/${"X".repeat(21)}`)).toMatchObject({
      ok: false,
      reason: "bad-lot",
    });
    expect(parseDigitalLink(`/01/${GTIN13}/10/L%C3%B4%201`)).toMatchObject({ ok: false, reason: "bad-lot" });
    expect(parseDigitalLink(`/01/${GTIN13}/10/A%20B`)).toMatchObject({ ok: false, reason: "bad-lot" });
    expect(parseDigitalLink(`/01/${GTIN13}/10/A/21/${"9".repeat(21)}`)).toMatchObject({
      ok: false,
      reason: "bad-serial",
    });
  });

  it("reads AI 17: end-of-month DD=00, the sliding century, invalid dates", () => {
    const expiry = (v: string, at = now) => parseDigitalLink(`/01/${GTIN13}?17=${v}`, { now: at });
    expect(expiry("260200")).toMatchObject({ expiry: "2026-02-28" });
    expect(expiry("280200")).toMatchObject({ expiry: "2028-02-29" });
    expect(expiry("751231")).toMatchObject({ expiry: "2075-12-31" }); // 50 years ahead: this century
    expect(expiry("761231")).toMatchObject({ expiry: "1976-12-31" }); // 51 years ahead: last century
    expect(expiry("050101", new Date("2098-01-01T00:00:00Z"))).toMatchObject({ expiry: "2105-01-01" });
    for (const bad of ["261301", "260230", "2603", "26-03-01"]) {
      expect(expiry(bad), bad).toMatchObject({ ok: false, reason: "bad-expiry" });
    }
  });
});

describe("build ↔ parse round trip", () => {
  const lots = ["CF2025-031", "A/B", "100%", "!\"%&'()*+,-./:;<=>?_", "Z".repeat(20), "a.b_c-d"];
  for (const lot of lots) {
    it(`keeps lot ${JSON.stringify(lot)}`, () => {
      const link = buildDigitalLink({
        origin,
        gtin: GTIN13,
        lot,
        serial: "S/1",
        expiry: new Date("2026-06-30T18:30:00Z"),
      });
      expect(parseDigitalLink(link, { now: new Date("2025-01-01T00:00:00Z") })).toEqual({
        ok: true,
        gtin: "08935049500018",
        lot,
        serial: "S/1",
        expiry: "2026-07-01",
      });
    });
  }

  it("has every lot character set 82 allows, and no other", () => {
    const set82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    expect(set82).toHaveLength(82);
    for (const c of set82) expect(gs1TextProblem(c), c).toBeNull();
    for (let code = 32; code < 127; code++) {
      const c = String.fromCharCode(code);
      if (!set82.includes(c)) expect(gs1TextProblem(c), c).not.toBeNull();
    }
  });
});
