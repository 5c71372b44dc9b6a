// The product page's specification list: only the fields the producer filled in.
import { useTranslation } from "react-i18next";
import type { OcopGroup } from "~/generated/prisma/enums";

export interface ProductSpecsData {
  ocopGroup: OcopGroup;
  category: string | null;
  unit: string;
  packSize: string | null;
  weightGrams: number | null;
  shelfLifeDays: number | null;
  storage: string | null;
  ingredients: string | null;
  origin: string | null;
  gtin: string | null;
}

const number = (value: number) => value.toLocaleString("vi-VN", { maximumFractionDigits: 2 });

export function ProductSpecs({ product }: { product: ProductSpecsData }) {
  const { t } = useTranslation();
  const rows: [string, string | null][] = [
    [t("productPage.spec.group"), t(`products.groups.${product.ocopGroup}`)],
    [t("productPage.spec.category"), product.category],
    [t("productPage.spec.unit"), product.unit],
    [t("productPage.spec.packSize"), product.packSize],
    [
      t("productPage.spec.weight"),
      product.weightGrams == null
        ? null
        : product.weightGrams >= 1000
          ? t("productPage.kilograms", { value: number(product.weightGrams / 1000) })
          : t("productPage.grams", { value: number(product.weightGrams) }),
    ],
    [
      t("productPage.spec.shelfLife"),
      product.shelfLifeDays == null ? null : t("productPage.shelfLifeDays", { count: product.shelfLifeDays }),
    ],
    [t("productPage.spec.storage"), product.storage],
    [t("productPage.spec.ingredients"), product.ingredients],
    [t("productPage.spec.origin"), product.origin],
    [t("productPage.spec.gtin"), product.gtin],
  ];
  return (
    <section aria-labelledby="pp-specs">
      <h2 id="pp-specs">{t("productPage.specs")}</h2>
      <dl className="pp-specs">
        {rows
          .filter((row): row is [string, string] => Boolean(row[1]))
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="prewrap">{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
