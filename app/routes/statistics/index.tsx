// Province statistics for officials (their own province) and admins (any province): the figures a
// digital-transformation report asks for, as charts with their tables, and as XLSX/CSV downloads.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart, ShareBar } from "~/components/charts";
import { RouteErrorBoundary } from "~/components/error-page";
import { requireStatisticsScope, scopeQuery } from "~/modules/statistics/access.server";
import { formatCount, formatDuration, formatShare, share } from "~/modules/statistics/present";
import { provinceChoices, provinceStatistics } from "~/modules/statistics/statistics.server";
import { PRODUCT_STATUSES } from "~/modules/reviews/state-machine";
import { formatDate, formatDateTime } from "~/utils/format";
import type { Locale } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await requireStatisticsScope(request);
  const [stats, provinces] = await Promise.all([
    provinceStatistics(scope.provinceCode, scope.periodError ? {} : { from: scope.from, to: scope.to }),
    scope.user.role === "ADMIN" ? provinceChoices() : Promise.resolve(null),
  ]);
  if (!stats) throw new Response("Not found", { status: 404 });
  const query = scopeQuery(scope.periodError ? { ...scope, from: null, to: null } : scope);
  return {
    stats,
    provinces,
    form: { from: scope.from ?? "", to: scope.to ?? "" },
    periodError: scope.periodError,
    query,
  };
}

export const meta: MetaFunction = () => [{ title: "Thống kê · Cổng OCOP" }];

export default function Statistics() {
  const { stats, provinces, form, periodError, query } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === "en" ? "en" : "vi";
  const count = (n: number) => formatCount(n, locale);
  const provinceName = `${stats.province.type} ${stats.province.name}`;
  const traceShare = share(stats.trace.complete, stats.trace.listed);
  const { period } = stats.leadTime;
  const day = (d: string) => formatDate(d, locale);
  const periodText =
    period.from && period.to
      ? t("statistics.leadTime.periodRange", { from: day(period.from), to: day(period.to) })
      : period.from
        ? t("statistics.leadTime.periodFrom", { from: day(period.from) })
        : period.to
          ? t("statistics.leadTime.periodTo", { to: day(period.to) })
          : t("statistics.leadTime.periodAll");
  const usedStatuses = PRODUCT_STATUSES.filter((s) => stats.products.byStatus[s] > 0);

  return (
    <div className="stats-page">
      <h1>{t("statistics.title")}</h1>
      <p className="stats-lead">
        {t("statistics.lead", { province: provinceName, time: formatDateTime(stats.generatedAt, locale) })}
      </p>

      <form method="get" className="stats-filter card" aria-label={t("statistics.filter.legend")}>
        {provinces ? (
          <div className="field">
            <label htmlFor="stats-province">{t("statistics.filter.province")}</label>
            <select id="stats-province" name="province" defaultValue={stats.province.code}>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {t("statistics.filter.provinceOption", { name: p.name, count: p.producers })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="stats-period">
          <div className="field">
            <label htmlFor="stats-from">{t("statistics.filter.from")}</label>
            <input
              id="stats-from"
              type="date"
              name="from"
              defaultValue={form.from}
              aria-describedby="stats-period-hint"
              aria-invalid={periodError ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="stats-to">{t("statistics.filter.to")}</label>
            <input
              id="stats-to"
              type="date"
              name="to"
              defaultValue={form.to}
              aria-describedby="stats-period-hint"
              aria-invalid={periodError ? true : undefined}
            />
          </div>
        </div>
        <p className="hint" id="stats-period-hint">
          {t("statistics.filter.periodHint")}
        </p>
        {periodError ? (
          <p className="form-error" role="alert">
            {t(`statistics.filter.${periodError}`)} {t("statistics.filter.ignored")}
          </p>
        ) : null}
        <button type="submit" className="button">
          {t("statistics.filter.submit")}
        </button>
      </form>

      <p className="actions stats-downloads">
        <a className="button secondary" href={`/statistics/export/xlsx?${query}`} download>
          {t("statistics.download.xlsx")}
        </a>
        <a className="button secondary" href={`/statistics/export/csv?${query}`} download>
          {t("statistics.download.csv")}
        </a>
      </p>
      <p className="hint stats-note">{t("statistics.snapshotNote")}</p>

      <section aria-labelledby="stats-summary">
        <h2 id="stats-summary">{t("statistics.summary.title")}</h2>
        <dl className="stats-figures">
          <Figure
            id="producers"
            label={t("statistics.summary.producers")}
            value={count(stats.producers.total)}
          />
          <Figure
            id="products"
            label={t("statistics.summary.products")}
            value={count(stats.products.total)}
          />
          <Figure id="ocop" label={t("statistics.summary.ocop")} value={count(stats.ocop.total)} />
          <Figure id="trace" label={t("statistics.summary.trace")} value={formatShare(traceShare, locale)} />
          <Figure
            id="lead-time"
            label={t("statistics.summary.leadTime")}
            value={formatDuration(stats.leadTime.p50Ms, t, locale)}
          />
          <Figure
            id="expiring"
            label={t("statistics.summary.expiring")}
            value={count(stats.certificates.within30)}
          />
        </dl>
      </section>

      <section aria-labelledby="stats-producers">
        <h2 id="stats-producers">{t("statistics.producers.title")}</h2>
        <BarChart
          title={t("statistics.producers.byCommune")}
          data={stats.producers.byCommune.map((c) => ({ key: c.code, label: c.name, value: c.count }))}
          labelHeader={t("statistics.producers.commune")}
          valueHeader={t("statistics.producers.count")}
          format={count}
          maxBars={10}
          otherLabel={t("statistics.producers.others")}
          emptyText={t("statistics.chart.empty")}
        />
        <h3>{t("statistics.producers.helpersTitle")}</h3>
        <dl className="stats-figures">
          <Figure
            id="onboarded"
            label={t("statistics.producers.onboarded")}
            value={count(stats.producers.onboardedByHelpers)}
          />
          <Figure
            id="claimed"
            label={t("statistics.producers.claimed")}
            value={count(stats.producers.claimed)}
          />
        </dl>
        <p className="hint">{t("statistics.producers.helpersNote")}</p>
      </section>

      <section aria-labelledby="stats-products">
        <h2 id="stats-products">{t("statistics.products.title")}</h2>
        <BarChart
          title={t("statistics.products.byStatus")}
          data={PRODUCT_STATUSES.map((s) => ({
            key: s,
            label: t(`status.${s}`),
            value: stats.products.byStatus[s],
          }))}
          labelHeader={t("statistics.products.status")}
          valueHeader={t("statistics.products.count")}
          format={count}
          emptyText={t("statistics.chart.empty")}
        />
        <h3 id="stats-products-commune">{t("statistics.products.byCommune")}</h3>
        <p className="hint">{t("statistics.products.byCommuneNote")}</p>
        {stats.products.byCommune.length ? (
          <table className="table stats-matrix" aria-labelledby="stats-products-commune">
            <thead>
              <tr>
                <th scope="col">{t("statistics.producers.commune")}</th>
                {usedStatuses.map((s) => (
                  <th scope="col" key={s} className="num">
                    {t(`status.${s}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("statistics.products.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.products.byCommune.map((c) => (
                <tr key={c.code} data-key={c.code}>
                  <th scope="row">{c.name}</th>
                  {usedStatuses.map((s) => (
                    <td key={s} className="num" data-key={s}>
                      {count(c.byStatus[s])}
                    </td>
                  ))}
                  <td className="num" data-key="total">
                    {count(c.total)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("statistics.chart.empty")}</p>
        )}
      </section>

      <section aria-labelledby="stats-ocop">
        <h2 id="stats-ocop">{t("statistics.ocop.title")}</h2>
        <p className="hint">{t("statistics.ocop.note")}</p>
        <div className="stats-pair">
          <BarChart
            title={t("statistics.ocop.byStars")}
            data={stats.ocop.byStars.map((r) => ({
              key: String(r.stars),
              label: t("statistics.ocop.starsValue", { count: r.stars }),
              value: r.count,
            }))}
            labelHeader={t("statistics.ocop.stars")}
            valueHeader={t("statistics.products.count")}
            format={count}
            emptyText={t("statistics.chart.empty")}
          />
          <BarChart
            title={t("statistics.ocop.byGroup")}
            data={stats.ocop.byGroup.map((r) => ({
              key: r.group,
              label: t(`products.groups.${r.group}`),
              value: r.count,
            }))}
            labelHeader={t("statistics.ocop.group")}
            valueHeader={t("statistics.products.count")}
            format={count}
            emptyText={t("statistics.chart.empty")}
          />
        </div>
      </section>

      <section aria-labelledby="stats-trace">
        <h2 id="stats-trace">{t("statistics.trace.title")}</h2>
        {stats.trace.listed ? (
          <div className="stats-share" data-testid="trace-share">
            <p className="stats-big">{formatShare(traceShare, locale)}</p>
            <ShareBar
              share={traceShare ?? 0}
              label={t("statistics.trace.share", {
                complete: stats.trace.complete,
                listed: stats.trace.listed,
              })}
            />
            <p>
              {t("statistics.trace.share", { complete: stats.trace.complete, listed: stats.trace.listed })}
            </p>
          </div>
        ) : (
          <p>{t("statistics.trace.noneListed")}</p>
        )}
        <Definition title={t("statistics.trace.definitionTitle")} text={t("statistics.trace.definition")} />
      </section>

      <section aria-labelledby="stats-lead-time">
        <h2 id="stats-lead-time">{t("statistics.leadTime.title")}</h2>
        <p className="stats-period-text">{periodText}</p>
        {stats.leadTime.count ? (
          <dl className="stats-figures">
            <Figure
              id="p50"
              label={t("statistics.leadTime.p50")}
              value={formatDuration(stats.leadTime.p50Ms, t, locale)}
            />
            <Figure
              id="p90"
              label={t("statistics.leadTime.p90")}
              value={formatDuration(stats.leadTime.p90Ms, t, locale)}
            />
            <Figure id="pairs" label={t("statistics.leadTime.count")} value={count(stats.leadTime.count)} />
          </dl>
        ) : (
          <p data-testid="lead-time-none">{t("statistics.leadTime.none")}</p>
        )}
        <Definition
          title={t("statistics.leadTime.definitionTitle")}
          text={t("statistics.leadTime.definition")}
        />
      </section>

      <section aria-labelledby="stats-certificates">
        <h2 id="stats-certificates">{t("statistics.certificates.title")}</h2>
        <dl className="stats-figures">
          <Figure
            id="within30"
            label={t("statistics.certificates.within30")}
            value={count(stats.certificates.within30)}
          />
          <Figure
            id="within60"
            label={t("statistics.certificates.within60")}
            value={count(stats.certificates.within60)}
          />
          <Figure
            id="expired"
            label={t("statistics.certificates.expired")}
            value={count(stats.certificates.expired)}
          />
          <Figure
            id="revoked"
            label={t("statistics.certificates.revoked")}
            value={count(stats.certificates.revoked)}
          />
        </dl>
        <p className="hint">{t("statistics.certificates.note")}</p>
        {stats.certificates.expiring.length ? (
          <table className="table stats-certificates">
            <thead>
              <tr>
                <th scope="col">{t("statistics.certificates.expiresOn")}</th>
                <th scope="col">{t("statistics.certificates.product")}</th>
                <th scope="col">{t("statistics.certificates.kind")}</th>
              </tr>
            </thead>
            <tbody>
              {stats.certificates.expiring.map((c) => (
                <tr key={c.id} className={c.daysLeft <= 30 ? "stats-soon" : undefined}>
                  <td>
                    <strong>{day(c.expiresOn)}</strong>
                    <br />
                    <span className="meta">{t("certificates.daysLeft", { count: c.daysLeft })}</span>
                    {c.daysLeft <= 30 ? (
                      <>
                        <br />
                        <span className="pill stats-pill-soon">{t("statistics.certificates.soon")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {c.product ?? t("statistics.certificates.producerWide")}
                    <br />
                    <span className="meta">{c.producer}</span>
                  </td>
                  <td>
                    {t(`certificates.kinds.${c.kind}`)}
                    <br />
                    <span className="meta">{c.number}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("statistics.certificates.none")}</p>
        )}
      </section>
    </div>
  );
}

function Figure({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="stats-figure" data-testid={`figure-${id}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Definition({ title, text }: { title: string; text: string }) {
  return (
    <details className="stats-definition" open>
      <summary>{title}</summary>
      <p>{text}</p>
    </details>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
