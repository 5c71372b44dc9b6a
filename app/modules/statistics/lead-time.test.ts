import { describe, expect, test } from "vitest";
import {
  DAY_MS,
  msToDays,
  pairSubmissions,
  percentile,
  summariseLeadTimes,
  vnDayPeriod,
  type ReviewEvent,
} from "./lead-time";

const at = (iso: string) => new Date(iso);
const ev = (productId: string, action: string, iso: string): ReviewEvent => ({
  productId,
  action: `product.${action}`,
  at: at(iso),
});

describe("pairing submissions with decisions", () => {
  test("each submission pairs with the next decision on the same product", () => {
    const pairs = pairSubmissions([
      ev("a", "submit", "2026-11-01T08:00:00Z"),
      ev("b", "submit", "2026-11-01T09:00:00Z"),
      ev("a", "claim", "2026-11-02T08:00:00Z"),
      ev("a", "requestChanges", "2026-11-03T08:00:00Z"),
      ev("a", "submit", "2026-11-04T08:00:00Z"),
      ev("b", "approve", "2026-11-05T09:00:00Z"),
      ev("a", "approve", "2026-11-05T08:00:00Z"),
    ]);
    expect(pairs.map((p) => [p.productId, p.decision, p.ms / DAY_MS])).toEqual([
      ["a", "product.requestChanges", 2],
      ["a", "product.approve", 1],
      ["b", "product.approve", 4],
    ]);
  });

  test("a revision of a listed product starts the clock like a submission", () => {
    const pairs = pairSubmissions([
      ev("a", "revise", "2026-11-01T00:00:00Z"),
      ev("a", "reject", "2026-11-01T12:00:00Z"),
    ]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.ms).toBe(DAY_MS / 2);
    expect(pairs[0]!.submittedAt).toEqual(at("2026-11-01T00:00:00Z"));
  });

  test("order of the input does not matter", () => {
    const events = [ev("a", "approve", "2026-11-03T00:00:00Z"), ev("a", "submit", "2026-11-01T00:00:00Z")];
    expect(pairSubmissions(events)).toEqual(pairSubmissions([...events].reverse()));
    expect(pairSubmissions(events)).toHaveLength(1);
  });

  test("a withdrawal or a suspension drops the pending submission", () => {
    const pairs = pairSubmissions([
      ev("a", "submit", "2026-11-01T00:00:00Z"),
      ev("a", "withdraw", "2026-11-02T00:00:00Z"),
      ev("a", "submit", "2026-11-10T00:00:00Z"),
      ev("a", "approve", "2026-11-11T00:00:00Z"),
      ev("b", "revise", "2026-11-01T00:00:00Z"),
      ev("b", "suspend", "2026-11-02T00:00:00Z"),
      ev("b", "reinstate", "2026-11-03T00:00:00Z"),
    ]);
    expect(pairs.map((p) => [p.productId, p.ms / DAY_MS])).toEqual([["a", 1]]);
  });

  test("a decision without a known submission is ignored; a second submission keeps the first", () => {
    const pairs = pairSubmissions([
      ev("a", "approve", "2026-11-01T00:00:00Z"),
      ev("a", "submit", "2026-11-02T00:00:00Z"),
      ev("a", "release", "2026-11-03T00:00:00Z"),
      ev("a", "submit", "2026-11-04T00:00:00Z"),
      ev("a", "approve", "2026-11-06T00:00:00Z"),
      ev("a", "approve", "2026-11-07T00:00:00Z"),
    ]);
    expect(pairs.map((p) => p.ms / DAY_MS)).toEqual([4]);
  });
});

describe("percentiles", () => {
  test("linear interpolation between closest ranks (Excel PERCENTILE.INC)", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 10);
    expect(percentile([15, 20, 35, 40, 50], 0.5)).toBe(35);
    expect(percentile([15, 20, 35, 40, 50], 0.9)).toBeCloseTo(46, 10);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2], 0)).toBe(1);
    expect(percentile([1, 2], 1)).toBe(2);
  });

  test("none for no values; refuses a p outside 0–1", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 50)).toThrow(RangeError);
  });
});

describe("summary over a period", () => {
  const pairs = pairSubmissions([
    ev("a", "submit", "2026-10-01T00:00:00Z"),
    ev("a", "approve", "2026-10-31T16:59:59Z"), // 23:59:59 on 31 Oct in Vietnam
    ev("b", "submit", "2026-10-30T00:00:00Z"),
    ev("b", "approve", "2026-10-31T17:00:00Z"), // 00:00 on 1 Nov in Vietnam
    ev("c", "submit", "2026-11-29T00:00:00Z"),
    ev("c", "reject", "2026-11-30T16:59:00Z"), // 23:59 on 30 Nov in Vietnam
  ]);

  test("counts the pairs decided within the period, in Vietnam calendar days, ends included", () => {
    const november = summariseLeadTimes(pairs, vnDayPeriod("2026-11-01", "2026-11-30"));
    expect(november.count).toBe(2);
    const october = summariseLeadTimes(pairs, vnDayPeriod(null, "2026-10-31"));
    expect(october.count).toBe(1);
    expect(summariseLeadTimes(pairs, vnDayPeriod("2026-12-01", null))).toEqual({
      count: 0,
      p50Ms: null,
      p90Ms: null,
    });
  });

  test("p50 and p90 of the durations", () => {
    const all = summariseLeadTimes(pairs);
    expect(all.count).toBe(3);
    const days = pairs.map((p) => p.ms / DAY_MS).sort((x, y) => x - y);
    expect(all.p50Ms! / DAY_MS).toBeCloseTo(days[1]!, 10);
    expect(all.p90Ms! / DAY_MS).toBeCloseTo(days[1]! + (days[2]! - days[1]!) * 0.8, 10);
    expect(msToDays(all.p50Ms!)).toBe(Math.round(days[1]! * 100) / 100);
  });
});
