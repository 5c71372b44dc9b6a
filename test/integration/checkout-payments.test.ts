// Cart → checkout → VNPay, through the routes with real Requests on this file's own database and
// the project's VNPay simulator on loopback: stock reserved and never oversold, the IPN's rules,
// the return page that only shows, reconciliation with querydr, and refunds.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest, ORIGIN } from "../support/routes";

const TMN = "TESTTMN1";
const SECRET = "integration-test-vnpay-secret";
const { startVnpaySimulator } = await import("../../scripts/vnpay-simulator/server");
// The simulator's IPNs come to this file's own little server, which runs the app's IPN route.
const http = await import("node:http");
const ipnRoute = await import("~/routes/payments/vnpay-ipn");
const ipnServer = http.createServer((req, res) => {
  void (async () => {
    const response = (await ipnRoute.loader({
      request: new Request(`${ORIGIN}${req.url}`),
      params: {},
      context: {} as never,
    })) as Response;
    res.writeHead(response.status, { "Content-Type": "application/json" });
    res.end(await response.text());
  })();
});
await new Promise<void>((resolve) => ipnServer.listen(0, "127.0.0.1", resolve));
const ipnPort = (ipnServer.address() as { port: number }).port;
const sim = await startVnpaySimulator({
  port: 0,
  host: "127.0.0.1",
  tmnCode: TMN,
  hashSecret: SECRET,
  ipnUrl: `http://127.0.0.1:${ipnPort}/payments/vnpay/ipn`,
  ipnRetryDelaysMs: 50,
});
process.env.VNPAY_TMN_CODE = TMN;
process.env.VNPAY_HASH_SECRET = SECRET;
process.env.VNPAY_PAY_URL = sim.payUrl;
process.env.VNPAY_API_URL = sim.apiUrl;
process.env.APP_ORIGIN = ORIGIN;
(await import("~/utils/env.server")).rereadEnv();

const { prisma } = await import("~/utils/db.server");
const { signParams } = await import("~/modules/payments/vnpay");
const { reconcilePayments, refundOrder, handleVnpayIpn } = await import("~/modules/payments/payments.server");
const cartRoute = await import("~/routes/checkout/cart");
const checkoutRoute = await import("~/routes/checkout/checkout");
const returnRoute = await import("~/routes/payments/vnpay-return");
const placedRoute = await import("~/routes/checkout/placed");

afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => ipnServer.close(resolve));
});

let commune: { code: string; provinceCode: string };
const products = {} as Record<"tea" | "honey" | "last", { id: string; priceVnd: number }>;
let operator: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  await prisma.province.createMany({
    data: [
      { code: "66", name: "Đắk Lắk", type: "tỉnh" },
      { code: "68", name: "Lâm Đồng", type: "tỉnh" },
    ],
    skipDuplicates: true,
  });
  await prisma.commune.createMany({
    data: [
      { code: "24400", name: "Ea Tu", type: "xã", provinceCode: "66" },
      { code: "24670", name: "Đắk Mil", type: "xã", provinceCode: "68" },
    ],
    skipDuplicates: true,
  });
  commune = { code: "24400", provinceCode: "66" };
  const a = await createProducer(prisma, { communeCode: "24400", name: "HTX Chè Thử" });
  const b = await createProducer(prisma, { communeCode: "24400", name: "HTX Mật ong Thử" });
  const make = async (producerId: string, name: string, priceVnd: number, stock: number) => {
    const p = await createProduct(prisma, { producerId, name, priceVnd, stock, status: "APPROVED" });
    return { id: p.id, priceVnd };
  };
  products.tea = await make(a.id, "Chè Shan tuyết", 120_000, 10);
  products.honey = await make(b.id, "Mật ong bạc hà", 250_000, 10);
  products.last = await make(b.id, "Mật ong rừng (lô cuối)", 300_000, 1);
  operator = await createUser(prisma, { role: "OPERATOR" });
});

beforeEach(async () => {
  await fetch(`${sim.url}/_sim/settings`, { method: "POST", body: JSON.stringify({ sendIpn: true }) });
});

/** A guest's browser: its cookies, kept across requests. */
function browser() {
  let jar = "";
  const keep = (headers: Headers) => {
    const set = cookiesFrom(headers);
    if (!set) return;
    const cookies = new Map(
      jar
        .split("; ")
        .filter(Boolean)
        .map((c) => [c.split("=")[0], c] as const),
    );
    for (const c of set.split("; ")) cookies.set(c.split("=")[0], c);
    jar = [...cookies.values()].join("; ");
  };
  return {
    get cookie() {
      return jar;
    },
    async add(productId: string, quantity: number) {
      const res = await callAction(
        cartRoute.action,
        formRequest("/gio-hang", { intent: "add", productId, quantity: String(quantity) }, jar),
      );
      keep(res.headers);
      return res;
    },
    async checkout(fields: Record<string, string> = {}) {
      const res = await callAction(
        checkoutRoute.action,
        formRequest(
          "/dat-hang",
          {
            intent: "place",
            name: "Nguyễn Văn Mua",
            phone: "0912 345 678",
            email: "mua@example.test",
            province: commune.provinceCode,
            commune: commune.code,
            street: "12 Lê Lợi",
            method: "VNPAY",
            ...fields,
          },
          jar,
        ),
      );
      keep(res.headers);
      return res;
    },
    keep,
  };
}

const stockOf = async (id: string) => (await prisma.product.findUniqueOrThrow({ where: { id } })).stock;

/** Pays (or not) on the simulator's page; returns the return URL it redirects the buyer to. */
async function payOnSimulator(
  paymentUrl: string,
  choice: "pay" | "cancel" | "fail",
  extra: Record<string, string> = {},
) {
  const page = await fetch(paymentUrl);
  expect(page.status).toBe(200);
  // The page's form posts back to its own URL (the signed request) with the buyer's choice.
  const res = await fetch(paymentUrl, {
    method: "POST",
    body: new URLSearchParams({ form: "1", action: choice, ...extra }),
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

describe("cart and checkout", () => {
  test("two producers' products: one checkout, one order per producer, stock taken, then VNPay pays both", async () => {
    const buyer = browser();
    expect((await buyer.add(products.tea.id, 2)).status).toBe(302);
    expect((await buyer.add(products.honey.id, 1)).status).toBe(302);
    const before = { tea: await stockOf(products.tea.id), honey: await stockOf(products.honey.id) };
    const placed = await buyer.checkout();
    expect(placed.status, JSON.stringify(placed.data).slice(0, 600)).toBe(303);
    const paymentUrl = placed.headers.get("location")!;
    expect(paymentUrl.startsWith(sim.payUrl)).toBe(true);
    const query = new URL(paymentUrl).searchParams;
    expect(query.get("vnp_Amount")).toBe(String((2 * 120_000 + 250_000) * 100));

    const checkout = await prisma.checkout.findFirstOrThrow({
      orderBy: { createdAt: "desc" },
      include: { orders: { include: { items: true } }, payments: true },
    });
    expect(checkout.orders).toHaveLength(2);
    expect(checkout.orders.every((o) => o.status === "PENDING_PAYMENT")).toBe(true);
    expect(checkout.payments[0]!.txnRef).toBe(query.get("vnp_TxnRef"));
    expect(await stockOf(products.tea.id)).toBe(before.tea - 2);
    expect(await stockOf(products.honey.id)).toBe(before.honey - 1);
    // The cart is empty now.
    const cart = await callLoader(cartRoute.loader, getRequest("/gio-hang", buyer.cookie));
    expect((cart.data as { cart: { count: number } }).cart.count).toBe(0);

    const returnUrl = await payOnSimulator(paymentUrl, "pay");
    const orders = await prisma.order.findMany({ where: { checkoutId: checkout.id } });
    expect(orders.map((o) => o.status)).toEqual(["PAID", "PAID"]);
    expect(
      await prisma.stockReservation.count({ where: { checkoutId: checkout.id, consumedAt: null } }),
    ).toBe(0);

    const shown = await callLoader(
      returnRoute.loader,
      getRequest(new URL(returnUrl).pathname + new URL(returnUrl).search, buyer.cookie),
    );
    const view = shown.data as { state: string; orders: { code: string; href: string }[] };
    expect(view.state).toBe("paid");
    // The browser that placed it sees both orders' private links.
    expect(view.orders.map((o) => o.code).sort()).toEqual(orders.map((o) => o.code).sort());
    expect(view.orders.every((o) => /^\/don-hang\/DH[0-9A-Z]{8}\/[\w-]{32}$/.test(o.href))).toBe(true);
    // Anyone else with the same URL sees the result but no links.
    const stranger = await callLoader(
      returnRoute.loader,
      getRequest(new URL(returnUrl).pathname + new URL(returnUrl).search),
    );
    expect((stranger.data as { orders: unknown[] }).orders).toEqual([]);
  });

  test("two buyers race for the last unit: exactly one gets it, the other is told and keeps the cart", async () => {
    const [a, b] = [browser(), browser()];
    await a.add(products.last.id, 1);
    await b.add(products.last.id, 1);
    const results = await Promise.all([a.checkout({ method: "COD" }), b.checkout({ method: "COD" })]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([303, 409]);
    expect(await stockOf(products.last.id)).toBe(0);
    const refused = results.find((r) => r.status === 409)!;
    expect((refused.data as { formError: string }).formError).toContain("Mật ong rừng (lô cuối)");
    expect(await prisma.orderItem.count({ where: { productId: products.last.id } })).toBe(1);
  });

  test("a wrong phone number or a commune of another province: 400 with the message, nothing typed lost", async () => {
    const buyer = browser();
    await buyer.add(products.tea.id, 1);
    const bad = await buyer.checkout({ phone: "12345", street: "Thôn 3" });
    expect(bad.status).toBe(400);
    const data = bad.data as { errors: Record<string, string[]>; values: Record<string, string> };
    expect(data.errors.phone![0]).toMatch(/10 chữ số/);
    expect(data.values).toMatchObject({ street: "Thôn 3", name: "Nguyễn Văn Mua" });
    const other = await prisma.commune.findFirstOrThrow({
      where: { provinceCode: { not: commune.provinceCode } },
    });
    const wrong = await buyer.checkout({ commune: other.code });
    expect(wrong.status).toBe(400);
    expect((wrong.data as { errors: Record<string, string[]> }).errors.commune).toBeTruthy();
  });

  test("cash on delivery: the placed page lists the orders for this browser only", async () => {
    const buyer = browser();
    await buyer.add(products.tea.id, 1);
    const placed = await buyer.checkout({ method: "COD" });
    expect(placed.status).toBe(303);
    const path = placed.headers.get("location")!;
    const checkoutId = path.split("/").pop()!;
    const mine = await callLoader(placedRoute.loader, getRequest(path, buyer.cookie), { checkoutId });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Cache-Control")).toBe("private, no-store");
    const other = await callLoader(placedRoute.loader, getRequest(path), { checkoutId });
    expect(other.status).toBe(404);
  });
});

describe("VNPay IPN", () => {
  async function pendingAttempt() {
    const buyer = browser();
    await buyer.add(products.tea.id, 1);
    const placed = await buyer.checkout();
    const txnRef = new URL(placed.headers.get("location")!).searchParams.get("vnp_TxnRef")!;
    return prisma.paymentAttempt.findUniqueOrThrow({
      where: { txnRef },
      include: { checkout: { include: { orders: true } } },
    });
  }
  function signedIpn(fields: Record<string, string>) {
    const params: Record<string, string> = {
      vnp_TmnCode: TMN,
      vnp_ResponseCode: "00",
      vnp_TransactionStatus: "00",
      vnp_TransactionNo: "14000001",
      vnp_BankCode: "NCB",
      vnp_PayDate: "20261201120000",
      vnp_OrderInfo: "Thanh toan",
      ...fields,
    };
    const query = new URLSearchParams({ ...params, vnp_SecureHash: signParams(params, SECRET) });
    return new URL(`${ORIGIN}/payments/vnpay/ipn?${query}`);
  }

  test("the same valid IPN 20 times at once: one state change, 00 once then 02", async () => {
    const attempt = await pendingAttempt();
    const url = signedIpn({ vnp_TxnRef: attempt.txnRef, vnp_Amount: String(attempt.amountVnd * 100) });
    const replies = await Promise.all(Array.from({ length: 20 }, () => handleVnpayIpn(url)));
    expect(replies.filter((r) => r.RspCode === "00")).toHaveLength(1);
    expect(replies.filter((r) => r.RspCode === "02")).toHaveLength(19);
    const events = await prisma.orderEvent.count({
      where: { orderId: attempt.checkout.orders[0]!.id, to: "PAID" },
    });
    expect(events).toBe(1);
    expect((await handleVnpayIpn(url)).RspCode).toBe("02");
  });

  test("a changed amount → 04, a changed signature → 97, an unknown order → 01: nothing changes", async () => {
    const attempt = await pendingAttempt();
    const amount = signedIpn({
      vnp_TxnRef: attempt.txnRef,
      vnp_Amount: String(attempt.amountVnd * 100 + 100),
    });
    expect(await handleVnpayIpn(amount)).toEqual({ RspCode: "04", Message: "Invalid amount" });
    const tampered = signedIpn({ vnp_TxnRef: attempt.txnRef, vnp_Amount: String(attempt.amountVnd * 100) });
    tampered.searchParams.set("vnp_Amount", String(attempt.amountVnd * 100 - 100));
    expect(await handleVnpayIpn(tampered)).toEqual({ RspCode: "97", Message: "Invalid signature" });
    const unknown = signedIpn({ vnp_TxnRef: "NOSUCHREF123", vnp_Amount: "100000" });
    expect(await handleVnpayIpn(unknown)).toEqual({ RspCode: "01", Message: "Order not found" });
    // The hash in upper case is still VNPay's signature.
    const upper = signedIpn({
      vnp_TxnRef: attempt.txnRef,
      vnp_Amount: String(attempt.amountVnd * 100),
      vnp_ResponseCode: "24",
      vnp_TransactionStatus: "02",
    });
    upper.searchParams.set("vnp_SecureHash", upper.searchParams.get("vnp_SecureHash")!.toUpperCase());
    expect((await handleVnpayIpn(upper)).RspCode).toBe("00");
    const after = await prisma.paymentAttempt.findUniqueOrThrow({
      where: { id: attempt.id },
      include: { checkout: { include: { orders: true } } },
    });
    expect(after.status).toBe("FAILED");
    expect(after.checkout.orders.every((o) => o.status === "PENDING_PAYMENT")).toBe(true);
  });

  test("a success return without an IPN stays pending until reconciliation asks VNPay (querydr)", async () => {
    const buyer = browser();
    await buyer.add(products.honey.id, 2);
    const placed = await buyer.checkout();
    const paymentUrl = placed.headers.get("location")!;
    const returnUrl = new URL(await payOnSimulator(paymentUrl, "pay", { noIpn: "1" }));
    const txnRef = returnUrl.searchParams.get("vnp_TxnRef")!;
    const shown = await callLoader(
      returnRoute.loader,
      getRequest(returnUrl.pathname + returnUrl.search, buyer.cookie),
    );
    expect((shown.data as { state: string }).state).toBe("pending");
    const attempt = await prisma.paymentAttempt.findUniqueOrThrow({
      where: { txnRef },
      include: { checkout: { include: { orders: true } } },
    });
    expect(attempt.status).toBe("PENDING");
    expect(attempt.checkout.orders[0]!.status).toBe("PENDING_PAYMENT");

    // Before the attempt expires the job leaves it alone; after, it asks VNPay and settles it.
    expect((await reconcilePayments(new Date())).settled).toBe(0);
    const later = new Date(attempt.expiresAt.getTime() + 60_000);
    const run = await reconcilePayments(later);
    expect(run.settled).toBe(1);
    const paid = await prisma.order.findFirstOrThrow({ where: { checkoutId: attempt.checkoutId } });
    expect(paid.status).toBe("PAID");
    // Run twice: nothing more happens.
    expect((await reconcilePayments(new Date(later.getTime() + 120_000))).settled).toBe(0);
  });

  test("a checkout never paid: after its deadline the stock comes back and the orders expire", async () => {
    // Earlier tests' unpaid checkouts first, so this one's units are the only ones in flight.
    await reconcilePayments(new Date(Date.now() + 24 * 3600_000));
    const before = await stockOf(products.tea.id);
    const attempt = await pendingAttempt();
    expect(await stockOf(products.tea.id)).toBe(before - 1);
    const after = new Date(attempt.checkout.payBy!.getTime() + 60_000);
    const run = await reconcilePayments(after);
    expect(run).toMatchObject({ expiredAttempts: 1, expiredCheckouts: 1 });
    expect(await stockOf(products.tea.id)).toBe(before);
    const order = await prisma.order.findFirstOrThrow({ where: { checkoutId: attempt.checkoutId } });
    expect(order.status).toBe("EXPIRED");
    await reconcilePayments(new Date(after.getTime() + 120_000));
    expect(await stockOf(products.tea.id)).toBe(before);
  });
});

describe("refunds", () => {
  test("an operator refunds part, then the rest, of one paid order through VNPay's refund API", async () => {
    const buyer = browser();
    await buyer.add(products.tea.id, 2);
    await buyer.add(products.honey.id, 1);
    const placed = await buyer.checkout();
    await payOnSimulator(placed.headers.get("location")!, "pay");
    const order = await prisma.order.findFirstOrThrow({
      where: { status: "PAID", items: { some: { productId: products.tea.id } } },
      orderBy: { createdAt: "desc" },
    });
    const user = {
      id: operator.id,
      name: operator.name,
      role: "OPERATOR" as const,
      provinceCode: null,
      locale: "vi" as const,
    };
    const partial = await refundOrder(
      user,
      { orderId: order.id, amountVnd: 50_000, reason: "Hàng dập" },
      { ip: "127.0.0.1" },
    );
    expect(partial).toEqual({ ok: true, responseCode: "00" });
    let now = await prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(now).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedVnd: 50_000 });
    await expect(
      refundOrder(
        user,
        { orderId: order.id, amountVnd: order.totalVnd, reason: "Quá số" },
        { ip: "127.0.0.1" },
      ),
    ).rejects.toMatchObject({ code: "tooMuch" });
    const rest = await refundOrder(
      user,
      { orderId: order.id, amountVnd: order.totalVnd - 50_000, reason: "Hoàn nốt" },
      { ip: "127.0.0.1" },
    );
    expect(rest.ok).toBe(true);
    now = await prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(now).toMatchObject({ status: "REFUNDED", refundedVnd: order.totalVnd });
    const refunds = await prisma.refund.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    // The order is one of two paid together: both refunds are partial refunds of the VNPay payment.
    expect(refunds.map((r) => [r.transactionType, r.status])).toEqual([
      ["03", "SUCCEEDED"],
      ["03", "SUCCEEDED"],
    ]);
    const audit = await prisma.auditLog.findMany({ where: { targetId: order.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "refund.requested",
      "refund.succeeded",
      "refund.requested",
      "refund.succeeded",
    ]);
    const simRefunds = (await (
      await fetch(
        `${sim.url}/_sim/transactions/${(await prisma.paymentAttempt.findFirstOrThrow({ where: { checkoutId: order.checkoutId } })).txnRef}`,
      )
    ).json()) as { refunds: unknown[] };
    expect(simRefunds.refunds).toHaveLength(2);
  });
});

