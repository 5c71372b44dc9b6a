import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { Photo } from "~/components/photo";
import { auditOrigin } from "~/modules/audit/audit.server";
import { CertificateRevokeError, revokeCertificate } from "~/modules/certificates/expiry.server";
import { REVIEWED_FIELDS } from "~/modules/products/product-schema";
import { activeChecklist } from "~/modules/reviews/checklist.server";
import { requireOfficial } from "~/modules/reviews/official.server";
import { pickReasons, type ReasonKey } from "~/modules/reviews/reasons";
import { provinceColleagues, reviewDossier } from "~/modules/reviews/reviews.server";
import { TransitionRefused } from "~/modules/reviews/state-machine";
import { applyTransition, ReviewForbidden } from "~/modules/reviews/transitions.server";
import { diaryKindLabel } from "~/modules/traceability/diary";
import { formatDate, formatDateTime, formatVnd } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.dossier.product.name ?? "Hồ sơ"} · Duyệt hồ sơ · Cổng OCOP` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const official = await requireOfficial(request);
  const [dossier, colleagues] = await Promise.all([
    reviewDossier(official, params.productId),
    provinceColleagues(official),
  ]);
  return { dossier, colleagues };
}

const INTENTS = [
  "revokeCertificate",
  "claim",
  "assign",
  "release",
  "approve",
  "requestChanges",
  "reject",
  "suspend",
  "reinstate",
] as const;
type Intent = (typeof INTENTS)[number];

const ActionSchema = z.object({
  intent: z.enum(INTENTS),
  assigneeId: z.uuid().optional(),
  certificateId: z.uuid().optional(),
});

type ActionError = { error: string; reasons: Record<string, string>; checked: string[]; intent?: Intent };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const official = await requireOfficial(request);
  const { t } = await getT(request);
  const form = await request.formData();
  const fields = Object.fromEntries(form);
  const reasons = pickReasons(fields);
  const checked = form.getAll("checklist").filter((v): v is string => typeof v === "string");
  const fail = (status: number, error: string, intent?: Intent) =>
    data<ActionError>({ error, reasons, checked, intent }, { status });

  // Another province's dossier is a 404 before the form is even read.
  const dossier = await reviewDossier(official, params.productId);
  const parsed = ActionSchema.safeParse(fields);
  if (!parsed.success) return fail(400, t("reviews.errors.badRequest"));
  const { intent } = parsed.data;
  const productId = dossier.product.id;
  if (intent === "revokeCertificate") {
    const certificate = dossier.certificates.find((c) => c.id === parsed.data.certificateId);
    if (!certificate || dossier.conflict) return fail(dossier.conflict ? 403 : 404, t("reviews.errors.badRequest"), intent);
    if (!reasons._general) return fail(422, t("reviews.errors.reasonRequired"), intent);
    try {
      await revokeCertificate({
        certificateId: certificate.id,
        official,
        reason: reasons._general,
        origin: auditOrigin(context),
      });
    } catch (error) {
      if (error instanceof CertificateRevokeError)
        return fail(error.status, t(error.code === "alreadyRevoked" ? "reviews.errors.alreadyRevoked" : "reviews.errors.reasonRequired"), intent);
      throw error;
    }
    const cookie = await setFlash(request, { kind: "success", message: t("reviews.done.revoke") });
    return redirect(`/review/${productId}`, { headers: { "Set-Cookie": cookie } });
  }
  // A decision the page would not offer (stale page, crafted post) is refused before anything else.
  if (!dossier.actions.includes(intent === "assign" ? "claim" : intent))
    return fail(dossier.conflict ? 403 : 409, dossier.conflict ? t(`reviews.conflict.${dossier.conflict}`) : t("reviews.errors.stale"), intent);

  if (intent === "approve") {
    // Every active checklist item must be ticked: the approval records what was verified.
    const items = await activeChecklist();
    if (items.some((item) => !checked.includes(item.id))) return fail(422, t("reviews.errors.checklist"), intent);
  }
  if ((intent === "requestChanges" || intent === "reject" || intent === "suspend") && !reasons._general)
    return fail(422, t("reviews.errors.reasonRequired"), intent);
  if (intent === "reinstate" && dossier.problems.length > 0)
    return fail(422, t("reviews.errors.reinstateProblems"), intent);
  if (intent === "assign" && !parsed.data.assigneeId) return fail(400, t("reviews.errors.badRequest"), intent);

  try {
    await applyTransition({
      productId,
      action: intent === "assign" ? "claim" : intent,
      actor: { id: official.id, role: "OFFICIAL", provinceCode: official.provinceCode },
      assigneeId: intent === "assign" ? parsed.data.assigneeId : undefined,
      reasons,
      checklist: Object.fromEntries(checked.map((id) => [id, true])),
      cause: intent === "suspend" ? "OFFICIAL" : undefined,
      origin: auditOrigin(context),
    });
  } catch (error) {
    if (error instanceof TransitionRefused) return fail(409, t("reviews.errors.stale"), intent);
    if (error instanceof ReviewForbidden)
      return fail(error.reason === "reasonsRequired" ? 422 : 403, t(`reviews.conflict.${error.reason}`), intent);
    throw error;
  }
  const message = t(`reviews.done.${intent}`, { product: dossier.product.name });
  const cookie = await setFlash(request, { kind: "success", message });
  // After a decision the official goes back to the queue for the next dossier.
  const decided = intent === "approve" || intent === "requestChanges" || intent === "reject";
  return redirect(decided ? "/review" : `/review/${productId}`, { headers: { "Set-Cookie": cookie } });
}

const REASON_FIELDS: readonly ReasonKey[] = [...REVIEWED_FIELDS, "priceVnd"];

export default function ReviewDossier() {
  const { dossier, colleagues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const { product, producer, actions } = dossier;
  const canDecide = actions.includes("approve");
  const typed = actionData?.reasons ?? {};
  const checked = new Set(actionData?.checked ?? []);
  const fieldLabel = (field: string) =>
    ["photos", "certificates", "batches", "_general", "priceVnd", "stock", "minOrder", "sku"].includes(field)
      ? t(`reviews.fields.${field}`)
      : t(`products.fields.${field}`);

  const show = (field: string, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === "") return <em>{t("reviews.diff.empty")}</em>;
    if (field === "ocopGroup") return t(`products.groups.${String(value)}`);
    if (field === "priceVnd") return formatVnd(Number(value));
    if (field === "originCommuneCode") return product.values.originCommuneCode === value && dossier.product.originCommune
      ? `${dossier.product.originCommune} (${String(value)})`
      : String(value);
    if (field === "photos") return t("reviews.diff.photos", { count: (value as unknown[]).length });
    if (field === "certificates")
      return (value as { kind: string; number: string; expiresOn: string | null; revoked: boolean }[])
        .map((c) => `${t(`certificates.kinds.${c.kind}`)} ${c.number}${c.expiresOn ? ` (${c.expiresOn})` : ""}${c.revoked ? " ✗" : ""}`)
        .join("; ");
    return String(value);
  };

  const reasonBox = (key: ReasonKey) =>
    canDecide ? (
      <details className="field-reason" open={Boolean(typed[key])}>
        <summary>{t("reviews.fieldReason")}</summary>
        <label className="visually-hidden" htmlFor={`reason-${key}`}>
          {t("reviews.fieldReason")}: {fieldLabel(key)}
        </label>
        <textarea
          id={`reason-${key}`}
          name={`reason.${key}`}
          form="decision"
          rows={2}
          maxLength={1000}
          defaultValue={typed[key] ?? ""}
          aria-describedby="field-reason-hint"
        />
      </details>
    ) : null;

  return (
    <>
      <p>
        <Link to="/review">← {t("reviews.title")}</Link>
      </p>
      <h1>{product.name}</h1>
      <p className="review-status">
        <span className="pill">{t(`status.${product.status}`)}</span>{" "}
        <span className={product.listed ? "pill flash-success" : "pill"}>
          {product.listed ? t("reviews.listedNow") : t("reviews.notListed")}
        </span>
        {product.suspensionCause ? (
          <span className="pill flash-error">
            {t("reviews.suspendedBecause", { cause: t(`reviews.causes.${product.suspensionCause}`) })}
          </span>
        ) : null}
      </p>
      {product.isRevision ? <p className="notice">{t("reviews.revisionNote")}</p> : null}
      {dossier.conflict ? (
        <p className="warning" role="alert">
          {t(`reviews.conflict.${dossier.conflict}`)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-error" role="alert" id="review-error">
          {actionData.error}
        </p>
      ) : null}

      <section className="card review-hold" aria-label={t("reviews.claim")}>
        {product.status === "IN_REVIEW" && product.claimedAt ? (
          <p>
            {product.claimedByMe
              ? t("reviews.heldByMe", { time: formatDateTime(product.claimedAt, lang) })
              : t("reviews.heldBy", { name: product.reviewer, time: formatDateTime(product.claimedAt, lang) })}
          </p>
        ) : product.status === "SUBMITTED" ? (
          <p>{t("reviews.notClaimed")}</p>
        ) : null}
        <div className="actions">
          {actions.includes("claim") ? (
            <Form method="post">
              <button type="submit" name="intent" value="claim" className="button">
                {t("reviews.claim")}
              </button>
            </Form>
          ) : null}
          {actions.includes("claim") && colleagues.length > 0 ? (
            <Form method="post" className="inline-form">
              <label>
                {t("reviews.assign")}{" "}
                <select name="assigneeId">
                  {colleagues.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" name="intent" value="assign" className="button secondary">
                {t("reviews.assignButton")}
              </button>
            </Form>
          ) : null}
          {actions.includes("release") ? (
            <Form method="post">
              <button type="submit" name="intent" value="release" className="link-button">
                {t("reviews.release")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      {dossier.problems.length > 0 ? (
        <section className="warning">
          <h2>{t("reviews.sections.problems")}</h2>
          <ul>
            {dossier.problems.map((p) => (
              <li key={p}>{t(`reviews.problems.${p}`)}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section>
        <h2>{t("reviews.sections.changes")}</h2>
        {dossier.firstReview ? (
          <p className="meta">{t("reviews.sections.firstReview")}</p>
        ) : dossier.changes.length === 0 ? (
          <p className="meta">{t("reviews.sections.noChanges")}</p>
        ) : (
          <table className="table diff">
            <thead>
              <tr>
                <th scope="col">{t("reviews.diff.field")}</th>
                <th scope="col">{t("reviews.diff.before")}</th>
                <th scope="col">{t("reviews.diff.after")}</th>
              </tr>
            </thead>
            <tbody>
              {dossier.changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{fieldLabel(c.field)}</th>
                  <td>
                    <del>{show(c.field, c.before)}</del>
                  </td>
                  <td>
                    <ins>{show(c.field, c.after)}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section>
        <h2>{t("reviews.sections.product")}</h2>
        {canDecide ? (
          <p className="meta" id="field-reason-hint">
            {t("reviews.fieldReasonHint")}
          </p>
        ) : null}
        <dl className="review-fields">
          {REASON_FIELDS.map((field) => {
            const changed = dossier.changes.some((c) => c.field === field);
            const value = field === "priceVnd" ? product.priceVnd : product.values[field as keyof typeof product.values];
            return (
              <div key={field} className={changed ? "changed" : undefined}>
                <dt>{fieldLabel(field)}</dt>
                <dd>
                  <span className={field === "description" ? "prewrap" : undefined}>{show(field, value)}</span>
                  {reasonBox(field)}
                </dd>
              </div>
            );
          })}
          <div>
            <dt>{t("reviews.fields.stock")}</dt>
            <dd>{product.stock.toLocaleString("vi-VN")}</dd>
          </div>
          <div>
            <dt>{t("reviews.fields.sku")}</dt>
            <dd>{product.sku ?? "—"}</dd>
          </div>
        </dl>
      </section>

      <section>
        <h2>{t("reviews.sections.photos")}</h2>
        {dossier.photos.length === 0 ? (
          <p className="meta">{t("reviews.noPhotos")}</p>
        ) : (
          <ul className="review-photos">
            {dossier.photos.map((photo) => (
              <li key={photo.hash}>
                <Photo photo={photo} alt={photo.alt || product.name} sizes="(max-width: 40rem) 45vw, 200px" />
              </li>
            ))}
          </ul>
        )}
        {reasonBox("photos")}
      </section>

      <section>
        <h2>{t("reviews.sections.certificates")}</h2>
        {dossier.certificates.length === 0 ? (
          <p className="meta">{t("reviews.noCertificates")}</p>
        ) : (
          <ul className="review-certificates">
            {dossier.certificates.map((c) => (
              <li key={c.id} className="card">
                <p>
                  <strong>
                    {t(`certificates.kinds.${c.kind}`)} {c.ocopStars ? "★".repeat(c.ocopStars) : null}
                  </strong>{" "}
                  · {c.number} · {c.issuer}
                </p>
                <p className="meta">
                  {formatDate(c.issuedOn, lang)} → {c.expiresOn ? formatDate(c.expiresOn, lang) : "—"}{" "}
                  <span className={c.status === "active" ? "pill flash-success" : c.status === "expiring" ? "pill flash-info" : "pill flash-error"}>
                    {t(`certificates.status.${c.status}`)}
                  </span>
                  {c.revokedReason ? ` · ${c.revokedReason}` : null}
                </p>
                {c.hasDocument ? (
                  <p>
                    <a href={`/review/${product.id}/certificates/${c.id}/document`} target="_blank" rel="noreferrer">
                      {t("reviews.document")}
                    </a>
                  </p>
                ) : null}
                {c.status !== "revoked" && !dossier.conflict ? (
                  <details className="field-reason">
                    <summary>{t("reviews.revoke")}</summary>
                    <Form method="post">
                      <input type="hidden" name="certificateId" value={c.id} />
                      <p className="meta">{t("reviews.revokeLead")}</p>
                      <label htmlFor={`revoke-${c.id}`}>{t("reviews.revokeReason")}</label>
                      <textarea id={`revoke-${c.id}`} name="reason._general" rows={2} maxLength={1000} required />
                      <button type="submit" name="intent" value="revokeCertificate" className="button danger">
                        {t("reviews.revoke")}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {reasonBox("certificates")}
      </section>

      <section>
        <h2>{t("reviews.sections.trace")}</h2>
        {dossier.diary ? (
          <>
            <p>
              {t("reviews.latestBatch", { lot: dossier.diary.lotNumber })}
              {dossier.batches[0]?.growingAreaCode
                ? ` · ${t("reviews.growingArea", { code: dossier.batches[0].growingAreaCode })}`
                : null}
            </p>
            <p className={dossier.diary.chainOk ? "notice" : "warning"}>
              {dossier.diary.chainOk
                ? t("reviews.chainOk", { count: dossier.diary.events.length })
                : t("reviews.chainBroken")}
            </p>
            <ol className="review-diary">
              {dossier.diary.events.map((e) => (
                <li key={e.seq}>
                  <strong>
                    #{e.seq} {diaryKindLabel(e.kind, lang)}
                  </strong>{" "}
                  · <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, lang)}</time>
                  {e.place ? ` · ${e.place}` : null}
                  {e.chemical ? ` · ${e.chemical}${e.phiDays != null ? ` (PHI ${e.phiDays})` : ""}` : null}
                  {e.note ? <div className="meta">{e.note}</div> : null}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="meta">{t("reviews.noBatches")}</p>
        )}
        {reasonBox("batches")}
      </section>

      <section className="card">
        <h2>{t("reviews.sections.producer")}</h2>
        <p>
          <strong>{producer.name}</strong>
        </p>
        <p className="meta">
          {[producer.street, producer.commune, producer.province].filter(Boolean).join(", ")}
        </p>
        <dl className="review-fields compact">
          {producer.taxCode ? (
            <div>
              <dt>{t("reviews.producerInfo.taxCode")}</dt>
              <dd>{producer.taxCode}</dd>
            </div>
          ) : null}
          {producer.representative ? (
            <div>
              <dt>{t("reviews.producerInfo.representative")}</dt>
              <dd>{producer.representative}</dd>
            </div>
          ) : null}
          {producer.phone ? (
            <div>
              <dt>{t("reviews.producerInfo.phone")}</dt>
              <dd>{producer.phone}</dd>
            </div>
          ) : null}
        </dl>
        {producer.onboardedBy ? (
          <p className="meta">{t("reviews.producerInfo.onboardedBy", { name: producer.onboardedBy })}</p>
        ) : null}
      </section>

      {canDecide ? (
        <section className="card decision">
          <h2>{t("reviews.sections.decision")}</h2>
          <Form method="post" id="decision" aria-describedby={actionData?.error ? "review-error" : undefined}>
            <fieldset>
              <legend>{t("reviews.sections.checklist")}</legend>
              {dossier.checklist.map((item) => (
                <label key={item.id} className="check">
                  <input type="checkbox" name="checklist" value={item.id} defaultChecked={checked.has(item.id)} />{" "}
                  {lang === "en" ? item.labelEn : item.labelVi}
                </label>
              ))}
            </fieldset>
            <label htmlFor="reason-_general">{t("reviews.generalReason")}</label>
            <p className="meta" id="general-hint">
              {t("reviews.generalReasonHint")}
            </p>
            <textarea
              id="reason-_general"
              name="reason._general"
              rows={4}
              maxLength={1000}
              defaultValue={typed._general ?? ""}
              aria-describedby="general-hint"
            />
            <div className="actions">
              <button type="submit" name="intent" value="approve" className="button">
                {t("reviews.approve")}
              </button>
              <button type="submit" name="intent" value="requestChanges" className="button secondary">
                {t("reviews.requestChanges")}
              </button>
              <button type="submit" name="intent" value="reject" className="button danger">
                {t("reviews.reject")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {actions.includes("suspend") ? (
        <section className="card">
          <h2>{t("reviews.suspend")}</h2>
          <Form method="post">
            <label htmlFor="suspend-reason">{t("reviews.suspendReason")}</label>
            <textarea id="suspend-reason" name="reason._general" rows={3} maxLength={1000} required defaultValue={actionData?.intent === "suspend" ? (typed._general ?? "") : ""} />
            <button type="submit" name="intent" value="suspend" className="button danger">
              {t("reviews.suspend")}
            </button>
          </Form>
        </section>
      ) : null}

      {actions.includes("reinstate") ? (
        <section className="card">
          <h2>{t("reviews.reinstate")}</h2>
          <p>{t("reviews.reinstateLead")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="reinstate" className="button" disabled={dossier.problems.length > 0}>
              {t("reviews.reinstate")}
            </button>
          </Form>
        </section>
      ) : null}

      <section>
        <h2>{t("reviews.sections.history")}</h2>
        {dossier.history.length === 0 ? (
          <p className="meta">{t("reviews.noHistory")}</p>
        ) : (
          <ol className="review-history">
            {dossier.history.map((h) => (
              <li key={h.id}>
                <strong>{t(`reviews.decisions.${h.decision}`)}</strong> ·{" "}
                <time dateTime={h.at}>{formatDateTime(h.at, lang)}</time> · {h.reviewer ?? t("reviews.system")}
                {Object.keys(h.reasons).length > 0 ? (
                  <ul>
                    {Object.entries(h.reasons).map(([key, text]) => (
                      <li key={key}>
                        <em>{fieldLabel(key)}:</em> {text}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
