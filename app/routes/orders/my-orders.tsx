// The signed-in buyer's orders, newest first. Every signed-in user can buy, whatever their role.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { OrderRow } from "~/components/order-parts";
import { buyerOrders } from "~/modules/orders/orders.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { useLang } from "~/utils/use-lang";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return data({ orders: await buyerOrders(user) }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction = () => [{ title: "Đơn hàng của tôi · Cổng OCOP" }];

export default function MyOrders() {
  const { orders } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      <h1>{t("orders.buyer.myTitle")}</h1>
      <p>{t("orders.buyer.myLead")}</p>
      {orders.length === 0 ? (
        <>
          <p className="notice">{t("orders.empty")}</p>
          <p>
            <Link to="/tim-kiem" className="button">
              {t("orders.buyer.browse")}
            </Link>
          </p>
        </>
      ) : (
        <ul className="order-list">
          {orders.map((o) => (
            <OrderRow
              key={o.code}
              code={o.code}
              href={`/don-hang/${o.code}`}
              status={o.status}
              totalVnd={o.totalVnd}
            >
              {formatDateTime(o.createdAt, lang)} · {o.producer} ·{" "}
              {t("orders.itemCount", { count: o.itemCount })} · {t(`orders.methods.${o.method}`)}
            </OrderRow>
          ))}
        </ul>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
