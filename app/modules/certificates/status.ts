// Certificate rules (DOMAIN.md, OCOP and Other certificates): computed status, default and maximum
// validity per kind, OCOP score bands, and the add-form schema. Plain module: server and browser.
import type { TFunction } from "i18next";
import { z } from "zod";
import {
  addDays,
  daysBetween,
  formatVnDate,
  isIsoDate,
  toVnDate,
  vnDateOf,
  type IsoDate,
} from "~/modules/traceability/vn-time";

export const CERTIFICATE_KINDS = ["OCOP", "VIETGAP", "GLOBALGAP", "ORGANIC", "PUC", "PHC"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export function isCertificateKind(value: unknown): value is CertificateKind {
  return typeof value === "string" && (CERTIFICATE_KINDS as readonly string[]).includes(value);
}

/** Kinds that belong to the whole producer rather than to one product (a packing house). */
export const PRODUCER_WIDE_KINDS: ReadonlySet<CertificateKind> = new Set(["PHC"]);

export type CertificateStatus = "active" | "expiring" | "expired" | "revoked";
/** OCOP notice is due 30 days before expiry; the same window is used for every kind. */
export const EXPIRING_WITHIN_DAYS = 30;

type DateLike = Date | string;

export interface CertificateDates {
  issuedOn?: DateLike | null;
  expiresOn?: DateLike | null;
  revokedAt?: DateLike | null;
}

export interface StatusResult {
  status: CertificateStatus;
  /** Calendar days left in Vietnam (0 = expires today), null without an expiry date. */
  daysLeft: number | null;
}

/**
 * Status on `now`'s calendar day in Vietnam. A certificate is valid through the whole of its expiry
 * day there (00:00–23:59 GMT+7), whatever the server's time zone. Revocation ends it at once.
 */
export function certificateStatus(cert: CertificateDates, now: Date = new Date()): StatusResult {
  const daysLeft = cert.expiresOn ? daysBetween(vnDateOf(now), toVnDate(cert.expiresOn)) : null;
  if (cert.revokedAt) return { status: "revoked", daysLeft };
  if (daysLeft === null) return { status: "active", daysLeft };
  if (daysLeft < 0) return { status: "expired", daysLeft };
  return { status: daysLeft <= EXPIRING_WITHIN_DAYS ? "expiring" : "active", daysLeft };
}

/** A product shows a certificate's badge only while it is in force (active or expiring). */
export function badgeVisible(cert: CertificateDates, now: Date = new Date()): boolean {
  const { status } = certificateStatus(cert, now);
  return status === "active" || status === "expiring";
}

/** In force on a Vietnam calendar day (e.g. the harvest day) and never revoked. */
export function validOn(cert: CertificateDates, day: IsoDate): boolean {
  if (cert.revokedAt) return false;
  if (cert.issuedOn && toVnDate(cert.issuedOn) > day) return false;
  return !cert.expiresOn || toVnDate(cert.expiresOn) >= day;
}

/**
 * The stars a product may show: those of its most recently issued OCOP certificate still in force
 * (a re-assessment can lower the stars), or null.
 */
export function activeOcopStars(
  certs: readonly (CertificateDates & { kind: string; ocopStars: number | null; issuedOn: DateLike })[],
  now: Date = new Date(),
): number | null {
  const inForce = certs
    .filter((c) => c.kind === "OCOP" && c.ocopStars != null && badgeVisible(c, now))
    .sort((a, b) => {
      const byDate = toVnDate(b.issuedOn).localeCompare(toVnDate(a.issuedOn));
      return byDate !== 0 ? byDate : (b.ocopStars ?? 0) - (a.ocopStars ?? 0);
    });
  return inForce[0]?.ocopStars ?? null;
}

// ---- validity ----

/** Calendar months later, the day clamped to the month's end (29 Feb + 12 months → 28 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

export interface Validity {
  /** Expiry filled in when the form leaves it empty. */
  defaultMonths: number | null;
  /** Longest validity the kind allows (longer is refused). */
  maxMonths: number | null;
  expiryRequired: boolean;
}

// OCOP: 36 months. VietGAP: at most 2 years. GlobalG.A.P.: a 12-month cycle, extendable by up to 4
// months. Organic certificates state their own term. PUC/PHC codes have no term: they stay until
// the Plant Protection Department revokes them.
export const VALIDITY: Record<CertificateKind, Validity> = {
  OCOP: { defaultMonths: 36, maxMonths: 36, expiryRequired: false },
  VIETGAP: { defaultMonths: 24, maxMonths: 24, expiryRequired: false },
  GLOBALGAP: { defaultMonths: 12, maxMonths: 16, expiryRequired: false },
  ORGANIC: { defaultMonths: null, maxMonths: null, expiryRequired: true },
  PUC: { defaultMonths: null, maxMonths: null, expiryRequired: false },
  PHC: { defaultMonths: null, maxMonths: null, expiryRequired: false },
};

export function defaultExpiry(kind: CertificateKind, issuedOn: IsoDate): IsoDate | null {
  const months = VALIDITY[kind].defaultMonths;
  return months == null ? null : addMonths(issuedOn, months);
}

// ---- OCOP ----

export const OCOP_GROUPS = ["FOOD", "BEVERAGE", "HERBAL", "HANDICRAFT", "ORNAMENTAL", "TOURISM"] as const;
export const OCOP_SCORE_MAX = { scoreA: 40, scoreB: 25, scoreC: 35 } as const;
/** Who recognises the stars (Decision 148/QĐ-TTg): 5★ nationally, 4★ the province; 3★ the
 * province, or a district for certificates issued before districts were abolished (1 July 2025). */
export const ISSUER_LEVELS = ["NATIONAL", "PROVINCE", "DISTRICT"] as const;
export type IssuerLevel = (typeof ISSUER_LEVELS)[number];
const LEVELS_FOR_STARS: Record<number, readonly IssuerLevel[]> = {
  3: ["PROVINCE", "DISTRICT"],
  4: ["PROVINCE"],
  5: ["NATIONAL"],
};

/** Stars a total score earns under the bands 5★ 90–100, 4★ 70–89, 3★ 50–69 (null below 50). */
export function starsForScore(total: number): 3 | 4 | 5 | null {
  if (total >= 90) return 5;
  if (total >= 70) return 4;
  if (total >= 50) return 3;
  return null;
}

// ---- form schema ----

// PUC/PHC and certifying-body codes: formats vary by crop and year (VN-HNOR-0010, 45-001-2102…),
// so only the alphabet is checked; no spaces, upper case.
const CODE = /^[A-Z0-9][A-Z0-9.\-/_]*$/;

const text = (t: TFunction, field: string, max: number) =>
  z
    .string({ error: t("certificates.errors.required", { field: t(field) }) })
    .trim()
    .min(1, t("certificates.errors.required", { field: t(field) }))
    .max(max, t("errors.tooLong", { field: t(field), max }));

const optionalText = (t: TFunction, field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, t("errors.tooLong", { field: t(field), max }))
    .optional();

const date = (t: TFunction, field: string) =>
  z
    .string({ error: t("certificates.errors.required", { field: t(field) }) })
    .trim()
    .refine(isIsoDate, t("certificates.errors.date", { field: t(field) }));

const code = (t: TFunction, field: string) =>
  z
    .string({ error: t("certificates.errors.required", { field: t(field) }) })
    .transform((v) => v.trim().toUpperCase())
    .pipe(
      z
        .string()
        .min(1, t("certificates.errors.required", { field: t(field) }))
        .max(60, t("errors.tooLong", { field: t(field), max: 60 }))
        .regex(CODE, t("certificates.errors.code", { field: t(field) })),
    );

const score = (t: TFunction, field: keyof typeof OCOP_SCORE_MAX) =>
  z.coerce
    .number({
      error: t("certificates.errors.score", {
        field: t(`certificates.fields.${field}`),
        max: OCOP_SCORE_MAX[field],
      }),
    })
    .int(
      t("certificates.errors.score", {
        field: t(`certificates.fields.${field}`),
        max: OCOP_SCORE_MAX[field],
      }),
    )
    .min(
      0,
      t("certificates.errors.score", {
        field: t(`certificates.fields.${field}`),
        max: OCOP_SCORE_MAX[field],
      }),
    )
    .max(
      OCOP_SCORE_MAX[field],
      t("certificates.errors.score", {
        field: t(`certificates.fields.${field}`),
        max: OCOP_SCORE_MAX[field],
      }),
    )
    .optional();

const common = (t: TFunction) => ({
  issuedOn: date(t, "certificates.fields.issuedOn"),
  expiresOn: date(t, "certificates.fields.expiresOn").optional(),
});

/**
 * The add-certificate form, one branch per kind (discriminated on `kind`). Empty inputs arrive as
 * undefined (Conform). `today` is Vietnam's calendar date; an empty expiry takes the kind's default
 * afterwards (withDefaults).
 */
export function certificateSchema(t: TFunction, now: Date = new Date()) {
  const today = vnDateOf(now);
  const issuer = text(t, "certificates.fields.issuer", 200);

  const ocop = z.object({
    kind: z.literal("OCOP"),
    number: text(t, "certificates.fields.decisionNumber", 100).regex(
      /\d/,
      t("certificates.errors.decisionNumber"),
    ),
    issuer,
    issuerLevel: z.enum(ISSUER_LEVELS, { error: t("certificates.errors.issuerLevel") }),
    ocopStars: z.coerce
      .number({ error: t("certificates.errors.stars") })
      .int(t("certificates.errors.stars"))
      .min(3, t("certificates.errors.stars"))
      .max(5, t("certificates.errors.stars")),
    ocopGroup: z.enum(OCOP_GROUPS, { error: t("certificates.errors.group") }),
    scoreA: score(t, "scoreA"),
    scoreB: score(t, "scoreB"),
    scoreC: score(t, "scoreC"),
    ...common(t),
  });
  const vietgap = z.object({
    kind: z.literal("VIETGAP"),
    number: text(t, "certificates.fields.certificateNumber", 100),
    issuer,
    standard: optionalText(t, "certificates.fields.standard", 100),
    ...common(t),
  });
  const globalgap = z.object({
    kind: z.literal("GLOBALGAP"),
    number: z
      .string({ error: t("certificates.errors.ggn") })
      .transform((v) => v.replace(/[\s.-]/g, ""))
      .pipe(z.string().regex(/^\d{13}$/, t("certificates.errors.ggn"))),
    issuer,
    standard: optionalText(t, "certificates.fields.standard", 100),
    ...common(t),
  });
  const organic = z.object({
    kind: z.literal("ORGANIC"),
    number: text(t, "certificates.fields.certificateNumber", 100),
    issuer,
    issuerCode: code(t, "certificates.fields.issuerCode"),
    standard: text(t, "certificates.fields.standard", 100).regex(
      /TCVN\s*11041/i,
      t("certificates.errors.organicStandard"),
    ),
    ...common(t),
  });
  const puc = z.object({
    kind: z.literal("PUC"),
    number: code(t, "certificates.fields.pucCode"),
    issuer: optionalText(t, "certificates.fields.issuer", 200),
    ...common(t),
  });
  const phc = z.object({
    kind: z.literal("PHC"),
    number: code(t, "certificates.fields.phcCode"),
    issuer: optionalText(t, "certificates.fields.issuer", 200),
    ...common(t),
  });

  return z
    .discriminatedUnion("kind", [ocop, vietgap, globalgap, organic, puc, phc], {
      error: t("certificates.errors.kind"),
    })
    .superRefine((value, ctx) => {
      const { kind, issuedOn, expiresOn } = value;
      if (!isIsoDate(issuedOn)) return; // already reported
      if (issuedOn > today)
        ctx.addIssue({
          code: "custom",
          path: ["issuedOn"],
          message: t("certificates.errors.issuedInFuture"),
        });
      const validity = VALIDITY[kind];
      if (expiresOn === undefined) {
        if (validity.expiryRequired)
          ctx.addIssue({
            code: "custom",
            path: ["expiresOn"],
            message: t("certificates.errors.required", { field: t("certificates.fields.expiresOn") }),
          });
      } else if (isIsoDate(expiresOn)) {
        if (expiresOn <= issuedOn)
          ctx.addIssue({
            code: "custom",
            path: ["expiresOn"],
            message: t("certificates.errors.expiryBeforeIssue"),
          });
        else if (validity.maxMonths != null && expiresOn > addMonths(issuedOn, validity.maxMonths))
          ctx.addIssue({
            code: "custom",
            path: ["expiresOn"],
            message: t(`certificates.errors.tooLong_${kind}`, {
              max: formatVnDate(addMonths(issuedOn, validity.maxMonths)),
            }),
          });
      }
      if (value.kind === "OCOP") {
        const allowed = LEVELS_FOR_STARS[value.ocopStars];
        if (allowed && !allowed.includes(value.issuerLevel))
          ctx.addIssue({
            code: "custom",
            path: ["issuerLevel"],
            message: t(`certificates.errors.levelForStars_${value.ocopStars}`),
          });
        const scores = [value.scoreA, value.scoreB, value.scoreC];
        const given = scores.filter((s) => s !== undefined).length;
        if (given > 0 && given < 3) {
          ctx.addIssue({
            code: "custom",
            path: ["scoreA"],
            message: t("certificates.errors.scoresIncomplete"),
          });
        } else if (given === 3) {
          const total = scores.reduce<number>((sum, s) => sum + (s ?? 0), 0);
          const earned = starsForScore(total);
          if (earned !== value.ocopStars)
            ctx.addIssue({
              code: "custom",
              path: ["ocopStars"],
              message: earned
                ? t("certificates.errors.scoreBand", { total, earned, stars: value.ocopStars })
                : t("certificates.errors.scoreTooLow", { total }),
            });
        }
      }
    });
}

export type CertificateInput = z.output<ReturnType<typeof certificateSchema>>;

/** What is stored: the kind's fields plus the default expiry and defaults for optional text. */
export interface CertificateData {
  kind: CertificateKind;
  number: string;
  issuer: string;
  issuerLevel: IssuerLevel | null;
  standard: string | null;
  ocopStars: number | null;
  ocopGroup: (typeof OCOP_GROUPS)[number] | null;
  scoreA: number | null;
  scoreB: number | null;
  scoreC: number | null;
  issuedOn: IsoDate;
  expiresOn: IsoDate | null;
}

export const PLANT_PROTECTION_DEPARTMENT = "Cục Bảo vệ thực vật";

export function withDefaults(input: CertificateInput): CertificateData {
  const base = {
    kind: input.kind,
    number: input.number,
    issuer: input.issuer ?? PLANT_PROTECTION_DEPARTMENT,
    issuerLevel: null,
    standard: null,
    ocopStars: null,
    ocopGroup: null,
    scoreA: null,
    scoreB: null,
    scoreC: null,
    issuedOn: input.issuedOn,
    expiresOn: input.expiresOn ?? defaultExpiry(input.kind, input.issuedOn),
  } satisfies CertificateData;
  switch (input.kind) {
    case "OCOP":
      return {
        ...base,
        issuerLevel: input.issuerLevel,
        ocopStars: input.ocopStars,
        ocopGroup: input.ocopGroup,
        scoreA: input.scoreA ?? null,
        scoreB: input.scoreB ?? null,
        scoreC: input.scoreC ?? null,
      };
    case "VIETGAP":
    case "GLOBALGAP":
      return { ...base, standard: input.standard || null };
    case "ORGANIC":
      // The schema has no column for the certifying body's code: it is kept with its name.
      return { ...base, issuer: `${input.issuer} (${input.issuerCode})`, standard: input.standard };
    default:
      return base;
  }
}

/** The day the expiry notice falls due (30 days before the expiry date). */
export function expiryNoticeDay(expiresOn: IsoDate): IsoDate {
  return addDays(expiresOn, -EXPIRING_WITHIN_DAYS);
}
