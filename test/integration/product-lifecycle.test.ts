// The producer side of the review workflow, through the product page's loader and action: submit,
// withdraw (with its confirm step) and reopen; crafted posts; a listed product's edits going back to
// review while the approved version stays listed; the freeze while in review; reasons per field.
import { beforeAll, describe, expect, test } from "vitest";
import type { ProductStatus } from "~/generated/prisma/enums";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { applyTransition } = await import("~/modules/reviews/transitions.server");
const login = await import("~/routes/auth/login");
const productEdit = await import("~/routes/producer/product-edit");
const dashboard = await import("~/routes/producer/dashboard");

const PASSWORD = "mat-khau-that-dai-2026";
const APPROVED_DESCRIPTION = "Cà phê Robusta rang mộc, hái chín, phơi giàn.";

let producerId: string;
let ownerCookie: string;
let helperCookie: string;
let helperId: string;
let official: { id: string; role: "OFFICIAL"; provinceCode: string };

async function signIn(email: string) {
  const res = await callAction(
    login.action,
    formRequest("/login", { identifier: email, password: PASSWORD }),
  );
  expect(res.status).toBe(302);
  return cookiesFrom(res.headers);
}

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24820", name: "Cầu Đất", type: "xã", provinceCode: "68" } });
  const producer = await createProducer(prisma, { communeCode: "24820", name: "HTX Cà phê Cầu Đất" });
  producerId = producer.id;
  const owner = await createUser(prisma, { role: "PRODUCER", email: "chu@example.vn", password: PASSWORD });
  await addMember(prisma, producerId, owner.id, true);
  const helper = await createUser(prisma, { role: "HELPER", email: "hotro@example.vn", password: PASSWORD });
  helperId = helper.id;
  await prisma.consent.create({
    data: {
      producerId,
      helperId,
      grantedByName: "Chủ HTX",
      method: "PAPER_SIGNED",
      scope: ["PRODUCTS"],
    },
  });
  const user = await createUser(prisma, { role: "OFFICIAL", provinceCode: "68" });
  official = { id: user.id, role: "OFFICIAL", provinceCode: "68" };
  ownerCookie = await signIn("chu@example.vn");
  helperCookie = await signIn("hotro@example.vn");
});

/** A complete product with a cover photo, in the given status (APPROVED ones are listed). */
async function coffee(status: ProductStatus = "DRAFT") {
  const product = await createProduct(prisma, {
    producerId,
    name: "Cà phê Robusta Cầu Đất",
    description: APPROVED_DESCRIPTION,
    unit: "gói 500 g",
    priceVnd: 185000,
    status,
  });
  await prisma.productPhoto.create({
    data: {
      productId: product.id,
      hash: product.id.replace(/-/g, ""),
      width: 1600,
      height: 1200,
      placeholder: "data:,",
    },
  });
  return product;
}

const urlOf = (productId: string) => `/producer/${producerId}/products/${productId}`;
const post = (productId: string, fields: Record<string, string>, cookie = ownerCookie) =>
  callAction(productEdit.action, formRequest(urlOf(productId), fields, cookie), { producerId, productId });

type Page = {
  product: { status: string; listed: boolean; pendingReview: string[] };
  editable: boolean;
  actions: string[];
  review: { decision: string; reasons: Record<string, string> } | null;
  defaults: Record<string, string | undefined>;
  draft: unknown;
};
async function page(productId: string, cookie = ownerCookie) {
  const res = await callLoader(productEdit.loader, getRequest(urlOf(productId), cookie), {
    producerId,
    productId,
  });
  expect(res.status).toBe(200);
  return res.data as Page;
}

/** What the form posts: the loader's values with some changed (empty fields are left out). */
async function formOf(productId: string, changes: Record<string, string> = {}) {
  const { defaults } = await page(productId);
  const fields = Object.fromEntries(Object.entries(defaults).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return { ...fields, intent: "save", ...changes };
}

const row = (id: string) => prisma.product.findUniqueOrThrow({ where: { id } });
const claim = (productId: string) => applyTransition({ productId, action: "claim", actor: official });

describe("submit, withdraw and reopen from the product page", () => {
  test("each goes through the state machine and is recorded; withdrawing asks first", async () => {
    const product = await coffee();
    expect((await page(product.id)).actions).toEqual(["submit"]);

    expect((await post(product.id, { intent: "submit" })).status).toBe(302);
    expect(await row(product.id)).toMatchObject({ status: "SUBMITTED", listedAt: null });
    expect((await page(product.id)).actions).toEqual(["withdraw"]);
    const again = await post(product.id, { intent: "submit" });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ problems: ["status"] });

    // Without confirm=yes nothing happens: the page asks (a plain POST, no JavaScript needed).
    const asked = await post(product.id, { intent: "withdraw" });
    expect(asked).toMatchObject({ status: 200, data: { confirmWithdraw: true } });
    expect((await row(product.id)).status).toBe("SUBMITTED");
    expect((await post(product.id, { intent: "withdraw", confirm: "yes" })).status).toBe(302);
    expect((await row(product.id)).status).toBe("WITHDRAWN");
    expect((await page(product.id)).actions).toEqual(["reopen"]);

    expect((await post(product.id, { intent: "reopen" })).status).toBe(302);
    expect((await row(product.id)).status).toBe("DRAFT");
    const twice = await post(product.id, { intent: "reopen" });
    expect(twice.status).toBe(409);
    expect(JSON.stringify(twice.data)).toContain(
      "Không thực hiện được: sản phẩm đang ở trạng thái “Bản nháp”",
    );
    // A draft cannot be withdrawn: refused at once, no confirm step.
    expect((await post(product.id, { intent: "withdraw" })).status).toBe(409);

    const changes = await prisma.changeRecord.findMany({
      where: { entityId: product.id },
      orderBy: { createdAt: "asc" },
    });
    expect(changes.map((c) => c.action)).toEqual(["submitted", "withdraw", "reopen"]);
    const audit = await prisma.auditLog.findMany({ where: { targetId: product.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["product.submit", "product.withdraw", "product.reopen"]);
    expect(audit[0]).toMatchObject({ actorRole: "PRODUCER", ip: "203.0.113.7" });
  });

  test("a helper's actions are recorded as done through a helper", async () => {
    const product = await coffee();
    expect((await post(product.id, { intent: "submit" }, helperCookie)).status).toBe(302);
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { entityId: product.id, action: "submitted" },
    });
    expect(change).toMatchObject({ actorId: helperId, viaHelper: true });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: product.id } });
    expect(audit).toMatchObject({ actorId: helperId, actorRole: "HELPER" });

    const saved = await post(
      product.id,
      await formOf(product.id, { name: "Cà phê Robusta (bản mới)" }),
      helperCookie,
    );
    expect(saved.status).toBe(302);
    const update = await prisma.changeRecord.findFirstOrThrow({
      where: { entityId: product.id, action: "updated" },
    });
    expect(update).toMatchObject({ actorId: helperId, viaHelper: true, summary: { fields: ["name"] } });
  });

  test("a suspended product whose certificate was renewed is resubmitted for re-review", async () => {
    const product = await coffee("APPROVED");
    const certificate = (issuedOn: string, expiresOn: string) =>
      prisma.certificate.create({
        data: {
          producerId,
          productId: product.id,
          kind: "OCOP",
          number: `${issuedOn}/QĐ-UBND`,
          issuer: "UBND tỉnh Lâm Đồng",
          ocopStars: 4,
          issuedOn: new Date(`${issuedOn}T00:00:00Z`),
          expiresOn: new Date(`${expiresOn}T00:00:00Z`),
          createdById: official.id,
        },
      });
    await certificate("2022-01-10", "2025-01-10");
    await prisma.product.update({ where: { id: product.id }, data: { ocopStars: 4 } });
    await applyTransition({
      productId: product.id,
      action: "suspend",
      actor: { id: null, role: "SYSTEM" },
      cause: "CERTIFICATE_EXPIRED",
    });
    const suspended = await page(product.id);
    expect(suspended).toMatchObject({
      product: { status: "SUSPENDED", listed: false },
      editable: true,
      actions: ["submit", "withdraw"],
    });
    const early = await post(product.id, { intent: "submit" });
    expect(early).toMatchObject({
      status: 422,
      data: { problems: ["ocopCertificate", "certificateInvalid"] },
    });
    await certificate("2025-01-11", "2028-01-11");
    expect((await post(product.id, { intent: "submit" })).status).toBe(302);
    expect(await row(product.id)).toMatchObject({ status: "SUBMITTED", listedAt: null });
  });
});

describe("crafted posts", () => {
  test("an unknown intent or a posted status changes nothing", async () => {
    const product = await coffee();
    for (const intent of ["approve", "claim", "reinstate", "revise"]) {
      const res = await post(product.id, { intent });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.data)).toContain("Yêu cầu không hợp lệ.");
    }
    const saved = await post(
      product.id,
      await formOf(product.id, { status: "APPROVED", listedAt: "2026-01-01", revision: "{}" }),
    );
    expect(saved.status).toBe(302);
    expect(await row(product.id)).toMatchObject({ status: "DRAFT", listedAt: null, revision: null });
    expect(await prisma.auditLog.count({ where: { targetId: product.id } })).toBe(0);
  });
});

describe("a listed product", () => {
  test("a reviewed change goes back to review while the approved version stays listed", async () => {
    const product = await coffee("APPROVED");
    const newDescription = "Cà phê Robusta rang mộc, hái chín 100%, phơi giàn tre.";
    const saved = await post(product.id, await formOf(product.id, { description: newDescription }));
    expect(saved.status).toBe(302);
    const after = await row(product.id);
    expect(after).toMatchObject({
      status: "SUBMITTED",
      description: APPROVED_DESCRIPTION,
      revision: { description: newDescription },
    });
    expect(after.listedAt).toEqual(product.listedAt);
    const shown = await page(product.id);
    expect(shown.defaults.description).toBe(newDescription);
    expect(shown.product).toMatchObject({
      status: "SUBMITTED",
      listed: true,
      pendingReview: ["description"],
    });
    expect(await prisma.changeRecord.count({ where: { entityId: product.id, action: "submitted" } })).toBe(1);

    // Still editable while waiting: a price applies at once, a revert drops the key.
    await post(
      product.id,
      await formOf(product.id, { description: APPROVED_DESCRIPTION, priceVnd: "190000" }),
    );
    expect(await row(product.id)).toMatchObject({ status: "SUBMITTED", priceVnd: 190000, revision: null });

    // Approval publishes the revision.
    await post(product.id, await formOf(product.id, { description: newDescription }));
    await claim(product.id);
    await applyTransition({ productId: product.id, action: "approve", actor: official });
    expect(await row(product.id)).toMatchObject({
      status: "APPROVED",
      description: newDescription,
      revision: null,
    });
  });

  test("a price-only change applies directly and the product stays approved", async () => {
    const product = await coffee("APPROVED");
    const res = await post(product.id, await formOf(product.id, { priceVnd: "199000", stock: "25" }));
    expect(res.status).toBe(302);
    expect(await row(product.id)).toMatchObject({
      status: "APPROVED",
      priceVnd: 199000,
      stock: 25,
      revision: null,
    });
    expect(await prisma.auditLog.count({ where: { targetId: product.id } })).toBe(0);
    const list = await callLoader(dashboard.loader, getRequest(`/producer/${producerId}`, ownerCookie), {
      producerId,
    });
    const listed = (list.data as { products: { id: string; listedAt: unknown }[] }).products.find(
      (p) => p.id === product.id,
    );
    expect(listed?.listedAt).toBeTruthy();
  });

  test("a GTIN waiting in another product's revision is taken", async () => {
    const first = await coffee("APPROVED");
    const second = await coffee();
    await post(first.id, await formOf(first.id, { gtin: "8938512000015" }));
    expect((await row(first.id)).revision).toEqual({ gtin: "8938512000015" });
    const taken = await post(second.id, await formOf(second.id, { gtin: "8938512000015" }));
    expect(taken.status).toBe(409);
    expect(JSON.stringify(taken.data)).toContain("Mã GTIN này đã được dùng cho một sản phẩm khác.");
  });
});

describe("in review and after a decision", () => {
  test("an IN_REVIEW product is frozen: an edit is refused, kept as a draft, nothing changes", async () => {
    const product = await coffee("SUBMITTED");
    await claim(product.id);
    const before = await row(product.id);
    const res = await post(product.id, await formOf(product.id, { name: "Tên mới trong lúc duyệt" }));
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.data)).toContain("Sản phẩm đang được duyệt nên tạm khóa chỉnh sửa.");
    expect(JSON.stringify(res.data)).toContain("Tên mới trong lúc duyệt"); // what was typed comes back
    expect(await row(product.id)).toEqual(before);
    const shown = await page(product.id);
    expect(shown).toMatchObject({ editable: false, draft: null, actions: ["withdraw"] });
    expect(shown.defaults.name).toBe("Cà phê Robusta Cầu Đất");
    const kept = await prisma.productDraft.findUniqueOrThrow({ where: { productId: product.id } });
    expect(kept.data).toMatchObject({ name: "Tên mới trong lúc duyệt" });
  });

  test("the official's reasons reach the page, per field; resubmitting hides them", async () => {
    const product = await coffee("SUBMITTED");
    await claim(product.id);
    const reasons = {
      _general: "Hồ sơ cần bổ sung trước khi duyệt.",
      description: "Mô tả cần ghi rõ vùng trồng.",
      priceVnd: "Giá cao bất thường so với thị trường.",
      photos: "Ảnh bìa bị mờ.",
    };
    await applyTransition({ productId: product.id, action: "requestChanges", actor: official, reasons });
    const shown = await page(product.id);
    expect(shown).toMatchObject({
      product: { status: "CHANGES_REQUESTED" },
      editable: true,
      actions: ["submit", "withdraw"],
      review: { decision: "CHANGES_REQUESTED", reasons },
    });
    // A helper sees them too (producer pages are access-checked already).
    expect((await page(product.id, helperCookie)).review?.reasons).toEqual(reasons);

    expect((await post(product.id, { intent: "submit" })).status).toBe(302);
    expect((await page(product.id)).review).toBeNull();
  });

  test("a rejected product is final: read-only, no actions", async () => {
    const product = await coffee("SUBMITTED");
    await claim(product.id);
    await applyTransition({
      productId: product.id,
      action: "reject",
      actor: official,
      reasons: { _general: "Không phải sản phẩm OCOP." },
    });
    expect(await page(product.id)).toMatchObject({
      editable: false,
      actions: [],
      review: { decision: "REJECTED", reasons: { _general: "Không phải sản phẩm OCOP." } },
    });
    const res = await post(product.id, await formOf(product.id, { name: "Thử lại" }));
    expect(res.status).toBe(409);
    expect((await row(product.id)).name).toBe("Cà phê Robusta Cầu Đất");
    for (const intent of ["submit", "withdraw", "reopen"]) {
      const refused = await post(product.id, { intent, confirm: "yes" });
      expect(refused.status).toBe(409);
    }
    expect((await row(product.id)).status).toBe("REJECTED");
  });
});
