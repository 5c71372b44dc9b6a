import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "./forms";

interface Option {
  code: string;
  name: string;
}

/**
 * Province → commune without JavaScript: the province is a small GET form that reloads the page
 * with that province's communes (38–168 of them), so no 3,321-entry list reaches a cheap phone.
 */
export function ProvinceChooser({ provinces, province }: { provinces: Option[]; province: string }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="field province-chooser" replace preventScrollReset>
      <label htmlFor="province">{t("producer.fields.province")}</label>
      <div className="inline-form">
        <select
          id="province"
          name="province"
          defaultValue={province}
          onChange={(e) => e.currentTarget.form?.requestSubmit()}
        >
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button secondary">
          {t("producer.chooseProvince")}
        </button>
      </div>
    </Form>
  );
}

export function CommuneSelect({
  communes,
  name,
  id,
  defaultValue,
  errors,
  errorId,
  label,
  form,
}: {
  communes: (Option & { type: string })[];
  name: string;
  id: string;
  defaultValue?: string;
  errors?: string[];
  errorId: string;
  label: string;
  form?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        form={form}
      >
        <option value="">—</option>
        {communes.map((c) => (
          <option key={c.code} value={c.code}>
            {c.type} {c.name}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
