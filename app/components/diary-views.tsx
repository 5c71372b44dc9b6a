// The batch page's diary parts: pre-harvest-interval warnings, chain verification, the timeline,
// and the form that records an event or a correction of one (the original always stays).
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "~/components/forms";
import { InputField, SelectField, TextareaField } from "~/components/form-controls";
import { MAX_PHOTO_MB } from "~/modules/photos/limits";
import { photoUrl } from "~/modules/photos/urls";
import { diaryKindLabel } from "~/modules/traceability/diary";
import type { ChainVerification } from "~/modules/traceability/hash-chain";
import { formatDateTime } from "~/utils/format";
import { isLocale, type Locale } from "~/utils/i18n";
import { RECORDED_KINDS } from "~/modules/batches/batch-schema";
import type { CorrectionDraft, TimelineEvent } from "~/modules/batches/batches.server";

function useLang(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : "vi";
}

export interface PhiWarningView {
  harvestSeq: number;
  sprayingSeq: number;
  chemical: string | null;
  phiDays: number;
  daysEarly: number;
  /** dd/mm/yyyy */
  safeFrom: string;
}

export function PhiWarnings({ warnings }: { warnings: readonly PhiWarningView[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <section className="warning" role="alert">
      <h2>⚠ {t("batches.phi.title")}</h2>
      <ul>
        {warnings.map((w) => (
          <li key={`${w.harvestSeq}-${w.sprayingSeq}`}>
            {t("batches.phi.item", {
              harvest: w.harvestSeq,
              spraying: w.sprayingSeq,
              chemical: w.chemical ?? t("batches.phi.unknownChemical"),
              phi: w.phiDays,
              days: w.daysEarly,
              safe: w.safeFrom,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ChainStatus({ verification, count }: { verification: ChainVerification; count: number }) {
  const { t } = useTranslation();
  return (
    <p className={verification.ok ? "notice" : "warning"} role="status">
      {verification.ok
        ? count === 0
          ? t("batches.chain.empty")
          : `✓ ${t("batches.chain.ok", { count })}`
        : `✗ ${t("batches.chain.broken", {
            seq: verification.brokenAt,
            reason: t(`batches.chain.reasons.${verification.reason}`),
          })}`}
    </p>
  );
}

export function Timeline({
  events,
  producerName,
  mediaBase,
}: {
  events: readonly TimelineEvent[];
  producerName: string;
  /** Where photo variants are served from (mediaBaseUrl()). */
  mediaBase?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (events.length === 0) return null;
  const title = (e: TimelineEvent) =>
    e.kind !== "CORRECTION"
      ? diaryKindLabel(e.kind, lang)
      : t("batches.diary.correction", { seq: e.correctsSeq }) +
        (e.standsFor && e.standsFor !== "CORRECTION" ? ` (${diaryKindLabel(e.standsFor, lang)})` : "");
  return (
    <div className="timeline">
      {events.map((e) => (
        <article key={e.seq} className="card" id={`event-${e.seq}`}>
          <p>
            <strong>
              #{e.seq} · {title(e)}
            </strong>{" "}
            · <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, lang)}</time>
          </p>
          {e.place ? <p>{e.place}</p> : null}
          {e.quantity != null ? (
            <p>
              {e.quantity.toLocaleString("vi-VN")} {e.uom ?? ""}
            </p>
          ) : null}
          {e.chemical || e.phiDays != null ? (
            <p>{t("batches.diary.chemical", { chemical: e.chemical ?? "—", days: e.phiDays ?? "—" })}</p>
          ) : null}
          {e.note ? <p>{e.note}</p> : null}
          {e.photoHash ? <DiaryPhoto hash={e.photoHash} seq={e.seq} mediaBase={mediaBase} /> : null}
          <p className="meta">
            {t("batches.diary.recordedBy", { name: e.recordedBy ?? t("batches.diary.unknownUser") })}
            {e.onBehalf ? ` (${t("batches.diary.actingFor", { producer: producerName })})` : null}
            {e.correctedBy.length > 0
              ? ` · ${t("batches.diary.correctedBy", { seqs: e.correctedBy.join(", #") })}`
              : null}
            {" · "}
            <Link to={`?correct=${e.seq}#record`}>{t("batches.diary.correct")}</Link>
          </p>
        </article>
      ))}
    </div>
  );
}

/** A diary event's photo at its 320 px variant (the upload refuses narrower ones). */
export function DiaryPhoto({ hash, seq, mediaBase }: { hash: string; seq: number; mediaBase?: string }) {
  const { t } = useTranslation();
  return (
    <img
      className="diary-photo"
      src={photoUrl(hash, 320, "webp", mediaBase)}
      alt={t("batches.diary.photoAlt", { seq })}
      width={160}
      height={120}
      loading="lazy"
      decoding="async"
    />
  );
}

type DiaryForm = Partial<
  Record<
    | "kind"
    | "correctsSeq"
    | "occurredAt"
    | "place"
    | "quantity"
    | "uom"
    | "note"
    | "chemical"
    | "phiDays"
    | "photo",
    string
  >
>;

/**
 * Records an event, or (with `correcting`) a correction: the kind is then fixed to the corrected
 * event's and every field starts from its values. Without JavaScript the spraying fields show for
 * every kind (they are ignored for the others).
 */
export function DiaryEventForm({
  correcting,
  nowLocal,
  lastResult,
}: {
  correcting: CorrectionDraft | null;
  nowLocal: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form, fields] = useForm<DiaryForm>({
    id: correcting ? `correct-${correcting.seq}` : "diary-event",
    lastResult,
    defaultValue: correcting?.values ?? { occurredAt: nowLocal },
    shouldValidate: "onSubmit",
  });
  const spraying = !correcting || correcting.kind === "SPRAYING";
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="card form-wide"
      {...getFormProps(form)}
      noValidate
    >
      <FormErrors errors={form.errors} />
      {correcting ? (
        <>
          <p className="notice">{t("batches.diary.correctLead")}</p>
          <input type="hidden" name={fields.kind.name} value={correcting.kind} />
          <input type="hidden" name={fields.correctsSeq.name} value={String(correcting.seq)} />
          <p>
            <strong>{diaryKindLabel(correcting.kind, lang)}</strong> ·{" "}
            <Link to="?">{t("batches.diary.cancelCorrection")}</Link>
          </p>
        </>
      ) : (
        <SelectField
          field={fields.kind}
          label={t("batches.fields.kind")}
          placeholder="—"
          options={RECORDED_KINDS.map((k) => ({ value: k, label: diaryKindLabel(k, lang) }))}
        />
      )}
      <div className="cols">
        <InputField
          field={fields.occurredAt}
          label={t("batches.fields.occurredAt")}
          type="datetime-local"
          hint={t("batches.hints.occurredAt")}
        />
        <InputField field={fields.place} label={t("batches.fields.place")} hint={t("batches.hints.place")} />
      </div>
      <div className="cols">
        <InputField field={fields.quantity} label={t("batches.fields.quantity")} inputMode="decimal" />
        <InputField field={fields.uom} label={t("batches.fields.uom")} hint={t("batches.hints.uom")} />
      </div>
      {spraying ? (
        <fieldset>
          <legend>{diaryKindLabel("SPRAYING", lang)}</legend>
          {!correcting ? <p className="hint">{t("batches.hints.sprayingOnly")}</p> : null}
          <div className="cols">
            <InputField
              field={fields.chemical}
              label={t("batches.fields.chemical")}
              hint={t("batches.hints.chemical")}
            />
            <InputField
              field={fields.phiDays}
              label={t("batches.fields.phiDays")}
              type="number"
              inputMode="numeric"
              min="0"
              max="365"
              hint={t("batches.hints.phiDays")}
            />
          </div>
        </fieldset>
      ) : null}
      <TextareaField field={fields.note} label={t("batches.fields.note")} />
      <div className="field">
        <label htmlFor={fields.photo.id}>{t("batches.fields.photo")}</label>
        {/* Never pre-filled: a browser cannot be handed a file back after an error. */}
        <input
          id={fields.photo.id}
          type="file"
          name={fields.photo.name}
          accept="image/*"
          capture="environment"
          aria-invalid={fields.photo.errors ? true : undefined}
          aria-describedby={`${fields.photo.descriptionId} ${fields.photo.errorId}`}
        />
        <p className="hint" id={fields.photo.descriptionId}>
          {t(correcting ? "batches.hints.photoCorrection" : "batches.hints.photo", { mb: MAX_PHOTO_MB })}
        </p>
        <FieldErrors id={fields.photo.errorId} errors={fields.photo.errors} />
      </div>
      <button type="submit" className="primary">
        {t("batches.diary.submit")}
      </button>
    </Form>
  );
}
