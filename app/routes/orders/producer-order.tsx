// One order of a producer: /producer/:producerId/orders/:code. Another producer's code is a 404.
// Intents: pay (bank transfer received), confirm, ship (optional carrier/tracking), deliver, cancel
// (reason required). The state machine decides which are offered, and decides again on the server.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
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
  OrderTotal,
  RefundList,
} from "~/components/order-parts";
import { auditOrigin } from "~/modules/audit/audit.server";
import {
  deskFailure,
  formErrorKey,
  loadProducerOrder,
  producerOrderAction,
  reasonField,
  shippingNoteField,
} from "~/modules/orders/orders.server";
import { MAX_REASON, MAX_SHIPPING_NOTE } from "~/modules/orders/order-limits";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { formatDateTime, formatVnd } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const view = await loadProducerOrder(access, params.code);
  return data(
    { ...view, base: `/producer/${access.producer.id}/orders` },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const ProducerForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pay") }),
  z.object({ intent: z.literal("confirm") }),
  z.object({ intent: z.literal("ship"), shippingNote: shippingNoteField }),
  z.object({ intent: z.literal("deliver") }),
  z.object({ intent: z.literal("cancel"), reason: reasonField }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = ProducerForm.safeParse(form);
  const intent = typeof form.intent === "string" ? form.intent : null;
  if (!parsed.success) {
    // Another producer's order is a 404 before the form is even read.
    await loadProducerOrder(access, params.code);
    const { key, params: values } = formErrorKey(parsed.error);
    return data({ error: t(`orders.errors.${key}`, values), intent }, { status: 400 });
  }
  try {
    const done = await producerOrderAction(access, params.code, parsed.data, auditOrigin(context));
    const cookie = await setFlash(request, {
      kind: "success",
      message: t(`orders.done.${parsed.data.intent}`, { code: done.code }),
    });
    return redirect(`/producer/${access.producer.id}/orders/${done.code}`, {
      headers: { "Set-Cookie": cookie },
    });
  } catch (error) {
    const failure = deskFailure(error);
    if (!failure) throw error;
    return data(
      { error: t(`orders.errors.${failure.key}`, failure.params), intent },
      { status: failure.status },
    );
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: view }) => [
  { title: `${view ? view.order.code : "Đơn hàng"} · Cổng OCOP` },
];

export default function ProducerOrder() {
  const { order, delivery, items, events, refunds, actions, base } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const simple = (["pay", "confirm", "deliver"] as const).filter((a) => actions.includes(a));
  const hints: Record<string, string> = {
    pay: t("orders.producer.payHint", { amount: formatVnd(order.totalVnd), code: order.code }),
    confirm: t("orders.producer.confirmHint"),
  };
  return (
    <article className="order-page">
      <p>
        <Link to={base}>← {t("orders.back")}</Link>
      </p>
      <OrderHeading code={order.code} status={order.status}>
        {t("orders.placedAt", { time: formatDateTime(order.createdAt, lang) })} ·{" "}
        {t(`orders.methods.${order.method}`)}
        {order.paidAt ? ` · ${t("orders.payment.paid", { time: formatDateTime(order.paidAt, lang) })}` : ""}
      </OrderHeading>
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />

      {actions.length > 0 ? (
        <section className="card order-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("orders.producer.actionsTitle")}</h2>
          {simple.map((a) => (
            <Form key={a} method="post">
              <input type="hidden" name="intent" value={a} />
              {hints[a] ? <p className="meta">{hints[a]}</p> : null}
              <button type="submit" className="primary">
                {t(`orders.producer.${a}`)}
              </button>
            </Form>
          ))}
          {actions.includes("ship") ? (
            <Form method="post">
              <input type="hidden" name="intent" value="ship" />
              <div className="field">
                <label htmlFor="shipping-note">{t("orders.producer.shippingNote")}</label>
                <input
                  id="shipping-note"
                  name="shippingNote"
                  type="text"
                  maxLength={MAX_SHIPPING_NOTE}
                  aria-describedby="shipping-hint"
                  autoComplete="off"
                />
                <p className="hint" id="shipping-hint">
                  {t("orders.producer.shippingHint")}
                </p>
              </div>
              <button type="submit" className="primary">
                {t("orders.producer.ship")}
              </button>
            </Form>
          ) : null}
          {actions.includes("cancel") ? (
            <details className="order-cancel" open={actionData?.intent === "cancel"}>
              <summary>{t("orders.producer.cancel")}</summary>
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <div className="field">
                  <label htmlFor="cancel-reason">{t("orders.producer.cancelReason")}</label>
                  <textarea id="cancel-reason" name="reason" rows={2} maxLength={MAX_REASON} required />
                </div>
                <button type="submit" className="button danger">
                  {t("orders.producer.cancel")}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}

      <DeliveryAddress
        title={t("orders.producer.buyerTitle")}
        delivery={delivery}
        shippingNote={order.shippingNote}
        labelPhone
        note="plain"
      />

      <OrderItems items={items} lot="text">
        <OrderTotal totalVnd={order.totalVnd} refundedVnd={order.refundedVnd} />
        <RefundList refunds={refunds} />
      </OrderItems>

      <OrderTimeline events={events} />
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
