import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { CERTIFICATE_KINDS } from "~/modules/certificates/status";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { requireOfficial } from "~/modules/reviews/official.server";
import { QUEUE_VIEWS } from "~/modules/reviews/queue-views";
import { queueCommunes, reviewQueue } from "~/modules/reviews/reviews.server";
import { prisma } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { useLang } from "~/utils/use-lang";

// Unknown or malformed filters fall back to "no filter": a shared URL never errors.
const FiltersSchema = z.object({
  view: z.enum(QUEUE_VIEWS).catch("open"),
  commune: z.string().regex(/^\d{5}$/).optional().catch(undefined),
  group: z.enum(OCOP_GROUPS).optional().catch(undefined),
  certificate: z.enum(CERTIFICATE_KINDS).optional().catch(undefined),
  minDays: z.coerce.number().int().min(1).max(365).optional().catch(undefined),
  after: z.string().max(80).optional().catch(undefined),
});

export const meta: MetaFunction = () => [{ title: "Duyệt hồ sơ · Cổng OCOP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const official = await requireOfficial(request);
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, value]) => value !== ""),
  );
  const filters = FiltersSchema.parse(params);
  const [queue, communes, province] = await Promise.all([
    reviewQueue(official, filters),
    queueCommunes(official.provinceCode),
    prisma.province.findUniqueOrThrow({ where: { code: official.provinceCode }, select: { name: true } }),
  ]);
  const mine = await prisma.product.count({ where: { status: "IN_REVIEW", reviewerId: official.id } });
  return { queue, communes, province: province.name, filters, mine, isAdmin: false };
}

const MIN_DAYS = [1, 3, 7, 14, 30];

export default function ReviewQueue() {
  const { queue, communes, province, filters, mine } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const nextParams = new URLSearchParams(
    Object.entries({ ...filters, after: queue.next ?? "" }).flatMap(([k, v]) =>
      v === undefined || v === "" ? [] : [[k, String(v)]],
    ),
  );
  return (
    <>
      <h1>{t("reviews.queueTitle", { province })}</h1>
      <p>{t("reviews.queueLead")}</p>
      <nav className="subnav" aria-label={t("reviews.title")}>
        <Link to="/statistics">{t("reviews.statistics")}</Link>
        <Link to="/audit">{t("reviews.audit")}</Link>
      </nav>

      <ul className="review-summary">
        <li>
          <Link to="?view=waiting">
            <strong>{queue.counts.SUBMITTED ?? 0}</strong> {t("reviews.summary.waiting")}
          </Link>
        </li>
        <li>
          <Link to="?view=IN_REVIEW">
            <strong>{queue.counts.IN_REVIEW ?? 0}</strong> {t("reviews.summary.inReview")}
          </Link>
        </li>
        <li>
          <Link to="?view=mine">
            <strong>{mine}</strong> {t("reviews.summary.mine")}
          </Link>
        </li>
        <li>
          <Link to="?view=CHANGES_REQUESTED">
            <strong>{queue.counts.CHANGES_REQUESTED ?? 0}</strong> {t("reviews.summary.changesRequested")}
          </Link>
        </li>
        <li>
          <Link to="?view=SUSPENDED">
            <strong>{queue.counts.SUSPENDED ?? 0}</strong> {t("reviews.summary.suspended")}
          </Link>
        </li>
        <li>
          <strong>
            {queue.oldestWaitingDays === null
              ? t("reviews.summary.none")
              : t("reviews.summary.days", { count: queue.oldestWaitingDays })}
          </strong>{" "}
          {t("reviews.summary.oldest")}
        </li>
      </ul>

      <Form method="get" className="filters">
        <fieldset>
          <legend>{t("reviews.filters.legend")}</legend>
          <label>
            {t("reviews.filters.view")}
            <select name="view" defaultValue={filters.view}>
              {QUEUE_VIEWS.map((v) => (
                <option key={v} value={v}>
                  {t(`reviews.filters.views.${v}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("reviews.filters.commune")}
            <select name="commune" defaultValue={filters.commune ?? ""}>
              <option value="">{t("reviews.filters.any")}</option>
              {communes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("reviews.filters.group")}
            <select name="group" defaultValue={filters.group ?? ""}>
              <option value="">{t("reviews.filters.any")}</option>
              {OCOP_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`products.groups.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("reviews.filters.certificate")}
            <select name="certificate" defaultValue={filters.certificate ?? ""}>
              <option value="">{t("reviews.filters.any")}</option>
              {CERTIFICATE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`certificates.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("reviews.filters.minDays")}
            <select name="minDays" defaultValue={filters.minDays ?? ""}>
              <option value="">{t("reviews.filters.any")}</option>
              {MIN_DAYS.map((d) => (
                <option key={d} value={d}>
                  {t("reviews.filters.daysOption", { count: d })}
                </option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button type="submit" className="button">
              {t("reviews.filters.apply")}
            </button>
            <Link to="/review">{t("reviews.filters.reset")}</Link>
          </div>
        </fieldset>
      </Form>

      <p className="meta" role="status">
        {t("reviews.table.count", { count: queue.total })}
      </p>
      {queue.items.length === 0 ? (
        <p className="notice">{t("reviews.table.empty")}</p>
      ) : (
        <ol className="queue">
          {queue.items.map((item) => (
            <li key={item.id} className="card queue-item">
              <div>
                <Link to={`/review/${item.id}`} className="queue-title">
                  {item.name}
                </Link>
                <p className="meta">
                  {item.producer} · {item.commune} · {t(`products.groups.${item.ocopGroup}`)}
                  {item.certificates.length > 0
                    ? ` · ${item.certificates.map((k) => t(`certificates.kinds.${k}`)).join(", ")}`
                    : null}
                </p>
                <p className="meta">
                  {item.submittedAt ? (
                    <>
                      {t("reviews.table.submitted")}{" "}
                      <time dateTime={item.submittedAt}>{formatDateTime(item.submittedAt, lang)}</time>
                      {" · "}
                      <strong>{t("reviews.table.waiting", { count: item.waitingDays ?? 0 })}</strong>
                    </>
                  ) : null}
                </p>
              </div>
              <div className="queue-state">
                <span className="pill">{t(`status.${item.status}`)}</span>
                {item.isRevision ? <span className="pill flash-info">{t("reviews.table.revision")}</span> : null}
                {item.status === "IN_REVIEW" ? (
                  <span className="meta">
                    {item.mine ? t("reviews.table.heldByMe") : t("reviews.table.heldBy", { name: item.reviewer })}
                  </span>
                ) : null}
                {item.status === "SUBMITTED" ? (
                  <Form method="post" action={`/review/${item.id}`}>
                    <input type="hidden" name="intent" value="claim" />
                    <button type="submit" className="button">
                      {t("reviews.claim")}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      {queue.next ? (
        <p>
          <Link to={`?${nextParams}`}>{t("reviews.table.next")}</Link>
        </p>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
