// What the checkout form must hold. Plain module: the route parses with it, tests reach it directly.
import type { TFunction } from "i18next";
import { z } from "zod";
import { normalizePhone } from "~/modules/accounts/identifiers";
import { PAYMENT_METHODS } from "./order-state";

export function checkoutSchema(t: TFunction) {
  return z.object({
    name: z
      .string({ error: t("checkout.errors.name") })
      .trim()
      .min(2, t("checkout.errors.name"))
      .max(100, t("checkout.errors.tooLong", { max: 100 })),
    phone: z.string({ error: t("checkout.errors.phone") }).transform((value, ctx) => {
      const phone = normalizePhone(value);
      if (!phone) ctx.addIssue({ code: "custom", message: t("checkout.errors.phone") });
      return phone ?? value;
    }),
    email: z
      .email(t("checkout.errors.email"))
      .max(200)
      .transform((v) => v.toLowerCase())
      .optional(),
    province: z
      .string({ error: t("checkout.errors.province") })
      .regex(/^\d{2}$/, t("checkout.errors.province")),
    commune: z.string({ error: t("checkout.errors.commune") }).regex(/^\d{5}$/, t("checkout.errors.commune")),
    street: z
      .string({ error: t("checkout.errors.street") })
      .trim()
      .min(3, t("checkout.errors.street"))
      .max(200, t("checkout.errors.tooLong", { max: 200 })),
    note: z
      .string()
      .trim()
      .max(500, t("checkout.errors.tooLong", { max: 500 }))
      .optional(),
    method: z.enum(PAYMENT_METHODS, { error: t("checkout.errors.method") }),
  });
}

export type CheckoutInput = z.infer<ReturnType<typeof checkoutSchema>>;
