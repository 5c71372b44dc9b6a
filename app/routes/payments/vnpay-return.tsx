// GET /payments/vnpay/return — where VNPay sends the buyer back (the "Return URL"). It only shows
// the result: the state comes from the database, which only the IPN (or reconciliation) changes.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { OrderLinks } from "~/components/order-links";
import { mayViewCheckout } from "~/modules/orders/checkout.server";
import { privateOrderPath } from "~/modules/orders/order-links.server";
import { vnpayReturnView } from "~/modules/payments/payments.server";
import { formatVnd } from "~/utils/format";

export const handle = { hydrate: false };

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await vnpayReturnView(new URL(request.url));
  // same-origin: no-referrer would make the retry form post with `Origin: null` (refused as CSRF).
  const headers = { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };
  if (view.state === "invalid")
    return data({ state: view.state, amountVnd: null, orders: [], retry: null }, { status: 400, headers });
  const { checkout } = view;
  const mine = await mayViewCheckout(request, checkout);
  return data(
    {
      state: view.state,
      amountVnd: view.amountVnd,
      orders: mine
        ? checkout.orders.map((o) => ({
            code: o.code,
            totalVnd: o.totalVnd,
            producer: o.producer.name,
            href: privateOrderPath(o),
          }))
        : [],
      retry: mine && view.canRetry ? `/payments/vnpay/pay/${checkout.id}` : null,
    },
    { headers },
  );
}

export default function VnpayReturn() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("vnpay.title")}</h1>
      <p
        className={`flash flash-${page.state === "paid" ? "success" : page.state === "pending" ? "info" : "error"}`}
        role="status"
      >
        {t(`vnpay.${page.state}`)}
      </p>
      {page.amountVnd ? <p>{t("vnpay.amount", { amount: formatVnd(page.amountVnd) })}</p> : null}
      {page.retry ? (
        <Form method="post" action={page.retry}>
          <button type="submit" className="primary">
            {t("vnpay.retry")}
          </button>
        </Form>
      ) : null}
      {page.state === "pending" ? (
        <p>
          <a href="" className="button secondary">
            {t("vnpay.refresh")}
          </a>
        </p>
      ) : null}
      {page.orders.length ? (
        <>
          <h2>{t("vnpay.orders")}</h2>
          <OrderLinks orders={page.orders} />
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
