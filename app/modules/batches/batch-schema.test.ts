import { describe, expect, test } from "vitest";
import { translator } from "~/utils/i18n";
import {
  batchSchema,
  diaryEventSchema,
  fromVnLocal,
  labelQuerySchema,
  lotProblem,
  suggestLot,
  toVnLocal,
} from "./batch-schema";

const t = translator("vi");

describe("lot numbers", () => {
  test("GS1 set 82, at most 20 characters", () => {
    expect(lotProblem("CF2026-01")).toBeNull();
    expect(lotProblem("A.B/C_D")).toBeNull();
    expect(lotProblem("Lô 1")).toBe("characters");
    expect(lotProblem("CF 2026")).toBe("characters");
    expect(lotProblem("X".repeat(21))).toBe("tooLong");
    expect(lotProblem("")).toBe("empty");
  });

  test("a suggestion GS1 accepts, made from what was typed", () => {
    expect(suggestLot("Lô 1 tháng 3")).toBe("LO-1-THANG-3");
    expect(suggestLot("Đắk Mil 2026")).toBe("DAK-MIL-2026");
    expect(suggestLot("ồ")).toBe("O");
    expect(suggestLot("!!!")).toBe("CF2026-01");
    const long = suggestLot("Cà phê rang xay Đắk Mil vụ mùa 2026");
    expect(long.length).toBeLessThanOrEqual(20);
    expect(lotProblem(long)).toBeNull();
  });

  test("the form refuses spaces and Vietnamese letters with a clear message and a suggestion", () => {
    const result = batchSchema(t).safeParse({ lotNumber: "Lô cà phê 1" });
    expect(result.success).toBe(false);
    const message = result.error!.issues[0]!.message;
    expect(message).toContain("có dấu cách hoặc chữ có dấu");
    expect(message).toContain("CF2026-01");
    expect(message).toContain("Gợi ý: LO-CA-PHE-1");
  });

  test("dates and quantities", () => {
    const ok = batchSchema(t).safeParse({
      lotNumber: "CF2026-01",
      growingAreaCode: " vn-hnor-0010 ",
      producedOn: "2026-03-01",
      expiresOn: "2027-03-01",
      quantity: "1,5",
      uom: "tấn",
    });
    expect(ok.data).toMatchObject({ growingAreaCode: "VN-HNOR-0010", quantity: 1.5, uom: "tấn" });
    const bad = batchSchema(t).safeParse({
      lotNumber: "A1",
      producedOn: "2026-03-01",
      expiresOn: "2026-02-01",
      quantity: "-3",
    });
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["quantity"]));
    const expiry = batchSchema(t).safeParse({
      lotNumber: "A1",
      producedOn: "2026-03-01",
      expiresOn: "2026-02-01",
    });
    expect(expiry.error!.issues[0]!.message).toBe("Hạn sử dụng phải sau “Ngày sản xuất (NSX)”.");
  });
});

describe("diary events", () => {
  const NOW = new Date("2026-03-10T05:00:00Z"); // 12:00 in Vietnam

  test("datetime-local is read as Vietnam time", () => {
    expect(fromVnLocal("2026-03-01T08:30")?.toISOString()).toBe("2026-03-01T01:30:00.000Z");
    expect(fromVnLocal("2026-03-01T00:15:30")?.toISOString()).toBe("2026-02-28T17:15:30.000Z");
    expect(fromVnLocal("2026-03-01")).toBeNull();
    expect(fromVnLocal("2026-02-30T08:00")).toBeNull();
  });

  test("a spraying needs its chemical and pre-harvest interval", () => {
    const result = diaryEventSchema(t, NOW).safeParse({ kind: "SPRAYING", occurredAt: "2026-03-01T07:00" });
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["chemical", "phiDays"]));
    const ok = diaryEventSchema(t, NOW).safeParse({
      kind: "SPRAYING",
      occurredAt: "2026-03-01T07:00",
      chemical: "Abamectin 3.6EC",
      phiDays: "7",
    });
    expect(ok.data).toMatchObject({ chemical: "Abamectin 3.6EC", phiDays: 7 });
  });

  test("no future events, no CORRECTION picked by hand", () => {
    const future = diaryEventSchema(t, NOW).safeParse({ kind: "HARVESTING", occurredAt: "2026-03-10T13:00" });
    expect(future.error!.issues[0]!.message).toBe("Thời điểm sự kiện không thể ở tương lai.");
    expect(
      diaryEventSchema(t, NOW).safeParse({ kind: "HARVESTING", occurredAt: "2026-03-10T12:05" }).success,
    ).toBe(true);
    expect(
      diaryEventSchema(t, NOW).safeParse({ kind: "CORRECTION", occurredAt: "2026-03-01T07:00" }).success,
    ).toBe(false);
  });
});

describe("label sheet query", () => {
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

  test("defaults, bounds, and a cap on labels per sheet", () => {
    expect(labelQuerySchema.parse({ batch: [id(1)] })).toEqual({ batch: [id(1)], size: "medium", copies: 1 });
    expect(labelQuerySchema.safeParse({ batch: [], copies: "1" }).success).toBe(false);
    expect(labelQuerySchema.safeParse({ batch: [id(1)], copies: "501" }).success).toBe(false);
    expect(labelQuerySchema.safeParse({ batch: [id(1)], size: "huge" }).success).toBe(false);
    const four = [1, 2, 3, 4].map(id);
    expect(labelQuerySchema.safeParse({ batch: four, copies: "500" }).success).toBe(true);
    expect(labelQuerySchema.safeParse({ batch: [...four, id(5)], copies: "500" }).success).toBe(false);
  });

  test("datetime-local round trip in Vietnam time", () => {
    expect(toVnLocal(new Date("2026-02-28T17:15:30Z"))).toBe("2026-03-01T00:15");
    expect(fromVnLocal(toVnLocal(new Date("2026-03-01T01:30:00Z")))?.toISOString()).toBe(
      "2026-03-01T01:30:00.000Z",
    );
  });
});
