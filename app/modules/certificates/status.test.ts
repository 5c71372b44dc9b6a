import { describe, expect, test } from "vitest";
import { translator } from "~/utils/i18n";
import {
  activeOcopStars,
  addMonths,
  badgeVisible,
  certificateSchema,
  certificateStatus,
  defaultExpiry,
  starsForScore,
  validOn,
  withDefaults,
} from "./status";

const t = translator("vi");
// 12:00 in Vietnam on 10 May 2026.
const NOW = new Date("2026-05-10T05:00:00Z");

describe("status", () => {
  test("a certificate expiring today is valid until 23:59:59 in Vietnam, whatever the server's zone", () => {
    // As Prisma returns a @db.Date: midnight UTC of the calendar day.
    const cert = { expiresOn: new Date("2026-05-10T00:00:00Z") };
    expect(certificateStatus(cert, new Date("2026-05-10T16:59:59.999Z"))).toEqual({
      status: "expiring",
      daysLeft: 0,
    });
    // 17:00 UTC is 00:00 on 11 May in Vietnam, while it is still 10 May in UTC.
    expect(certificateStatus(cert, new Date("2026-05-10T17:00:00Z"))).toEqual({
      status: "expired",
      daysLeft: -1,
    });
    // 23:30 on 9 May UTC is already 10 May in Vietnam: the last day, not two days left.
    expect(certificateStatus(cert, new Date("2026-05-09T23:30:00Z")).daysLeft).toBe(0);
    expect(certificateStatus({ expiresOn: "2026-05-10" }, NOW).status).toBe("expiring");
  });

  test("expiring within 30 days, active beyond", () => {
    expect(certificateStatus({ expiresOn: "2026-06-09" }, NOW)).toEqual({ status: "expiring", daysLeft: 30 });
    expect(certificateStatus({ expiresOn: "2026-06-10" }, NOW)).toEqual({ status: "active", daysLeft: 31 });
    expect(certificateStatus({ expiresOn: null }, NOW)).toEqual({ status: "active", daysLeft: null });
  });

  test("revocation wins over dates", () => {
    expect(
      certificateStatus({ expiresOn: "2027-01-01", revokedAt: new Date("2026-05-01") }, NOW).status,
    ).toBe("revoked");
    expect(certificateStatus({ expiresOn: null, revokedAt: "2026-05-01T00:00:00Z" }, NOW).status).toBe(
      "revoked",
    );
  });

  test("badge only while active or expiring", () => {
    expect(badgeVisible({ expiresOn: "2027-01-01" }, NOW)).toBe(true);
    expect(badgeVisible({ expiresOn: "2026-05-20" }, NOW)).toBe(true);
    expect(badgeVisible({ expiresOn: "2026-05-09" }, NOW)).toBe(false);
    expect(badgeVisible({ expiresOn: "2027-01-01", revokedAt: NOW }, NOW)).toBe(false);
  });

  test("valid on a day: within issue and expiry, never revoked", () => {
    const cert = { issuedOn: "2025-01-10", expiresOn: "2026-01-10" };
    expect(validOn(cert, "2025-01-10")).toBe(true);
    expect(validOn(cert, "2026-01-10")).toBe(true);
    expect(validOn(cert, "2025-01-09")).toBe(false);
    expect(validOn(cert, "2026-01-11")).toBe(false);
    expect(validOn({ ...cert, revokedAt: "2025-12-01T00:00:00Z" }, "2025-06-01")).toBe(false);
  });

  test("a product shows the stars of its latest OCOP certificate in force", () => {
    const ocop = (stars: number, issuedOn: string, expiresOn: string, revokedAt: string | null = null) => ({
      kind: "OCOP",
      ocopStars: stars,
      issuedOn,
      expiresOn,
      revokedAt,
    });
    expect(activeOcopStars([], NOW)).toBeNull();
    expect(activeOcopStars([ocop(4, "2023-01-01", "2026-01-01")], NOW)).toBeNull(); // expired
    expect(
      activeOcopStars([ocop(5, "2024-01-01", "2027-01-01"), ocop(4, "2025-06-01", "2028-06-01")], NOW),
    ).toBe(4);
    expect(
      activeOcopStars(
        [ocop(5, "2024-01-01", "2027-01-01"), ocop(4, "2025-06-01", "2028-06-01", "2026-01-01")],
        NOW,
      ),
    ).toBe(5);
    expect(activeOcopStars([{ ...ocop(4, "2025-01-01", "2028-01-01"), kind: "VIETGAP" }], NOW)).toBeNull();
  });
});

describe("validity defaults", () => {
  test("OCOP 36 months, VietGAP 2 years, GlobalG.A.P. 1 year; codes have none", () => {
    expect(defaultExpiry("OCOP", "2024-03-15")).toBe("2027-03-15");
    expect(defaultExpiry("VIETGAP", "2025-07-01")).toBe("2027-07-01");
    expect(defaultExpiry("GLOBALGAP", "2024-02-29")).toBe("2025-02-28");
    expect(defaultExpiry("ORGANIC", "2025-01-01")).toBeNull();
    expect(defaultExpiry("PUC", "2025-01-01")).toBeNull();
  });

  test("month arithmetic clamps to the month's end", () => {
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28");
  });

  test("score bands", () => {
    expect([49, 50, 69, 70, 89, 90, 100].map(starsForScore)).toEqual([null, 3, 3, 4, 4, 5, 5]);
  });
});

function parse(input: Record<string, string | undefined>) {
  return certificateSchema(t, NOW).safeParse(input);
}
function errors(input: Record<string, string | undefined>): Record<string, string[]> {
  const result = parse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[issue.path.join(".") || ""] ??= []).push(issue.message);
  return out;
}

const OCOP = {
  kind: "OCOP",
  number: "1234/QĐ-UBND",
  issuer: "UBND tỉnh Lâm Đồng",
  issuerLevel: "PROVINCE",
  ocopStars: "4",
  ocopGroup: "FOOD",
  issuedOn: "2025-09-01",
};

describe("form schema", () => {
  test("a valid OCOP certificate gets its 36-month expiry", () => {
    const result = parse(OCOP);
    expect(result.success).toBe(true);
    const data = withDefaults(result.data!);
    expect(data).toMatchObject({
      kind: "OCOP",
      ocopStars: 4,
      issuerLevel: "PROVINCE",
      expiresOn: "2028-09-01",
      scoreA: null,
    });
  });

  test("stars 3–5 and the level that recognises them", () => {
    expect(errors({ ...OCOP, ocopStars: "6" }).ocopStars).toEqual(["Số sao OCOP phải là 3, 4 hoặc 5."]);
    expect(errors({ ...OCOP, ocopStars: "2" }).ocopStars).toBeDefined();
    expect(errors({ ...OCOP, ocopStars: "5" }).issuerLevel).toEqual([
      "Sản phẩm 5 sao do cấp Trung ương công nhận.",
    ]);
    expect(parse({ ...OCOP, ocopStars: "5", issuerLevel: "NATIONAL" }).success).toBe(true);
    expect(parse({ ...OCOP, ocopStars: "3", issuerLevel: "DISTRICT" }).success).toBe(true);
    expect(errors({ ...OCOP, issuerLevel: "DISTRICT" }).issuerLevel).toBeDefined();
  });

  test("scores within 40/25/35 and consistent with the stars", () => {
    expect(parse({ ...OCOP, scoreA: "32", scoreB: "20", scoreC: "28" }).success).toBe(true); // 80 → 4★
    expect(errors({ ...OCOP, scoreA: "41", scoreB: "20", scoreC: "28" }).scoreA).toEqual([
      "“Điểm phần A” là số nguyên từ 0 đến 40.",
    ]);
    expect(errors({ ...OCOP, scoreA: "38", scoreB: "24", scoreC: "30" }).ocopStars?.[0]).toContain(
      "Tổng điểm 92 ứng với 5 sao",
    );
    expect(errors({ ...OCOP, scoreA: "20", scoreB: "10", scoreC: "10" }).ocopStars?.[0]).toContain("dưới 50");
    expect(errors({ ...OCOP, scoreA: "32" }).scoreA).toEqual([
      "Nhập đủ điểm cả ba phần A, B, C, hoặc để trống cả ba.",
    ]);
  });

  test("dates: not issued in the future, expiry after issue and within the kind's term", () => {
    expect(errors({ ...OCOP, issuedOn: "2026-05-11" }).issuedOn).toEqual(["Ngày cấp không thể sau hôm nay."]);
    expect(parse({ ...OCOP, issuedOn: "2026-05-10" }).success).toBe(true);
    expect(errors({ ...OCOP, expiresOn: "2025-09-01" }).expiresOn).toEqual([
      "Ngày hết hạn phải sau ngày cấp.",
    ]);
    expect(errors({ ...OCOP, expiresOn: "2028-09-02" }).expiresOn?.[0]).toContain("tối đa 36 tháng");
    expect(errors({ ...OCOP, issuedOn: "2025-02-30" }).issuedOn).toEqual([
      "“Ngày cấp” không phải ngày hợp lệ.",
    ]);
    const vietgap = { kind: "VIETGAP", number: "VG-123", issuer: "Trung tâm ABC", issuedOn: "2025-01-15" };
    expect(parse({ ...vietgap, expiresOn: "2027-01-15" }).success).toBe(true);
    expect(errors({ ...vietgap, expiresOn: "2027-01-16" }).expiresOn?.[0]).toContain("tối đa 2 năm");
  });

  test("GlobalG.A.P.: a 13-digit GGN and a yearly cycle", () => {
    const ggap = { kind: "GLOBALGAP", issuer: "Control Union", issuedOn: "2025-06-01" };
    expect(withDefaults(parse({ ...ggap, number: "4063 0612 3456 7" }).data!)).toMatchObject({
      number: "4063061234567",
      expiresOn: "2026-06-01",
    });
    expect(errors({ ...ggap, number: "406306123456" }).number).toEqual(["Mã GGN phải gồm đúng 13 chữ số."]);
    expect(errors({ ...ggap, number: "40630612345678" }).number).toBeDefined();
    expect(errors({ ...ggap, number: "406306123456A" }).number).toBeDefined();
    expect(parse({ ...ggap, number: "4063061234567", expiresOn: "2026-10-01" }).success).toBe(true);
    expect(errors({ ...ggap, number: "4063061234567", expiresOn: "2026-10-02" }).expiresOn?.[0]).toContain(
      "12 tháng",
    );
  });

  test("organic: TCVN 11041, the certifying body's code, an explicit expiry", () => {
    const organic = {
      kind: "ORGANIC",
      number: "HC-2025-01",
      issuer: "Công ty Chứng nhận Xanh",
      issuerCode: " vicb-hc-01 ",
      standard: "TCVN 11041-2:2017",
      issuedOn: "2025-03-01",
      expiresOn: "2028-03-01",
    };
    expect(withDefaults(parse(organic).data!)).toMatchObject({
      issuer: "Công ty Chứng nhận Xanh (VICB-HC-01)",
      standard: "TCVN 11041-2:2017",
    });
    expect(errors({ ...organic, standard: "USDA NOP" }).standard).toBeDefined();
    expect(errors({ ...organic, issuerCode: undefined }).issuerCode).toBeDefined();
    expect(errors({ ...organic, expiresOn: undefined }).expiresOn).toEqual(["Vui lòng điền “Ngày hết hạn”."]);
  });

  test("PUC/PHC codes: upper-cased, no spaces, issuer defaults to the Plant Protection Department", () => {
    const puc = { kind: "PUC", number: " vn-hnor-0010 ", issuedOn: "2024-05-01" };
    expect(withDefaults(parse(puc).data!)).toMatchObject({
      number: "VN-HNOR-0010",
      issuer: "Cục Bảo vệ thực vật",
      expiresOn: null,
    });
    expect(errors({ ...puc, number: "VN HNOR 0010" }).number).toBeDefined();
    expect(errors({ ...puc, number: "" }).number).toBeDefined();
    expect(parse({ kind: "PHC", number: "VN-PH-0123", issuedOn: "2024-05-01" }).success).toBe(true);
  });

  test("an unknown kind is refused with a message", () => {
    expect(Object.values(errors({ kind: "ISO9001", number: "x", issuedOn: "2025-01-01" })).flat()).toContain(
      "Hãy chọn loại chứng nhận.",
    );
  });
});
