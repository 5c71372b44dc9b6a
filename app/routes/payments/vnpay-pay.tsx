// POST /payments/vnpay/pay/:checkoutId — another VNPay attempt (a new vnp_TxnRef) for a checkout
// whose payment failed, while its deadline has not passed. Only its buyer or the browser that placed it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { mayViewCheckout } from "~/modules/orders/checkout.server";
import { createVnpayAttempt, PaymentError } from "~/modules/payments/payments.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export function loader(_: LoaderFunctionArgs) {
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = z.uuid().safeParse(params.checkoutId);
  const checkout = id.success
    ? await prisma.checkout.findUnique({ where: { id: id.data }, select: { id: true, buyerId: true } })
    : null;
  if (!checkout || !(await mayViewCheckout(request, checkout)))
    throw new Response("Not found", { status: 404 });
  const { t, locale } = await getT(request);
  try {
    const url = await createVnpayAttempt(checkout.id, { ip: context.clientIp ?? "127.0.0.1", locale });
    return redirect(url, { status: 303 });
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    return redirect(`/dat-hang/xong/${checkout.id}`, {
      status: 303,
      headers: {
        "Set-Cookie": await setFlash(request, { kind: "error", message: t("checkout.errors.notPayable") }),
      },
    });
  }
}
