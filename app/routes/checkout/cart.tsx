// The cart: /gio-hang. GET shows it grouped by producer (one order each); POST intents add (from a
// product page), set (a line's quantity) and remove. Plain forms: works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { MAX_LINE_QUANTITY } from "~/modules/orders/cart-limits";
import { addToCart, CartError, loadCart, setCartQuantity } from "~/modules/orders/cart.server";
import { productHref } from "~/components/product-card";
import { formatVnd } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { safeRedirect } from "~/utils/redirect";
import { setFlash } from "~/utils/session.server";

export const handle = { hydrate: false };

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cart, setCookie } = await loadCart(request);
  return data(
    { cart },
    { headers: { "Cache-Control": "private, no-store", ...(setCookie ? { "Set-Cookie": setCookie } : {}) } },
  );
}

const Quantity = z.coerce.number().int().min(0).max(MAX_LINE_QUANTITY);
const CartForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    productId: z.uuid(),
    quantity: Quantity.min(1).default(1),
    back: z.string().optional(),
  }),
  z.object({ intent: z.literal("set"), productId: z.uuid(), quantity: Quantity }),
  z.object({ intent: z.literal("remove"), productId: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = CartForm.safeParse(form);
  if (!parsed.success) return data({ error: t("cart.errors.quantity") }, { status: 400 });
  const input = parsed.data;
  const headers = new Headers();
  try {
    if (input.intent === "add") {
      const added = await addToCart(request, input.productId, input.quantity);
      if (added.setCookie) headers.append("Set-Cookie", added.setCookie);
      headers.append("Set-Cookie", await setFlash(request, { kind: "success", message: t("cart.updated") }));
      return redirect(safeRedirect(input.back, "/gio-hang"), { headers });
    }
    const done = await setCartQuantity(
      request,
      input.productId,
      input.intent === "remove" ? 0 : input.quantity,
    );
    if (done.setCookie) headers.append("Set-Cookie", done.setCookie);
    const removed = input.intent === "remove" || input.quantity === 0;
    headers.append(
      "Set-Cookie",
      await setFlash(request, { kind: "success", message: t(removed ? "cart.removed" : "cart.updated") }),
    );
    return redirect("/gio-hang", { headers });
  } catch (error) {
    if (!(error instanceof CartError)) throw error;
    const message = t(`cart.errors.${error.code}`, error.params);
    return data({ error: message }, { status: error.code === "unavailable" ? 404 : 409 });
  }
}

function ActionError() {
  const result = useActionData<typeof action>();
  return result && "error" in result ? (
    <p className="flash flash-error" role="alert">
      {result.error}
    </p>
  ) : null;
}

export default function Cart() {
  const { cart } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (cart.groups.length === 0)
    return (
      <>
        <h1>{t("cart.title")}</h1>
        <ActionError />
        <p>{t("cart.empty")}</p>
        <p>
          <Link to="/tim-kiem" className="button">
            {t("cart.browse")}
          </Link>
        </p>
      </>
    );
  return (
    <>
      <h1>{t("cart.title")}</h1>
      <ActionError />
      <p className="meta">{t("cart.perProducer")}</p>
      {cart.groups.map((group) => (
        <section
          key={group.producer.id}
          className="card cart-group"
          aria-labelledby={`cart-${group.producer.id}`}
        >
          <h2 id={`cart-${group.producer.id}`}>{t("cart.from", { producer: group.producer.name })}</h2>
          <ul className="cart-lines">
            {group.lines.map((line) => (
              <li key={line.productId} className="cart-line">
                {line.photo ? <img src={line.photo} alt="" width={64} height={64} loading="lazy" /> : null}
                <div className="cart-line-main">
                  <Link to={productHref(line.slug)}>{line.name}</Link>
                  <p className="meta">
                    {formatVnd(line.priceVnd)} / {line.unit}
                  </p>
                  {line.problem ? (
                    <p className="field-error" role="alert">
                      {t(`cart.problems.${line.problem}`, { stock: line.stock, min: line.minOrder })}
                    </p>
                  ) : null}
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="productId" value={line.productId} />
                    <label htmlFor={`qty-${line.productId}`} className="sr-only">
                      {t("cart.quantity")}
                    </label>
                    <input
                      id={`qty-${line.productId}`}
                      name="quantity"
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={MAX_LINE_QUANTITY}
                      defaultValue={line.quantity}
                      className="qty"
                    />
                    <button type="submit" name="intent" value="set" className="button secondary">
                      {t("cart.update")}
                    </button>
                    <button type="submit" name="intent" value="remove" className="link-button">
                      {t("cart.remove")}
                    </button>
                  </Form>
                </div>
                <p className="cart-line-total">{formatVnd(line.lineTotalVnd)}</p>
              </li>
            ))}
          </ul>
          <p className="cart-subtotal">
            {t("cart.subtotal")}: <strong>{formatVnd(group.subtotalVnd)}</strong>
          </p>
        </section>
      ))}
      <p className="cart-total">
        {t("cart.total")}: <strong>{formatVnd(cart.totalVnd)}</strong>
      </p>
      {cart.ready ? (
        <p>
          <Link to="/dat-hang" className="button primary">
            {t("cart.checkout")}
          </Link>
        </p>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
