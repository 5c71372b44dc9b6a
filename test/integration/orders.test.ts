// The order desk through its routes: producers see and move only their own orders, buyers reach
// theirs by account or private link, operators search everything; stock, history, audit and
// notices follow every change. Orders are made directly in the database (not through checkout).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const outbox = mkdtempSync(path.join(tmpdir(), "ocop-orders-"));
process.env.MAIL_OUTBOX_DIR = outbox;
delete process.env.SMTP_URL;

const { prisma } = await import("~/utils/db.server");
const { orderToken, orderTokenHash } = await import("~/modules/orders/order-links.server");
const { findBank, transferInstructions } = await import("~/modules/orders/orders.server");
const { queueOrderNotices, sendOrderMails } = await import("~/modules/orders/order-notices.server");
// What checkout and the payment code do for an order made by the fixture: notices in a transaction,
// mails after it.
const notifyOrder = async (orderId: string, event: Parameters<typeof queueOrderNotices>[2]) =>
  sendOrderMails(await prisma.$transaction((tx) => queueOrderNotices(tx, orderId, event)));
const { formatVnd } = await import("~/utils/format");
const login = await import("~/routes/auth/login");
const orderRoute = await import("~/routes/orders/order");
const myOrdersRoute = await import("~/routes/orders/my-orders");
const producerOrdersRoute = await import("~/routes/orders/producer-orders");
const producerOrderRoute = await import("~/routes/orders/producer-order");
const operatorOrdersRoute = await import("~/routes/orders/operator-orders");
const operatorOrderRoute = await import("~/routes/orders/operator-order");

const PASSWORD = "don-hang-ocop-2026";
const signIn = async (email: string) =>
  cookiesFrom(
    (await callAction(login.action, formRequest("/login", { identifier: email, password: PASSWORD })))
      .headers,
  );

type Method = "VNPAY" | "COD" | "BANK_TRANSFER";
interface Made {
  id: string;
  code: string;
  checkoutId: string;
  token: string;
}

let seq = 0;
const newCode = () => `DHT${String(++seq).padStart(7, "0")}`;

let producerA: { id: string };
let producerB: { id: string };
let productA: { id: string; priceVnd: number };
let productA2: { id: string; priceVnd: number };
let productB: { id: string; priceVnd: number };
let batchA: { lotNumber: string };
let owner: { id: string };
let buyer: { id: string };
let operator: { id: string };
let producerCookie: string;
let ownerBCookie: string;
let buyerCookie: string;
let otherBuyerCookie: string;
let operatorCookie: string;

/** A checkout with one order, its units already taken from stock and held by a reservation. */
async function makeOrder(input: {
  product: { id: string; priceVnd: number };
  producerId: string;
  quantity?: number;
  method?: Method;
  buyerId?: string | null;
  email?: string | null;
  batchId?: string | null;
  locale?: "vi" | "en";
}): Promise<Made> {
  const quantity = input.quantity ?? 2;
  const method = input.method ?? "COD";
  const id = crypto.randomUUID();
  const code = newCode();
  const total = input.product.priceVnd * quantity;
  await prisma.product.update({ where: { id: input.product.id }, data: { stock: { decrement: quantity } } });
  const checkout = await prisma.checkout.create({
    data: {
      buyerId: input.buyerId ?? null,
      method,
      name: "Nguyễn Thị Mai",
      phone: "0912345678",
      email: input.email ?? null,
      provinceCode: "68",
      communeCode: "24670",
      street: "12 Lê Lợi",
      totalVnd: total,
      locale: input.locale ?? "vi",
      payBy: method === "COD" ? null : new Date(Date.now() + 48 * 3_600_000),
      reservations: { create: { productId: input.product.id, quantity } },
    },
    select: { id: true },
  });
  await prisma.order.create({
    data: {
      id,
      code,
      checkoutId: checkout.id,
      producerId: input.producerId,
      buyerId: input.buyerId ?? null,
      method,
      subtotalVnd: total,
      totalVnd: total,
      accessTokenHash: orderTokenHash(id),
      items: {
        create: {
          productId: input.product.id,
          batchId: input.batchId === undefined ? null : input.batchId,
          name: "Cà phê rang mộc",
          unit: "gói 500 g",
          priceVnd: input.product.priceVnd,
          quantity,
        },
      },
      events: { create: { to: "PENDING_PAYMENT", actorId: input.buyerId ?? null, actorRole: "BUYER" } },
    },
  });
  return { id, code, checkoutId: checkout.id, token: orderToken(id) };
}

const stockOf = async (productId: string) =>
  (await prisma.product.findUniqueOrThrow({ where: { id: productId }, select: { stock: true } })).stock;
const statusOf = async (orderId: string) =>
  (await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } })).status;

const producerPost = (
  order: Made,
  fields: Record<string, string>,
  cookie = producerCookie,
  producerId = producerA.id,
) =>
  callAction(
    producerOrderRoute.action,
    formRequest(`/producer/${producerId}/orders/${order.code}`, fields, cookie),
    { producerId, code: order.code },
  );

const readOutbox = () =>
  readdirSync(outbox).map(
    (f) =>
      JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { to: string; subject: string; text: string },
  );

beforeAll(async () => {
  await prisma.province.createMany({
    data: [
      { code: "68", name: "Lâm Đồng", type: "tỉnh" },
      { code: "04", name: "Cao Bằng", type: "tỉnh" },
    ],
  });
  await prisma.commune.createMany({
    data: [
      { code: "24670", name: "Đắk Mil", type: "xã", provinceCode: "68" },
      { code: "01273", name: "Trà Lĩnh", type: "xã", provinceCode: "04" },
    ],
  });
  const make = (role: "PRODUCER" | "BUYER" | "OPERATOR", email: string) =>
    createUser(prisma, { role, email, password: PASSWORD, name: email.split("@")[0]! });
  owner = await make("PRODUCER", "lan@htx.vn");
  const ownerB = await make("PRODUCER", "hung@htx.vn");
  buyer = await make("BUYER", "mai@example.vn");
  await make("BUYER", "khach@example.vn");
  operator = await make("OPERATOR", "vanhanh@ocop.vn");
  producerA = await createProducer(prisma, { name: "HTX Cà phê Đắk Mil", communeCode: "24670" });
  producerB = await createProducer(prisma, { name: "HTX Trà Cao Bằng", communeCode: "01273" });
  await prisma.producer.update({
    where: { id: producerA.id },
    data: {
      bankName: "Agribank chi nhánh Đắk Mil",
      bankAccountNumber: "5300 2055 12345",
      bankAccountName: "HTX CA PHE DAK MIL",
    },
  });
  await prisma.producerMember.create({ data: { producerId: producerA.id, userId: owner.id, isOwner: true } });
  await prisma.producerMember.create({
    data: { producerId: producerB.id, userId: ownerB.id, isOwner: true },
  });
  productA = await createProduct(prisma, {
    producerId: producerA.id,
    status: "APPROVED",
    stock: 100,
    priceVnd: 185_000,
  });
  productA2 = await createProduct(prisma, {
    producerId: producerA.id,
    status: "APPROVED",
    stock: 100,
    priceVnd: 90_000,
  });
  productB = await createProduct(prisma, {
    producerId: producerB.id,
    status: "APPROVED",
    stock: 100,
    priceVnd: 250_000,
  });
  batchA = await prisma.batch.create({
    data: { productId: productA.id, lotNumber: "CF2026-01", createdById: owner.id },
    select: { id: true, lotNumber: true },
  });
  [producerCookie, ownerBCookie, buyerCookie, otherBuyerCookie, operatorCookie] = await Promise.all([
    signIn("lan@htx.vn"),
    signIn("hung@htx.vn"),
    signIn("mai@example.vn"),
    signIn("khach@example.vn"),
    signIn("vanhanh@ocop.vn"),
  ]);
});

describe("producers", () => {
  test("see only their own orders; another producer's code is a 404, for reading and for writing", async () => {
    const mine = await makeOrder({ product: productA, producerId: producerA.id });
    const theirs = await makeOrder({ product: productB, producerId: producerB.id });
    const list = await callLoader(
      producerOrdersRoute.loader,
      getRequest(`/producer/${producerA.id}/orders`, producerCookie),
      { producerId: producerA.id },
    );
    expect(list.status).toBe(200);
    const codes = (list.data as { list: { items: { code: string }[] } }).list.items.map((o) => o.code);
    expect(codes).toContain(mine.code);
    expect(codes).not.toContain(theirs.code);

    const other = await callLoader(
      producerOrderRoute.loader,
      getRequest(`/producer/${producerA.id}/orders/${theirs.code}`, producerCookie),
      { producerId: producerA.id, code: theirs.code },
    );
    expect(other.status).toBe(404);
    const write = await producerPost(theirs, { intent: "confirm" });
    expect(write.status).toBe(404);
    expect(await statusOf(theirs.id)).toBe("PENDING_PAYMENT");
    // Nor through the other producer's URL without being its member.
    const foreign = await producerPost(theirs, { intent: "confirm" }, producerCookie, producerB.id);
    expect(foreign.status).toBe(403);

    const page = await callLoader(
      producerOrderRoute.loader,
      getRequest(`/producer/${producerA.id}/orders/${mine.code}`, producerCookie),
      { producerId: producerA.id, code: mine.code },
    );
    expect(page.status).toBe(200);
    expect((page.data as { actions: string[] }).actions).toEqual(["confirm", "cancel"]);
    // The producer gets the delivery address and phone, not the buyer's email (the page's data
    // travels in its HTML).
    const delivery = (page.data as { delivery: Record<string, unknown> }).delivery;
    expect(delivery.phone).toBeTruthy();
    expect(delivery).not.toHaveProperty("email");
  });

  test("confirm, ship and deliver move the order, write its history and the audit log", async () => {
    const order = await makeOrder({
      product: productA,
      producerId: producerA.id,
      buyerId: buyer.id,
      batchId: null,
    });
    const confirm = await producerPost(order, { intent: "confirm" });
    expect(confirm.status).toBe(302);
    expect(confirm.headers.get("Location")).toBe(`/producer/${producerA.id}/orders/${order.code}`);
    expect(await statusOf(order.id)).toBe("CONFIRMED");
    const reservation = await prisma.stockReservation.findFirstOrThrow({
      where: { checkoutId: order.checkoutId },
    });
    expect(reservation.consumedAt).not.toBeNull();
    expect(reservation.releasedAt).toBeNull();

    const tooLong = await producerPost(order, { intent: "ship", shippingNote: "x".repeat(201) });
    expect(tooLong.status).toBe(400);
    expect((tooLong.data as { error: string }).error).toBe("Tối đa 200 ký tự.");
    expect(await statusOf(order.id)).toBe("CONFIRMED");

    expect(
      (await producerPost(order, { intent: "ship", shippingNote: "Viettel Post 1234567890" })).status,
    ).toBe(302);
    expect(
      await prisma.order.findUniqueOrThrow({
        where: { id: order.id },
        select: { status: true, shippingNote: true, shippedAt: true },
      }),
    ).toMatchObject({
      status: "SHIPPED",
      shippingNote: "Viettel Post 1234567890",
      shippedAt: expect.any(Date),
    });
    expect((await producerPost(order, { intent: "deliver" })).status).toBe(302);
    expect(await statusOf(order.id)).toBe("DELIVERED");

    const events = await prisma.orderEvent.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.from, e.to, e.actorRole])).toEqual([
      [null, "PENDING_PAYMENT", "BUYER"],
      ["PENDING_PAYMENT", "CONFIRMED", "PRODUCER"],
      ["CONFIRMED", "SHIPPED", "PRODUCER"],
      ["SHIPPED", "DELIVERED", "PRODUCER"],
    ]);
    expect(events.slice(1).every((e) => e.actorId === owner.id)).toBe(true);
    const audit = await prisma.auditLog.findMany({
      where: { targetType: "Order", targetId: order.id },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["order.confirm", "order.ship", "order.deliver"]);
    expect(
      audit.every((a) => a.actorId === owner.id && (a.details as { code: string }).code === order.code),
    ).toBe(true);
    // A step the state machine does not allow now: a 409 with the reload message.
    const again = await producerPost(order, { intent: "ship" });
    expect(again.status).toBe(409);
    expect((again.data as { error: string }).error).toContain("tải lại trang");
  });

  test("cancel gives the units back exactly once; a second cancel is a 409 and changes nothing", async () => {
    const before = await stockOf(productA2.id);
    const order = await makeOrder({ product: productA2, producerId: producerA.id, quantity: 3 });
    expect(await stockOf(productA2.id)).toBe(before - 3);

    const noReason = await producerPost(order, { intent: "cancel", reason: "  " });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { error: string }).error).toBe("Hãy nhập lý do.");
    expect(await stockOf(productA2.id)).toBe(before - 3);

    expect((await producerPost(order, { intent: "cancel", reason: "Hết hàng vụ này" })).status).toBe(302);
    expect(await statusOf(order.id)).toBe("CANCELLED");
    expect(await stockOf(productA2.id)).toBe(before);
    const second = await producerPost(order, { intent: "cancel", reason: "Bấm lại" });
    expect(second.status).toBe(409);
    expect((second.data as { error: string }).error).toContain("vừa được thay đổi");
    expect(await stockOf(productA2.id)).toBe(before);
    const event = await prisma.orderEvent.findFirstOrThrow({ where: { orderId: order.id, to: "CANCELLED" } });
    expect(event.note).toBe("Hết hàng vụ này");
    expect(await prisma.auditLog.count({ where: { targetId: order.id, action: "order.cancel" } })).toBe(1);
  });

  test("a confirmed cash-on-delivery order cancelled before shipping gives its sold units back, once", async () => {
    const before = await stockOf(productA2.id);
    const order = await makeOrder({ product: productA2, producerId: producerA.id, quantity: 4 });
    expect((await producerPost(order, { intent: "confirm" })).status).toBe(302);
    expect(await stockOf(productA2.id)).toBe(before - 4);
    expect((await producerPost(order, { intent: "cancel", reason: "Xe hỏng, không giao được" })).status).toBe(
      302,
    );
    expect(await stockOf(productA2.id)).toBe(before);
    expect((await producerPost(order, { intent: "cancel", reason: "Lần nữa" })).status).toBe(409);
    expect(await stockOf(productA2.id)).toBe(before);
  });

  test("a bank transfer marked received is paid and keeps its units", async () => {
    const before = await stockOf(productA.id);
    const order = await makeOrder({ product: productA, producerId: producerA.id, method: "BANK_TRANSFER" });
    const page = await callLoader(
      producerOrderRoute.loader,
      getRequest(`/producer/${producerA.id}/orders/${order.code}`, producerCookie),
      { producerId: producerA.id, code: order.code },
    );
    expect((page.data as { actions: string[] }).actions).toEqual(["pay", "cancel"]);
    expect((await producerPost(order, { intent: "pay" })).status).toBe(302);
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "PAID",
      paidAt: expect.any(Date),
    });
    const reservation = await prisma.stockReservation.findFirstOrThrow({
      where: { checkoutId: order.checkoutId },
    });
    expect(reservation.consumedAt).not.toBeNull();
    expect(await stockOf(productA.id)).toBe(before - 2);
    // Paid orders are no longer cancellable by the producer (money moved: refunds are separate).
    expect((await producerPost(order, { intent: "cancel", reason: "Không giao được" })).status).toBe(409);
    expect(await stockOf(productA.id)).toBe(before - 2);
  });

  test("the dashboard counts the orders waiting for the producer", async () => {
    const dashboard = await import("~/routes/producer/dashboard");
    const result = await callLoader(dashboard.loader, getRequest(`/producer/${producerB.id}`, ownerBCookie), {
      producerId: producerB.id,
    });
    const waiting = await prisma.order.count({
      where: {
        producerId: producerB.id,
        OR: [
          { status: { in: ["PAID", "CONFIRMED"] } },
          { status: "PENDING_PAYMENT", method: { in: ["COD", "BANK_TRANSFER"] } },
        ],
      },
    });
    expect((result.data as { waitingOrders: number }).waitingOrders).toBe(waiting);
    expect(waiting).toBeGreaterThan(0);
  });
});

describe("buyers", () => {
  test("a private link with a wrong token is a 404; the right one shows the order, privately", async () => {
    const order = await makeOrder({
      product: productA,
      producerId: producerA.id,
      batchId: (await prisma.batch.findFirstOrThrow({ where: { productId: productA.id } })).id,
    });
    const wrong = await callLoader(
      orderRoute.loader,
      getRequest(`/don-hang/${order.code}/${"A".repeat(32)}`),
      { code: order.code, token: "A".repeat(32) },
    );
    expect(wrong.status).toBe(404);
    const garbage = await callLoader(orderRoute.loader, getRequest(`/don-hang/${order.code}/x`), {
      code: order.code,
      token: "<script>",
    });
    expect(garbage.status).toBe(404);
    // Without a token nor a session: sign in first (the same answer whether the order exists or not).
    const anonymous = await callLoader(orderRoute.loader, getRequest(`/don-hang/${order.code}`), {
      code: order.code,
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=%2Fdon-hang%2F${order.code}`);
    // Signed in, but not this order's buyer: 404.
    const stranger = await callLoader(
      orderRoute.loader,
      getRequest(`/don-hang/${order.code}`, otherBuyerCookie),
      {
        code: order.code,
      },
    );
    expect(stranger.status).toBe(404);

    const right = await callLoader(orderRoute.loader, getRequest(`/don-hang/${order.code}/${order.token}`), {
      code: order.code,
      token: order.token,
    });
    expect(right.status).toBe(200);
    expect(right.headers.get("Cache-Control")).toBe("private, no-store");
    // The token never goes to another site; same-origin still lets its own forms post with an Origin.
    expect(right.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(orderRoute.headers({} as never)).toMatchObject({ "Cache-Control": "private, no-store" });
    const view = right.data as {
      order: { code: string; totalVnd: number };
      items: { name: string; quantity: number; priceVnd: number; traceHref: string | null; lot: string }[];
      delivery: { commune: string; province: string };
      actions: string[];
    };
    expect(view.order).toMatchObject({ code: order.code, totalVnd: 370_000 });
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({ quantity: 2, priceVnd: 185_000, lot: batchA.lotNumber });
    const publicId = (await prisma.product.findUniqueOrThrow({ where: { id: productA.id } })).publicId;
    expect(view.items[0]!.traceHref).toBe(`/t/${publicId}/${batchA.lotNumber}`);
    expect(view.delivery).toMatchObject({ commune: "Đắk Mil", province: "Lâm Đồng" });
    expect(view.actions).toEqual(["cancel"]);

    // The guest cancels through the same link: the units come back.
    const stock = await stockOf(productA.id);
    const cancel = await callAction(
      orderRoute.action,
      formRequest(`/don-hang/${order.code}/${order.token}`, { intent: "cancel", reason: "Đặt nhầm" }),
      { code: order.code, token: order.token },
    );
    expect(cancel.status).toBe(302);
    expect(cancel.headers.get("Location")).toBe(`/don-hang/${order.code}/${order.token}`);
    expect(await statusOf(order.id)).toBe("CANCELLED");
    expect(await stockOf(productA.id)).toBe(stock + 2);
    expect(
      (await prisma.auditLog.findFirstOrThrow({ where: { targetId: order.id, action: "order.cancel" } }))
        .actorRole,
    ).toBe("GUEST");
    // A wrong token cannot act either.
    const forged = await callAction(
      orderRoute.action,
      formRequest(`/don-hang/${order.code}/${"B".repeat(32)}`, { intent: "cancel" }),
      { code: order.code, token: "B".repeat(32) },
    );
    expect(forged.status).toBe(404);
  });

  test("a bank transfer awaiting payment shows a VietQR code for the producer's account", async () => {
    const order = await makeOrder({ product: productA, producerId: producerA.id, method: "BANK_TRANSFER" });
    const page = await callLoader(orderRoute.loader, getRequest(`/don-hang/${order.code}/${order.token}`), {
      code: order.code,
      token: order.token,
    });
    const transfer = (page.data as { transfer: Record<string, unknown> }).transfer;
    expect(transfer).toMatchObject({
      missing: false,
      accountNumber: "5300205512345",
      amountVnd: 370_000,
      message: order.code,
    });
    expect(String(transfer.bankName)).toContain("Agribank");
    expect(String(transfer.qrSvg)).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    // A producer without an account: no QR, a message instead.
    expect(
      await transferInstructions({ bankName: null, bankAccountNumber: null, bankAccountName: null }, 1, "X"),
    ).toEqual({
      missing: true,
    });
    expect(findBank("Vietcombank Lâm Đồng")?.code).toBe("VCB");
    expect(findBank("Ngân hàng TMCP Công thương Việt Nam")?.shortName).toBe("VietinBank");
    expect(findBank("MB Bank")?.key).toBe("mbbank");
    expect(findBank("Ngân hàng của tôi")).toBeNull();
  });

  test("a signed-in buyer sees their own orders, and follows, receives and completes one", async () => {
    const mine = await makeOrder({ product: productB, producerId: producerB.id, buyerId: buyer.id });
    const list = await callLoader(myOrdersRoute.loader, getRequest("/orders", buyerCookie));
    expect(list.status).toBe(200);
    const codes = (list.data as { orders: { code: string }[] }).orders.map((o) => o.code);
    expect(codes[0]).toBe(mine.code);
    const all = await prisma.order.findMany({ where: { buyerId: buyer.id }, select: { code: true } });
    expect(codes.sort()).toEqual(all.map((o) => o.code).sort());
    const other = await callLoader(myOrdersRoute.loader, getRequest("/orders", otherBuyerCookie));
    expect((other.data as { orders: unknown[] }).orders).toEqual([]);

    const b = { producerId: producerB.id };
    for (const intent of ["confirm", "ship"])
      expect((await producerPost(mine, { intent }, ownerBCookie, b.producerId)).status).toBe(302);
    const page = await callLoader(orderRoute.loader, getRequest(`/don-hang/${mine.code}`, buyerCookie), {
      code: mine.code,
    });
    expect(page.status).toBe(200);
    expect((page.data as { actions: string[] }).actions).toEqual(["deliver"]);
    const post = (intent: string) =>
      callAction(orderRoute.action, formRequest(`/don-hang/${mine.code}`, { intent }, buyerCookie), {
        code: mine.code,
      });
    expect((await post("complete")).status).toBe(409);
    expect((await post("deliver")).status).toBe(302);
    expect((await post("complete")).status).toBe(302);
    expect(await statusOf(mine.id)).toBe("COMPLETED");
    expect((await post("teleport")).status).toBe(400);
  });
});

describe("operators", () => {
  test("the list filters by status, method, the producer's province and code; others are refused", async () => {
    const transfer = await makeOrder({
      product: productB,
      producerId: producerB.id,
      method: "BANK_TRANSFER",
    });
    const get = (query: string, cookie = operatorCookie) =>
      callLoader(operatorOrdersRoute.loader, getRequest(`/operator/orders${query}`, cookie));
    const codes = async (query: string) =>
      ((await get(query)).data as { list: { items: { code: string; status: string }[] } }).list.items;

    const all = await codes("");
    expect(all.length).toBe(await prisma.order.count());
    expect((await codes("?method=BANK_TRANSFER")).every((o) => o.code)).toBe(true);
    expect((await codes("?method=BANK_TRANSFER")).map((o) => o.code)).toContain(transfer.code);
    expect((await codes("?method=BANK_TRANSFER&province=68")).map((o) => o.code)).not.toContain(
      transfer.code,
    );
    expect((await codes("?province=04")).map((o) => o.code)).toContain(transfer.code);
    expect((await codes("?status=CANCELLED")).every((o) => o.status === "CANCELLED")).toBe(true);
    expect((await codes(`?q=${transfer.code.toLowerCase()}`)).map((o) => o.code)).toEqual([transfer.code]);
    // Malformed filters are ignored rather than refused.
    expect((await codes("?status=NOPE&province=x&after=%00")).length).toBe(all.length);

    expect((await get("", producerCookie)).status).toBe(403);
    expect((await get("", buyerCookie)).status).toBe(403);
    expect((await get("")).status).toBe(200);
    const missing = await callLoader(
      operatorOrderRoute.loader,
      getRequest("/operator/orders/DHKHONGCO1", operatorCookie),
      { code: "DHKHONGCO1" },
    );
    expect(missing.status).toBe(404);
  });

  test("an operator cancels an unpaid order with a reason; a refund above what is left is a 400", async () => {
    const order = await makeOrder({ product: productB, producerId: producerB.id, method: "VNPAY" });
    const url = `/operator/orders/${order.code}`;
    const post = (fields: Record<string, string>) =>
      callAction(operatorOrderRoute.action, formRequest(url, fields, operatorCookie), { code: order.code });
    const page = await callLoader(operatorOrderRoute.loader, getRequest(url, operatorCookie), {
      code: order.code,
    });
    expect(page.data).toMatchObject({ canCancel: true, canRefund: false, attempts: [] });

    const tooMuch = await post({ intent: "refund", amountVnd: "600.000", reason: "Khách trả hàng" });
    expect(tooMuch.status).toBe(400);
    expect((tooMuch.data as { error: string }).error).toBe(
      `Số tiền hoàn vượt quá số còn có thể hoàn (${formatVnd(500_000)}).`,
    );
    const badAmount = await post({ intent: "refund", amountVnd: "-5", reason: "x" });
    expect(badAmount.status).toBe(400);
    expect((badAmount.data as { error: string }).error).toContain("số nguyên dương");

    expect((await post({ intent: "cancel", reason: "" })).status).toBe(400);
    const stock = await stockOf(productB.id);
    const cancel = await post({ intent: "cancel", reason: "Người mua yêu cầu qua tổng đài" });
    expect(cancel.status).toBe(302);
    expect(await statusOf(order.id)).toBe("CANCELLED");
    expect(await stockOf(productB.id)).toBe(stock + 2);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetId: order.id, action: "order.cancel" },
    });
    expect(audit).toMatchObject({ actorId: operator.id, actorRole: "OPERATOR" });
    expect((await post({ intent: "cancel", reason: "lần nữa" })).status).toBe(409);
  });
});

describe("notices", () => {
  test("the buyer's account gets a notice for each step; the producer's people hear of new and cancelled orders", async () => {
    const order = await makeOrder({ product: productA, producerId: producerA.id, buyerId: buyer.id });
    await notifyOrder(order.id, "PLACED");
    const producerNotice = await prisma.notification.findFirstOrThrow({
      where: { userId: owner.id, kind: "orderNewCod" },
      orderBy: { createdAt: "desc" },
    });
    expect(producerNotice.link).toBe(`/producer/${producerA.id}/orders/${order.code}`);
    expect(producerNotice.params).toMatchObject({ code: order.code, total: formatVnd(370_000) });
    expect(JSON.stringify(producerNotice.params)).not.toContain("0912345678");

    await producerPost(order, { intent: "confirm" });
    await producerPost(order, { intent: "ship", shippingNote: "GHN 998877" });
    const kinds = (
      await prisma.notification.findMany({
        where: { userId: buyer.id, params: { path: ["code"], equals: order.code } },
      })
    ).map((n) => [n.kind, n.link]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["orderPlaced", `/don-hang/${order.code}`],
        ["orderConfirmed", `/don-hang/${order.code}`],
        ["orderShipped", `/don-hang/${order.code}`],
      ]),
    );
    // The producer acted itself: no notice to its own people about it.
    expect(
      await prisma.notification.count({
        where: { userId: owner.id, kind: { in: ["orderConfirmed", "orderShipped"] } },
      }),
    ).toBe(0);
  });

  test("a guest with an email gets mail in the checkout's language with the private link", async () => {
    const before = readOutbox().length;
    const order = await makeOrder({
      product: productA,
      producerId: producerA.id,
      method: "BANK_TRANSFER",
      email: "guest@example.com",
      locale: "en",
    });
    await notifyOrder(order.id, "PLACED");
    await producerPost(order, { intent: "pay" });
    await notifyOrder(order.id, "EXPIRED");
    const mails = readOutbox()
      .slice(0)
      .filter((m) => m.to === "guest@example.com");
    expect(readOutbox().length).toBe(before + 3);
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        `Order not paid in time: ${order.code}`,
        `Order paid: ${order.code}`,
        `Order received: ${order.code}`,
      ].sort(),
    );
    for (const mail of mails) {
      expect(mail.text).toContain(`/don-hang/${order.code}/${order.token}`);
      expect(mail.text).not.toContain("{{");
    }
    // The producer's people heard of the new transfer order in their inbox (mail follows from it).
    expect(await prisma.notification.count({ where: { userId: owner.id, kind: "orderNewTransfer" } })).toBe(
      1,
    );
    // Nothing about a guest's order lands in an account's inbox.
    expect(
      await prisma.notification.count({
        where: { userId: buyer.id, params: { path: ["code"], equals: order.code } },
      }),
    ).toBe(0);
  });
});
