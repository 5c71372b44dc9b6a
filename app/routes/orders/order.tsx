// A buyer's order: /don-hang/:code (its buyer, signed in) or /don-hang/:code/:token (the private
// link mailed to a buyer without an account). Anyone else gets a 404, whether the order exists or
// not. Plain HTML, no JavaScript (handle.hydrate); the token in the URL is kept out of caches and
// of Referer headers.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import {
  DeliveryAddress,
  OrderHeading,
  OrderItems,
  OrderTimeline,
  RefundList,
} from "~/components/order-parts";
import { auditOrigin } from "~/modules/audit/audit.server";
import {
  buyerOrderAction,
  deskFailure,
  formErrorKey,
  loadBuyerOrder,
  optionalReasonField,
} from "~/modules/orders/orders.server";
import { MAX_REASON } from "~/modules/orders/order-limits";
import { formatDateTime, formatVnd } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export const handle = { hydrate: false };

// same-origin, not no-referrer: the token never leaves for another site either way, but under
// no-referrer a browser posts this page's forms with `Origin: null`, which the CSRF check refuses.
const PRIVATE = { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await loadBuyerOrder(request, params.code, params.token);
  return data(view, { headers: PRIVATE });
}

const BuyerForm = z.object({
  intent: z.enum(["cancel", "deliver", "complete"]),
  reason: optionalReasonField,
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const parsed = BuyerForm.safeParse(Object.fromEntries(await request.formData()));
  // The order is looked up (and access checked) before a bad form is answered: a stranger gets 404.
  if (!parsed.success) {
    await loadBuyerOrder(request, params.code, params.token);
    const { key, params: values } = formErrorKey(parsed.error);
    return data({ error: t(`orders.errors.${key}`, values) }, { status: 400, headers: PRIVATE });
  }
  try {
    const done = await buyerOrderAction(
      request,
      { code: params.code, token: params.token },
      parsed.data,
      auditOrigin(context),
    );
    const cookie = await setFlash(request, {
      kind: "success",
      message: t(`orders.done.${parsed.data.intent}`, { code: done.code }),
    });
    return redirect(new URL(request.url).pathname, { headers: { ...PRIVATE, "Set-Cookie": cookie } });
  } catch (error) {
    const failure = deskFailure(error);
    if (!failure) throw error;
    return data(
      { error: t(`orders.errors.${failure.key}`, failure.params) },
      { status: failure.status, headers: PRIVATE },
    );
  }
}

export const headers: HeadersFunction = () => PRIVATE;

export const meta: MetaFunction<typeof loader> = ({ data: view }) => [
  { title: `${view ? view.order.code : "Đơn hàng"} · Cổng OCOP` },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "same-origin" },
];

export default function BuyerOrder() {
  const { order, delivery, items, events, refunds, actions, transfer, signedIn } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <article className="order-page">
      {signedIn ? (
        <p>
          <Link to="/orders">← {t("orders.buyer.myTitle")}</Link>
        </p>
      ) : null}
      <OrderHeading code={order.code} status={order.status}>
        {t("orders.placedAt", { time: formatDateTime(order.createdAt, lang) })} ·{" "}
        <a href={order.producer.href}>{t("orders.from", { producer: order.producer.name })}</a>
      </OrderHeading>
      {!signedIn ? <p className="meta">{t("orders.buyer.privateLink")}</p> : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />

      {transfer ? (
        <section className="card order-transfer" aria-labelledby="transfer-title">
          <h2 id="transfer-title">{t("orders.transfer.title")}</h2>
          {transfer.missing ? (
            <>
              <p className="warning">{t("orders.transfer.missing")}</p>
              <p>{t("orders.transfer.missingHelp")}</p>
            </>
          ) : (
            <>
              <p>{t("orders.transfer.lead")}</p>
              {transfer.qrSvg ? (
                <div
                  className="order-qr"
                  role="img"
                  aria-label={t("orders.transfer.qrLabel", {
                    amount: formatVnd(transfer.amountVnd),
                    code: order.code,
                  })}
                  // Generated on the server by the qrcode package from digits and letters only.
                  dangerouslySetInnerHTML={{ __html: transfer.qrSvg }}
                />
              ) : (
                <p className="notice">{t("orders.transfer.noQr")}</p>
              )}
              <dl className="order-facts">
                <div>
                  <dt>{t("orders.transfer.bank")}</dt>
                  <dd>{transfer.bankName}</dd>
                </div>
                <div>
                  <dt>{t("orders.transfer.accountNumber")}</dt>
                  <dd className="order-copy">{transfer.accountNumber}</dd>
                </div>
                {transfer.accountName ? (
                  <div>
                    <dt>{t("orders.transfer.accountName")}</dt>
                    <dd>{transfer.accountName}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>{t("orders.transfer.amount")}</dt>
                  <dd className="order-copy">{formatVnd(transfer.amountVnd)}</dd>
                </div>
                <div>
                  <dt>{t("orders.transfer.message")}</dt>
                  <dd className="order-copy">{transfer.message}</dd>
                </div>
              </dl>
              {order.payBy ? (
                <p>{t("orders.transfer.deadline", { time: formatDateTime(order.payBy, lang) })}</p>
              ) : null}
              <p className="meta">{t("orders.transfer.afterPaid")}</p>
            </>
          )}
        </section>
      ) : null}

      <OrderItems items={items} linkProducts lot="own-line">
        <dl className="order-totals">
          {order.shippingVnd > 0 ? (
            <>
              <div>
                <dt>{t("orders.items.subtotal")}</dt>
                <dd>{formatVnd(order.subtotalVnd)}</dd>
              </div>
              <div>
                <dt>{t("orders.items.shipping")}</dt>
                <dd>{formatVnd(order.shippingVnd)}</dd>
              </div>
            </>
          ) : null}
          <div>
            <dt>{t("orders.items.total")}</dt>
            <dd>
              <strong>{formatVnd(order.totalVnd)}</strong>
            </dd>
          </div>
          {order.refundedVnd > 0 ? (
            <div>
              <dt>{t("orders.items.refunded")}</dt>
              <dd>{formatVnd(order.refundedVnd)}</dd>
            </div>
          ) : null}
        </dl>
      </OrderItems>

      <section aria-labelledby="payment-title">
        <h2 id="payment-title">{t("orders.payment.title")}</h2>
        <p>
          <strong>{t(`orders.methods.${order.method}`)}</strong>:{" "}
          {order.paidAt
            ? t("orders.payment.paid", { time: formatDateTime(order.paidAt, lang) })
            : order.status === "EXPIRED"
              ? t("orders.payment.expired")
              : order.method === "COD"
                ? t("orders.payment.cod")
                : order.status === "PENDING_PAYMENT"
                  ? order.payBy
                    ? t("orders.payment.awaiting", { time: formatDateTime(order.payBy, lang) })
                    : t("orders.payment.awaitingNoDeadline")
                  : t("orders.payment.notPaid")}
        </p>
        <RefundList refunds={refunds} heading />
      </section>

      <DeliveryAddress
        title={t("orders.delivery.title")}
        delivery={delivery}
        shippingNote={order.shippingNote}
        note="muted"
      />

      {actions.length > 0 ? (
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("orders.buyer.actionsTitle")}</h2>
          {actions.includes("deliver") ? (
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="deliver" />
              <button type="submit" className="primary">
                {t("orders.buyer.deliver")}
              </button>
            </Form>
          ) : null}
          {actions.includes("complete") ? (
            <Form method="post">
              <input type="hidden" name="intent" value="complete" />
              <p className="meta">{t("orders.buyer.completeHint")}</p>
              <button type="submit" className="primary">
                {t("orders.buyer.complete")}
              </button>
            </Form>
          ) : null}
          {actions.includes("cancel") ? (
            <Form method="post" className="order-cancel">
              <input type="hidden" name="intent" value="cancel" />
              <div className="field">
                <label htmlFor="cancel-reason">{t("orders.buyer.cancelReason")}</label>
                <textarea id="cancel-reason" name="reason" rows={2} maxLength={MAX_REASON} />
              </div>
              <button type="submit" className="button danger">
                {t("orders.buyer.cancel")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <OrderTimeline events={events} />
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
