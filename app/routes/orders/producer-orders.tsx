// A producer's orders: /producer/:producerId/orders?status=…|waiting=1&after=… (newest first).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { OrderRow } from "~/components/order-parts";
import { ORDER_STATUSES } from "~/modules/orders/order-state";
import { producerOrders } from "~/modules/orders/orders.server";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { formatDateTime } from "~/utils/format";
import { useLang } from "~/utils/use-lang";

// Unknown or malformed filters fall back to "no filter": a shared URL never errors.
const FiltersSchema = z.object({
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  waiting: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  after: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const filters = FiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await producerOrders(access, {
    status: filters.status,
    waiting: filters.waiting,
    cursor: filters.after,
  });
  return data(
    {
      base: `/producer/${access.producer.id}/orders`,
      list,
      filters: { status: filters.status ?? null, waiting: filters.waiting },
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction = () => [{ title: "Đơn hàng · Cổng OCOP" }];

export default function ProducerOrders() {
  const { base, list, filters } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const filterQuery = filters.waiting ? "waiting=1" : filters.status ? `status=${filters.status}` : "";
  const total = Object.values(list.counts).reduce((sum, n) => sum + (n ?? 0), 0);
  return (
    <>
      <h1>{t("orders.producer.title")}</h1>
      <p>{t("orders.producer.lead")}</p>
      <nav className="order-filters" aria-label={t("orders.columns.status")}>
        <Link to={base} aria-current={!filters.status && !filters.waiting ? "page" : undefined}>
          {t("orders.producer.all")} <strong>{total}</strong>
        </Link>
        <Link to={`${base}?waiting=1`} aria-current={filters.waiting ? "page" : undefined}>
          {t("orders.producer.waitingFilter")} <strong>{list.waiting}</strong>
        </Link>
        {ORDER_STATUSES.filter((s) => list.counts[s]).map((s) => (
          <Link key={s} to={`${base}?status=${s}`} aria-current={filters.status === s ? "page" : undefined}>
            {t(`orders.status.${s}`)} <strong>{list.counts[s]}</strong>
          </Link>
        ))}
      </nav>
      {list.items.length === 0 ? (
        <p className="notice">{t("orders.empty")}</p>
      ) : (
        <ul className="order-list">
          {list.items.map((o) => (
            <OrderRow
              key={o.code}
              code={o.code}
              href={`${base}/${o.code}`}
              status={o.status}
              totalVnd={o.totalVnd}
              summary={o.summary}
            >
              {formatDateTime(o.createdAt, lang)} · {o.recipient} · {o.deliveryProvince} ·{" "}
              {t(`orders.methods.${o.method}`)}
            </OrderRow>
          ))}
        </ul>
      )}
      {list.next ? (
        <p>
          <Link to={`?${filterQuery ? `${filterQuery}&` : ""}after=${list.next}`}>{t("orders.next")}</Link>
        </p>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
