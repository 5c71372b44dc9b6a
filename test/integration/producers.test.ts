import { beforeAll, describe, expect, test } from "vitest";
import { createProducer, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const login = await import("~/routes/auth/login");
const onboard = await import("~/routes/helper/onboard");
const layout = await import("~/routes/producer/layout");
const profile = await import("~/routes/producer/profile");
const productNew = await import("~/routes/producer/product-new");
const productEdit = await import("~/routes/producer/product-edit");
const draft = await import("~/routes/producer/product-draft");
const helpers = await import("~/routes/producer/helpers");
const claim = await import("~/routes/producer/claim");

const PASSWORD = "mat-khau-that-dai-2026";

async function signIn(email: string) {
  const res = await callAction(
    login.action,
    formRequest("/login", { identifier: email, password: PASSWORD }),
  );
  expect(res.status).toBe(302);
  return cookiesFrom(res.headers);
}

const product = {
  name: "Mật ong bạc hà Mèo Vạc",
  ocopGroup: "FOOD",
  description: "Mật ong hoa bạc hà vùng cao nguyên đá, thu vào tháng 11–12.",
  unit: "chai 500 ml",
  priceVnd: "350000",
  stock: "40",
  weightGrams: "750",
  originCommuneCode: "00769",
};

let helperCookie: string;
let producerCookie: string;
let strangerCookie: string;

beforeAll(async () => {
  await prisma.province.create({ data: { code: "08", name: "Tuyên Quang", type: "tỉnh" } });
  await prisma.commune.createMany({
    data: [
      { code: "00769", name: "Mèo Vạc", type: "xã", provinceCode: "08" },
      { code: "00770", name: "Sơn Vĩ", type: "xã", provinceCode: "08" },
    ],
  });
  await createUser(prisma, {
    role: "HELPER",
    email: "tocns@example.vn",
    password: PASSWORD,
    name: "Lò Thị Mai",
  });
  await createUser(prisma, {
    role: "PRODUCER",
    email: "giang@example.vn",
    password: PASSWORD,
    name: "Giàng Seo Phử",
  });
  const stranger = await createUser(prisma, {
    role: "PRODUCER",
    email: "khac@example.vn",
    password: PASSWORD,
  });
  const other = await createProducer(prisma, {
    kind: "COOPERATIVE",
    name: "HTX Khác",
    provinceCode: "08",
    communeCode: "00770",
  });
  await prisma.producerMember.create({ data: { producerId: other.id, userId: stranger.id, isOwner: true } });
  helperCookie = await signIn("tocns@example.vn");
  producerCookie = await signIn("giang@example.vn");
  strangerCookie = await signIn("khac@example.vn");
});

async function onboardHoneyCoop() {
  const res = await callAction(
    onboard.action,
    formRequest(
      "/helper/onboard",
      {
        kind: "COOPERATIVE",
        name: "HTX Mật ong Mèo Vạc",
        communeCode: "00769",
        grantedByName: "Giàng Seo Phử",
        method: "PAPER_SIGNED",
        scope: "PRODUCTS",
        confirmed: "on",
      },
      helperCookie,
    ),
  );
  expect(res.status).toBe(302);
  return /\/producer\/([0-9a-f-]{36})\/profile/.exec(res.headers.get("Location")!)![1]!;
}

describe("assisted onboarding", () => {
  test("consent is required and recorded (who, when, how, scope) with the business", async () => {
    const refused = await callAction(
      onboard.action,
      formRequest(
        "/helper/onboard",
        {
          kind: "COOPERATIVE",
          name: "HTX Chưa đồng ý",
          communeCode: "00769",
          grantedByName: "Ai đó",
          method: "ON_DEVICE",
        },
        helperCookie,
      ),
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Cần xác nhận chủ thể đã đồng ý.");
    expect(await prisma.producer.count({ where: { name: "HTX Chưa đồng ý" } })).toBe(0);

    const producerId = await onboardHoneyCoop();
    const consent = await prisma.consent.findFirstOrThrow({
      where: { producerId },
      include: { helper: true },
    });
    expect(consent).toMatchObject({
      grantedByName: "Giàng Seo Phử",
      method: "PAPER_SIGNED",
      scope: ["PRODUCTS"],
      revokedAt: null,
    });
    expect(consent.helper.email).toBe("tocns@example.vn");
    const changes = await prisma.changeRecord.findMany({
      where: { producerId },
      orderBy: { createdAt: "asc" },
    });
    expect(changes.map((c) => [c.entity, c.action, c.viaHelper])).toEqual([
      ["Consent", "granted", true],
      ["Producer", "created", true],
    ]);
    // The layout tells the helper whom they act for.
    const page = await callLoader(layout.loader, getRequest(`/producer/${producerId}`, helperCookie), {
      producerId,
    });
    expect(page.data).toMatchObject({ viaHelper: true, producer: { name: "HTX Mật ong Mèo Vạc" } });
  });

  test("the producer claims the account with a one-time code and can then revoke the helper", async () => {
    const producerId = await onboardHoneyCoop();
    const issued = await callAction(
      helpers.action,
      formRequest(`/producer/${producerId}/helpers`, { intent: "claim-code" }, helperCookie),
      { producerId },
    );
    const code = (issued.data as { claim: { code: string } }).claim.code;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(await prisma.producerClaim.count({ where: { codeHash: code } })).toBe(0); // only a hash is kept

    const wrong = await callAction(
      claim.action,
      formRequest("/claim", { code: "AAAA-BBBB" }, producerCookie),
    );
    expect(wrong.status).toBe(422);
    const claimed = await callAction(
      claim.action,
      formRequest("/claim", { code: code.toLowerCase() }, producerCookie),
    );
    expect(claimed.status).toBe(302);
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: "giang@example.vn" } });
    expect(
      await prisma.producerMember.findUnique({
        where: { producerId_userId: { producerId, userId: owner.id } },
      }),
    ).toMatchObject({ isOwner: true });
    const again = await callAction(claim.action, formRequest("/claim", { code }, strangerCookie));
    expect(again.status).toBe(422);

    // A helper cannot revoke themselves; the producer can, and the helper loses access at once.
    const consent = await prisma.consent.findFirstOrThrow({ where: { producerId } });
    const byHelper = await callAction(
      helpers.action,
      formRequest(
        `/producer/${producerId}/helpers`,
        { intent: "revoke", consentId: consent.id },
        helperCookie,
      ),
      { producerId },
    );
    expect(byHelper.status).toBe(403);
    const byProducer = await callAction(
      helpers.action,
      formRequest(
        `/producer/${producerId}/helpers`,
        { intent: "revoke", consentId: consent.id },
        producerCookie,
      ),
      { producerId },
    );
    expect(byProducer.status).toBe(302);
    const after = await callLoader(layout.loader, getRequest(`/producer/${producerId}`, helperCookie), {
      producerId,
    });
    expect(after.status).toBe(403);
  });
});

describe("profile and products", () => {
  test("a helper enters the profile; the tax code's check digit is verified; changes name the helper", async () => {
    const producerId = await onboardHoneyCoop();
    const base = {
      kind: "COOPERATIVE",
      name: "HTX Mật ong Mèo Vạc",
      communeCode: "00769",
      representative: "Giàng Seo Phử",
      phone: "0912 000 111",
    };
    const bad = await callAction(
      profile.action,
      formRequest(`/producer/${producerId}/profile`, { ...base, taxCode: "0100109107" }, helperCookie),
      { producerId },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("Mã số thuế không đúng");
    expect(JSON.stringify(bad.data)).toContain("Giàng Seo Phử"); // what was typed comes back
    const ok = await callAction(
      profile.action,
      formRequest(`/producer/${producerId}/profile`, { ...base, taxCode: "0100109106-001" }, helperCookie),
      { producerId },
    );
    expect(ok.status).toBe(302);
    const saved = await prisma.producer.findUniqueOrThrow({ where: { id: producerId } });
    expect(saved).toMatchObject({
      taxCode: "0100109106-001",
      phone: "0912000111",
      representative: "Giàng Seo Phử",
    });
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { producerId, action: "profile-updated" },
      include: { actor: true },
    });
    expect(change.viaHelper).toBe(true);
    expect(change.actor.email).toBe("tocns@example.vn");
    expect(JSON.stringify(change.summary)).not.toContain("0912000111");
  });

  test("nothing typed is lost: a refused form and the autosave both keep a server-side draft", async () => {
    const producerId = await onboardHoneyCoop();
    const refused = await callAction(
      productNew.action,
      formRequest(`/producer/${producerId}/products/new`, { ...product, priceVnd: "rẻ lắm" }, helperCookie),
      { producerId },
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Giá bán (đồng) phải là một số.");
    let page = await callLoader(
      productNew.loader,
      getRequest(`/producer/${producerId}/products/new`, helperCookie),
      { producerId },
    );
    expect((page.data as { draft: { data: Record<string, string> } }).draft.data).toMatchObject({
      name: product.name,
      priceVnd: "rẻ lắm",
    });

    await callAction(
      draft.action,
      formRequest(
        `/producer/${producerId}/products/draft`,
        { name: "Mật ong bạc hà (đang gõ…", unit: "chai" },
        helperCookie,
      ),
      { producerId },
    );
    page = await callLoader(
      productNew.loader,
      getRequest(`/producer/${producerId}/products/new`, helperCookie),
      { producerId },
    );
    expect((page.data as { draft: { data: Record<string, string> } }).draft.data).toMatchObject({
      name: "Mật ong bạc hà (đang gõ…",
    });

    const created = await callAction(
      productNew.action,
      formRequest(`/producer/${producerId}/products/new`, product, helperCookie),
      { producerId },
    );
    expect(created.status).toBe(302);
    page = await callLoader(
      productNew.loader,
      getRequest(`/producer/${producerId}/products/new`, helperCookie),
      { producerId },
    );
    expect((page.data as { draft: unknown }).draft).toBeNull();
    const saved = await prisma.product.findFirstOrThrow({ where: { producerId } });
    expect(saved).toMatchObject({ status: "DRAFT", priceVnd: 350000, weightGrams: 750, gtin: null });
    expect(saved.publicId).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
  });

  test("a bad GTIN check digit is refused; a good one is kept", async () => {
    const producerId = await onboardHoneyCoop();
    const bad = await callAction(
      productNew.action,
      formRequest(
        `/producer/${producerId}/products/new`,
        { ...product, gtin: "8938512000016" },
        helperCookie,
      ),
      { producerId },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("Mã GTIN không đúng");
    const good = await callAction(
      productNew.action,
      formRequest(
        `/producer/${producerId}/products/new`,
        { ...product, gtin: "893 8512 000015" },
        helperCookie,
      ),
      { producerId },
    );
    expect(good.status).toBe(302);
    expect((await prisma.product.findFirstOrThrow({ where: { producerId } })).gtin).toBe("8938512000015");
  });

  test("no one reaches another producer's products by changing ids", async () => {
    const producerId = await onboardHoneyCoop();
    await callAction(
      productNew.action,
      formRequest(`/producer/${producerId}/products/new`, product, helperCookie),
      { producerId },
    );
    const honey = await prisma.product.findFirstOrThrow({ where: { producerId } });
    const other = await prisma.producerMember.findFirstOrThrow({
      where: { user: { email: "khac@example.vn" } },
    });

    // A stranger on the right URL: 403, and nothing changes.
    const read = await callLoader(
      productEdit.loader,
      getRequest(`/producer/${producerId}/products/${honey.id}`, strangerCookie),
      { producerId, productId: honey.id },
    );
    expect(read.status).toBe(403);
    const write = await callAction(
      productEdit.action,
      formRequest(
        `/producer/${producerId}/products/${honey.id}`,
        { ...product, priceVnd: "1000" },
        strangerCookie,
      ),
      { producerId, productId: honey.id },
    );
    expect(write.status).toBe(403);
    // The stranger's own producer id with someone else's product id: 404.
    const swapped = await callAction(
      productEdit.action,
      formRequest(
        `/producer/${other.producerId}/products/${honey.id}`,
        { ...product, priceVnd: "1000" },
        strangerCookie,
      ),
      { producerId: other.producerId, productId: honey.id },
    );
    expect(swapped.status).toBe(404);
    const draftSwap = await callAction(
      draft.action,
      formRequest(
        `/producer/${other.producerId}/products/draft`,
        { productId: honey.id, name: "x" },
        strangerCookie,
      ),
      { producerId: other.producerId },
    );
    expect(draftSwap.status).toBe(404);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: honey.id } })).priceVnd).toBe(350000);
    // A producer member is not a helper of other producers either.
    expect(
      (await callLoader(layout.loader, getRequest(`/producer/${producerId}`, producerCookie), { producerId }))
        .status,
    ).toBe(403);
  });

  test("submitting for review needs a cover photo; then the status moves once", async () => {
    const producerId = await onboardHoneyCoop();
    await callAction(
      productNew.action,
      formRequest(`/producer/${producerId}/products/new`, product, helperCookie),
      { producerId },
    );
    const honey = await prisma.product.findFirstOrThrow({ where: { producerId } });
    const params = { producerId, productId: honey.id };
    const url = `/producer/${producerId}/products/${honey.id}`;
    const early = await callAction(
      productEdit.action,
      formRequest(url, { intent: "submit" }, helperCookie),
      params,
    );
    expect(early.status).toBe(422);
    expect(early.data).toMatchObject({ problems: ["cover"] });
    await prisma.productPhoto.create({
      data: { productId: honey.id, hash: "a".repeat(32), width: 1600, height: 1200, placeholder: "data:," },
    });
    const submitted = await callAction(
      productEdit.action,
      formRequest(url, { intent: "submit" }, helperCookie),
      params,
    );
    expect(submitted.status).toBe(302);
    expect(await prisma.product.findUniqueOrThrow({ where: { id: honey.id } })).toMatchObject({
      status: "SUBMITTED",
    });
    const twice = await callAction(
      productEdit.action,
      formRequest(url, { intent: "submit" }, helperCookie),
      params,
    );
    expect(twice.data).toMatchObject({ problems: ["status"] });
    // A posted status field is ignored: saving the form never changes the status.
    await callAction(
      productEdit.action,
      formRequest(url, { ...product, status: "APPROVED" }, helperCookie),
      params,
    );
    expect(await prisma.product.findUniqueOrThrow({ where: { id: honey.id } })).toMatchObject({
      status: "SUBMITTED",
    });
  });
});
