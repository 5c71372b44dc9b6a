// One order for operators: /operator/orders/:code, with its VNPay attempts and refunds. Intents:
// cancel (unpaid, or confirmed cash on delivery; reason required) and refund (VNPay-paid orders;
// whole VND up to what is left, reason required).
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
  amountField,
  deskFailure,
  formErrorKey,
  loadOperatorOrder,
  operatorCancel,
  operatorRefund,
  reasonField,
} from "~/modules/orders/orders.server";
import { MAX_REASON } from "~/modules/orders/order-limits";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime, formatVnd } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  const view = await loadOperatorOrder(params.code);
  return data(view, { headers: { "Cache-Control": "private, no-store" } });
}

const OperatorForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel"), reason: reasonField }),
  z.object({ intent: z.literal("refund"), amountVnd: amountField, reason: reasonField }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR");
  const { t } = await getT(request);
  const form = Object.fromEntries(await request.formData());
  const intent = typeof form.intent === "string" ? form.intent : null;
  const parsed = OperatorForm.safeParse(form);
  if (!parsed.success) {
    await loadOperatorOrder(params.code);
    const { key, params: values } = formErrorKey(parsed.error);
    return data({ error: t(`orders.errors.${key}`, values), intent }, { status: 400 });
  }
  const input = parsed.data;
  try {
    let message: { kind: "success" | "error"; message: string };
    let code: string;
    if (input.intent === "cancel") {
      const done = await operatorCancel(operator, params.code, input.reason, auditOrigin(context));
      code = done.code;
      message = { kind: "success", message: t("orders.done.cancel", { code }) };
    } else {
      const result = await operatorRefund(operator, params.code, input, auditOrigin(context));
      code = result.code;
      message = result.ok
        ? { kind: "success", message: t("orders.done.refund", { code, amount: formatVnd(input.amountVnd) }) }
        : {
            kind: "error",
            message: t("orders.done.refundFailed", { responseCode: result.responseCode ?? "?" }),
          };
    }
    const cookie = await setFlash(request, message);
    return redirect(`/operator/orders/${code}`, { headers: { "Set-Cookie": cookie } });
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
  { title: `${view ? view.order.code : "Đơn hàng"} · Vận hành · Cổng OCOP` },
];

export default function OperatorOrder() {
  const { order, delivery, items, events, refunds, attempts, leftVnd, canCancel, canRefund } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <article className="order-page">
      <p>
        <Link to="/operator/orders">← {t("orders.back")}</Link>
      </p>
      <OrderHeading code={order.code} status={order.status}>
        {t("orders.placedAt", { time: formatDateTime(order.createdAt, lang) })} ·{" "}
        {t("orders.from", { producer: `${order.producer.name} (${order.producer.province})` })} ·{" "}
        {t(`orders.methods.${order.method}`)}
      </OrderHeading>
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />

      <OrderItems items={items} lot="link">
        <OrderTotal totalVnd={order.totalVnd} refundedVnd={order.refundedVnd} />
      </OrderItems>

      <DeliveryAddress
        title={t("orders.operator.buyerTitle")}
        delivery={delivery}
        shippingNote={order.shippingNote}
        showEmail
        note="hidden"
      />

      <section aria-labelledby="attempts-title">
        <h2 id="attempts-title">{t("orders.operator.attempts.title")}</h2>
        {attempts.length === 0 ? (
          <p className="meta">{t("orders.operator.attempts.none")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("orders.operator.attempts.time")}</th>
                <th>{t("orders.operator.attempts.txnRef")}</th>
                <th>{t("orders.operator.attempts.amount")}</th>
                <th>{t("orders.operator.attempts.status")}</th>
                <th>{t("orders.operator.attempts.responseCode")}</th>
                <th>{t("orders.operator.attempts.bank")}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.createdAt, lang)}</td>
                  <td className="nowrap">{a.txnRef}</td>
                  <td className="nowrap">{formatVnd(a.amountVnd)}</td>
                  <td>{t(`orders.operator.attempts.statuses.${a.status}`, { defaultValue: a.status })}</td>
                  <td>{a.responseCode ?? "—"}</td>
                  <td>{a.bankCode ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <RefundList refunds={refunds} heading details />
      </section>

      {canCancel || canRefund ? (
        <section className="card order-actions" aria-label={t("orders.producer.actionsTitle")}>
          {canRefund ? (
            <Form method="post">
              <h2>{t("orders.operator.refundTitle")}</h2>
              <p className="meta">{t("orders.refunds.left", { amount: formatVnd(leftVnd) })}</p>
              <input type="hidden" name="intent" value="refund" />
              <div className="field">
                <label htmlFor="refund-amount">{t("orders.operator.refundAmount")}</label>
                <input
                  id="refund-amount"
                  name="amountVnd"
                  type="text"
                  inputMode="numeric"
                  defaultValue={leftVnd}
                  required
                />
              </div>
              <div className="field">
                <label htmlFor="refund-reason">{t("orders.operator.refundReason")}</label>
                <textarea id="refund-reason" name="reason" rows={2} maxLength={MAX_REASON} required />
              </div>
              <button type="submit" className="button danger">
                {t("orders.operator.refund")}
              </button>
            </Form>
          ) : null}
          {canCancel ? (
            <Form method="post">
              <h2>{t("orders.operator.cancelTitle")}</h2>
              <input type="hidden" name="intent" value="cancel" />
              <div className="field">
                <label htmlFor="cancel-reason">{t("orders.operator.cancelReason")}</label>
                <textarea id="cancel-reason" name="reason" rows={2} maxLength={MAX_REASON} required />
              </div>
              <button type="submit" className="button danger">
                {t("orders.operator.cancel")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : (
        <p className="meta">{t("orders.operator.noActions")}</p>
      )}

      <OrderTimeline events={events} />
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
