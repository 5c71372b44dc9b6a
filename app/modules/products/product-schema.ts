import type { TFunction } from "i18next";
import { z } from "zod";
import { isValidGtin } from "./gtin";

export const OCOP_GROUPS = ["FOOD", "BEVERAGE", "HERBAL", "HANDICRAFT", "ORNAMENTAL", "TOURISM"] as const;

const optionalInt = (t: TFunction, field: string, min: number, max: number) =>
  z.coerce
    .number({ error: t("products.errors.number", { field: t(field) }) })
    .int(t("products.errors.integer", { field: t(field) }))
    .min(min, t("products.errors.min", { field: t(field), min }))
    .max(max, t("products.errors.max", { field: t(field), max }))
    .optional();

const optionalText = (t: TFunction, field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, t("errors.tooLong", { field: t(field), max }))
    .optional();

/**
 * One product's fields, shared by the product form and by bulk import (which reports the same
 * messages per cell). Empty strings arrive as undefined (Conform / the import parser strip them).
 */
export const productSchema = (t: TFunction) =>
  z.object({
    name: z
      .string({ error: t("errors.required", { field: t("products.fields.name").toLowerCase() }) })
      .trim()
      .min(2, t("errors.required", { field: t("products.fields.name").toLowerCase() }))
      .max(200, t("errors.tooLong", { field: t("products.fields.name"), max: 200 })),
    sku: z
      .string()
      .trim()
      .max(64, t("errors.tooLong", { field: t("products.fields.sku"), max: 64 }))
      .regex(/^[\w.\-/]+$/, t("products.errors.sku"))
      .optional(),
    ocopGroup: z.enum(OCOP_GROUPS, { error: t("products.errors.group") }),
    category: optionalText(t, "products.fields.category", 100),
    description: optionalText(t, "products.fields.description", 5000),
    unit: z
      .string({ error: t("errors.required", { field: t("products.fields.unit").toLowerCase() }) })
      .trim()
      .min(1)
      .max(50, t("errors.tooLong", { field: t("products.fields.unit"), max: 50 })),
    packSize: optionalText(t, "products.fields.packSize", 100),
    priceVnd: z.coerce
      .number({
        error: (issue) =>
          issue.input === undefined
            ? t("errors.required", { field: t("products.fields.priceVnd").toLowerCase() })
            : t("products.errors.number", { field: t("products.fields.priceVnd") }),
      })
      .int(t("products.errors.integer", { field: t("products.fields.priceVnd") }))
      .min(1000, t("products.errors.min", { field: t("products.fields.priceVnd"), min: "1.000" }))
      .max(
        1_000_000_000,
        t("products.errors.max", { field: t("products.fields.priceVnd"), max: "1.000.000.000" }),
      ),
    minOrder: optionalInt(t, "products.fields.minOrder", 1, 100_000),
    stock: optionalInt(t, "products.fields.stock", 0, 10_000_000),
    weightGrams: optionalInt(t, "products.fields.weightGrams", 1, 1_000_000),
    lengthMm: optionalInt(t, "products.fields.lengthMm", 1, 10_000),
    widthMm: optionalInt(t, "products.fields.widthMm", 1, 10_000),
    heightMm: optionalInt(t, "products.fields.heightMm", 1, 10_000),
    shelfLifeDays: optionalInt(t, "products.fields.shelfLifeDays", 1, 3650),
    storage: optionalText(t, "products.fields.storage", 500),
    ingredients: optionalText(t, "products.fields.ingredients", 2000),
    originCommuneCode: z
      .string()
      .regex(/^\d{5}$/, t("products.errors.commune"))
      .optional(),
    gtin: z
      .string()
      .transform((v) => v.replace(/\s/g, ""))
      .refine((v) => /^(\d{8}|\d{12,14})$/.test(v) && isValidGtin(v), t("products.errors.gtin"))
      .optional(),
  });

export type ProductInput = z.output<ReturnType<typeof productSchema>>;
export type ProductForm = z.input<ReturnType<typeof productSchema>>;

/** Fields whose change matters for review (price and stock aside): used by the review issue. */
export const REVIEWED_FIELDS = [
  "name",
  "ocopGroup",
  "category",
  "description",
  "unit",
  "packSize",
  "weightGrams",
  "shelfLifeDays",
  "storage",
  "ingredients",
  "originCommuneCode",
  "gtin",
] as const satisfies readonly (keyof ProductInput)[];
