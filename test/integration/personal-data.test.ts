// Personal-data rights (Law 91/2025) through the routes: the copy of one's data (JSON file and
// page) holds what is theirs and no secret or other person's data; deleting an account erases it,
// keeps orders and audit records anonymised, ends every session and blocks sign-in, and is refused
// while something still needs the person; consents are revoked only by those entitled to.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { readSessionToken, hashToken } = await import("~/utils/session.server");
const { createPasswordReset } = await import("~/modules/accounts/accounts.server");
const { ERASED_NAME } = await import("~/modules/accounts/personal-data");
const { eraseAccount } = await import("~/modules/accounts/account-deletion.server");
const login = await import("~/routes/auth/login");
const signup = await import("~/routes/auth/signup");
const account = await import("~/routes/auth/account");
const dataPage = await import("~/routes/auth/account-data");
const dataJson = await import("~/routes/auth/account-data-json");
const deletePage = await import("~/routes/auth/account-delete");
const deletedPage = await import("~/routes/auth/account-deleted");
const consentsPage = await import("~/routes/auth/consents");
const producerLayout = await import("~/routes/producer/layout");

const PASSWORD = "du-lieu-ca-nhan-2026";
const signIn = async (identifier: string) => {
  const res = await callAction(login.action, formRequest("/login", { identifier, password: PASSWORD }));
  expect(res.status, `sign-in of ${identifier}`).toBe(302);
  return cookiesFrom(res.headers);
};
const make = (role: "BUYER" | "PRODUCER" | "HELPER" | "OFFICIAL" | "ADMIN", email: string, extra = {}) =>
  createUser(prisma, { role, email, password: PASSWORD, name: `Người ${email.split("@")[0]}`, ...extra });

let seq = 0;
/** A checkout with one order of `product`, placed by `buyerId` (signed in) or a guest. */
async function placeOrder(input: {
  buyerId: string | null;
  producerId: string;
  productId: string;
  status: "PENDING_PAYMENT" | "COMPLETED" | "SHIPPED" | "CANCELLED";
  name?: string;
  phone?: string;
  email?: string | null;
  street?: string;
}) {
  const code = `DHPD${String(++seq).padStart(6, "0")}`;
  const checkout = await prisma.checkout.create({
    data: {
      buyerId: input.buyerId,
      method: "COD",
      name: input.name ?? "Nguyễn Thị Mai",
      phone: input.phone ?? "0912345678",
      email: input.email ?? null,
      provinceCode: "68",
      communeCode: "24670",
      street: input.street ?? "12 Lê Lợi",
      note: "Gọi trước khi giao",
      totalVnd: 185_000,
    },
    select: { id: true },
  });
  const order = await prisma.order.create({
    data: {
      code,
      checkoutId: checkout.id,
      producerId: input.producerId,
      buyerId: input.buyerId,
      method: "COD",
      status: input.status,
      subtotalVnd: 185_000,
      totalVnd: 185_000,
      accessTokenHash: createHash("sha256").update(code).digest("hex"),
      items: {
        create: {
          productId: input.productId,
          name: "Cà phê rang mộc",
          unit: "gói 500 g",
          priceVnd: 185_000,
          quantity: 1,
        },
      },
      events: {
        create: {
          to: "PENDING_PAYMENT",
          actorId: input.buyerId,
          actorRole: "BUYER",
          note: "Giao giờ hành chính",
        },
      },
    },
    select: { id: true, code: true, checkoutId: true },
  });
  return order;
}

const deleteForm = (cookie: string, fields: Record<string, string> = { password: PASSWORD, confirm: "on" }) =>
  callAction(deletePage.action, formRequest("/account/delete", fields, cookie));

let producer: { id: string; name: string };
let listedProduct: { id: string };

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24670", name: "Đắk Mil", type: "xã", provinceCode: "68" } });
  producer = await createProducer(prisma, { name: "HTX Cà phê Đắk Mil", communeCode: "24670" });
  await prisma.producer.update({
    where: { id: producer.id },
    data: { phone: "0987000111", representative: "Y Bhăm Êban", bankAccountNumber: "5300205512345" },
  });
  listedProduct = await createProduct(prisma, { producerId: producer.id, status: "APPROVED", stock: 50 });
  const owner = await make("PRODUCER", "chu.dakmil@htx.vn", { phone: "0977123456" });
  await addMember(prisma, producer.id, owner.id, true);
});

describe("the copy of one's data", () => {
  test("the JSON file holds the buyer's account, sessions, orders and notices, and no secret", async () => {
    const buyer = await make("BUYER", "mai@example.vn", { phone: "0912345678" });
    const other = await make("BUYER", "lan.khac@example.vn", { phone: "0934567890" });
    const cookie = await signIn("mai@example.vn");
    const mine = await placeOrder({
      buyerId: buyer.id,
      producerId: producer.id,
      productId: listedProduct.id,
      status: "COMPLETED",
      street: "12 Lê Lợi, thôn 3",
    });
    const theirs = await placeOrder({
      buyerId: other.id,
      producerId: producer.id,
      productId: listedProduct.id,
      status: "COMPLETED",
      name: "Trần Thị Lan",
      phone: "0934567890",
      street: "99 Hai Bà Trưng",
    });
    await prisma.notification.create({
      data: {
        userId: buyer.id,
        kind: "orderConfirmed",
        params: { code: mine.code, producer: producer.name },
      },
    });
    await prisma.notification.create({
      data: {
        userId: other.id,
        kind: "orderConfirmed",
        params: { code: theirs.code, producer: producer.name },
      },
    });
    const resetToken = await createPasswordReset(buyer.id);

    const res = await callLoader(dataJson.loader, getRequest("/account/data.json", cookie));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="cong-ocop-du-lieu-ca-nhan-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const text = res.data as string;
    const copy = JSON.parse(text);

    expect(copy.account).toMatchObject({
      id: buyer.id,
      name: buyer.name,
      email: "mai@example.vn",
      phone: "0912345678",
      role: "BUYER",
      language: "vi",
    });
    expect(copy.sessions.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(copy.sessions[0]).sort()).toEqual(["createdAt", "expiresAt"]);
    expect(copy.passwordResets).toHaveLength(1);
    expect(copy.checkouts).toHaveLength(1);
    expect(copy.checkouts[0].delivery).toMatchObject({
      name: "Nguyễn Thị Mai",
      street: "12 Lê Lợi, thôn 3",
      province: "Lâm Đồng",
      commune: "xã Đắk Mil",
    });
    expect(copy.checkouts[0].orders[0]).toMatchObject({ code: mine.code, status: "COMPLETED" });
    expect(copy.notifications).toHaveLength(1);
    expect(copy.notifications[0].title).toContain(mine.code);

    // No secret: the password hash, the session token or its hash, the reset token or its hash.
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: buyer.id } });
    const token = (await readSessionToken(getRequest("/", cookie)))!;
    const reset = await prisma.passwordReset.findFirstOrThrow({ where: { userId: buyer.id } });
    for (const secret of [stored.passwordHash, token, hashToken(token), resetToken, reset.tokenHash]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/argon2/i);
    // Nobody else's data: the other buyer's contact, order and notice.
    for (const foreign of [
      "lan.khac@example.vn",
      "0934567890",
      "Trần Thị Lan",
      "99 Hai Bà Trưng",
      theirs.code,
    ]) {
      expect(text).not.toContain(foreign);
    }

    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { actorId: buyer.id, action: "user.dataExported" },
    });
    expect(audit).toMatchObject({ targetType: "User", targetId: buyer.id, details: { format: "json" } });
    expect(JSON.stringify(audit)).not.toContain("mai@example.vn");
  });

  test("the readable page shows the same copy and is recorded too; anonymous visitors are sent to sign in", async () => {
    const buyer = await make("BUYER", "trang@example.vn");
    const cookie = await signIn("trang@example.vn");
    const res = await callLoader(dataPage.loader, getRequest("/account/data", cookie));
    expect(res.status).toBe(200);
    const { copy } = res.data as { copy: { account: { email: string }; sessions: unknown[] } };
    expect(copy.account.email).toBe("trang@example.vn");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(
      await prisma.auditLog.count({
        where: { actorId: buyer.id, action: "user.dataExported", details: { equals: { format: "html" } } },
      }),
    ).toBe(1);

    for (const loader of [dataPage.loader, dataJson.loader]) {
      const anonymous = await callLoader(loader, getRequest("/account/data"));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  test("a helper's copy names the producers it works for, not their contact details; the owner's names the helper only", async () => {
    const helper = await make("HELPER", "hotro@cntt.vn", { phone: "0961222333" });
    await prisma.consent.create({
      data: {
        producerId: producer.id,
        helperId: helper.id,
        grantedByName: "Y Bhăm Êban",
        method: "PAPER_SIGNED",
        scope: ["PROFILE", "PRODUCTS"],
      },
    });
    await prisma.changeRecord.create({
      data: {
        producerId: producer.id,
        actorId: helper.id,
        viaHelper: true,
        entity: "Product",
        entityId: listedProduct.id,
        action: "updated",
        summary: { fields: ["description"] },
      },
    });
    const helperCopy = (await callLoader(dataJson.loader, getRequest("/", await signIn("hotro@cntt.vn"))))
      .data as string;
    const parsed = JSON.parse(helperCopy);
    expect(parsed.consentsAsHelper).toEqual([
      expect.objectContaining({
        producer: producer.name,
        method: "PAPER_SIGNED",
        scope: ["PROFILE", "PRODUCTS"],
      }),
    ]);
    expect(parsed.changes).toEqual([
      expect.objectContaining({
        producer: producer.name,
        entity: "Product",
        action: "updated",
        viaHelper: true,
      }),
    ]);
    for (const foreign of ["0987000111", "Y Bhăm Êban", "5300205512345", "chu.dakmil@htx.vn", "0977123456"]) {
      expect(helperCopy).not.toContain(foreign);
    }

    // The owner sees its own business's contact and bank fields, and who helps it — by name only.
    const ownerCopy = (await callLoader(dataJson.loader, getRequest("/", await signIn("chu.dakmil@htx.vn"))))
      .data as string;
    const owner = JSON.parse(ownerCopy);
    expect(owner.producers).toEqual([
      expect.objectContaining({ producer: producer.name, owner: true, producerPhone: "0987000111" }),
    ]);
    expect(owner.consentsForYourProducers).toEqual([
      expect.objectContaining({ helper: helper.name, grantedByName: "Y Bhăm Êban", revokedAt: null }),
    ]);
    for (const foreign of ["hotro@cntt.vn", "0961222333"]) expect(ownerCopy).not.toContain(foreign);
  });
});

describe("deleting an account", () => {
  test("bad input is a 400, a wrong password a 401, and nothing changes", async () => {
    const buyer = await make("BUYER", "sai@example.vn");
    const cookie = await signIn("sai@example.vn");
    const empty = await deleteForm(cookie, {});
    expect(empty.status).toBe(400);
    const unticked = await deleteForm(cookie, { password: PASSWORD });
    expect(unticked.status).toBe(400);
    expect(JSON.stringify(unticked.data)).toContain("Hãy đánh dấu ô xác nhận.");
    const wrong = await deleteForm(cookie, { password: "khong-dung-mat-khau", confirm: "on" });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.data)).toContain("Mật khẩu không đúng.");
    expect(JSON.stringify(wrong.data)).not.toContain("khong-dung-mat-khau");
    const after = await prisma.user.findUniqueOrThrow({ where: { id: buyer.id } });
    expect(after.email).toBe("sai@example.vn");
    expect(await prisma.session.count({ where: { userId: buyer.id } })).toBe(1);
  });

  test("wrong passwords are throttled per account (429)", async () => {
    const cookie = await (async () => {
      await make("BUYER", "doan@example.vn");
      return signIn("doan@example.vn");
    })();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await deleteForm(cookie, { password: `doan-sai-${i}-lan-nua`, confirm: "on" })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  test("an open order, staff roles and a sole owner with live products are refused with the reason", async () => {
    const buyer = await make("BUYER", "dangcho@example.vn");
    const cookie = await signIn("dangcho@example.vn");
    const open = await placeOrder({
      buyerId: buyer.id,
      producerId: producer.id,
      productId: listedProduct.id,
      status: "SHIPPED",
    });
    const page = await callLoader(deletePage.loader, getRequest("/account/delete", cookie));
    expect((page.data as { blockers: unknown[] }).blockers).toEqual([
      { kind: "openOrders", codes: [open.code] },
    ]);
    const refused = await deleteForm(cookie);
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ blockers: [{ kind: "openOrders", codes: [open.code] }] });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: buyer.id } })).email).toBe(
      "dangcho@example.vn",
    );
    expect(await prisma.checkout.count({ where: { id: open.checkoutId, name: "Nguyễn Thị Mai" } })).toBe(1);

    // An expired VNPay order whose payment is still pending may come back when VNPay confirms late.
    const late = await make("BUYER", "tre@example.vn");
    const expired = await placeOrder({
      buyerId: late.id,
      producerId: producer.id,
      productId: listedProduct.id,
      status: "CANCELLED",
    });
    await prisma.order.update({ where: { id: expired.id }, data: { status: "EXPIRED" } });
    await prisma.paymentAttempt.create({
      data: {
        checkoutId: expired.checkoutId,
        txnRef: `PD${expired.code}`,
        amountVnd: 185_000,
        expiresAt: new Date(Date.now() - 60_000),
      },
    });
    expect((await deleteForm(await signIn("tre@example.vn"))).data).toMatchObject({
      blockers: [{ kind: "openOrders", codes: [expired.code] }],
    });

    await make("OFFICIAL", "canbo@so.vn", { provinceCode: "68" });
    const official = await deleteForm(await signIn("canbo@so.vn"));
    expect(official.status).toBe(403);
    expect(official.data).toMatchObject({ blockers: [{ kind: "staff" }] });

    const owner = await deleteForm(await signIn("chu.dakmil@htx.vn"));
    expect(owner.status).toBe(409);
    expect(owner.data).toMatchObject({
      blockers: [{ kind: "liveProducer", producer: producer.name, products: 1, orders: 1 }],
    });

    // A sole owner leaving staff behind must name another owner first.
    const shop = await createProducer(prisma, { name: "Hộ kinh doanh Trà Bảo Lộc", communeCode: "24670" });
    const soleOwner = await make("PRODUCER", "bao.loc@htx.vn");
    const staff = await make("PRODUCER", "nhanvien@htx.vn");
    await addMember(prisma, shop.id, soleOwner.id, true);
    await addMember(prisma, shop.id, staff.id, false);
    const handOver = await deleteForm(await signIn("bao.loc@htx.vn"));
    expect(handOver.status).toBe(409);
    expect(handOver.data).toMatchObject({ blockers: [{ kind: "handOver", producer: shop.name }] });
    expect(JSON.stringify(handOver.data)).toContain("Chưa xoá được tài khoản");
  });

  test("a buyer's deletion erases them, keeps their finished orders anonymised and the audit log, and blocks sign-in", async () => {
    const buyer = await make("BUYER", "xoa@example.vn", { phone: "0356789012" });
    const cookie = await signIn("xoa@example.vn");
    const secondCookie = await signIn("0356789012");
    const done = await placeOrder({
      buyerId: buyer.id,
      producerId: producer.id,
      productId: listedProduct.id,
      status: "COMPLETED",
      name: "Phạm Văn Xoá",
      phone: "0356789012",
      email: "xoa@example.vn",
      street: "7 Trần Phú",
    });
    await prisma.notification.create({ data: { userId: buyer.id, kind: "orderPlaced", params: {} } });
    await prisma.cart.create({
      data: { userId: buyer.id, items: { create: { productId: listedProduct.id, quantity: 2 } } },
    });
    await createPasswordReset(buyer.id);
    await callLoader(dataJson.loader, getRequest("/account/data.json", cookie));
    await prisma.rateLimit.create({
      data: { key: "login:account:xoa@example.vn", windowStart: new Date(), hits: 2 },
    });
    // A guest order with the same phone was never linked to the account: it is not the account's.
    const guest = await placeOrder({
      buyerId: null,
      producerId: producer.id,
      productId: listedProduct.id,
      status: "SHIPPED",
      phone: "0356789012",
    });
    const auditBefore = await prisma.auditLog.count({ where: { actorId: buyer.id } });

    const res = await deleteForm(cookie);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location")!, "http://x");
    expect(location.pathname).toBe("/account/deleted");
    expect(res.headers.getSetCookie().join("\n")).toMatch(/__session=[^;]*;.*Max-Age=0/);

    const erased = await prisma.user.findUniqueOrThrow({ where: { id: buyer.id } });
    expect(erased).toMatchObject({ name: ERASED_NAME, email: null, phone: null, passwordHash: "" });
    expect(await prisma.session.count({ where: { userId: buyer.id } })).toBe(0);
    expect(await prisma.passwordReset.count({ where: { userId: buyer.id } })).toBe(0);
    expect(await prisma.notification.count({ where: { userId: buyer.id } })).toBe(0);
    expect(await prisma.cart.count({ where: { userId: buyer.id } })).toBe(0);
    expect(await prisma.rateLimit.count({ where: { key: { contains: "xoa@example.vn" } } })).toBe(0);

    // The order stays for the producer's books, detached from the person.
    const order = await prisma.order.findUniqueOrThrow({
      where: { id: done.id },
      include: { checkout: true, items: true, events: true },
    });
    expect(order).toMatchObject({ status: "COMPLETED", buyerId: null, totalVnd: 185_000 });
    expect(order.items).toHaveLength(1);
    expect(order.checkout).toMatchObject({
      buyerId: null,
      name: ERASED_NAME,
      phone: "",
      email: null,
      street: "",
      note: null,
      provinceCode: "68",
      communeCode: "24670",
    });
    expect(order.events[0]!.note).toBeNull();

    // The audit log keeps what it had, plus the deletion, which holds no personal data.
    expect(await prisma.auditLog.count({ where: { actorId: buyer.id } })).toBe(auditBefore + 1);
    const record = await prisma.auditLog.findFirstOrThrow({
      where: { actorId: buyer.id, action: "user.deleted" },
    });
    expect(location.searchParams.get("ref")).toBe(record.id);
    expect(record.details).toEqual({
      orders: 1,
      checkouts: 1,
      consentsRevoked: 0,
      memberships: 0,
      notifications: 1,
    });
    for (const personal of ["xoa@example.vn", "0356789012", buyer.name, "Phạm Văn Xoá", "7 Trần Phú"]) {
      expect(JSON.stringify(record)).not.toContain(personal);
    }

    // Both sessions are dead; the old email and phone sign in like unknown accounts.
    for (const old of [cookie, secondCookie]) {
      const page = await callLoader(account.loader, getRequest("/account", old));
      expect(page.status).toBe(302);
    }
    const unknown = await callAction(
      login.action,
      formRequest("/login", { identifier: "chua-tung-co@example.vn", password: PASSWORD }),
    );
    for (const identifier of ["xoa@example.vn", "0356789012"]) {
      const again = await callAction(login.action, formRequest("/login", { identifier, password: PASSWORD }));
      expect(again.status).toBe(401);
      expect(JSON.stringify(again.data)).toBe(
        JSON.stringify(unknown.data).replace("chua-tung-co@example.vn", identifier),
      );
    }
    // A second submission that got past its password check before the first committed erases nothing more.
    expect(await eraseAccount(buyer.id, {})).toEqual({ erased: true, receipt: record.id });
    expect(await prisma.auditLog.count({ where: { actorId: buyer.id } })).toBe(auditBefore + 1);
    const confirmation = await callLoader(
      deletedPage.loader,
      getRequest(`/account/deleted${location.search}`),
    );
    expect(confirmation.data).toEqual({ ref: record.id });

    expect(
      await prisma.checkout.findUniqueOrThrow({ where: { id: guest.checkoutId }, select: { phone: true } }),
    ).toEqual({ phone: "0356789012" });

    // The person may come back with the same email and phone.
    const back = await callAction(
      signup.action,
      formRequest("/signup", {
        name: "Phạm Văn Trở Lại",
        email: "xoa@example.vn",
        phone: "0356789012",
        password: PASSWORD,
        role: "BUYER",
        consent: "on",
      }),
    );
    expect(back.status).toBe(302);
  });

  test("a helper's deletion revokes its consents; a sole owner with nothing live leaves the business record behind", async () => {
    const helper = await make("HELPER", "hotro.xoa@cntt.vn");
    const helped = await createProducer(prisma, { name: "Tổ hợp tác Mắc ca", communeCode: "24670" });
    const consent = await prisma.consent.create({
      data: {
        producerId: helped.id,
        helperId: helper.id,
        grantedByName: "Ka Nhung",
        method: "ON_DEVICE",
        scope: ["PROFILE"],
      },
    });
    await prisma.changeRecord.create({
      data: {
        producerId: helped.id,
        actorId: helper.id,
        viaHelper: true,
        entity: "Producer",
        entityId: helped.id,
        action: "created",
      },
    });
    const helperCookie = await signIn("hotro.xoa@cntt.vn");
    expect(
      (
        await callLoader(producerLayout.loader, getRequest(`/producer/${helped.id}`, helperCookie), {
          producerId: helped.id,
        })
      ).status,
    ).toBe(200);

    expect((await deleteForm(helperCookie)).status).toBe(302);
    const revoked = await prisma.consent.findUniqueOrThrow({ where: { id: consent.id } });
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.revokedById).toBe(helper.id);
    // The producer's history keeps the helper's changes (now by a deleted user) and says why it left.
    const history = await prisma.changeRecord.findMany({
      where: { producerId: helped.id },
      select: { action: true, entity: true, summary: true, actor: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    });
    expect(history).toEqual([
      { action: "created", entity: "Producer", summary: {}, actor: { name: ERASED_NAME } },
      {
        action: "revoked",
        entity: "Consent",
        summary: { reason: "accountDeleted" },
        actor: { name: ERASED_NAME },
      },
    ]);

    // An owner of a business with nothing on sale and no order in progress may go; the business stays.
    const shop = await createProducer(prisma, { name: "Hộ kinh doanh Hồng Sa Pa", communeCode: "24670" });
    await createProduct(prisma, { producerId: shop.id, status: "DRAFT" });
    const owner = await make("PRODUCER", "hong@htx.vn");
    await addMember(prisma, shop.id, owner.id, true);
    const preview = await callLoader(
      deletePage.loader,
      getRequest("/account/delete", await signIn("hong@htx.vn")),
    );
    expect(preview.data).toMatchObject({ blockers: [], preview: { leftAlone: [shop.name], memberships: 1 } });
    expect((await deleteForm(await signIn("hong@htx.vn"))).status).toBe(302);
    expect(await prisma.producerMember.count({ where: { producerId: shop.id } })).toBe(0);
    expect(await prisma.producer.count({ where: { id: shop.id } })).toBe(1);
    expect(await prisma.product.count({ where: { producerId: shop.id } })).toBe(1);
  });
});

describe("consents", () => {
  test("a producer revokes its helper's consent; another producer, a buyer or the wrong helper cannot", async () => {
    const shop = await createProducer(prisma, { name: "HTX Sầu riêng Krông Pắc", communeCode: "24670" });
    const owner = await make("PRODUCER", "sau.rieng@htx.vn");
    await addMember(prisma, shop.id, owner.id, true);
    const helper = await make("HELPER", "hotro.sr@cntt.vn");
    const otherHelper = await make("HELPER", "hotro.khac@cntt.vn");
    const consent = await prisma.consent.create({
      data: {
        producerId: shop.id,
        helperId: helper.id,
        grantedByName: "Nguyễn Văn Sầu",
        method: "VERBAL_WITNESSED",
        scope: ["PRODUCTS"],
      },
    });
    const second = await prisma.consent.create({
      data: {
        producerId: shop.id,
        helperId: helper.id,
        grantedByName: "Nguyễn Văn Sầu",
        method: "ON_DEVICE",
        scope: ["PHOTOS"],
      },
    });

    const ownerCookie = await signIn("sau.rieng@htx.vn");
    const page = await callLoader(consentsPage.loader, getRequest("/account/consents", ownerCookie));
    expect(page.status).toBe(200);
    const listed = page.data as {
      asProducer: { id: string; helper: { name: string } }[];
      canRevoke: boolean;
    };
    expect(listed.asProducer.map((c) => c.id).sort()).toEqual([consent.id, second.id].sort());
    expect(listed.asProducer[0]!.helper).toEqual({ name: helper.name });
    expect(listed.canRevoke).toBe(true);

    const post = (cookie: string, fields: Record<string, string>) =>
      callAction(consentsPage.action, formRequest("/account/consents", fields, cookie));
    // Someone else's consent does not exist for them, whatever they try.
    const strangers = [
      [await signIn("chu.dakmil@htx.vn"), "revoke"],
      [await signIn("mai@example.vn"), "revoke"],
      [await signIn("hotro.khac@cntt.vn"), "withdraw"],
      [ownerCookie, "withdraw"],
    ] as const;
    for (const [cookie, intent] of strangers) {
      expect((await post(cookie, { intent, consentId: consent.id })).status).toBe(404);
    }
    expect((await prisma.consent.findUniqueOrThrow({ where: { id: consent.id } })).revokedAt).toBeNull();
    expect((await post(ownerCookie, { intent: "approve", consentId: consent.id })).status).toBe(400);
    expect((await post(ownerCookie, { intent: "revoke", consentId: "not-a-uuid" })).status).toBe(400);
    expect(otherHelper.id).not.toBe(helper.id);

    const revoked = await post(ownerCookie, { intent: "revoke", consentId: consent.id });
    expect(revoked.status).toBe(302);
    expect(revoked.headers.get("Location")).toBe("/account/consents");
    expect(await prisma.consent.findUniqueOrThrow({ where: { id: consent.id } })).toMatchObject({
      revokedById: owner.id,
    });
    // Twice is not twice: the second finds nothing left to revoke.
    expect((await post(ownerCookie, { intent: "revoke", consentId: consent.id })).status).toBe(404);

    // The helper steps back from the other consent itself.
    const helperCookie = await signIn("hotro.sr@cntt.vn");
    const helperPage = await callLoader(consentsPage.loader, getRequest("/account/consents", helperCookie));
    expect((helperPage.data as { asHelper: unknown[] }).asHelper).toHaveLength(2);
    expect((await post(helperCookie, { intent: "withdraw", consentId: second.id })).status).toBe(302);
    expect((await prisma.consent.findUniqueOrThrow({ where: { id: second.id } })).revokedById).toBe(
      helper.id,
    );
    const access = await callLoader(producerLayout.loader, getRequest(`/producer/${shop.id}`, helperCookie), {
      producerId: shop.id,
    });
    expect(access.status).toBe(403);
    expect(
      await prisma.changeRecord.findMany({
        where: { producerId: shop.id, entity: "Consent" },
        select: { action: true, viaHelper: true, actorId: true },
        orderBy: { createdAt: "asc" },
      }),
    ).toEqual([
      { action: "revoked", viaHelper: false, actorId: owner.id },
      { action: "withdrawn", viaHelper: true, actorId: helper.id },
    ]);
  });
});
