// PostgreSQL going away under a real production server (server/index.ts on build/), with buyers
// checking out and VNPay notifying payments: each buyer gets a quick, clear answer (no hang), the
// database holds no half-written checkout, and once it is back the buyers' retries and VNPay's
// IPN retry succeed, each payment settled exactly once.
//
// The outage is this test's own database refusing connections and losing every session
// (test/support/faults.ts, takeDatabaseDown): what the app sees of a restart, without restarting
// the machine's PostgreSQL under the other test files. PostgreSQL only: an embedded PGlite cannot
// go away on its own.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct } from "../../prisma/seed/factories";
import { testDatabaseKind } from "../support/database";
import {
  Browser,
  bringDatabaseUp,
  freePort,
  holdRowLocks,
  lockWaiter,
  logOf,
  requireBuild,
  startAppServer,
  stopAllAppServers,
  takeDatabaseDown,
  until,
  type AppServer,
} from "../support/faults";

const onPostgres = testDatabaseKind() === "postgres";
const TMN = "FAULTTMN";
const SECRET = "faults-database-vnpay-secret";
const STOCK = 40;

const { prisma } = await import("~/utils/db.server");
const { startVnpaySimulator } = await import("../../scripts/vnpay-simulator/server");

type Simulator = Awaited<ReturnType<typeof startVnpaySimulator>>;

let app: AppServer;
let sim: Simulator | undefined;
const products: { id: string; name: string }[] = [];

/** The app's answer to a request made while the database is away. */
async function expectOutagePage(response: Response, startedAt: number) {
  const body = await response.text();
  // Quick: a pool waiting for a connection that never comes would leave the buyer hanging.
  expect(Date.now() - startedAt, "answered quickly").toBeLessThan(10_000);
  expect(response.status, body.slice(0, 300)).toBe(503);
  expect(response.headers.get("Retry-After")).toBeTruthy();
  expect(body).toContain("Vui lòng thử lại sau ít phút");
}

const stocks = () => prisma.product.findMany({ orderBy: { id: "asc" }, select: { id: true, stock: true } });

async function addToCart(buyer: Browser, productId: string, quantity: number) {
  const response = await buyer.post("/gio-hang", { intent: "add", productId, quantity: String(quantity) });
  expect(response.status).toBe(302);
}

function checkout(buyer: Browser, method: "COD" | "VNPAY") {
  return buyer.post("/dat-hang", {
    intent: "place",
    name: "Trần Thị Mua",
    phone: "0912 345 678",
    email: "mua@example.test",
    province: "66",
    commune: "24400",
    street: "12 Lê Lợi",
    method,
  });
}

/** `n` buyers, each with a cart of every product (one or two units of each). */
async function cartsOf(n: number) {
  const buyers: Browser[] = [];
  for (let i = 0; i < n; i++) {
    const buyer = new Browser(app.url);
    for (const p of products) await addToCart(buyer, p.id, 1 + (i % 2));
    buyers.push(buyer);
  }
  return buyers;
}

/**
 * What a crash must never leave: an order without items, a checkout without orders or
 * reservations, reservations that differ from the checkout's items, units neither in stock nor
 * held nor sold, an unpaid VNPay checkout with no payment attempt to pay it by.
 */
async function invariants() {
  const q = <T>(sql: string) => prisma.$queryRawUnsafe<T[]>(sql);
  expect(
    await q(`SELECT o."code" FROM "Order" o WHERE NOT EXISTS
      (SELECT 1 FROM "OrderItem" i WHERE i."orderId" = o."id")`),
  ).toEqual([]);
  expect(
    await q(`SELECT c."id" FROM "Checkout" c WHERE NOT EXISTS
      (SELECT 1 FROM "Order" o WHERE o."checkoutId" = c."id")`),
  ).toEqual([]);
  expect(
    await q(`
      WITH held AS (SELECT "checkoutId", "productId", SUM("quantity") AS n FROM "StockReservation"
                    GROUP BY 1, 2),
           sold AS (SELECT o."checkoutId", i."productId", SUM(i."quantity") AS n FROM "OrderItem" i
                    JOIN "Order" o ON o."id" = i."orderId" GROUP BY 1, 2)
      SELECT * FROM held FULL JOIN sold USING ("checkoutId", "productId")
      WHERE held.n IS DISTINCT FROM sold.n`),
    "reservations match the checkouts' items",
  ).toEqual([]);
  expect(
    await q(`
      SELECT p."name", p."stock", COALESCE(SUM(r."quantity") FILTER (WHERE r."releasedAt" IS NULL), 0) AS taken
      FROM "Product" p LEFT JOIN "StockReservation" r ON r."productId" = p."id"
      GROUP BY p."id" HAVING p."stock" + COALESCE(SUM(r."quantity") FILTER (WHERE r."releasedAt" IS NULL), 0) <> ${STOCK}`),
    "stock + held + sold = what the producer had",
  ).toEqual([]);
  expect(
    await q(`SELECT c."id" FROM "Checkout" c WHERE c."method" = 'VNPAY' AND NOT EXISTS
      (SELECT 1 FROM "PaymentAttempt" a WHERE a."checkoutId" = c."id")`),
    "every VNPay checkout can be paid",
  ).toEqual([]);
}

describe.skipIf(!onPostgres)("PostgreSQL restarted during checkouts and IPNs", { timeout: 120_000 }, () => {
  const url = process.env.DATABASE_URL!;

  beforeAll(async () => {
    requireBuild();
    await prisma.province.create({ data: { code: "66", name: "Đắk Lắk", type: "tỉnh" } });
    await prisma.commune.create({ data: { code: "24400", name: "Ea Tu", type: "xã", provinceCode: "66" } });
    const a = await createProducer(prisma, { communeCode: "24400", name: "HTX Cà phê Ea Tu" });
    const b = await createProducer(prisma, { communeCode: "24400", name: "HTX Mật ong Ea Tu" });
    for (const [producerId, name] of [
      [a.id, "Cà phê Robusta rang mộc"],
      [b.id, "Mật ong hoa cà phê"],
    ] as const) {
      const p = await createProduct(prisma, {
        producerId,
        name,
        priceVnd: 150_000,
        stock: STOCK,
        status: "APPROVED",
      });
      products.push({ id: p.id, name });
    }

    const port = await freePort();
    // VNPay retries an IPN answered 99: here after 0.5, 1, 1, 2, 2, 4… s instead of 5 minutes.
    sim = await startVnpaySimulator({
      tmnCode: TMN,
      hashSecret: SECRET,
      ipnUrl: `http://127.0.0.1:${port}/payments/vnpay/ipn`,
      ipnRetryDelaysMs: [500, 1000, 1000, 2000, 2000, 4000, 4000, 8000, 8000, 8000],
    });
    app = await startAppServer(
      "app",
      {
        APP_ORIGIN: `http://127.0.0.1:${port}`,
        VNPAY_TMN_CODE: TMN,
        VNPAY_HASH_SECRET: SECRET,
        VNPAY_PAY_URL: sim.payUrl,
        VNPAY_API_URL: sim.apiUrl,
      },
      { port },
    );
  }, 120_000);

  // A failed test must not leave the next one (or the setup file's DROP) without a database.
  afterEach(() => bringDatabaseUp(url));

  afterAll(async () => {
    await stopAllAppServers();
    await sim?.close();
  });

  test("a checkout caught mid-transaction and checkouts during the outage: a quick 503, nothing half-written, the retry works", async () => {
    const buyers = await cartsOf(5);
    const stockBefore = await stocks();
    // The checkout takes its products' units in id order: it takes the first product's, then
    // waits for the second, locked here, when the database goes.
    const last = [...products].sort((a, b) => a.id.localeCompare(b.id)).at(-1)!;
    const lock = await holdRowLocks(url, `SELECT 1 FROM "Product" WHERE "id" = $1 FOR UPDATE`, [last.id]);
    const caught = { buyer: buyers[0]!, startedAt: Date.now(), answer: checkout(buyers[0]!, "COD") };
    expect(await lockWaiter(url)).toMatch(/^UPDATE "public"\."Product" SET "stock"/);
    await takeDatabaseDown(url);
    await lock.release();
    const during = buyers
      .slice(1)
      .map((b) => ({ buyer: b, startedAt: Date.now(), answer: checkout(b, "COD") }));
    for (const { startedAt, answer } of [caught, ...during]) await expectOutagePage(await answer, startedAt);
    // The load balancer's probe sees it too.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(503);

    await bringDatabaseUp(url);
    await until("the app to reach its database again", () =>
      fetch(`${app.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    );
    // Not a unit taken, not a row written.
    expect(await stocks()).toEqual(stockBefore);
    expect(await prisma.checkout.count()).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: "checkout.placed" } })).toBe(0);
    await invariants();
    // The carts are intact: placing them again works.
    for (const buyer of buyers) {
      const again = await checkout(buyer, "COD");
      expect(again.status, logOf(app)).toBe(303);
      expect(again.headers.get("location")).toMatch(/^\/dat-hang\/xong\//);
    }
    expect(await prisma.checkout.count()).toBe(buyers.length);
    expect(await prisma.order.count()).toBe(buyers.length * products.length);
    await invariants();
  });

  test("a VNPay checkout caught between its orders and its payment attempt: all or nothing", async () => {
    const buyer = (await cartsOf(1))[0]!;
    const stockBefore = await stocks();
    const checkoutsBefore = await prisma.checkout.count();
    // The payment attempt's row cannot be written (the table is locked here) when the database goes.
    const lock = await holdRowLocks(url, `LOCK TABLE "PaymentAttempt" IN EXCLUSIVE MODE`);
    const startedAt = Date.now();
    const answer = checkout(buyer, "VNPAY");
    expect(await lockWaiter(url)).toMatch(/^INSERT INTO "public"\."PaymentAttempt"/);
    await takeDatabaseDown(url);
    await lock.release();
    await expectOutagePage(await answer, startedAt);

    await bringDatabaseUp(url);
    // All or nothing, and here nothing: the attempt is written in the checkout's own transaction.
    await invariants();
    expect(await prisma.checkout.count()).toBe(checkoutsBefore);
    expect(await stocks()).toEqual(stockBefore);
    const again = await checkout(buyer, "VNPAY");
    expect(again.status, logOf(app)).toBe(303);
    expect(again.headers.get("location")!.startsWith(sim!.payUrl)).toBe(true);
    await invariants();
  });

  test("an IPN during the outage answers 99; VNPay's retry after it settles the payment once; a repeat answers 02", async () => {
    const buyer = (await cartsOf(1))[0]!;
    const stockBefore = await stocks();
    const placed = await checkout(buyer, "VNPAY");
    expect(placed.status).toBe(303);
    const paymentUrl = placed.headers.get("location")!;
    expect(paymentUrl.startsWith(sim!.payUrl)).toBe(true);
    const txnRef = new URL(paymentUrl).searchParams.get("vnp_TxnRef")!;
    const stockAfterCheckout = await stocks();
    expect(stockAfterCheckout).not.toEqual(stockBefore);
    expect((await fetch(paymentUrl)).status).toBe(200);

    // The buyer pays; VNPay's first IPN settles the payment up to moving the orders, locked here,
    // when the database goes. (The simulator redirects the buyer once the IPN is answered.)
    const lock = await holdRowLocks(
      url,
      `SELECT 1 FROM "Order" o JOIN "PaymentAttempt" a USING ("checkoutId") WHERE a."txnRef" = $1 FOR UPDATE OF o`,
      [txnRef],
    );
    const paying = fetch(paymentUrl, {
      method: "POST",
      body: new URLSearchParams({ form: "1", action: "pay" }),
      redirect: "manual",
    });
    expect(await lockWaiter(url)).toMatch(/^UPDATE "public"\."Order" SET "status"/);
    await takeDatabaseDown(url);
    await lock.release();
    const paid = await paying;
    expect(paid.status).toBe(302);
    const first = sim!.transaction(txnRef)!.ipn;
    expect(first.attempts[0]).toMatchObject({ httpStatus: 200, rspCode: "99" });
    expect(first.retryScheduled).toBe(true);
    // Back from VNPay during the outage: a clear answer, never "paid" nor "failed".
    const returnUrl = new URL(paid.headers.get("location")!);
    const startedAt = Date.now();
    await expectOutagePage(await buyer.fetch(returnUrl.pathname + returnUrl.search), startedAt);

    // A few retries meet the outage too.
    await until(
      "a second IPN attempt during the outage",
      () => sim!.transaction(txnRef)!.ipn.attempts.length >= 2,
    );
    await bringDatabaseUp(url);
    const delivered = await until(
      "VNPay's IPN retry to be accepted",
      () => {
        const ipn = sim!.transaction(txnRef)!.ipn;
        return ipn.delivered && ipn;
      },
      60_000,
    );
    const codes = delivered.attempts.map((a) => a.rspCode);
    expect(codes.at(-1)).toBe("00");
    expect(codes.filter((c) => c !== "99")).toEqual(["00"]);

    // VNPay sends it once more (a lost answer, a manual resend): already settled.
    expect((await sim!.resendIpn(txnRef))?.rspCode).toBe("02");

    const attempt = await prisma.paymentAttempt.findUniqueOrThrow({
      where: { txnRef },
      include: {
        checkout: { include: { orders: { include: { events: true } }, reservations: true } },
      },
    });
    expect(attempt.status).toBe("SUCCEEDED");
    expect(await prisma.paymentSettlement.count({ where: { attemptId: attempt.id } })).toBe(1);
    const { orders, reservations } = attempt.checkout;
    expect(orders.map((o) => o.status)).toEqual(orders.map(() => "PAID"));
    for (const order of orders) expect(order.events.filter((e) => e.to === "PAID")).toHaveLength(1);
    expect(reservations.every((r) => r.consumedAt && !r.releasedAt)).toBe(true);
    // Sold once: the stock taken at checkout, nothing more, nothing given back.
    expect(await stocks()).toEqual(stockAfterCheckout);
    expect(
      await prisma.auditLog.count({ where: { action: "payment.succeeded", targetId: attempt.id } }),
    ).toBe(1);
    await invariants();

    const shown = await buyer.fetch(returnUrl.pathname + returnUrl.search);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Thanh toán thành công");
  });
});
