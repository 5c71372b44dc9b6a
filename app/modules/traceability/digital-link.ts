// GS1 Digital Link URIs: what the QR code on a package holds (DOMAIN.md, Traceability).
// https://{domain}/01/{GTIN-14}[/22/{cpv}][/10/{lot}][/21/{serial}][?17={YYMMDD}&linkType=…]
import { gs1CheckDigit, isValidGtin } from "~/modules/products/gtin";
import { isIsoDate, toVnDate, type IsoDate } from "./vn-time";

export type DigitalLinkErrorReason =
  | "malformed"
  | "bad-origin"
  | "bad-gtin"
  | "bad-check-digit"
  | "qualifier-order"
  | "bad-cpv"
  | "bad-lot"
  | "bad-serial"
  | "bad-expiry"
  | "bad-link-type"
  | "bad-public-id";

export class DigitalLinkError extends Error {
  constructor(
    readonly reason: DigitalLinkErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "DigitalLinkError";
  }
}

export interface ParsedDigitalLink {
  ok: true;
  /** Always GTIN-14. */
  gtin: string;
  cpv?: string;
  lot?: string;
  serial?: string;
  /** AI 17, as a calendar date. */
  expiry?: IsoDate;
  /** e.g. 'gs1:pip', 'gs1:traceability', 'gs1:certificationInfo'. */
  linkType?: string;
}
export type DigitalLinkParseResult =
  ParsedDigitalLink | { ok: false; reason: DigitalLinkErrorReason; message: string };

// GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1): the only
// characters AIs 10, 21 and 22 may hold. No space, no letters outside ASCII.
const SET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const QUALIFIERS = { "22": "cpv", "10": "lot", "21": "serial" } as const;
type QualifierAi = keyof typeof QUALIFIERS;
const QUALIFIER_ORDER: readonly QualifierAi[] = ["22", "10", "21"];
const MAX_LENGTH = 20; // AIs 10, 21 and 22: X..20

/** Why a lot/serial/CPV value cannot go into a GS1 AI, or null when it can. */
export function gs1TextProblem(value: string, label = "Lot"): string | null {
  if (value.length === 0) return `${label} is empty`;
  if (value.length > MAX_LENGTH)
    return `${label} "${value}" is ${value.length} characters; GS1 allows at most ${MAX_LENGTH}`;
  if (!SET_82.test(value)) {
    const bad = [...new Set([...value].filter((c) => !SET_82.test(c)))].map((c) => JSON.stringify(c));
    return (
      `${label} "${value}" contains ${bad.join(", ")}: GS1 allows only A–Z, a–z, 0–9 and ` +
      `!"%&'()*+,-./:;<=>?_ (no spaces, no Vietnamese diacritics)`
    );
  }
  return null;
}

/** GTIN-8/12/13/14 → GTIN-14 (zero-padded), throwing on a bad length or check digit. */
export function toGtin14(gtin: string): string {
  if (!/^(\d{8}|\d{12,14})$/.test(gtin)) {
    throw new DigitalLinkError("bad-gtin", `GTIN "${gtin}" must be 8, 12, 13 or 14 digits`);
  }
  if (!isValidGtin(gtin)) {
    const expected = gs1CheckDigit(gtin.slice(0, -1));
    throw new DigitalLinkError(
      "bad-check-digit",
      `GTIN "${gtin}" has check digit ${gtin.at(-1)}, expected ${expected}`,
    );
  }
  return gtin.padStart(14, "0");
}

// Digital Link: every character outside the URI "unreserved" set is percent-encoded. All of
// set 82 is ASCII, so each becomes one %XX (encodeURIComponent would leave !'()* bare).
function encodeSegment(value: string): string {
  return value.replace(
    /[^A-Za-z0-9\-._]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

function checkedText(value: string, reason: DigitalLinkErrorReason, label: string): string {
  const problem = gs1TextProblem(value, label);
  if (problem) throw new DigitalLinkError(reason, problem);
  return value;
}

function originOf(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new DigitalLinkError("bad-origin", `Not an absolute URL: "${origin}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DigitalLinkError("bad-origin", `Origin must be http(s): "${origin}"`);
  }
  return url.origin; // a path in the origin would shift the /01/ segment; drop it
}

function yymmdd(expiry: Date | string): string {
  let date: IsoDate;
  try {
    date = toVnDate(expiry);
  } catch (error) {
    throw new DigitalLinkError("bad-expiry", (error as Error).message);
  }
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

export interface DigitalLinkInput {
  origin: string;
  gtin: string;
  lot: string;
  /** A Date (its day in Vietnam) or a 'YYYY-MM-DD' calendar date. */
  expiry?: Date | string | null;
  serial?: string | null;
  cpv?: string | null;
}

export function buildDigitalLink(input: DigitalLinkInput): string {
  let path = `/01/${toGtin14(input.gtin)}`;
  if (input.cpv != null)
    path += `/22/${encodeSegment(checkedText(input.cpv, "bad-cpv", "Consumer product variant"))}`;
  path += `/10/${encodeSegment(checkedText(input.lot, "bad-lot", "Lot"))}`;
  if (input.serial != null) path += `/21/${encodeSegment(checkedText(input.serial, "bad-serial", "Serial"))}`;
  const query = input.expiry != null ? `?17=${yymmdd(input.expiry)}` : "";
  return originOf(input.origin) + path + query;
}

/** The lot's class-level identifier (no expiry, no serial): EPCIS epcClass. */
export function digitalLinkClassId(input: { origin: string; gtin: string; lot: string }): string {
  return buildDigitalLink({ origin: input.origin, gtin: input.gtin, lot: input.lot });
}

const PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Trace URL for a product that has no GTIN: `{origin}/t/{publicId}/{lot}`.
 * - `publicId` is the product's permanent public identifier (never its name or slug, which change
 *   when the product is renamed, and never a database row number, which leaks counts).
 * - `/t/` is short (a shorter URL gives a smaller, more robust QR on a 50×30 mm label) and cannot
 *   be confused with a Digital Link, whose first segment is a numeric AI; when the product later gets
 *   a GTIN, old labels keep resolving through this path.
 * - The lot obeys the same GS1 set-82 rule as in a Digital Link, so the same lot number stays valid
 *   if a GTIN is added.
 */
export function buildFallbackLink(input: { origin: string; publicId: string; lot: string }): string {
  if (!PUBLIC_ID.test(input.publicId)) {
    throw new DigitalLinkError(
      "bad-public-id",
      `Public id "${input.publicId}" must be 1–64 of A–Z a–z 0–9 _ -`,
    );
  }
  return `${originOf(input.origin)}/t/${input.publicId}/${encodeSegment(checkedText(input.lot, "bad-lot", "Lot"))}`;
}

/** The trace URL for a batch: a Digital Link when the product has a GTIN, the fallback path otherwise. */
export function traceUrl(input: {
  origin: string;
  gtin?: string | null;
  publicId: string;
  lot: string;
  expiry?: Date | string | null;
}): string {
  return input.gtin
    ? buildDigitalLink({ origin: input.origin, gtin: input.gtin, lot: input.lot, expiry: input.expiry })
    : buildFallbackLink(input);
}

// ---- parsing ----

function fail(reason: DigitalLinkErrorReason, message: string): DigitalLinkParseResult {
  return { ok: false, reason, message };
}

/**
 * GS1 General Specifications 7.12: a two-digit year is the one nearest to now — 51–99 years
 * ahead means the previous century, 50–99 years behind means the next.
 */
function expandYear(yy: number, now: Date): number {
  const current = now.getUTCFullYear();
  const diff = yy - (current % 100);
  const century = Math.floor(current / 100) * 100;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

function parseExpiry(value: string, now: Date): IsoDate | null {
  if (!/^\d{6}$/.test(value)) return null;
  const year = expandYear(Number(value.slice(0, 2)), now);
  const month = value.slice(2, 4);
  const day = value.slice(4, 6);
  if (day === "00") {
    // DD = 00 means the last day of the month (GS1 General Specifications, AI 17).
    if (!isIsoDate(`${year}-${month}-01`)) return null;
    const lastDay = new Date(Date.UTC(year, Number(month), 0)).getUTCDate();
    return `${year}-${month}-${lastDay}`;
  }
  const date = `${year}-${month}-${day}`;
  return isIsoDate(date) ? date : null;
}

function parseLinkType(value: string): string | null {
  const web = /^https?:\/\/(www\.)?gs1\.org\/voc\/([A-Za-z]+)$/.exec(value);
  if (web) return `gs1:${web[2]}`;
  return /^gs1:[A-Za-z]+$/.test(value) || value === "all" ? value : null;
}

/**
 * Parses the path and query of a Digital Link (a full URL is accepted too; its host is ignored).
 * GTIN-8/12/13 in the path is zero-padded to 14, as GS1 resolvers do.
 */
export function parseDigitalLink(pathAndQuery: string, options: { now?: Date } = {}): DigitalLinkParseResult {
  let url: URL;
  try {
    url = new URL(pathAndQuery, "https://resolver.invalid");
  } catch {
    return fail("malformed", "Not a URL path");
  }
  const segments = url.pathname.split("/").slice(1);
  if (segments.length < 2 || segments.length % 2 !== 0 || segments[0] !== "01") {
    return fail("malformed", "Expected /01/{GTIN} followed by AI/value pairs");
  }
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return fail("malformed", "Bad percent-encoding");
  }

  const gtinRaw = decoded[1] ?? "";
  if (!/^(\d{8}|\d{12,14})$/.test(gtinRaw))
    return fail("bad-gtin", `GTIN "${gtinRaw}" must be 8, 12, 13 or 14 digits`);
  if (!isValidGtin(gtinRaw)) return fail("bad-check-digit", `GTIN "${gtinRaw}" has a wrong check digit`);
  const result: ParsedDigitalLink = { ok: true, gtin: gtinRaw.padStart(14, "0") };

  let lastRank = -1;
  for (let i = 2; i < decoded.length; i += 2) {
    const ai = decoded[i] ?? "";
    const value = decoded[i + 1] ?? "";
    if (!(ai in QUALIFIERS)) return fail("malformed", `AI "${ai}" cannot qualify a GTIN in the path`);
    const rank = QUALIFIER_ORDER.indexOf(ai as QualifierAi);
    if (rank <= lastRank)
      return fail("qualifier-order", "Path qualifiers must appear once each, in the order 22, 10, 21");
    lastRank = rank;
    const field = QUALIFIERS[ai as QualifierAi];
    const problem = gs1TextProblem(value, field);
    if (problem) return fail(`bad-${field}`, problem);
    result[field] = value;
  }

  const expiry = url.searchParams.get("17");
  if (expiry !== null) {
    const date = parseExpiry(expiry, options.now ?? new Date());
    if (!date) return fail("bad-expiry", `AI 17 "${expiry}" is not a valid YYMMDD date`);
    result.expiry = date;
  }
  const linkType = url.searchParams.get("linkType");
  if (linkType !== null) {
    const normalised = parseLinkType(linkType);
    if (!normalised) return fail("bad-link-type", `Unknown linkType "${linkType}"`);
    result.linkType = normalised;
  }
  return result;
}
