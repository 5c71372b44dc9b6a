// Calendar dates and timestamps in Vietnam time (Asia/Ho_Chi_Minh).
// Vietnam has kept UTC+7 with no daylight saving since 1975, so a fixed offset is exact and does
// not depend on the ICU data the runtime ships.

export const VN_OFFSET = "+07:00";
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date-time with an explicit offset: a timestamp without one is ambiguous (server zone vs GMT+7).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Parses an ISO 8601 date-time that carries an offset ('Z' or ±hh:mm); null otherwise. */
export function parseOffsetDateTime(value: string): Date | null {
  if (!ISO_DATE_TIME.test(value) || !isIsoDate(value.slice(0, 10))) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The Vietnam calendar date of an instant. */
export function vnDateOf(instant: Date): IsoDate {
  const shifted = new Date(instant.getTime() + VN_OFFSET_MS);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/**
 * A calendar date from a Date (its day in Vietnam), a 'YYYY-MM-DD' string (taken as is: it already
 * is a calendar date), or an ISO date-time with offset. Throws on anything else.
 */
export function toVnDate(value: Date | string): IsoDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError("Invalid Date");
    return vnDateOf(value);
  }
  if (isIsoDate(value)) return value;
  const instant = parseOffsetDateTime(value);
  if (!instant) throw new RangeError(`Not a date ('YYYY-MM-DD' or ISO 8601 with offset): "${value}"`);
  return vnDateOf(instant);
}

/** 00:00 of a Vietnam calendar date, as an instant. */
export function vnStartOfDay(date: IsoDate): Date {
  return new Date(`${date}T00:00:00${VN_OFFSET}`);
}

/** Calendar arithmetic on 'YYYY-MM-DD'. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const base = new Date(`${date}T00:00:00Z`);
  return new Date(base.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** '2025-03-01T08:30:00.000+07:00': the instant written in Vietnam time. */
export function toVnIsoDateTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + VN_OFFSET_MS);
  return shifted.toISOString().replace("Z", VN_OFFSET);
}

/** dd/mm/yyyy, as printed on Vietnamese packaging (NSX/HSD). */
export function formatVnDate(value: Date | string): string {
  const [y, m, d] = toVnDate(value).split("-");
  return `${d}/${m}/${y}`;
}
