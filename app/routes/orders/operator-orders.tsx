// Every order on the portal, for operators: filter by status, payment method, the producer's
// province and order code; newest first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { OrderRow } from "~/components/order-parts";
import { ORDER_STATUSES, PAYMENT_METHODS } from "~/modules/orders/order-state";
import { operatorOrders } from "~/modules/orders/orders.server";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { useLang } from "~/utils/use-lang";

// Unknown or malformed filters fall back to "no filter": a shared URL never errors.
const FiltersSchema = z.object({
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  method: z.enum(PAYMENT_METHODS).optional().catch(undefined),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .catch(undefined),
  q: z.string().trim().max(16).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, value]) => value !== ""),
  );
  const filters = FiltersSchema.parse(params);
  const list = await operatorOrders({ ...filters, cursor: filters.after });
  return data({ list, filters }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction = () => [{ title: "Đơn hàng · Vận hành · Cổng OCOP" }];

export default function OperatorOrders() {
  const { list, filters } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const nextParams = new URLSearchParams(
    Object.entries({ ...filters, after: list.next ?? "" }).flatMap(([k, v]) =>
      v === undefined || v === "" ? [] : [[k, String(v)]],
    ),
  );
  return (
    <>
      <p>
        <Link to="/operator">← {t("nav.operator")}</Link>
      </p>
      <h1>{t("orders.operator.title")}</h1>
      <p>{t("orders.operator.lead")}</p>
      <Form method="get" className="filters">
        <fieldset>
          <legend>{t("orders.operator.filters.legend")}</legend>
          <label>
            {t("orders.operator.filters.q")}
            <input name="q" defaultValue={filters.q ?? ""} maxLength={16} autoComplete="off" />
          </label>
          <label>
            {t("orders.operator.filters.status")}
            <select name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("orders.operator.filters.any")}</option>
              {ORDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`orders.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("orders.operator.filters.method")}
            <select name="method" defaultValue={filters.method ?? ""}>
              <option value="">{t("orders.operator.filters.any")}</option>
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`orders.methods.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("orders.operator.filters.province")}
            <select name="province" defaultValue={filters.province ?? ""}>
              <option value="">{t("orders.operator.filters.any")}</option>
              {list.provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button type="submit" className="button">
              {t("orders.operator.filters.apply")}
            </button>
            <Link to="/operator/orders">{t("orders.operator.filters.reset")}</Link>
          </div>
        </fieldset>
      </Form>
      <p className="meta" role="status">
        {t("orders.count", { count: list.total })}
      </p>
      {list.items.length === 0 ? (
        <p className="notice">{t("orders.empty")}</p>
      ) : (
        <ul className="order-list">
          {list.items.map((o) => (
            <OrderRow
              key={o.code}
              code={o.code}
              href={`/operator/orders/${o.code}`}
              status={o.status}
              totalVnd={o.totalVnd}
              summary={o.summary}
            >
              {formatDateTime(o.createdAt, lang)} · {o.producer} ({o.producerProvince}) ·{" "}
              {t(`orders.methods.${o.method}`)}
            </OrderRow>
          ))}
        </ul>
      )}
      {list.next ? (
        <p>
          <Link to={`?${nextParams}`}>{t("orders.next")}</Link>
        </p>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
