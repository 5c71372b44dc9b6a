// Review lead time: from each submission of a dossier to the official's next decision on it, read
// from the audit log. Plain module (no database): the server feeds it audit rows.
import { addDays, vnStartOfDay, type IsoDate } from "~/modules/traceability/vn-time";

/** Actions that put a dossier in the province's queue (first submission, resubmission, revision). */
export const SUBMISSION_ACTIONS = ["product.submit", "product.revise"] as const;
/** An official's decision on a dossier in review. */
export const DECISION_ACTIONS = ["product.approve", "product.requestChanges", "product.reject"] as const;
/** The dossier left the queue without a decision: that submission is not counted. */
export const EXIT_ACTIONS = ["product.withdraw", "product.suspend"] as const;
export const LEAD_TIME_ACTIONS = [...SUBMISSION_ACTIONS, ...DECISION_ACTIONS, ...EXIT_ACTIONS] as const;

export interface ReviewEvent {
  productId: string;
  action: string;
  at: Date;
}

export interface LeadTimePair {
  productId: string;
  submittedAt: Date;
  decidedAt: Date;
  decision: (typeof DECISION_ACTIONS)[number];
  ms: number;
}

const has = (list: readonly string[], action: string) => list.includes(action);

/**
 * Pairs each submission with the next decision on the same product. A decision with no pending
 * submission (history older than the log) is ignored; a withdrawal or suspension drops the pending
 * submission; a second submission while one is pending keeps the first (the clock started then).
 * Events may come in any order.
 */
export function pairSubmissions(events: readonly ReviewEvent[]): LeadTimePair[] {
  const sorted = events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
  const pending = new Map<string, Date>();
  const pairs: LeadTimePair[] = [];
  for (const { productId, action, at } of sorted) {
    if (has(SUBMISSION_ACTIONS, action)) {
      if (!pending.has(productId)) pending.set(productId, at);
    } else if (has(DECISION_ACTIONS, action)) {
      const submittedAt = pending.get(productId);
      if (!submittedAt) continue;
      pending.delete(productId);
      pairs.push({
        productId,
        submittedAt,
        decidedAt: at,
        decision: action as LeadTimePair["decision"],
        ms: at.getTime() - submittedAt.getTime(),
      });
    } else if (has(EXIT_ACTIONS, action)) {
      pending.delete(productId);
    }
  }
  return pairs;
}

/**
 * The p-th percentile (0–1) by linear interpolation between closest ranks: the definition of
 * Excel's PERCENTILE.INC and NumPy's default, so an official can check it in a spreadsheet.
 * Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within 0–1, got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Instants bounding a period: [from, to). Either end may be open. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

export interface LeadTimeSummary {
  /** Submission → decision pairs counted (decided within the period). */
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

/** p50 and p90 of the pairs whose decision falls in the period. */
export function summariseLeadTimes(
  pairs: readonly LeadTimePair[],
  period: Period = { from: null, to: null },
): LeadTimeSummary {
  const within = pairs.filter(
    (p) =>
      (!period.from || p.decidedAt.getTime() >= period.from.getTime()) &&
      (!period.to || p.decidedAt.getTime() < period.to.getTime()),
  );
  const ms = within.map((p) => p.ms);
  return { count: ms.length, p50Ms: percentile(ms, 0.5), p90Ms: percentile(ms, 0.9) };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds as days, rounded to two decimals (what the page and the exports show). */
export function msToDays(ms: number): number {
  return Math.round((ms / DAY_MS) * 100) / 100;
}

/** A period of whole Vietnam calendar days, both ends included ('YYYY-MM-DD', or null for open). */
export function vnDayPeriod(from: IsoDate | null, to: IsoDate | null): Period {
  return {
    from: from ? vnStartOfDay(from) : null,
    to: to ? vnStartOfDay(addDays(to, 1)) : null,
  };
}
