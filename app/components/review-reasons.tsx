import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ProductStatus } from "~/modules/reviews/state-machine";
import { formatDateTime } from "~/utils/format";

// The producer's side of the review workflow on the product page: status panel and reasons.

/** The transitions a producer starts from the product page (revise happens by saving the form). */
export const BUTTONS = ["submit", "withdraw", "reopen"] as const;
export type ButtonAction = (typeof BUTTONS)[number];

/** Reasons that point at another page of the product, not at a field of its form. */
const PAGES = ["photos", "certificates", "batches"] as const;

/**
 * An official's written reasons at the top of the product page: the general one, then notes on the
 * photos, certificates and batches linking to those pages. Field reasons sit beside their fields
 * (ProductFields' reviewReasons).
 */
export function ReviewReasons({
  decision,
  decidedAt,
  reasons,
  base,
}: {
  decision: "CHANGES_REQUESTED" | "REJECTED" | "SUSPENDED";
  decidedAt: string | Date;
  reasons: Record<string, string>;
  base: string;
}) {
  const { t, i18n } = useTranslation();
  const date = formatDateTime(decidedAt, i18n.language === "en" ? "en" : "vi");
  const pages = PAGES.filter((p) => reasons[p]);
  return (
    <section className="review-reasons" aria-labelledby="review-reasons-title">
      <h2 id="review-reasons-title">{t(`products.reasons.title.${decision}`, { date })}</h2>
      {reasons._general ? <p className="reason-general">{reasons._general}</p> : null}
      {pages.length ? (
        <ul>
          {pages.map((page) => (
            <li key={page}>
              <strong>{t(`products.reasons.${page}`)}:</strong> {reasons[page]}{" "}
              <Link to={`${base}/${page}`}>
                {t("products.reasons.open", { page: t(`products.reasons.${page}`).toLowerCase() })}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * Where the product stands in review, in plain words, with only the buttons the state machine allows
 * this producer now (the server decides again on every post). Withdrawing shows a confirm step.
 */
export function ReviewStatusPanel({
  product,
  actions,
  base,
  outcome: actionData,
}: {
  product: {
    status: ProductStatus;
    listed: boolean;
    suspensionCause: string | null;
    pendingReview: string[];
  };
  actions: ButtonAction[];
  base: string;
  /** What the last post answered: missing pieces, a refusal, or the withdraw confirmation. */
  outcome?: { problems?: string[]; error?: string; confirmWithdraw?: boolean };
}) {
  const { t } = useTranslation();
  const { status, listed } = product;
  const explanation =
    status === "SUSPENDED"
      ? t(`products.lifecycle.suspended.${product.suspensionCause ?? "OFFICIAL"}`)
      : listed && (status === "SUBMITTED" || status === "IN_REVIEW" || status === "CHANGES_REQUESTED")
        ? t(`products.lifecycle.listedState.${status}`)
        : t(`products.lifecycle.state.${status}`);
  const button = (intent: ButtonAction, label: string, className: string) => (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className={className}>
        {label}
      </button>
    </Form>
  );
  return (
    <section className="card status-panel" aria-labelledby="status-title">
      <h2 id="status-title">{t("products.lifecycle.title")}</h2>
      <p>
        <span className="pill">{t("products.status", { status: t(`status.${status}`) })}</span>{" "}
        <span className={listed ? "pill listed" : "pill"}>
          {t(listed ? "products.lifecycle.visible" : "products.lifecycle.hidden")}
        </span>
      </p>
      <p>{explanation}</p>
      {product.pendingReview.length ? (
        <p className="meta">
          {t("products.lifecycle.pending", {
            fields: product.pendingReview.map((f) => t(`products.fields.${f}`)).join(", "),
          })}
        </p>
      ) : null}
      {actionData?.problems?.length ? (
        <ul className="warning" role="alert">
          {actionData.problems.map((p) => (
            <li key={p}>{t(`products.submit.problems.${p}`)}</li>
          ))}
        </ul>
      ) : null}
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {actionData?.confirmWithdraw && actions.includes("withdraw") ? (
        <section className="confirm" aria-labelledby="confirm-title">
          <p id="confirm-title">
            <strong>{t("products.lifecycle.confirmTitle")}</strong>
          </p>
          <p>{t("products.lifecycle.confirmBody")}</p>
          <Form method="post" className="actions">
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" name="intent" value="withdraw" className="button danger">
              {t("products.lifecycle.confirmYes")}
            </button>
            <Link to={base} className="button secondary">
              {t("products.lifecycle.confirmNo")}
            </Link>
          </Form>
        </section>
      ) : actions.length ? (
        <div className="actions">
          {actions.includes("submit")
            ? button(
                "submit",
                status === "DRAFT" ? t("products.submit.button") : t("products.lifecycle.resubmit"),
                "button",
              )
            : null}
          {actions.includes("reopen") ? button("reopen", t("products.lifecycle.reopen"), "button") : null}
          {actions.includes("withdraw")
            ? button("withdraw", t("products.lifecycle.withdraw"), "button secondary")
            : null}
        </div>
      ) : null}
    </section>
  );
}
