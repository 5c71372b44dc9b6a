// Append-only, hash-chained farm-diary events: each event's hash covers its content and the
// previous event's hash, so changing, removing, inserting or reordering any stored event breaks the
// chain. A chain only proves itself up to its head: whoever can rewrite every event can recompute
// every hash, so keep the head hash somewhere the rewriter cannot reach (`expectedHead`).
import { createHash } from "node:crypto";
import { isDiaryKind, type DiaryKind } from "./diary";
import { parseOffsetDateTime } from "./vn-time";

export interface DiaryEventContent {
  batchId: string;
  /** 1-based position in the batch's chain. */
  seq: number;
  kind: DiaryKind;
  /** ISO 8601 with offset, e.g. '2025-03-01T08:30:00+07:00'. */
  occurredAt: string;
  place?: string | null;
  quantity?: number | null;
  uom?: string | null;
  note?: string | null;
  chemical?: string | null;
  phiDays?: number | null;
  /** sha256 of the photo file, so the photo is covered by the chain too. */
  photoHash?: string | null;
  /** The user who typed it (a helper, when acting for a producer). */
  recordedById: string;
  actingForProducerId?: string | null;
  /** For CORRECTION: the event it replaces (which stays in the chain). */
  correctsSeq?: number | null;
}

export interface ChainedEvent {
  content: DiaryEventContent;
  prevHash: string;
  hash: string;
}

export type ChainVerification =
  | { ok: true }
  | {
      ok: false;
      brokenAt: number;
      reason: "content-changed" | "link-broken" | "sequence-gap" | "head-mismatch";
    };

export const GENESIS = "0".repeat(64);

// The fixed shape that is hashed: every field, absent optional ones as null, so `{}` and
// `{ note: null }` hash alike and fields a caller adds (a database row's id, createdAt) are ignored.
const CONTENT_FIELDS = [
  "batchId",
  "seq",
  "kind",
  "occurredAt",
  "place",
  "quantity",
  "uom",
  "note",
  "chemical",
  "phiDays",
  "photoHash",
  "recordedById",
  "actingForProducerId",
  "correctsSeq",
] as const satisfies readonly (keyof DiaryEventContent)[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace; numbers and strings as
 * JSON.stringify writes them. For these value types that is RFC 8785 (JCS), so other languages can
 * reproduce the hash. Throws on undefined, non-finite numbers and non-plain objects (Date…), which
 * JSON would silently drop or change.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(
    `canonicalJson: cannot encode ${typeof value} (${Object.prototype.toString.call(value)})`,
  );
}

function hashedShape(content: DiaryEventContent): Record<string, Json> {
  const shape: Record<string, Json> = {};
  for (const field of CONTENT_FIELDS) shape[field] = (content[field] ?? null) as Json;
  return shape;
}

/** sha256 (hex) of canonicalJson({ ...content, prevHash }). */
export function eventHash(content: DiaryEventContent, prevHash: string): string {
  return createHash("sha256")
    .update(canonicalJson({ ...hashedShape(content), prevHash }), "utf8")
    .digest("hex");
}

function validate(content: DiaryEventContent, chain: readonly ChainedEvent[]): void {
  const where = `Event #${content.seq}`;
  if (!content.batchId) throw new Error(`${where}: batchId is required`);
  const first = chain[0];
  if (first && first.content.batchId !== content.batchId) {
    throw new Error(
      `${where}: batch ${content.batchId} cannot join the chain of batch ${first.content.batchId}`,
    );
  }
  if (!isDiaryKind(content.kind)) throw new Error(`${where}: unknown kind ${String(content.kind)}`);
  if (!parseOffsetDateTime(content.occurredAt)) {
    throw new Error(`${where}: occurredAt "${content.occurredAt}" must be ISO 8601 with an offset`);
  }
  if (!content.recordedById) throw new Error(`${where}: recordedById is required`);
  for (const field of ["quantity", "phiDays"] as const) {
    const v = content[field];
    if (v != null && (!Number.isFinite(v) || v < 0))
      throw new Error(`${where}: ${field} must be a non-negative number`);
  }
  if (content.phiDays != null && !Number.isInteger(content.phiDays))
    throw new Error(`${where}: phiDays must be whole days`);
  const isCorrection = content.kind === "CORRECTION";
  if (isCorrection !== (content.correctsSeq != null)) {
    throw new Error(`${where}: correctsSeq is required for a CORRECTION and only for one`);
  }
  if (isCorrection && !chain.some((e) => e.content.seq === content.correctsSeq)) {
    throw new Error(`${where}: correctsSeq ${String(content.correctsSeq)} is not an earlier event`);
  }
}

/** The next event of the chain: seq = last + 1, prevHash = last hash. Does not modify `chain`. */
export function appendEvent(
  chain: readonly ChainedEvent[],
  content: Omit<DiaryEventContent, "seq">,
): ChainedEvent {
  const last = chain.at(-1);
  const full: DiaryEventContent = { ...content, seq: (last?.content.seq ?? 0) + 1 };
  validate(full, chain);
  const prevHash = last?.hash ?? GENESIS;
  return { content: full, prevHash, hash: eventHash(full, prevHash) };
}

/**
 * Checks every link, in stored order. `expectedHead`: the last hash as recorded elsewhere, which
 * also catches events cut off the end or a chain rewritten from scratch.
 */
export function verifyChain(
  events: readonly ChainedEvent[],
  options: { expectedHead?: string } = {},
): ChainVerification {
  let prevHash = GENESIS;
  for (const [index, event] of events.entries()) {
    const seq = index + 1;
    if (event.content.seq !== seq) return { ok: false, brokenAt: seq, reason: "sequence-gap" };
    if (event.prevHash !== prevHash) return { ok: false, brokenAt: seq, reason: "link-broken" };
    if (eventHash(event.content, prevHash) !== event.hash)
      return { ok: false, brokenAt: seq, reason: "content-changed" };
    prevHash = event.hash;
  }
  if (options.expectedHead !== undefined && options.expectedHead !== (events.at(-1)?.hash ?? GENESIS)) {
    return { ok: false, brokenAt: events.length, reason: "head-mismatch" };
  }
  return { ok: true };
}
