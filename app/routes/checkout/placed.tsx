// /dat-hang/xong/:checkoutId — after a cash-on-delivery or bank-transfer checkout: the orders and
// their private links, for the browser that placed it (or its signed-in buyer) only.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { OrderLinks } from "~/components/order-links";
import { mayViewCheckout } from "~/modules/orders/checkout.server";
import { privateOrderPath } from "~/modules/orders/order-links.server";
import { prisma } from "~/utils/db.server";
import { formatVnd } from "~/utils/format";

export const handle = { hydrate: false };

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = z.uuid().safeParse(params.checkoutId);
  const checkout = id.success
    ? await prisma.checkout.findUnique({
        where: { id: id.data },
        select: {
          id: true,
          buyerId: true,
          method: true,
          totalVnd: true,
          orders: {
            orderBy: { createdAt: "asc" },
            select: {
              id: true,
              code: true,
              totalVnd: true,
              accessTokenHash: true,
              producer: { select: { name: true } },
            },
          },
        },
      })
    : null;
  if (!checkout || !(await mayViewCheckout(request, checkout)))
    throw new Response("Not found", { status: 404 });
  return data(
    {
      method: checkout.method,
      totalVnd: checkout.totalVnd,
      orders: checkout.orders.map((o) => ({
        code: o.code,
        totalVnd: o.totalVnd,
        producer: o.producer.name,
        href: privateOrderPath(o),
      })),
    },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export default function Placed() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("placed.title")}</h1>
      <p>{t("placed.lead")}</p>
      <p className="meta">{t("placed.keepLink")}</p>
      <OrderLinks orders={page.orders} />
      <p className="cart-total">
        {t("cart.total")}: <strong>{formatVnd(page.totalVnd)}</strong>
      </p>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
