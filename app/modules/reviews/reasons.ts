import { REVIEWED_FIELDS } from "~/modules/products/product-schema";

/**
 * Where an official's written reason can point: a reviewed field, the price, the photos, the
 * certificates, the trace data, or the dossier as a whole (`_general`). Stored in
 * ProductReview.reasons as { key: text } and shown to the producer beside that field.
 */
export const REASON_KEYS = [
  "_general",
  ...REVIEWED_FIELDS,
  "priceVnd",
  "photos",
  "certificates",
  "batches",
] as const;
export type ReasonKey = (typeof REASON_KEYS)[number];

export const MAX_REASON_LENGTH = 1000;

/** Keeps only known keys with non-empty text (a crafted post cannot add anything else). */
export function pickReasons(input: Record<string, unknown>): Partial<Record<ReasonKey, string>> {
  const reasons: Partial<Record<ReasonKey, string>> = {};
  for (const key of REASON_KEYS) {
    const value = input[`reason.${key}`] ?? input[key];
    if (typeof value === "string" && value.trim()) reasons[key] = value.trim().slice(0, MAX_REASON_LENGTH);
  }
  return reasons;
}
