// The public category pages (/danh-muc/:group): one per OCOP group (Decision 148/QĐ-TTg), named by
// a Vietnamese slug. Plain module: loaders, components and tests use it.
import type { OcopGroup } from "~/generated/prisma/enums";
import { OCOP_GROUPS } from "~/modules/products/product-schema";

export const CATEGORY_SLUGS: Readonly<Record<OcopGroup, string>> = {
  FOOD: "thuc-pham",
  BEVERAGE: "do-uong",
  HERBAL: "thao-duoc",
  HANDICRAFT: "thu-cong-my-nghe",
  ORNAMENTAL: "sinh-vat-canh",
  TOURISM: "du-lich",
};

const BY_SLUG = new Map<string, OcopGroup>(OCOP_GROUPS.map((g) => [CATEGORY_SLUGS[g], g]));

/** "do-uong" → BEVERAGE; an unknown slug → null (the page answers 404). */
export function groupOfSlug(slug: string | undefined): OcopGroup | null {
  return (slug && BY_SLUG.get(slug)) || null;
}

export const categoryPath = (group: OcopGroup) => `/danh-muc/${CATEGORY_SLUGS[group]}`;

/** A group named in a URL either way: its slug ("do-uong") or its code ("BEVERAGE", any case). */
export function parseGroup(value: string): OcopGroup | null {
  const bySlug = BY_SLUG.get(value.toLowerCase());
  if (bySlug) return bySlug;
  const upper = value.toUpperCase();
  return (OCOP_GROUPS as readonly string[]).includes(upper) ? (upper as OcopGroup) : null;
}
