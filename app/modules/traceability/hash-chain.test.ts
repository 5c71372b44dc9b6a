import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  appendEvent,
  canonicalJson,
  eventHash,
  GENESIS,
  verifyChain,
  type ChainedEvent,
  type DiaryEventContent,
} from "./hash-chain";

type NewContent = Omit<DiaryEventContent, "seq">;

// Every field set: `Required<>` makes this fail to compile when the content type gains a field,
// so the tamper loop below always covers all of them.
const FULL: Required<NewContent> = {
  batchId: "batch_1",
  kind: "SPRAYING",
  occurredAt: "2025-03-01T07:30:00+07:00",
  place: "Lô đất số 3",
  quantity: 1.5,
  uom: "lít",
  note: "Phun sáng sớm, trời lặng gió",
  chemical: "Abamectin 3.6EC",
  phiDays: 7,
  photoHash: "a".repeat(64),
  recordedById: "user_helper",
  actingForProducerId: "producer_9",
  correctsSeq: null,
};
const MINIMAL: NewContent = {
  batchId: "batch_1",
  kind: "HARVESTING",
  occurredAt: "2025-03-20T06:00:00+07:00",
  recordedById: "user_farmer",
};

function buildChain(contents: NewContent[]): ChainedEvent[] {
  return contents.reduce<ChainedEvent[]>((chain, content) => [...chain, appendEvent(chain, content)], []);
}

const chain = buildChain([
  { ...FULL, kind: "PLANTING", chemical: null, phiDays: null },
  FULL,
  MINIMAL,
  { ...FULL, kind: "CORRECTION", correctsSeq: 2, occurredAt: "2025-03-02T07:30:00+07:00" },
  { ...MINIMAL, kind: "PACKING", quantity: 120, uom: "hộp" },
]);

function tampered(value: unknown): unknown {
  if (value === null || value === undefined) return "x";
  if (typeof value === "number") return value + 1;
  if (typeof value === "string") return `${value}x`;
  throw new Error(`no tamper rule for ${typeof value}`);
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: "é" }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"é","z":null}]},"b":1}',
    );
  });

  it("does not depend on key insertion order", () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it("refuses values JSON would drop or change", () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined/);
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson(new Date(0))).toThrow(/Date/);
    expect(() => canonicalJson(new Map())).toThrow(/Map/);
  });
});

describe("eventHash", () => {
  it("is sha256 of the canonical content with every field and prevHash, absent fields as null", () => {
    const content: DiaryEventContent = { ...MINIMAL, seq: 1 };
    const expected =
      '{"actingForProducerId":null,"batchId":"batch_1","chemical":null,"correctsSeq":null,"kind":"HARVESTING",' +
      '"note":null,"occurredAt":"2025-03-20T06:00:00+07:00","phiDays":null,"photoHash":null,"place":null,' +
      `"prevHash":"${GENESIS}","quantity":null,"recordedById":"user_farmer","seq":1,"uom":null}`;
    expect(eventHash(content, GENESIS)).toBe(createHash("sha256").update(expected, "utf8").digest("hex"));
  });

  it("hashes an absent field and an explicit null alike, and ignores fields outside the content type", () => {
    const content: DiaryEventContent = { ...MINIMAL, seq: 1 };
    const withNulls: DiaryEventContent = { ...content, note: null, place: null, photoHash: null };
    const dbRow = { ...content, id: "row_77", createdAt: "2025-03-20T00:00:00Z" };
    expect(eventHash(withNulls, GENESIS)).toBe(eventHash(content, GENESIS));
    expect(eventHash(dbRow, GENESIS)).toBe(eventHash(content, GENESIS));
  });

  it("changes with prevHash", () => {
    const content: DiaryEventContent = { ...MINIMAL, seq: 1 };
    expect(eventHash(content, "f".repeat(64))).not.toBe(eventHash(content, GENESIS));
  });
});

describe("appendEvent", () => {
  it("assigns seq = last + 1 and links prevHash to the last hash", () => {
    expect(chain.map((e) => e.content.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain[0]?.prevHash).toBe(GENESIS);
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.prevHash).toBe(chain[i - 1]?.hash);
    expect(new Set(chain.map((e) => e.hash)).size).toBe(chain.length);
    expect(chain.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(verifyChain(chain)).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it("keeps the original when a correction is appended", () => {
    expect(chain[1]?.content).toMatchObject({
      seq: 2,
      kind: "SPRAYING",
      occurredAt: "2025-03-01T07:30:00+07:00",
    });
    expect(chain[3]?.content).toMatchObject({
      seq: 4,
      kind: "CORRECTION",
      correctsSeq: 2,
      occurredAt: "2025-03-02T07:30:00+07:00",
    });
  });

  it("refuses events that do not belong", () => {
    expect(() => appendEvent(chain, { ...MINIMAL, batchId: "batch_2" })).toThrow(/batch_2 cannot join/);
    expect(() => appendEvent(chain, { ...MINIMAL, kind: "CORRECTION" })).toThrow(/correctsSeq is required/);
    expect(() => appendEvent(chain, { ...MINIMAL, correctsSeq: 1 })).toThrow(/correctsSeq is required/);
    expect(() => appendEvent(chain, { ...MINIMAL, kind: "CORRECTION", correctsSeq: 9 })).toThrow(
      /not an earlier event/,
    );
    expect(() => appendEvent(chain, { ...MINIMAL, occurredAt: "2025-03-20T06:00:00" })).toThrow(/offset/);
    expect(() => appendEvent(chain, { ...MINIMAL, recordedById: "" })).toThrow(/recordedById/);
    expect(() => appendEvent(chain, { ...MINIMAL, quantity: -1 })).toThrow(/quantity/);
    expect(() => appendEvent(chain, { ...MINIMAL, phiDays: 1.5 })).toThrow(/whole days/);
    expect(() => appendEvent(chain, { ...MINIMAL, kind: "WEEDING" as never })).toThrow(/unknown kind/);
  });
});

describe("verifyChain detects tampering", () => {
  const fields = Object.keys({ ...FULL, seq: 1 }) as (keyof DiaryEventContent)[];

  it("covers all 14 content fields", () => {
    expect(fields.sort()).toEqual(
      [
        "actingForProducerId",
        "batchId",
        "chemical",
        "correctsSeq",
        "kind",
        "note",
        "occurredAt",
        "phiDays",
        "photoHash",
        "place",
        "quantity",
        "recordedById",
        "seq",
        "uom",
      ].sort(),
    );
  });

  for (const field of fields) {
    it(`of ${field}, in any event`, () => {
      for (const [index, event] of chain.entries()) {
        const copy = chain.map((e) => ({ ...e, content: { ...e.content } }));
        const target = copy[index] as ChainedEvent;
        const content = target.content as unknown as Record<string, unknown>;
        content[field] = tampered(content[field]);
        const reason = field === "seq" ? "sequence-gap" : "content-changed";
        expect(verifyChain(copy), `${field} of #${event.content.seq}`).toEqual({
          ok: false,
          brokenAt: index + 1,
          reason,
        });
      }
    });
  }

  it("of a stored hash or prevHash", () => {
    const badHash = chain.map((e, i) => (i === 2 ? { ...e, hash: "0".repeat(63) + "1" } : e));
    expect(verifyChain(badHash)).toEqual({ ok: false, brokenAt: 3, reason: "content-changed" });
    const badPrev = chain.map((e, i) => (i === 2 ? { ...e, prevHash: GENESIS } : e));
    expect(verifyChain(badPrev)).toEqual({ ok: false, brokenAt: 3, reason: "link-broken" });
  });

  it("when the edited event's own hash is recomputed: the next link breaks", () => {
    const copy = [...chain];
    const edited = { ...(chain[1] as ChainedEvent).content, phiDays: 1 };
    copy[1] = { content: edited, prevHash: chain[0]!.hash, hash: eventHash(edited, chain[0]!.hash) };
    expect(verifyChain(copy)).toEqual({ ok: false, brokenAt: 3, reason: "link-broken" });
  });

  it("when events are reordered, with or without renumbering", () => {
    const swapped = [chain[0]!, chain[2]!, chain[1]!, chain[3]!, chain[4]!];
    expect(verifyChain(swapped)).toEqual({ ok: false, brokenAt: 2, reason: "sequence-gap" });
    const renumbered = swapped.map((e, i) => ({ ...e, content: { ...e.content, seq: i + 1 } }));
    expect(verifyChain(renumbered)).toEqual({ ok: false, brokenAt: 2, reason: "link-broken" });
  });

  it("when an event is deleted", () => {
    expect(verifyChain(chain.filter((_, i) => i !== 1))).toEqual({
      ok: false,
      brokenAt: 2,
      reason: "sequence-gap",
    });
    const renumbered = chain
      .filter((_, i) => i !== 1)
      .map((e, i) => ({ ...e, content: { ...e.content, seq: i + 1 } }));
    expect(verifyChain(renumbered)).toEqual({ ok: false, brokenAt: 2, reason: "link-broken" });
  });

  it("when an event is inserted, even a correctly hashed one", () => {
    const forged = appendEvent(chain.slice(0, 2), { ...MINIMAL, note: "backdated" });
    const inserted = [...chain.slice(0, 2), forged, ...chain.slice(2)];
    expect(verifyChain(inserted)).toEqual({ ok: false, brokenAt: 4, reason: "sequence-gap" });
    const renumbered = inserted.map((e, i) => ({ ...e, content: { ...e.content, seq: i + 1 } }));
    expect(verifyChain(renumbered)).toEqual({ ok: false, brokenAt: 4, reason: "link-broken" });
  });

  it("when the tail is cut or the chain rebuilt, given the anchored head hash", () => {
    const head = chain.at(-1)!.hash;
    expect(verifyChain(chain, { expectedHead: head })).toEqual({ ok: true });
    expect(verifyChain(chain.slice(0, 4))).toEqual({ ok: true }); // a chain alone cannot see this…
    expect(verifyChain(chain.slice(0, 4), { expectedHead: head })).toEqual({
      ok: false,
      brokenAt: 4,
      reason: "head-mismatch",
    });
    const rebuilt = buildChain(
      chain.map(({ content: { seq: _seq, ...rest } }) => ({ ...rest, note: "rewritten" })),
    );
    expect(verifyChain(rebuilt)).toEqual({ ok: true }); // …nor a full rewrite
    expect(verifyChain(rebuilt, { expectedHead: head })).toEqual({
      ok: false,
      brokenAt: 5,
      reason: "head-mismatch",
    });
  });
});
