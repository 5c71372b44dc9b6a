import type { TFunction } from "i18next";
import { z } from "zod";
import { normalizePhone } from "~/modules/accounts/identifiers";
import { isValidTaxCode } from "./tax-code";

export const PRODUCER_KINDS = ["COOPERATIVE", "COOPERATIVE_GROUP", "HOUSEHOLD_BUSINESS", "COMPANY"] as const;
export const CONSENT_METHODS = ["ON_DEVICE", "PAPER_SIGNED", "VERBAL_WITNESSED"] as const;
export const CONSENT_SCOPES = ["PROFILE", "PRODUCTS", "PHOTOS", "CERTIFICATES", "BATCHES"] as const;

const text = (t: TFunction, field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, t("errors.tooLong", { field: t(field), max }))
    .optional();

const requiredText = (t: TFunction, field: string, max: number) =>
  z
    .string({ error: t("errors.required", { field: t(field).toLowerCase() }) })
    .trim()
    .min(2, t("errors.required", { field: t(field).toLowerCase() }))
    .max(max, t("errors.tooLong", { field: t(field), max }));

/** What identifies a business (not personal data): enough to create it. */
export const businessSchema = (t: TFunction) =>
  z.object({
    kind: z.enum(PRODUCER_KINDS, { error: t("producer.errors.kind") }),
    name: requiredText(t, "producer.fields.name", 200),
    communeCode: z
      .string({ error: t("producer.errors.commune") })
      .regex(/^\d{5}$/, t("producer.errors.commune")),
  });

export const profileSchema = (t: TFunction) =>
  businessSchema(t).extend({
    taxCode: z.string().trim().refine(isValidTaxCode, t("producer.errors.taxCode")).optional(),
    registrationNumber: text(t, "producer.fields.registrationNumber", 50),
    street: text(t, "producer.fields.street", 200),
    representative: text(t, "producer.fields.representative", 100),
    phone: z
      .string()
      .refine((v) => normalizePhone(v) !== null, t("errors.phoneInvalid"))
      .transform((v) => normalizePhone(v)!)
      .optional(),
    bankName: text(t, "producer.fields.bankName", 100),
    bankAccountNumber: z
      .string()
      .transform((v) => v.replace(/[\s.-]/g, ""))
      .refine((v) => /^\d{6,20}$/.test(v), t("producer.errors.bankAccount"))
      .optional(),
    bankAccountName: text(t, "producer.fields.bankAccountName", 100),
    description: text(t, "producer.fields.description", 2000),
  });

export const consentSchema = (t: TFunction) =>
  z.object({
    grantedByName: requiredText(t, "producer.fields.grantedByName", 100),
    method: z.enum(CONSENT_METHODS, { error: t("producer.errors.method") }),
    scope: z.array(z.enum(CONSENT_SCOPES)).min(1, t("producer.errors.scope")).default([]),
    confirmed: z.literal("on", { error: t("producer.errors.confirmConsent") }),
  });

export const onboardSchema = (t: TFunction) => businessSchema(t).extend(consentSchema(t).shape);

export type ProfileForm = z.input<ReturnType<typeof profileSchema>>;
export type ProfileInput = z.output<ReturnType<typeof profileSchema>>;
export type OnboardForm = z.input<ReturnType<typeof onboardSchema>>;
export type OnboardInput = z.output<ReturnType<typeof onboardSchema>>;
