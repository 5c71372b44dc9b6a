import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { Field, FieldErrors } from "./forms";
import { CommuneSelect } from "./place-select";

type F = FieldMetadata<string>;
export type ProductFieldSet = Record<
  | "name"
  | "sku"
  | "ocopGroup"
  | "category"
  | "description"
  | "unit"
  | "packSize"
  | "priceVnd"
  | "minOrder"
  | "stock"
  | "weightGrams"
  | "lengthMm"
  | "widthMm"
  | "heightMm"
  | "shelfLifeDays"
  | "storage"
  | "ingredients"
  | "originCommuneCode"
  | "gtin",
  F
>;

function TextArea({ field, label }: { field: F; label: string }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea
        id={field.id}
        name={field.name}
        defaultValue={field.initialValue}
        rows={4}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={field.errors?.length ? field.errorId : undefined}
      />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function ProductFields({
  fields,
  communes,
}: {
  fields: ProductFieldSet;
  communes: { code: string; name: string; type: string }[];
}) {
  const { t } = useTranslation();
  const f = (k: keyof ProductFieldSet) => t(`products.fields.${k}`);
  return (
    <>
      <h2>{t("products.sections.basics")}</h2>
      <Field field={fields.name} label={f("name")} />
      <div className="cols">
        <div className="field">
          <label htmlFor={fields.ocopGroup.id}>{f("ocopGroup")}</label>
          <select
            id={fields.ocopGroup.id}
            name={fields.ocopGroup.name}
            defaultValue={fields.ocopGroup.initialValue ?? "FOOD"}
          >
            {OCOP_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`products.groups.${g}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.ocopGroup.errorId} errors={fields.ocopGroup.errors} />
        </div>
        <Field field={fields.category} label={f("category")} />
      </div>
      <TextArea field={fields.description} label={f("description")} />
      <CommuneSelect
        communes={communes}
        name={fields.originCommuneCode.name}
        id={fields.originCommuneCode.id}
        defaultValue={fields.originCommuneCode.initialValue}
        errors={fields.originCommuneCode.errors}
        errorId={fields.originCommuneCode.errorId}
        label={f("originCommuneCode")}
      />

      <h2>{t("products.sections.selling")}</h2>
      <div className="cols">
        <Field field={fields.priceVnd} label={f("priceVnd")} inputMode="numeric" />
        <Field field={fields.unit} label={f("unit")} />
        <Field field={fields.packSize} label={f("packSize")} />
        <Field field={fields.minOrder} label={f("minOrder")} inputMode="numeric" />
        <Field field={fields.stock} label={f("stock")} inputMode="numeric" />
      </div>

      <h2>{t("products.sections.shipping")}</h2>
      <div className="cols">
        <Field field={fields.weightGrams} label={f("weightGrams")} inputMode="numeric" />
        <Field field={fields.lengthMm} label={f("lengthMm")} inputMode="numeric" />
        <Field field={fields.widthMm} label={f("widthMm")} inputMode="numeric" />
        <Field field={fields.heightMm} label={f("heightMm")} inputMode="numeric" />
      </div>

      <h2>{t("products.sections.details")}</h2>
      <div className="cols">
        <Field field={fields.shelfLifeDays} label={f("shelfLifeDays")} inputMode="numeric" />
      </div>
      <TextArea field={fields.storage} label={f("storage")} />
      <TextArea field={fields.ingredients} label={f("ingredients")} />

      <h2>{t("products.sections.codes")}</h2>
      <div className="cols">
        <Field field={fields.sku} label={f("sku")} />
        <Field field={fields.gtin} label={f("gtin")} inputMode="numeric" />
      </div>
    </>
  );
}
