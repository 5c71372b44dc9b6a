import { describe, expect, it } from "vitest";
import {
  currentEvents,
  DIARY_KIND_INFO,
  DIARY_KINDS,
  diaryKindLabel,
  phiWarnings,
  type DiaryEventLike,
} from "./diary";

const CBV_BIZSTEPS = new Set([
  "commissioning",
  "packing",
  "inspecting",
  "shipping",
  "receiving",
  "creating_class_instance",
]);
const CBV_DISPOSITIONS = new Set(["active", "in_progress", "in_transit"]);

describe("kind table", () => {
  it("maps each kind to its EPCIS bizStep", () => {
    expect(Object.fromEntries(DIARY_KINDS.map((k) => [k, DIARY_KIND_INFO[k].bizStep]))).toEqual({
      PLANTING: "https://ocop.vn/voc/bizstep/planting",
      FERTILISING: "https://ocop.vn/voc/bizstep/fertilising",
      SPRAYING: "https://ocop.vn/voc/bizstep/spraying",
      HARVESTING: "commissioning",
      PROCESSING: "https://ocop.vn/voc/bizstep/processing",
      PACKING: "packing",
      INSPECTING: "inspecting",
      SHIPPING: "shipping",
      CORRECTION: null,
    });
  });

  it("uses CBV short names or absolute URIs only", () => {
    for (const kind of DIARY_KINDS) {
      const { bizStep, disposition } = DIARY_KIND_INFO[kind];
      if (bizStep !== null)
        expect(
          CBV_BIZSTEPS.has(bizStep) || /^https:\/\/[^/]+\/voc\/bizstep\/[a-z_]+$/.test(bizStep),
          kind,
        ).toBe(true);
      if (disposition !== null) expect(CBV_DISPOSITIONS.has(disposition), kind).toBe(true);
    }
    expect(DIARY_KIND_INFO.SHIPPING.disposition).toBe("in_transit");
    expect(DIARY_KIND_INFO.HARVESTING.disposition).toBe("active");
  });

  it("has Vietnamese and English labels for every kind", () => {
    expect(diaryKindLabel("SPRAYING", "vi")).toBe("Phun thuốc bảo vệ thực vật");
    expect(diaryKindLabel("HARVESTING", "en")).toBe("Harvesting");
    expect(diaryKindLabel("CORRECTION", "vi")).toBe("Đính chính");
    const vi = DIARY_KINDS.map((k) => diaryKindLabel(k, "vi"));
    const en = DIARY_KINDS.map((k) => diaryKindLabel(k, "en"));
    expect(new Set(vi).size).toBe(DIARY_KINDS.length);
    expect(new Set(en).size).toBe(DIARY_KINDS.length);
  });
});

const spray = (
  seq: number,
  occurredAt: string,
  phiDays: number | null,
  chemical: string | null = "Abamectin 3.6EC",
): DiaryEventLike => ({
  seq,
  kind: "SPRAYING",
  occurredAt,
  chemical,
  phiDays,
});
const harvest = (seq: number, occurredAt: string): DiaryEventLike => ({
  seq,
  kind: "HARVESTING",
  occurredAt,
});

describe("phiWarnings", () => {
  it("warns for a harvest inside the pre-harvest interval, with safeFrom and days early", () => {
    const warnings = phiWarnings([
      spray(1, "2025-03-01T08:00:00+07:00", 7),
      harvest(2, "2025-03-05T06:00:00+07:00"),
    ]);
    expect(warnings).toEqual([
      {
        harvestSeq: 2,
        sprayingSeq: 1,
        chemical: "Abamectin 3.6EC",
        phiDays: 7,
        safeFrom: new Date("2025-03-08T00:00:00+07:00"),
        daysEarly: 3,
      },
    ]);
  });

  it("allows the harvest from spraying day + phiDays, counted in Vietnam calendar days", () => {
    // Sprayed 23:30 on 1 March in Hanoi (16:30 UTC); PHI 7 → harvest allowed from 8 March 00:00 +07:00.
    const sprayed = spray(1, "2025-03-01T16:30:00Z", 7);
    expect(phiWarnings([sprayed, harvest(2, "2025-03-07T16:59:59Z")])).toMatchObject([{ daysEarly: 1 }]); // 23:59 on 7 March
    expect(phiWarnings([sprayed, harvest(2, "2025-03-07T17:00:00Z")])).toEqual([]); // 00:00 on 8 March
    // Read in UTC the spraying would be 1 March too, but a 01:00 +07:00 spraying is the previous UTC day:
    const early = spray(1, "2025-03-01T01:00:00+07:00", 2); // 28 Feb 18:00 UTC
    expect(phiWarnings([early, harvest(2, "2025-03-02T23:00:00+07:00")])).toMatchObject([
      { daysEarly: 1, safeFrom: new Date("2025-03-03T00:00:00+07:00") },
    ]);
    expect(phiWarnings([early, harvest(2, "2025-03-03T00:00:00+07:00")])).toEqual([]);
  });

  it("gives one warning per (harvest, spraying) pair and ignores later sprayings", () => {
    const events = [
      spray(1, "2025-03-01T07:00:00+07:00", 14, "Chlorantraniliprole"),
      spray(2, "2025-03-04T07:00:00+07:00", 3, "Emamectin"), // safe from 7 March: the harvest day
      harvest(3, "2025-03-07T07:00:00+07:00"),
      spray(4, "2025-03-07T09:00:00+07:00", 30, "Later"),
      harvest(5, "2025-03-20T07:00:00+07:00"),
    ];
    expect(phiWarnings(events).map((w) => [w.harvestSeq, w.sprayingSeq, w.chemical, w.daysEarly])).toEqual([
      [3, 1, "Chlorantraniliprole", 8],
      [5, 4, "Later", 17],
    ]);
  });

  it("checks nothing for a spraying without phiDays, and PHI 0 allows the same day", () => {
    expect(
      phiWarnings([spray(1, "2025-03-01T07:00:00+07:00", null), harvest(2, "2025-03-01T09:00:00+07:00")]),
    ).toEqual([]);
    expect(
      phiWarnings([spray(1, "2025-03-01T07:00:00+07:00", 0), harvest(2, "2025-03-01T09:00:00+07:00")]),
    ).toEqual([]);
  });

  it("uses corrected values: a corrected spraying date removes (or adds) a warning", () => {
    const base = [spray(1, "2025-03-01T07:00:00+07:00", 7), harvest(2, "2025-03-05T07:00:00+07:00")];
    expect(phiWarnings(base)).toHaveLength(1);
    const fixed: DiaryEventLike = {
      ...spray(3, "2025-02-20T07:00:00+07:00", 7),
      kind: "CORRECTION",
      correctsSeq: 1,
    };
    expect(phiWarnings([...base, fixed])).toEqual([]);
    const harvestMoved: DiaryEventLike = {
      seq: 3,
      kind: "CORRECTION",
      occurredAt: "2025-03-03T07:00:00+07:00",
      correctsSeq: 2,
    };
    expect(
      phiWarnings([
        spray(1, "2025-02-20T07:00:00+07:00", 12),
        harvest(2, "2025-03-10T07:00:00+07:00"),
        harvestMoved,
      ]),
    ).toMatchObject([{ harvestSeq: 2, sprayingSeq: 1, daysEarly: 1 }]);
  });

  it("throws on a timestamp without offset", () => {
    expect(() =>
      phiWarnings([spray(1, "2025-03-01T07:00:00", 7), harvest(2, "2025-03-05T07:00:00+07:00")]),
    ).toThrow(/offset/);
  });
});

describe("currentEvents", () => {
  it("replaces an event by its latest correction, keeping its seq and kind", () => {
    const events: DiaryEventLike[] = [
      spray(1, "2025-03-01T07:00:00+07:00", 7),
      harvest(2, "2025-03-10T07:00:00+07:00"),
      {
        seq: 3,
        kind: "CORRECTION",
        occurredAt: "2025-03-02T07:00:00+07:00",
        chemical: "Fixed",
        phiDays: 5,
        correctsSeq: 1,
      },
      {
        seq: 4,
        kind: "CORRECTION",
        occurredAt: "2025-03-03T07:00:00+07:00",
        chemical: "Fixed again",
        phiDays: 5,
        correctsSeq: 3,
      },
    ];
    expect(currentEvents(events)).toEqual([
      {
        seq: 1,
        kind: "SPRAYING",
        occurredAt: "2025-03-03T07:00:00+07:00",
        chemical: "Fixed again",
        phiDays: 5,
        correctsSeq: null,
      },
      harvest(2, "2025-03-10T07:00:00+07:00"),
    ]);
  });

  it("rejects a correction of a missing or later event", () => {
    expect(() =>
      currentEvents([
        { seq: 1, kind: "CORRECTION", occurredAt: "2025-03-01T07:00:00+07:00", correctsSeq: 2 },
      ]),
    ).toThrow(/earlier event/);
    expect(() =>
      currentEvents([
        { seq: 1, kind: "CORRECTION", occurredAt: "2025-03-01T07:00:00+07:00", correctsSeq: null },
      ]),
    ).toThrow(/earlier event/);
  });
});
