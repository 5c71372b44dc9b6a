import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  formatVnDate,
  isIsoDate,
  parseOffsetDateTime,
  toVnDate,
  toVnIsoDateTime,
  vnStartOfDay,
} from "./vn-time";

describe("vn-time", () => {
  it("takes the calendar day in GMT+7 across the UTC midnight boundary", () => {
    expect(toVnDate(new Date("2025-06-30T16:59:59.999Z"))).toBe("2025-06-30");
    expect(toVnDate(new Date("2025-06-30T17:00:00Z"))).toBe("2025-07-01");
    expect(toVnDate("2025-06-30T23:30:00-05:00")).toBe("2025-07-01");
    expect(toVnDate("2025-07-01")).toBe("2025-07-01");
    expect(() => toVnDate("2025-07-01T10:00:00")).toThrow(/offset/);
    expect(() => toVnDate(new Date("nope"))).toThrow(/Invalid Date/);
  });

  it("validates real dates and offset date-times", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(parseOffsetDateTime("2025-03-01T07:00+07:00")?.toISOString()).toBe("2025-03-01T00:00:00.000Z");
    expect(parseOffsetDateTime("2025-03-01 07:00+07:00")).toBeNull();
    expect(parseOffsetDateTime("2025-02-30T07:00:00Z")).toBeNull();
  });

  it("writes instants in +07:00 and dates as dd/mm/yyyy", () => {
    expect(toVnIsoDateTime(new Date("2025-12-31T17:30:00Z"))).toBe("2026-01-01T00:30:00.000+07:00");
    expect(formatVnDate(new Date("2025-12-31T17:30:00Z"))).toBe("01/01/2026");
    expect(formatVnDate("2025-03-09")).toBe("09/03/2025");
  });

  it("does calendar arithmetic", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-12-31", 7)).toBe("2026-01-07");
    expect(daysBetween("2025-03-01", "2025-03-08")).toBe(7);
    expect(daysBetween("2025-03-08", "2025-03-01")).toBe(-7);
    expect(vnStartOfDay("2025-03-08").toISOString()).toBe("2025-03-07T17:00:00.000Z");
  });
});
