// Labelled form controls the certificate and batch forms need beyond ~/components/forms' Field
// (dates, numbers, files, selects, text areas): same markup, hints and errors wired the same way.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useId } from "react";
import { FieldErrors } from "~/components/forms";

type ControlType = "text" | "date" | "datetime-local" | "number" | "file";

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p className="hint" id={id}>
      {hint}
    </p>
  ) : null;
}

export function InputField({
  field,
  label,
  type = "text",
  hint,
  inputMode,
  accept,
  step,
  min,
  max,
  autoComplete = "off",
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  type?: ControlType;
  hint?: string;
  inputMode?: "text" | "numeric" | "decimal";
  accept?: string;
  step?: string;
  min?: string;
  max?: string;
  autoComplete?: string;
}) {
  const hintId = useId();
  const { key, ...props } = getInputProps(field, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input
        key={key}
        {...props}
        inputMode={inputMode}
        accept={accept}
        step={step}
        min={min}
        max={max}
        autoComplete={autoComplete}
      />
      <Hint id={hintId} hint={hint} />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function SelectField({
  field,
  label,
  options,
  hint,
  placeholder,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
  placeholder?: string;
}) {
  const hintId = useId();
  const { key, ...props } = getSelectProps(field, { ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select key={key} {...props}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint id={hintId} hint={hint} />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextareaField({
  field,
  label,
  hint,
  rows = 3,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  rows?: number;
}) {
  const hintId = useId();
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea key={key} {...props} rows={rows} />
      <Hint id={hintId} hint={hint} />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
