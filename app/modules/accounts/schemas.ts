import type { TFunction } from "i18next";
import { z } from "zod";
import { normalizeEmail, normalizePhone, parseIdentifier } from "./identifiers";
import { SELF_SERVICE_ROLES_LIST } from "./roles";

// Schemas take the translator so messages come out in the user's language on server and client.

const password = (t: TFunction) =>
  z
    .string({ error: t("errors.required", { field: t("fields.password").toLowerCase() }) })
    .min(10, t("errors.passwordShort"))
    .max(128, t("errors.passwordLong"));

export const loginSchema = (t: TFunction) =>
  z.object({
    identifier: z
      .string({ error: t("errors.required", { field: t("fields.identifier").toLowerCase() }) })
      .max(254, t("errors.tooLong", { field: t("fields.identifier"), max: 254 }))
      .refine((v) => parseIdentifier(v) !== null, t("errors.identifierInvalid")),
    password: z
      .string({ error: t("errors.required", { field: t("fields.password").toLowerCase() }) })
      .max(128, t("errors.passwordLong")),
    remember: z.literal("on").optional(),
    redirectTo: z.string().max(2048).optional(),
  });

export const signupSchema = (t: TFunction) =>
  z
    .object({
      name: z
        .string({ error: t("errors.required", { field: t("fields.name").toLowerCase() }) })
        .trim()
        .min(2, t("errors.required", { field: t("fields.name").toLowerCase() }))
        .max(100, t("errors.tooLong", { field: t("fields.name"), max: 100 })),
      email: z
        .string()
        .max(254, t("errors.tooLong", { field: t("fields.email"), max: 254 }))
        .refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()), t("errors.emailInvalid"))
        .transform(normalizeEmail)
        .optional(),
      phone: z
        .string()
        .max(20, t("errors.phoneInvalid"))
        .refine((v) => normalizePhone(v) !== null, t("errors.phoneInvalid"))
        .transform((v) => normalizePhone(v)!)
        .optional(),
      password: password(t),
      role: z.enum(SELF_SERVICE_ROLES_LIST, { error: t("errors.roleInvalid") }),
      consent: z.literal("on", { error: t("errors.consentRequired") }),
    })
    // `when`: ask for a phone or an email even while other fields still have errors.
    .refine((v) => Boolean(v?.email || v?.phone), {
      message: t("errors.contactRequired"),
      path: ["phone"],
      when: () => true,
    });

export const forgotSchema = (t: TFunction) =>
  z.object({
    identifier: loginSchema(t).shape.identifier,
  });

export const resetSchema = (t: TFunction) =>
  z
    .object({ password: password(t), confirm: z.string({ error: t("errors.passwordMismatch") }) })
    .refine((v) => v.password === v.confirm, { message: t("errors.passwordMismatch"), path: ["confirm"] });

export type LoginForm = z.input<ReturnType<typeof loginSchema>>;
export type SignupForm = z.input<ReturnType<typeof signupSchema>>;
export type ForgotForm = z.input<ReturnType<typeof forgotSchema>>;
export type ResetForm = z.input<ReturnType<typeof resetSchema>>;
