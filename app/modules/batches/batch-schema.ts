// The batch and farm-diary forms. Plain module (server and browser); messages come from `t`.
import type { TFunction } from "i18next";
import { z } from "zod";
import type { LabelSize } from "~/modules/labels/label-sheet";
import { DIARY_KINDS, type DiaryKind } from "~/modules/traceability/diary";
import { gs1TextProblem } from "~/modules/traceability/digital-link";
import { isIsoDate, parseOffsetDateTime, toVnIsoDateTime, VN_OFFSET } from "~/modules/traceability/vn-time";

export const LOT_MAX_LENGTH = 20;
export const LOT_EXAMPLE = "CF2026-01";

/**
 * A lot number GS1 accepts, made from what was typed: "Lô 1 tháng 3" → "LO-1-THANG-3". Diacritics
 * dropped (đ → d), anything outside A–Z 0–9 becomes a hyphen, cut to 20 characters.
 */
export function suggestLot(typed: string): string {
  const plain = typed
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, LOT_MAX_LENGTH)
    .replace(/-+$/, "");
  return plain || LOT_EXAMPLE;
}

/** Why a lot number is refused, or null when GS1 accepts it. */
export function lotProblem(lot: string): "empty" | "tooLong" | "characters" | null {
  if (lot.length === 0) return "empty";
  if (gs1TextProblem(lot) === null) return null;
  return lot.length > LOT_MAX_LENGTH ? "tooLong" : "characters";
}

const nfc = (v: string) => v.normalize("NFC").trim();

const optionalText = (t: TFunction, field: string, max: number) =>
  z
    .string()
    .transform(nfc)
    .pipe(z.string().max(max, t("errors.tooLong", { field: t(field), max })))
    .optional()
    .transform((v) => v || undefined);

const optionalDate = (t: TFunction, field: string) =>
  z
    .string()
    .trim()
    .refine(isIsoDate, t("batches.errors.date", { field: t(field) }))
    .optional();

/** "1,5" and "1.5" are both one and a half (Vietnamese writes a decimal comma). */
const quantity = (t: TFunction, field: string) =>
  z
    .string()
    .transform((v) => Number(v.trim().replace(/\s/g, "").replace(",", ".")))
    .pipe(
      z
        .number({ error: t("batches.errors.quantity", { field: t(field) }) })
        .positive(t("batches.errors.quantity", { field: t(field) }))
        .max(1e9, t("batches.errors.quantity", { field: t(field) })),
    )
    .optional();

export function batchSchema(t: TFunction) {
  return z
    .object({
      lotNumber: z
        .string({ error: t("batches.errors.lotRequired", { example: LOT_EXAMPLE }) })
        .transform(nfc)
        .superRefine((lot, ctx) => {
          const problem = lotProblem(lot);
          if (problem)
            ctx.addIssue({
              code: "custom",
              message: t(`batches.errors.lot_${problem}`, {
                lot,
                max: LOT_MAX_LENGTH,
                suggestion: suggestLot(lot),
                example: LOT_EXAMPLE,
              }),
            });
        }),
      growingAreaCode: z
        .string()
        .transform((v) => v.trim().toUpperCase().replace(/\s+/g, ""))
        .pipe(
          z
            .string()
            .max(60, t("errors.tooLong", { field: t("batches.fields.growingAreaCode"), max: 60 }))
            .regex(/^[A-Z0-9.\-/_]*$/, t("batches.errors.growingAreaCode")),
        )
        .optional()
        .transform((v) => v || undefined),
      producedOn: optionalDate(t, "batches.fields.producedOn"),
      harvestedOn: optionalDate(t, "batches.fields.harvestedOn"),
      expiresOn: optionalDate(t, "batches.fields.expiresOn"),
      quantity: quantity(t, "batches.fields.quantity"),
      uom: optionalText(t, "batches.fields.uom", 20),
    })
    .superRefine((batch, ctx) => {
      const { expiresOn } = batch;
      if (!expiresOn || !isIsoDate(expiresOn)) return;
      for (const field of ["producedOn", "harvestedOn"] as const) {
        const day = batch[field];
        if (day && isIsoDate(day) && expiresOn <= day)
          ctx.addIssue({
            code: "custom",
            path: ["expiresOn"],
            message: t("batches.errors.expiryBefore", { field: t(`batches.fields.${field}`) }),
          });
      }
    });
}

export type BatchInput = z.output<ReturnType<typeof batchSchema>>;

/** Kinds a person picks in the diary form; CORRECTION is made by "correct this event". */
export const RECORDED_KINDS = DIARY_KINDS.filter((k) => k !== "CORRECTION") as Exclude<
  DiaryKind,
  "CORRECTION"
>[];

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** A datetime-local value ("2026-03-01T08:30") read as Vietnam time, or null. */
export function fromVnLocal(value: string): Date | null {
  if (!DATETIME_LOCAL.test(value)) return null;
  return parseOffsetDateTime(`${value.length === 16 ? `${value}:00` : value}${VN_OFFSET}`);
}

/** An instant as a datetime-local value in Vietnam time ("2026-03-01T08:30"). */
export function toVnLocal(instant: Date): string {
  return toVnIsoDateTime(instant).slice(0, 16);
}

/** Events may be recorded a little ahead of the server clock (a phone's clock drifts), not more. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * One diary event. For a correction the form sends the corrected event's kind (so the same rules
 * apply: a spraying needs its chemical and pre-harvest interval) plus `correctsSeq`.
 */
export function diaryEventSchema(t: TFunction, now: Date = new Date()) {
  return z
    .object({
      kind: z.enum(RECORDED_KINDS, { error: t("batches.errors.kind") }),
      correctsSeq: z.coerce.number().int().min(1).optional(),
      occurredAt: z
        .string({ error: t("batches.errors.occurredAt") })
        .transform((v, ctx) => {
          const instant = fromVnLocal(v.trim());
          if (!instant) {
            ctx.addIssue({ code: "custom", message: t("batches.errors.occurredAt") });
            return z.NEVER;
          }
          return instant;
        })
        .refine((d) => d.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS, t("batches.errors.future"))
        .refine((d) => d.getUTCFullYear() >= 2000, t("batches.errors.occurredAt")),
      place: optionalText(t, "batches.fields.place", 200),
      quantity: quantity(t, "batches.fields.quantity"),
      uom: optionalText(t, "batches.fields.uom", 20),
      note: optionalText(t, "batches.fields.note", 1000),
      chemical: optionalText(t, "batches.fields.chemical", 200),
      phiDays: z.coerce
        .number({ error: t("batches.errors.phiDays") })
        .int(t("batches.errors.phiDays"))
        .min(0, t("batches.errors.phiDays"))
        .max(365, t("batches.errors.phiDays"))
        .optional(),
    })
    .superRefine((event, ctx) => {
      if (event.kind === "SPRAYING") {
        if (!event.chemical)
          ctx.addIssue({ code: "custom", path: ["chemical"], message: t("batches.errors.chemical") });
        if (event.phiDays === undefined)
          ctx.addIssue({ code: "custom", path: ["phiDays"], message: t("batches.errors.phiDays") });
      }
    });
}

export type DiaryEventInput = z.output<ReturnType<typeof diaryEventSchema>>;

export const LABEL_SIZES = ["small", "medium", "large"] as const satisfies readonly LabelSize[];
export const MAX_LABEL_COPIES = 500;

/** One request draws at most this many labels (~56 A4 pages of the small size). */
export const MAX_LABELS_PER_SHEET = 2000;

/** The label-sheet query: which batches (checkboxes), label size, labels per batch. */
export const labelQuerySchema = z
  .object({
    batch: z.array(z.uuid()).min(1).max(100),
    size: z.enum(LABEL_SIZES).default("medium"),
    copies: z.coerce.number().int().min(1).max(MAX_LABEL_COPIES).default(1),
  })
  .refine((q) => q.batch.length * q.copies <= MAX_LABELS_PER_SHEET, { path: ["copies"] });

export type LabelQuery = z.output<typeof labelQuerySchema>;
