// The certificates page's parts: the list with status and row actions, and the add form, whose
// fields depend on the kind (chosen first with a GET, so no JavaScript is needed).
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/forms";
import { formatVnDate } from "~/modules/traceability/vn-time";
import { InputField, SelectField } from "./form-controls";
import {
  CERTIFICATE_KINDS,
  ISSUER_LEVELS,
  OCOP_GROUPS,
  VALIDITY,
  type CertificateKind,
  type CertificateStatus,
  type StatusResult,
} from "~/modules/certificates/status";

export interface CertificateRow extends StatusResult {
  id: string;
  kind: CertificateKind;
  number: string;
  issuer: string;
  issuerLevel: string | null;
  standard: string | null;
  ocopStars: number | null;
  scores: number[] | null;
  issuedOn: string;
  expiresOn: string | null;
  revokedReason: string | null;
  hasDocument: boolean;
  producerWide: boolean;
}

/** A refused revoke/attach, shown on its row. */
export interface RowError {
  intent: "revoke" | "attach";
  certificateId: string;
  error: string;
}

// Existing colour classes: green in force, blue expiring (with days left), red expired or revoked.
const STATUS_CLASS: Record<CertificateStatus, string> = {
  active: "pill flash-success",
  expiring: "pill flash-info",
  expired: "pill flash-error",
  revoked: "pill flash-error",
};

/** The product's certificates with their computed status (colour and words) and row actions. */
export function CertificateTable({
  base,
  certificates,
  rowError,
}: {
  base: string;
  certificates: readonly CertificateRow[];
  rowError: RowError | null;
}) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t("certificates.columns.certificate")}</th>
          <th>{t("certificates.columns.validity")}</th>
          <th>{t("certificates.columns.status")}</th>
          <th>{t("certificates.columns.document")}</th>
        </tr>
      </thead>
      <tbody>
        {certificates.map((c) => {
          const error = rowError?.certificateId === c.id ? rowError : null;
          return (
            <tr key={c.id}>
              <td>
                <strong>{t(`certificates.kinds.${c.kind}`)}</strong>
                {c.ocopStars
                  ? ` · ${"★".repeat(c.ocopStars)} ${t("certificates.stars", { stars: c.ocopStars })}`
                  : null}
                <br />
                {c.number} · {c.issuer}
                {c.issuerLevel ? ` (${t(`certificates.levels.${c.issuerLevel}`)})` : null}
                {c.standard ? ` · ${c.standard}` : null}
                {c.scores ? (
                  <>
                    <br />
                    {t("certificates.scores", {
                      a: c.scores[0],
                      b: c.scores[1],
                      c: c.scores[2],
                      total: c.scores.reduce((s, x) => s + x, 0),
                    })}
                  </>
                ) : null}
                {c.producerWide ? (
                  <>
                    <br />
                    <span className="pill">{t("certificates.producerWide")}</span>
                  </>
                ) : null}
              </td>
              <td>
                {t("certificates.validFrom", { date: formatVnDate(c.issuedOn) })},{" "}
                {c.expiresOn
                  ? t("certificates.validUntil", { date: formatVnDate(c.expiresOn) })
                  : t("certificates.noExpiry")}
              </td>
              <td>
                <span className={STATUS_CLASS[c.status]}>
                  {t(`certificates.status.${c.status}`)}
                  {c.status === "expiring" && c.daysLeft != null
                    ? ` (${t("certificates.daysLeft", { count: c.daysLeft })})`
                    : null}
                </span>
                {c.revokedReason ? (
                  <p className="meta">{t("certificates.revokedBecause", { reason: c.revokedReason })}</p>
                ) : null}
                {c.status !== "revoked" ? (
                  <details open={error?.intent === "revoke"}>
                    <summary>{t("certificates.revoke")}</summary>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="certificateId" value={c.id} />
                      <label htmlFor={`reason-${c.id}`}>{t("certificates.fields.reason")}</label>
                      <input id={`reason-${c.id}`} name="reason" type="text" required maxLength={500} />
                      <button type="submit" className="button secondary">
                        {t("certificates.revokeSubmit")}
                      </button>
                    </Form>
                  </details>
                ) : null}
                {error?.intent === "revoke" ? <FormErrors errors={[error.error]} /> : null}
              </td>
              <td>
                {c.hasDocument ? (
                  <a href={`${base}/certificates/${c.id}/document`} target="_blank" rel="noreferrer">
                    {t("certificates.view")}
                  </a>
                ) : (
                  t("certificates.noDocument")
                )}
                <details open={error?.intent === "attach"}>
                  <summary>{t("certificates.attach")}</summary>
                  <Form method="post" encType="multipart/form-data" className="inline-form">
                    <input type="hidden" name="intent" value="attach" />
                    <input type="hidden" name="certificateId" value={c.id} />
                    <input
                      type="file"
                      name="document"
                      required
                      accept="application/pdf,image/jpeg,image/png,image/webp"
                      aria-label={t("certificates.fields.document")}
                    />
                    <button type="submit" className="button secondary">
                      {t("certificates.attachSubmit")}
                    </button>
                  </Form>
                </details>
                {error?.intent === "attach" ? <FormErrors errors={[error.error]} /> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Step 1 of adding (a GET form, so it works without JavaScript): the kind, then its own fields. */
export function KindChooser() {
  const { t } = useTranslation();
  return (
    <Form method="get" className="card form-wide">
      <div className="field">
        <label htmlFor="kind">{t("certificates.fields.kind")}</label>
        <select id="kind" name="kind" defaultValue="OCOP">
          {CERTIFICATE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`certificates.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary">
        {t("certificates.next")}
      </button>
    </Form>
  );
}

type CertificateForm = Partial<
  Record<
    | "kind"
    | "number"
    | "issuer"
    | "issuerLevel"
    | "issuerCode"
    | "standard"
    | "ocopStars"
    | "ocopGroup"
    | "scoreA"
    | "scoreB"
    | "scoreC"
    | "issuedOn"
    | "expiresOn"
    | "document",
    string
  >
>;

export function AddCertificate({
  kind,
  productGroup,
  lastResult,
}: {
  kind: CertificateKind;
  /** The product's own OCOP group: what its OCOP certificate almost always says. */
  productGroup?: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<CertificateForm>({
    id: `certificate-${kind}`,
    lastResult,
    defaultValue: {
      kind,
      standard: kind === "ORGANIC" ? "TCVN 11041-2:2017" : undefined,
      ocopGroup: kind === "OCOP" ? productGroup : undefined,
    },
    shouldValidate: "onSubmit",
  });
  const validity = VALIDITY[kind];
  const expiryHint = validity.expiryRequired
    ? t("certificates.hints.expiryRequired")
    : validity.defaultMonths
      ? t("certificates.hints.expiryDefault", { months: validity.defaultMonths })
      : t("certificates.hints.expiryNone");
  const numberLabel = {
    OCOP: "decisionNumber",
    VIETGAP: "certificateNumber",
    GLOBALGAP: "ggn",
    ORGANIC: "certificateNumber",
    PUC: "pucCode",
    PHC: "phcCode",
  }[kind];
  const isCode = kind === "PUC" || kind === "PHC";
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="card form-wide"
      {...getFormProps(form)}
      noValidate
    >
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="create" />
      <fieldset>
        <legend>
          {t(`certificates.kinds.${kind}`)} · <Link to="?">{t("certificates.changeKind")}</Link>
        </legend>
        <input type="hidden" name={fields.kind.name} value={kind} />
        <div className="cols">
          <InputField
            field={fields.number}
            label={t(`certificates.fields.${numberLabel}`)}
            inputMode={kind === "GLOBALGAP" ? "numeric" : undefined}
            hint={
              kind === "GLOBALGAP"
                ? t("certificates.hints.ggn")
                : isCode
                  ? t("certificates.hints.code")
                  : undefined
            }
          />
          <InputField
            field={fields.issuer}
            label={t("certificates.fields.issuer")}
            hint={isCode ? t("certificates.hints.issuerPuc") : undefined}
          />
          {kind === "ORGANIC" ? (
            <InputField field={fields.issuerCode} label={t("certificates.fields.issuerCode")} />
          ) : null}
          {kind === "ORGANIC" || kind === "VIETGAP" || kind === "GLOBALGAP" ? (
            <InputField
              field={fields.standard}
              label={t("certificates.fields.standard")}
              hint={
                kind === "ORGANIC"
                  ? t("certificates.hints.organicStandard")
                  : kind === "VIETGAP"
                    ? t("certificates.hints.vietgapStandard")
                    : undefined
              }
            />
          ) : null}
        </div>
        {kind === "OCOP" ? (
          <div className="cols">
            <SelectField
              field={fields.ocopStars}
              label={t("certificates.fields.ocopStars")}
              placeholder="—"
              options={[3, 4, 5].map((s) => ({
                value: String(s),
                label: `${"★".repeat(s)} ${t("certificates.stars", { stars: s })}`,
              }))}
            />
            <SelectField
              field={fields.issuerLevel}
              label={t("certificates.fields.issuerLevel")}
              placeholder="—"
              options={ISSUER_LEVELS.map((l) => ({ value: l, label: t(`certificates.levels.${l}`) }))}
            />
            <SelectField
              field={fields.ocopGroup}
              label={t("certificates.fields.ocopGroup")}
              placeholder="—"
              options={OCOP_GROUPS.map((g) => ({ value: g, label: t(`products.groups.${g}`) }))}
            />
          </div>
        ) : null}
        <div className="cols">
          <InputField field={fields.issuedOn} label={t("certificates.fields.issuedOn")} type="date" />
          <InputField
            field={fields.expiresOn}
            label={t("certificates.fields.expiresOn")}
            type="date"
            hint={expiryHint}
          />
        </div>
        {kind === "OCOP" ? (
          <>
            <p className="hint">{t("certificates.hints.scores")}</p>
            <div className="cols">
              <InputField
                field={fields.scoreA}
                label={t("certificates.fields.scoreA")}
                type="number"
                inputMode="numeric"
                min="0"
                max="40"
              />
              <InputField
                field={fields.scoreB}
                label={t("certificates.fields.scoreB")}
                type="number"
                inputMode="numeric"
                min="0"
                max="25"
              />
              <InputField
                field={fields.scoreC}
                label={t("certificates.fields.scoreC")}
                type="number"
                inputMode="numeric"
                min="0"
                max="35"
              />
            </div>
          </>
        ) : null}
        <InputField
          field={fields.document}
          label={t("certificates.fields.document")}
          type="file"
          accept="application/pdf,image/jpeg,image/png,image/webp"
          hint={t("certificates.hints.document")}
        />
      </fieldset>
      <button type="submit" className="primary">
        {t("certificates.save")}
      </button>
    </Form>
  );
}
