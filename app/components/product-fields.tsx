import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
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

/** An official's reason about a field, shown under it (and announced with it where we can). */
function ReasonNote({ id, reason }: { id?: string; reason?: string }) {
  if (!reason) return null;
  return (
    <p className="hint" id={id}>
      {reason}
    </p>
  );
}

/** Marks a field an official commented on (styles its note); a plain fragment otherwise. */
function Reviewed({ reason, children }: { reason?: string; children: ReactNode }) {
  return reason ? <div className="has-reason">{children}</div> : <>{children}</>;
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

function TextArea({ field, label, reason }: { field: F; label: string; reason?: string }) {
  const reasonId = `${field.id}-reason`;
  return (
    <Reviewed reason={reason}>
      <div className="field">
        <label htmlFor={field.id}>{label}</label>
        <textarea
          id={field.id}
          name={field.name}
          defaultValue={field.initialValue}
          rows={4}
          aria-invalid={field.errors?.length ? true : undefined}
          aria-describedby={describedBy(
            Boolean(reason) && reasonId,
            Boolean(field.errors?.length) && field.errorId,
          )}
        />
        <ReasonNote id={reasonId} reason={reason} />
        <FieldErrors id={field.errorId} errors={field.errors} />
      </div>
    </Reviewed>
  );
}

export function ProductFields({
  fields,
  communes,
  reviewReasons = {},
}: {
  fields: ProductFieldSet;
  communes: { code: string; name: string; type: string }[];
  /** An official's reasons by field name (ProductReview.reasons), shown under each field. */
  reviewReasons?: Partial<Record<string, string>>;
}) {
  const { t } = useTranslation();
  const f = (k: keyof ProductFieldSet) => t(`products.fields.${k}`);
  const reason = (k: keyof ProductFieldSet) =>
    reviewReasons[k] ? t("products.reasons.field", { reason: reviewReasons[k] }) : undefined;
  const input = (k: keyof ProductFieldSet, numeric = false) => (
    <Reviewed reason={reason(k)}>
      <Field field={fields[k]} label={f(k)} hint={reason(k)} inputMode={numeric ? "numeric" : undefined} />
    </Reviewed>
  );
  const group = fields.ocopGroup;
  return (
    <>
      <h2>{t("products.sections.basics")}</h2>
      {input("name")}
      <div className="cols">
        <Reviewed reason={reason("ocopGroup")}>
          <div className="field">
            <label htmlFor={group.id}>{f("ocopGroup")}</label>
            <select
              id={group.id}
              name={group.name}
              defaultValue={group.initialValue ?? "FOOD"}
              aria-describedby={describedBy(Boolean(reason("ocopGroup")) && `${group.id}-reason`)}
            >
              {OCOP_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`products.groups.${g}`)}
                </option>
              ))}
            </select>
            <ReasonNote id={`${group.id}-reason`} reason={reason("ocopGroup")} />
            <FieldErrors id={group.errorId} errors={group.errors} />
          </div>
        </Reviewed>
        {input("category")}
      </div>
      <TextArea field={fields.description} label={f("description")} reason={reason("description")} />
      <Reviewed reason={reason("originCommuneCode")}>
        <CommuneSelect
          communes={communes}
          name={fields.originCommuneCode.name}
          id={fields.originCommuneCode.id}
          defaultValue={fields.originCommuneCode.initialValue}
          errors={fields.originCommuneCode.errors}
          errorId={fields.originCommuneCode.errorId}
          label={f("originCommuneCode")}
        />
        <ReasonNote reason={reason("originCommuneCode")} />
      </Reviewed>

      <h2>{t("products.sections.selling")}</h2>
      <div className="cols">
        {input("priceVnd", true)}
        {input("unit")}
        {input("packSize")}
        {input("minOrder", true)}
        {input("stock", true)}
      </div>

      <h2>{t("products.sections.shipping")}</h2>
      <div className="cols">
        {input("weightGrams", true)}
        {input("lengthMm", true)}
        {input("widthMm", true)}
        {input("heightMm", true)}
      </div>

      <h2>{t("products.sections.details")}</h2>
      <div className="cols">{input("shelfLifeDays", true)}</div>
      <TextArea field={fields.storage} label={f("storage")} reason={reason("storage")} />
      <TextArea field={fields.ingredients} label={f("ingredients")} reason={reason("ingredients")} />

      <h2>{t("products.sections.codes")}</h2>
      <div className="cols">
        {input("sku")}
        {input("gtin", true)}
      </div>
    </>
  );
}
