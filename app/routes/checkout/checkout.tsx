// Checkout: /dat-hang. One plain form: who receives the goods, where, and how to pay. Choosing a
// province posts the form back (intent=province) to list its communes, keeping what was typed, so
// it works without JavaScript and no 3,321-commune list reaches the phone.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { FieldErrors } from "~/components/forms";
import { auditOrigin } from "~/modules/audit/audit.server";
import { loadCart } from "~/modules/orders/cart.server";
import { checkoutSchema } from "~/modules/orders/checkout-schema";
import {
  CheckoutError,
  checkoutOptions,
  placeCheckout,
  rememberCheckout,
} from "~/modules/orders/checkout.server";
import { PaymentError } from "~/modules/payments/payments.server";
import { formatVnd } from "~/utils/format";
import { getT } from "~/utils/locale.server";

export const handle = { hydrate: false };

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

const FIELDS = ["name", "phone", "email", "province", "commune", "street", "note", "method"] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;

async function pageData(request: Request, values: Values) {
  const { cart } = await loadCart(request);
  if (!cart.ready) return null;
  const options = await checkoutOptions(
    request,
    values.province ?? new URL(request.url).searchParams.get("province"),
  );
  return { cart, ...options };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const page = await pageData(request, {});
  if (!page) throw redirect("/gio-hang");
  return data(page, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t, locale } = await getT(request);
  const form = await request.formData();
  const values: Values = {};
  for (const name of FIELDS) {
    const value = form.get(name);
    if (typeof value === "string" && value.trim() !== "") values[name] = value.slice(0, 1000);
  }
  const page = await pageData(request, values);
  if (!page) return redirect("/gio-hang");
  const reply = (status: number, errors: Record<string, string[]> = {}, formError?: string) =>
    data({ values, errors, formError, page }, { status });
  // A province was chosen: show its communes, keep everything typed (the commune no longer fits).
  if (form.get("intent") === "province") return reply(200, {});

  const parsed = checkoutSchema(t).safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
    return reply(400, errors);
  }
  if (!page.methods.includes(parsed.data.method))
    return reply(400, { method: [t("checkout.errors.methodUnavailable")] });
  try {
    const placed = await placeCheckout(request, parsed.data, { ...auditOrigin(context), locale });
    const headers = { "Set-Cookie": await rememberCheckout(request, placed.checkoutId) };
    if (placed.paymentUrl) return redirect(placed.paymentUrl, { status: 303, headers });
    return redirect(`/dat-hang/xong/${placed.checkoutId}`, { status: 303, headers });
  } catch (error) {
    if (error instanceof CheckoutError) {
      const message = t(`checkout.errors.${error.code}`, error.params);
      if (error.code === "commune") return reply(400, { commune: [message] });
      return reply(error.status, {}, message);
    }
    if (error instanceof PaymentError) return reply(409, {}, t("checkout.errors.methodUnavailable"));
    throw error;
  }
}

export default function Checkout() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const page = result && "page" in result && result.page ? result.page : loaded;
  const values: Values = result && "values" in result ? result.values : { name: loaded.defaults.name };
  const errors: Record<string, string[]> = result && "errors" in result ? result.errors : {};
  const formError = result && "formError" in result ? result.formError : undefined;
  const field = (name: (typeof FIELDS)[number]) => ({
    id: `co-${name}`,
    name,
    defaultValue: values[name] ?? "",
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `co-${name}-error` : undefined,
  });
  const method = values.method ?? page.methods[0];
  return (
    <div className="form-wide">
      <h1>{t("checkout.title")}</h1>
      <p className="meta">{t("checkout.lead")}</p>
      {formError ? (
        <p className="flash flash-error" role="alert">
          {formError} <Link to="/gio-hang">{t("cart.title")}</Link>
        </p>
      ) : null}
      <Form method="post" className="card" noValidate>
        <fieldset>
          <legend>{t("checkout.contact")}</legend>
          <div className="field">
            <label htmlFor="co-name">{t("checkout.fields.name")}</label>
            <input {...field("name")} type="text" autoComplete="name" maxLength={100} required />
            <FieldErrors id="co-name-error" errors={errors.name} />
          </div>
          <div className="field">
            <label htmlFor="co-phone">{t("checkout.fields.phone")}</label>
            <input {...field("phone")} type="tel" inputMode="tel" autoComplete="tel" required />
            <FieldErrors id="co-phone-error" errors={errors.phone} />
          </div>
          <div className="field">
            <label htmlFor="co-email">{t("checkout.fields.email")}</label>
            <input {...field("email")} type="email" autoComplete="email" />
            <FieldErrors id="co-email-error" errors={errors.email} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("checkout.address")}</legend>
          <div className="field">
            <label htmlFor="co-province">{t("checkout.fields.province")}</label>
            <div className="inline-form">
              <select {...field("province")} defaultValue={page.province}>
                <option value="">—</option>
                {page.provinces.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                  </option>
                ))}
              </select>
              <button
                type="submit"
                name="intent"
                value="province"
                className="button secondary"
                formNoValidate
              >
                {t("producer.chooseProvince")}
              </button>
            </div>
            <FieldErrors id="co-province-error" errors={errors.province} />
          </div>
          <div className="field">
            <label htmlFor="co-commune">{t("checkout.fields.commune")}</label>
            <select {...field("commune")} key={page.province}>
              <option value="">—</option>
              {page.communes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.type} {c.name}
                </option>
              ))}
            </select>
            <FieldErrors id="co-commune-error" errors={errors.commune} />
          </div>
          <div className="field">
            <label htmlFor="co-street">{t("checkout.fields.street")}</label>
            <input {...field("street")} type="text" autoComplete="street-address" maxLength={200} required />
            <FieldErrors id="co-street-error" errors={errors.street} />
          </div>
          <div className="field">
            <label htmlFor="co-note">{t("checkout.fields.note")}</label>
            <textarea {...field("note")} rows={2} maxLength={500} />
            <FieldErrors id="co-note-error" errors={errors.note} />
          </div>
        </fieldset>
        <fieldset aria-describedby={errors.method ? "co-method-error" : undefined}>
          <legend>{t("checkout.payment")}</legend>
          {page.methods.map((m) => (
            <div key={m} className="choice">
              <input
                type="radio"
                id={`co-method-${m}`}
                name="method"
                value={m}
                defaultChecked={m === method}
              />
              <label htmlFor={`co-method-${m}`}>
                {t(`checkout.methods.${m}`)}
                <span className="hint">
                  {t(`checkout.methodHints.${m}`, { minutes: page.windowMinutes, hours: page.transferHours })}
                </span>
              </label>
            </div>
          ))}
          <FieldErrors id="co-method-error" errors={errors.method} />
        </fieldset>
        <section aria-labelledby="co-summary">
          <h2 id="co-summary">{t("checkout.summary")}</h2>
          <ul className="checkout-summary">
            {page.cart.groups.map((g) => (
              <li key={g.producer.id}>
                <strong>{g.producer.name}</strong>
                <ul>
                  {g.lines.map((l) => (
                    <li key={l.productId}>
                      {l.name} × {l.quantity} — {formatVnd(l.lineTotalVnd)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <p className="cart-total">
            {t("cart.total")}: <strong>{formatVnd(page.cart.totalVnd)}</strong>
          </p>
          <p className="hint">{t("checkout.reserved")}</p>
        </section>
        <button type="submit" name="intent" value="place" className="primary" disabled={busy}>
          {method === "VNPAY" ? t("checkout.place") : t("checkout.placeOther")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
