import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { PRODUCER_KINDS } from "~/modules/producers/profile-schema";
import { Field, FieldErrors } from "./forms";
import { CommuneSelect } from "./place-select";

type F = FieldMetadata<string>;

export function KindSelect({ field }: { field: F }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={field.id}>{t("producer.fields.kind")}</label>
      <select id={field.id} name={field.name} defaultValue={field.initialValue ?? "COOPERATIVE"}>
        {PRODUCER_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`producer.kinds.${k}`)}
          </option>
        ))}
      </select>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** The producer profile's fields, grouped so personal data is visibly apart. */
export function ProfileFields({
  fields,
  communes,
}: {
  fields: Record<
    | "kind"
    | "name"
    | "taxCode"
    | "registrationNumber"
    | "communeCode"
    | "street"
    | "representative"
    | "phone"
    | "bankName"
    | "bankAccountNumber"
    | "bankAccountName"
    | "description",
    F
  >;
  communes: { code: string; name: string; type: string }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t("producer.sections.business")}</h2>
      <KindSelect field={fields.kind} />
      <Field field={fields.name} label={t("producer.fields.name")} />
      <div className="cols">
        <Field
          field={fields.taxCode}
          label={t("producer.fields.taxCode")}
          hint={t("producer.fields.taxCodeHint")}
          inputMode="numeric"
        />
        <Field field={fields.registrationNumber} label={t("producer.fields.registrationNumber")} />
      </div>
      <CommuneSelect
        communes={communes}
        name={fields.communeCode.name}
        id={fields.communeCode.id}
        defaultValue={fields.communeCode.initialValue}
        errors={fields.communeCode.errors}
        errorId={fields.communeCode.errorId}
        label={t("producer.fields.commune")}
      />
      <Field field={fields.street} label={t("producer.fields.street")} autoComplete="street-address" />
      <div className="field">
        <label htmlFor={fields.description.id}>{t("producer.fields.description")}</label>
        <textarea
          id={fields.description.id}
          name={fields.description.name}
          defaultValue={fields.description.initialValue}
          rows={4}
        />
        <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
      </div>
      <h2>{t("producer.sections.contact")}</h2>
      <div className="cols">
        <Field
          field={fields.representative}
          label={t("producer.fields.representative")}
          autoComplete="name"
        />
        <Field
          field={fields.phone}
          label={t("producer.fields.phone")}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
        />
      </div>
      <h2>{t("producer.sections.bank")}</h2>
      <div className="cols">
        <Field field={fields.bankName} label={t("producer.fields.bankName")} />
        <Field
          field={fields.bankAccountNumber}
          label={t("producer.fields.bankAccountNumber")}
          inputMode="numeric"
        />
        <Field field={fields.bankAccountName} label={t("producer.fields.bankAccountName")} />
      </div>
    </>
  );
}
