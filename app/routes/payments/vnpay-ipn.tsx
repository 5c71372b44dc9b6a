// GET /payments/vnpay/ipn — VNPay's server-to-server payment notification (the "IPN URL" of the
// merchant configuration). Always answers 200 with VNPay's JSON {RspCode, Message}; see
// payments.server.ts for the rules. No session, no page: a resource route.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleVnpayIpn } from "~/modules/payments/payments.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const reply = await handleVnpayIpn(new URL(request.url));
  return new Response(JSON.stringify(reply), {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
