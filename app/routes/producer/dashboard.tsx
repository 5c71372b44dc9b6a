import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { photoUrl } from "~/modules/photos/urls";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { listChanges } from "~/modules/producers/producers.server";
import { listProducerProducts } from "~/modules/products/registration.server";
import { producerWaitingCount } from "~/modules/orders/orders.server";
import { formatDateTime, formatVnd } from "~/utils/format";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const [products, changes, waitingOrders] = await Promise.all([
    listProducerProducts(access.producer.id),
    listChanges(access.producer.id, 10),
    producerWaitingCount(access.producer.id),
  ]);
  return { producer: access.producer, products, changes, waitingOrders };
}

export default function Dashboard() {
  const { producer, products, changes, waitingOrders } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "vi";
  const base = `/producer/${producer.id}`;
  return (
    <>
      <h1>{producer.name}</h1>
      <p className="actions">
        <Link to={`${base}/products/new`} className="button">
          {t("producer.newProduct")}
        </Link>
        <Link
          to={waitingOrders > 0 ? `${base}/orders?waiting=1` : `${base}/orders`}
          className="button secondary"
        >
          {t("orders.producer.dashboardLink")}
          {waitingOrders > 0 ? ` · ${t("orders.producer.waiting", { count: waitingOrders })}` : ""}
        </Link>
      </p>
      {products.length === 0 ? (
        <p className="card">{t("producer.noProducts")}</p>
      ) : (
        <ul className="product-rows">
          {products.map((p) => (
            <li key={p.id}>
              <Link to={`${base}/products/${p.id}`} className="product-row">
                {p.photos[0] ? (
                  <img
                    src={photoUrl(p.photos[0].hash, 320, "webp")}
                    alt=""
                    width={64}
                    height={48}
                    loading="lazy"
                  />
                ) : (
                  <span className="thumb-empty" aria-hidden="true" />
                )}
                <span>
                  <strong>{p.name}</strong>
                  <br />
                  <span className="meta">
                    {formatVnd(p.priceVnd)} / {p.unit}
                  </span>
                  <span className="row-status">
                    <span className="pill">{t(`status.${p.status}`)}</span>
                    {p.listedAt ? (
                      <span className="pill listed">{t("products.lifecycle.visible")}</span>
                    ) : null}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {changes.length ? (
        <>
          <h2>{t("producer.recentChanges")}</h2>
          <ul className="changes">
            {changes.map((c) => (
              <li key={c.id}>
                {formatDateTime(c.createdAt, locale)} · {c.actor.name}
                {c.viaHelper ? ` (${t("producer.viaHelperTag")})` : ""} · {c.entity} {c.action}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
