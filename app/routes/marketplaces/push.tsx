// /operator/marketplaces/pushes/:pushId: one push's progress. Until every product has the
// marketplace's verdict (delivered, then reviewed) the page reloads itself every 2 seconds (a meta
// refresh: no JavaScript); rows the marketplace rejected or that failed can be ticked and retried
// (intent=retry).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { productPath } from "~/modules/catalogue/product-links";
import { MAX_TABLE_ROWS, retryValue, channelName } from "~/modules/marketplaces/marketplace-views";
import { pushProgress, retryFromPage } from "~/modules/marketplaces/operator.server";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export const handle = { hydrate: false };

async function requireProgress(pushId: string | undefined) {
  const progress = await pushProgress(pushId);
  if (!progress) throw new Response("Not found", { status: 404 });
  return progress;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  const progress = await requireProgress(params.pushId);
  return data(progress, { headers: { "Cache-Control": "private, no-store" } });
}

const RetryForm = z.object({
  intent: z.literal("retry"),
  row: z
    .array(z.string().regex(/^[a-z0-9-]{1,40}:[0-9a-f-]{36}$/))
    .min(1)
    .max(MAX_TABLE_ROWS),
});

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "OPERATOR");
  const { push } = await requireProgress(params.pushId);
  const { t } = await getT(request);
  const form = await request.formData();
  const parsed = RetryForm.safeParse({ intent: form.get("intent"), row: form.getAll("row") });
  if (!parsed.success) {
    const empty = form.getAll("row").length === 0 && form.get("intent") === "retry";
    return data(
      { error: t(empty ? "marketplaces.errors.noRows" : "marketplaces.errors.form") },
      { status: 400 },
    );
  }
  const rows = parsed.data.row.map((value) => {
    const [channelId, productId] = value.split(":") as [string, string];
    return { channelId, productId };
  });
  const count = await retryFromPage(push.id, rows);
  const cookie = await setFlash(request, {
    kind: "success",
    message: t("marketplaces.push.retried", { count }),
  });
  return redirect(`/operator/marketplaces/pushes/${push.id}`, { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction<typeof loader> = ({ data: progress }) => [
  { title: "Tiến độ đẩy lên sàn · Vận hành · Cổng OCOP" },
  // Reloads itself until the marketplace has decided on every product; stops then.
  ...(progress && progress.inFlight > 0 ? [{ httpEquiv: "refresh", content: "2" } as const] : []),
];

export default function PushPage() {
  const progress = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const { push, total, finished, done, inFlight, percent, rows } = progress;
  const retryable = rows.some((r) => r.retryable);
  return (
    <article>
      <p>
        <Link to="/operator/marketplaces">{t("marketplaces.back")}</Link>
      </p>
      <h1>{t("marketplaces.push.title")}</h1>
      <p className="meta">
        {t("marketplaces.push.createdAt", { time: formatDateTime(push.createdAt, lang) })} ·{" "}
        {push.channelIds.map(channelName).join(", ")}
      </p>
      <p className="mk-progress">
        <label htmlFor="push-progress">{t("marketplaces.push.progressLabel")}</label>{" "}
        <progress id="push-progress" max={Math.max(total, 1)} value={total === 0 ? 1 : finished}>
          {percent}%
        </progress>{" "}
        <strong role="status">{t("marketplaces.push.progress", { done: finished, total, percent })}</strong>
      </p>
      <p className="meta">
        {inFlight > 0 ? t("marketplaces.push.refreshing") : t("marketplaces.push.finished")}
      </p>
      <p>{t("marketplaces.push.breakdown", { ...done, inFlight })}</p>
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="retry" />
        <table className="table mk-table">
          <thead>
            <tr>
              <th>{t("marketplaces.push.retry")}</th>
              <th>{t("marketplaces.push.product")}</th>
              <th>{t("marketplaces.push.channel")}</th>
              <th>{t("marketplaces.push.job")}</th>
              <th>{t("marketplaces.push.attempts")}</th>
              <th>{t("marketplaces.push.state")}</th>
              <th>{t("marketplaces.push.reasons")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const value = retryValue(r.channelId, r.productId);
              const reasons = r.reasons.length ? r.reasons : r.lastError ? [r.lastError] : [];
              return (
                <tr key={value}>
                  <td data-label={t("marketplaces.push.retry")}>
                    {r.retryable ? (
                      <input
                        type="checkbox"
                        name="row"
                        value={value}
                        aria-label={`${t("marketplaces.push.retry")}: ${r.name}`}
                      />
                    ) : null}
                  </td>
                  <td data-label={t("marketplaces.push.product")}>
                    {r.slug ? <a href={productPath(r.slug)}>{r.name}</a> : r.name}
                  </td>
                  <td data-label={t("marketplaces.push.channel")}>{channelName(r.channelId)}</td>
                  <td data-label={t("marketplaces.push.job")}>
                    {t(`marketplaces.jobs.${r.jobStatus}`, { defaultValue: r.jobStatus })}
                  </td>
                  <td data-label={t("marketplaces.push.attempts")}>{r.attempts}</td>
                  <td data-label={t("marketplaces.push.state")}>
                    {r.listingState ? (
                      <span className={`pill mk-state-${r.listingState.toLowerCase()}`}>
                        {t(`marketplaces.states.${r.listingState}`, { defaultValue: r.listingState })}
                      </span>
                    ) : (
                      "—"
                    )}
                    {r.url ? (
                      <>
                        {" "}
                        <a href={r.url} rel="noreferrer">
                          {t("marketplaces.push.view")}
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("marketplaces.push.reasons")}>
                    {reasons.length ? (
                      <ul className="mk-problems">
                        {reasons.map((reason, i) => (
                          <li key={i}>{reason}</li>
                        ))}
                      </ul>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {progress.truncated ? (
          <p className="meta">{t("marketplaces.push.truncated", { count: MAX_TABLE_ROWS })}</p>
        ) : null}
        {retryable ? (
          <>
            <p className="meta">{t("marketplaces.push.retryNote")}</p>
            <button type="submit" className="button">
              {t("marketplaces.push.retry")}
            </button>
          </>
        ) : null}
      </Form>
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
