// VNPay's IPN against the running server (on PGlite and on PostgreSQL): a checkout placed over
// HTTP like a browser without JavaScript, then signed IPNs as VNPay's servers send them (the e2e
// servers use the project's simulator with the demo merchant's secret).
import type { APIRequestContext } from "@playwright/test";
import { signParams } from "../../../app/modules/payments/vnpay";
import { expect, http, newClient, test } from "../support";

// The demo merchant of scripts/vnpay-simulator/demo.ts (what the e2e servers are configured with).
const TMN = "OCOPDEMO";
const SECRET = "demo-only-vnpay-hash-secret-change-me";

async function productId(client: APIRequestContext, path: string): Promise<string> {
  const html = await (await http(client, "GET", path)).text();
  return /name="productId" value="([0-9a-f-]{36})"/.exec(html)![1]!;
}

/** A guest's checkout paid by VNPay: the attempt's txnRef and amount, from the redirect to VNPay. */
async function placeVnpayCheckout(baseURL: string) {
  const client = await newClient(baseURL);
  const id = await productId(client, "/san-pham/tra-xanh-trung-khanh");
  const added = await http(client, "POST", "/gio-hang", {
    form: { intent: "add", productId: id, quantity: "1" },
  });
  expect(added.status()).toBe(302);
  const placed = await http(client, "POST", "/dat-hang", {
    form: {
      intent: "place",
      name: "Lê Văn Thử",
      phone: "0987654321",
      province: "01",
      commune: "00004",
      street: "1 Tràng Tiền",
      method: "VNPAY",
    },
  });
  expect(placed.status(), await placed.text()).toBe(303);
  const pay = new URL(placed.headers().location!);
  return {
    client,
    txnRef: pay.searchParams.get("vnp_TxnRef")!,
    amount: pay.searchParams.get("vnp_Amount")!,
    returnUrl: pay.searchParams.get("vnp_ReturnUrl")!,
  };
}

function ipn(fields: Record<string, string>) {
  const params: Record<string, string> = {
    vnp_TmnCode: TMN,
    vnp_ResponseCode: "00",
    vnp_TransactionStatus: "00",
    vnp_TransactionNo: "14123456",
    vnp_BankCode: "NCB",
    vnp_CardType: "ATM",
    vnp_PayDate: "20261201100000",
    vnp_OrderInfo: "Thanh toan don hang",
    ...fields,
  };
  return `/payments/vnpay/ipn?${new URLSearchParams({ ...params, vnp_SecureHash: signParams(params, SECRET) })}`;
}

const reply = async (client: APIRequestContext, url: string) => {
  const res = await http(client, "GET", url);
  expect(res.status()).toBe(200);
  return (await res.json()) as { RspCode: string; Message: string };
};

test.describe("VNPay IPN on the running server", () => {
  test("the same valid IPN 20 times at once: one state change; 00 once, then 02", async ({ baseURL }) => {
    const { client, txnRef, amount } = await placeVnpayCheckout(baseURL!);
    const url = ipn({ vnp_TxnRef: txnRef, vnp_Amount: amount });
    const replies = await Promise.all(Array.from({ length: 20 }, () => reply(client, url)));
    expect(replies.filter((r) => r.RspCode === "00")).toHaveLength(1);
    expect(replies.filter((r) => r.RspCode === "02")).toHaveLength(19);
    expect(replies.find((r) => r.RspCode === "00")!.Message).toBe("Confirm Success");
    expect(await reply(client, url)).toEqual({ RspCode: "02", Message: "Order already confirmed" });
  });

  test("changed amount → 04, changed signature → 97, unknown order → 01; then the real one → 00", async ({
    baseURL,
  }) => {
    const { client, txnRef, amount } = await placeVnpayCheckout(baseURL!);
    const wrongAmount = ipn({ vnp_TxnRef: txnRef, vnp_Amount: String(Number(amount) + 100) });
    expect(await reply(client, wrongAmount)).toEqual({ RspCode: "04", Message: "Invalid amount" });
    const tampered = new URL(ipn({ vnp_TxnRef: txnRef, vnp_Amount: amount }), "http://x");
    tampered.searchParams.set("vnp_Amount", "100000");
    expect(await reply(client, tampered.pathname + tampered.search)).toEqual({
      RspCode: "97",
      Message: "Invalid signature",
    });
    expect(await reply(client, ipn({ vnp_TxnRef: "KHONGCODONNAY1", vnp_Amount: amount }))).toEqual({
      RspCode: "01",
      Message: "Order not found",
    });
    // None of them changed anything: VNPay's real notification still settles the payment.
    expect((await reply(client, ipn({ vnp_TxnRef: txnRef, vnp_Amount: amount }))).RspCode).toBe("00");
  });

  test("a 'success' return without an IPN shows 'waiting for VNPay', not 'paid'", async ({ baseURL }) => {
    const { client, txnRef, amount, returnUrl } = await placeVnpayCheckout(baseURL!);
    // What VNPay would append to the return URL, signed, but no IPN has arrived.
    const params: Record<string, string> = {
      vnp_TmnCode: TMN,
      vnp_TxnRef: txnRef,
      vnp_Amount: amount,
      vnp_ResponseCode: "00",
      vnp_TransactionStatus: "00",
      vnp_TransactionNo: "14999999",
      vnp_BankCode: "NCB",
      vnp_PayDate: "20261201100000",
      vnp_OrderInfo: "Thanh toan don hang",
    };
    const back = new URL(returnUrl);
    const res = await http(
      client,
      "GET",
      `${back.pathname}?${new URLSearchParams({ ...params, vnp_SecureHash: signParams(params, SECRET) })}`,
    );
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).toContain("đang chờ VNPay xác nhận");
    expect(html).not.toContain("Thanh toán thành công");
    // The IPN then settles it; the same return page now says paid.
    expect((await reply(client, ipn({ vnp_TxnRef: txnRef, vnp_Amount: amount }))).RspCode).toBe("00");
    const again = await http(
      client,
      "GET",
      `${back.pathname}?${new URLSearchParams({ ...params, vnp_SecureHash: signParams(params, SECRET) })}`,
    );
    expect(await again.text()).toContain("Thanh toán thành công");
  });
});
