import type { TFunction } from "i18next";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { translator } from "~/utils/i18n";

/** The product fields a spreadsheet can carry, in the template's column order. */
export const IMPORT_FIELDS = [
  "sku",
  "name",
  "ocopGroup",
  "category",
  "description",
  "unit",
  "packSize",
  "priceVnd",
  "minOrder",
  "stock",
  "weightGrams",
  "lengthMm",
  "widthMm",
  "heightMm",
  "shelfLifeDays",
  "storage",
  "ingredients",
  "originCommuneCode",
  "gtin",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns a file must have. The sku is what makes a re-import update instead of duplicate. */
export const REQUIRED_FIELDS = [
  "sku",
  "name",
  "ocopGroup",
  "unit",
  "priceVnd",
] as const satisfies readonly ImportField[];

/** Whole numbers: "185.000", "185,000" and "185 000" all mean 185000 (VND has no decimals). */
export const INTEGER_FIELDS = new Set<ImportField>([
  "priceVnd",
  "minOrder",
  "stock",
  "weightGrams",
  "lengthMm",
  "widthMm",
  "heightMm",
  "shelfLifeDays",
]);

/** Columns the template formats as text, so Excel keeps leading zeros. */
export const TEXT_FIELDS = new Set<ImportField>(["sku", "originCommuneCode", "gtin"]);

/** Lower case, no diacritics (đ → d), punctuation and runs of spaces folded to one space. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const withoutParentheses = (label: string) => label.replace(/\([^)]*\)/g, " ");

const EXTRA_ALIASES: Partial<Record<ImportField, string[]>> = {
  sku: ["ma sp", "ma hang"],
  gtin: ["gtin", "ma vach", "barcode"],
  originCommuneCode: ["ma xa", "ma xa phuong"],
  priceVnd: ["gia", "gia ban", "price"],
};

let aliasIndex: Map<string, ImportField> | undefined;

/** Folded header text → field, from the Vietnamese and English labels (with or without the part
 *  in parentheses), the field's own name and a few common short forms. */
function aliases(): Map<string, ImportField> {
  if (aliasIndex) return aliasIndex;
  const index = new Map<string, ImportField>();
  for (const t of [translator("vi"), translator("en")]) {
    for (const field of IMPORT_FIELDS) {
      const label = t(`products.fields.${field}`);
      for (const alias of [label, withoutParentheses(label)]) index.set(fold(alias), field);
    }
  }
  for (const field of IMPORT_FIELDS) {
    index.set(fold(field), field);
    for (const alias of EXTRA_ALIASES[field] ?? []) index.set(alias, field);
  }
  return (aliasIndex = index);
}

/** The field a header cell names, or undefined. Tolerates case, diacritics, spaces and a "*". */
export function fieldOfHeader(header: string): ImportField | undefined {
  const folded = fold(header);
  return folded ? aliases().get(folded) : undefined;
}

let groupIndex: Map<string, (typeof OCOP_GROUPS)[number]> | undefined;

/** "Thực phẩm", "thuc pham", "FOOD" or "Food" → "FOOD"; anything else is returned unchanged (the
 *  schema then reports it). */
export function ocopGroupOf(value: string): string {
  if (!groupIndex) {
    groupIndex = new Map();
    for (const group of OCOP_GROUPS) {
      groupIndex.set(fold(group), group);
      for (const t of [translator("vi"), translator("en")])
        groupIndex.set(fold(t(`products.groups.${group}`)), group);
    }
  }
  return groupIndex.get(fold(value)) ?? value;
}

/** "185.000", "185,000", "185 000 đ" → "185000". Anything else is left for the schema to judge. */
export function normalizeInteger(value: string): string {
  const compact = value.replace(/[\s\u00a0]+/g, "").replace(/(đồng|đ|₫|vnd|vnđ)$/i, "");
  if (/^-?\d{1,3}([.,]\d{3})+$/.test(compact)) return compact.replace(/[.,]/g, "");
  return compact;
}

/** The template's header for a field: its label, with a star when the column is required. */
export function templateHeader(t: TFunction, field: ImportField): string {
  const label = t(`products.fields.${field}`);
  return (REQUIRED_FIELDS as readonly string[]).includes(field) ? `${label} *` : label;
}
