import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import { listProvinces } from "~/modules/accounts/users.server";
import { ACTOR_ROLES, KNOWN_ACTIONS } from "~/modules/audit/vocabulary";
import {
  decodeAuditCursor,
  filtersToParams,
  listAudit,
  parseAuditFilters,
  requireAuditViewer,
} from "~/modules/audit/audit-query.server";
import { auditActionLabel, auditRoleLabel, auditTargetLabel } from "~/modules/audit/labels";
import { formatDateTime } from "~/utils/format";
import { getLocale } from "~/utils/locale.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAuditViewer(request);
  const locale = await getLocale(request, viewer.locale);
  const url = new URL(request.url);
  const isAdmin = viewer.role === "ADMIN";
  const provinces = await listProvinces();
  const page = {
    isAdmin,
    isOfficial: viewer.role === "OFFICIAL",
    provinceName: provinces.find((p) => p.code === viewer.provinceCode)?.name ?? null,
    provinces: isAdmin ? provinces : [],
  };
  const parsed = parseAuditFilters(url.searchParams);
  const rawCursor = url.searchParams.get("cursor");
  const cursor = rawCursor ? decodeAuditCursor(rawCursor) : null;
  if (!parsed.ok || (rawCursor && !cursor)) {
    const errors = parsed.ok ? { cursor: "cursor" } : parsed.errors;
    const values = parsed.ok ? Object.fromEntries(filtersToParams(parsed.filters)) : parsed.values;
    return data(
      {
        ...page,
        values,
        errors,
        rows: [],
        nextHref: null,
        exportHref: null,
        firstHref: parsed.ok ? `/audit?${filtersToParams(parsed.filters)}` : "/audit",
        paged: Boolean(rawCursor),
      },
      { status: 400 },
    );
  }
  const { rows, nextCursor } = await listAudit(viewer, parsed.filters, { cursor });
  const query = filtersToParams(parsed.filters);
  const next = new URLSearchParams(query);
  if (nextCursor) next.set("cursor", nextCursor);
  return {
    ...page,
    values: Object.fromEntries(query) as Record<string, string>,
    errors: {} as Record<string, string>,
    rows: rows.map((r) => ({
      id: r.id,
      at: formatDateTime(r.at, locale),
      actorId: r.actorId,
      actorName: r.actorName,
      actorRole: r.actorRole,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      provinceCode: r.provinceCode,
      ip: r.ip,
      requestId: r.requestId,
      beforeHash: r.beforeHash,
      afterHash: r.afterHash,
    })),
    nextHref: nextCursor ? `/audit?${next}` : null,
    exportHref: `/audit/export${query.size ? `?${query}` : ""}`,
    firstHref: `/audit${query.size ? `?${query}` : ""}`,
    paged: Boolean(cursor),
  };
}

export const meta: MetaFunction = () => [{ title: "Nhật ký kiểm toán · Cổng OCOP" }];

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AuditLogPage() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const { errors } = page;
  const filterLink = (key: string, value: string) => `/audit?${new URLSearchParams({ [key]: value })}`;
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.lead")}</p>
      {page.provinceName && !page.isAdmin ? (
        <p>{t("audit.leadProvince", { province: page.provinceName })}</p>
      ) : null}
      <FormErrors
        errors={[
          ...(Object.keys(errors).some((k) => k !== "cursor") ? [t("audit.errors.summary")] : []),
          ...(errors.cursor ? [t("audit.errors.cursor")] : []),
        ]}
      />
      <Filters page={page} key={location.search} />
      {page.exportHref ? (
        <p className="actions">
          <a href={page.exportHref} className="button secondary" download>
            {t("audit.export")}
          </a>
          <span className="meta">{t("audit.exportHint")}</span>
        </p>
      ) : null}
      {page.rows.length === 0 && Object.keys(errors).length === 0 ? <p>{t("audit.empty")}</p> : null}
      {page.rows.length > 0 ? (
        <table className="table audit-table">
          <thead>
            <tr>
              <th scope="col">{t("audit.columns.at")}</th>
              <th scope="col">{t("audit.columns.actor")}</th>
              <th scope="col">{t("audit.columns.action")}</th>
              <th scope="col">{t("audit.columns.target")}</th>
              <th scope="col">{t("audit.columns.ip")}</th>
              <th scope="col">{t("audit.columns.requestId")}</th>
              <th scope="col">{t("audit.columns.hashes")}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{r.at}</td>
                <td>
                  {r.actorId ? (
                    <Link to={filterLink("actorId", r.actorId)} title={t("audit.byActor")}>
                      {r.actorName}
                    </Link>
                  ) : (
                    t("audit.system")
                  )}
                  <br />
                  <span className="meta">{auditRoleLabel(t, r.actorRole)}</span>
                </td>
                <td>
                  {auditActionLabel(t, r.action)}
                  <br />
                  <code className="meta">{r.action}</code>
                </td>
                <td>
                  {auditTargetLabel(t, r.targetType)}{" "}
                  {r.targetType === "Product" && page.isOfficial ? (
                    <Link to={`/review/${r.targetId}`} title={t("audit.openReview")}>
                      <Short value={r.targetId} />
                    </Link>
                  ) : (
                    <Link
                      to={`/audit?${new URLSearchParams({ targetType: r.targetType, targetId: r.targetId })}`}
                      title={t("audit.byTarget")}
                    >
                      <Short value={r.targetId} />
                    </Link>
                  )}
                  {page.isAdmin && r.provinceCode ? <span className="meta"> · {r.provinceCode}</span> : null}
                </td>
                <td>{r.ip ? <code>{r.ip}</code> : "—"}</td>
                <td>{r.requestId ? <Short value={r.requestId} /> : "—"}</td>
                <td className="nowrap">
                  <Short value={r.beforeHash} /> → <Short value={r.afterHash} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {page.rows.length > 0 ? <p className="meta">{t("audit.hashNote")}</p> : null}
      <p className="actions">
        {page.paged ? <Link to={page.firstHref}>{t("audit.first")}</Link> : null}
        {page.nextHref ? <Link to={page.nextHref}>{t("audit.next")}</Link> : null}
      </p>
    </>
  );
}

/** Long identifiers shortened on screen; the whole value stays in the title (hover, long-press, copy). */
function Short({ value }: { value: string | null }) {
  if (!value) return <>—</>;
  return <code title={value}>{value.length > 12 ? `${value.slice(0, 8)}…` : value}</code>;
}

function Filters({ page }: { page: PageData }) {
  const { t } = useTranslation();
  const { values, errors } = page;
  const actions: string[] = [...KNOWN_ACTIONS];
  if (values.action && !actions.includes(values.action)) actions.push(values.action);
  const select = (name: string, any: string, options: { value: string; label: string }[]) => (
    <FilterField name={name} error={errors[name]}>
      <select id={`audit-${name}`} name={name} defaultValue={values[name] ?? ""} {...invalid(name, errors)}>
        <option value="">{t(any)}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FilterField>
  );
  const input = (name: string, type: "text" | "date") => (
    <FilterField name={name} error={errors[name]}>
      <input
        id={`audit-${name}`}
        type={type}
        name={name}
        defaultValue={values[name] ?? ""}
        autoComplete="off"
        {...invalid(name, errors)}
      />
    </FilterField>
  );
  return (
    <section className="card audit-filters" aria-labelledby="audit-filters-title">
      <h2 id="audit-filters-title">{t("audit.filters.title")}</h2>
      <Form method="get" action="/audit">
        <div className="cols">
          {select(
            "action",
            "audit.filters.anyAction",
            actions.map((a) => ({ value: a, label: auditActionLabel(t, a) })),
          )}
          {select(
            "role",
            "audit.filters.anyRole",
            ACTOR_ROLES.map((r) => ({ value: r, label: auditRoleLabel(t, r) })),
          )}
          {page.isAdmin
            ? select(
                "province",
                "audit.filters.anyProvince",
                page.provinces.map((p) => ({ value: p.code, label: p.name })),
              )
            : null}
          {input("from", "date")}
          {input("to", "date")}
          {input("targetType", "text")}
          {input("targetId", "text")}
          {input("actorId", "text")}
        </div>
        <p className="actions">
          <button type="submit" className="button">
            {t("audit.filters.apply")}
          </button>
          <Link to="/audit" className="button secondary">
            {t("audit.filters.reset")}
          </Link>
        </p>
      </Form>
    </section>
  );
}

const invalid = (name: string, errors: Record<string, string>) =>
  errors[name] ? { "aria-invalid": true, "aria-describedby": `audit-${name}-error` } : {};

function FilterField({ name, error, children }: { name: string; error?: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{t(`audit.filters.${name}`)}</label>
      {children}
      {error ? (
        <p className="field-error" id={`audit-${name}-error`}>
          {t(`audit.errors.${error}`)}
        </p>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
