// What a signed-in user cannot do by editing a form or a URL, through the real route modules:
// - posted fields the forms do not have (status, owner, reviewer, listing date, hashes…) are ignored;
// - another producer's records cannot be written by putting its ids in the URL, nor in the body of
//   one's own forms (every producer route with an action is listed: a new one without a row fails);
// - a buyer cannot act on another buyer's order, nor set prices or owners at checkout.
// Each refusal is checked on the database: the other producer's rows are exactly as they were.
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import {
  callAction,
  cookiesFrom,
  formRequest,
  getRequest,
  ORIGIN,
  type RouteResult,
} from "../support/routes";
import { tempMediaDirs } from "../support/media";

tempMediaDirs("tampering");

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const { orderToken, orderTokenHash } = await import("~/modules/orders/order-links.server");
// The producer workspace's route modules with an action, by their file in app/routes.ts.
const FILES = {
  profile: "routes/producer/profile.tsx",
  helpers: "routes/producer/helpers.tsx",
  members: "routes/producer/members.tsx",
  productNew: "routes/producer/product-new.tsx",
  productDraft: "routes/producer/product-draft.tsx",
  productEdit: "routes/producer/product-edit.tsx",
  photos: "routes/producer/product-photos.tsx",
  certificates: "routes/producer/certificates.tsx",
  batches: "routes/producer/batches.tsx",
  batch: "routes/producer/batch.tsx",
  import: "routes/producer/import.tsx",
  producerOrder: "routes/orders/producer-order.tsx",
} as const;
const routes = {
  profile: await import("~/routes/producer/profile"),
  helpers: await import("~/routes/producer/helpers"),
  members: await import("~/routes/producer/members"),
  productNew: await import("~/routes/producer/product-new"),
  productDraft: await import("~/routes/producer/product-draft"),
  productEdit: await import("~/routes/producer/product-edit"),
  photos: await import("~/routes/producer/product-photos"),
  certificates: await import("~/routes/producer/certificates"),
  batches: await import("~/routes/producer/batches"),
  batch: await import("~/routes/producer/batch"),
  import: await import("~/routes/producer/import"),
  producerOrder: await import("~/routes/orders/producer-order"),
} satisfies Record<keyof typeof FILES, { action: unknown }>;
const notifications = await import("~/routes/notifications/index");
const buyerOrder = await import("~/routes/orders/order");
const cart = await import("~/routes/checkout/cart");
const checkout = await import("~/routes/checkout/checkout");

type RouteName = keyof typeof routes;
type Action = (typeof routes)[RouteName]["action"];

const PRODUCT_FORM = {
  name: "Mật ong bạc hà Đồng Văn",
  ocopGroup: "FOOD",
  unit: "chai 500 ml",
  priceVnd: "350000",
  description: "Mật ong bạc hà thu hoạch tháng 11.",
};
const OCOP_FORM = {
  intent: "create",
  kind: "OCOP",
  number: "77/QĐ-UBND",
  issuer: "UBND tỉnh Lâm Đồng",
  issuerLevel: "PROVINCE",
  ocopStars: "4",
  ocopGroup: "FOOD",
  issuedOn: "2026-01-15",
  scoreA: "32",
  scoreB: "20",
  scoreC: "26",
};
const PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const FAR_PAST = "2020-01-01T00:00:00.000Z";

interface Side {
  producer: { id: string };
  owner: { id: string; cookie: string };
  product: { id: string };
  batch: { id: string };
  photo: { id: string };
  certificate: { id: string };
  consent: { id: string };
  order: { id: string; code: string; token: string };
}

let a: Side;
let b: Side;
let official: { id: string };
let helperB: { id: string; cookie: string };
let jpeg: Buffer;

async function cookieOf(userId: string) {
  return (await createUserSession(getRequest("/"), userId, false)).split(";")[0]!;
}

function multipart(
  path: string,
  fields: Record<string, string>,
  files: Record<string, { bytes: Buffer | string; name: string; type: string }>,
  cookie: string,
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const [name, file] of Object.entries(files)) {
    const bytes = typeof file.bytes === "string" ? file.bytes : new Uint8Array(file.bytes);
    body.append(name, new File([bytes], file.name, { type: file.type }));
  }
  return new Request(ORIGIN + path, { method: "POST", body, headers: { Cookie: cookie, Origin: ORIGIN } });
}

const productPath = (side: Side, productId = side.product.id, producerId = side.producer.id) =>
  `/producer/${producerId}/products/${productId}`;

let orderSeq = 0;
async function makeOrder(producerId: string, productId: string, buyerId: string | null) {
  const id = crypto.randomUUID();
  const code = `DHS${String(++orderSeq).padStart(7, "0")}`;
  const checkout = await prisma.checkout.create({
    data: {
      buyerId,
      method: "COD",
      name: "Nguyễn Thị Mai",
      phone: "0912345678",
      provinceCode: "68",
      communeCode: "24670",
      street: "12 Lê Lợi",
      totalVnd: 200_000,
    },
  });
  await prisma.order.create({
    data: {
      id,
      code,
      checkoutId: checkout.id,
      producerId,
      buyerId,
      method: "COD",
      subtotalVnd: 200_000,
      totalVnd: 200_000,
      accessTokenHash: orderTokenHash(id),
      items: {
        create: { productId, name: "Cà phê", unit: "gói", priceVnd: 100_000, quantity: 2 },
      },
      events: { create: { to: "PENDING_PAYMENT", actorId: buyerId, actorRole: "BUYER" } },
    },
  });
  return { id, code, token: orderToken(id) };
}

/** A producer with an owner, a listed product with a photo, a batch with a diary event, a certificate, a helper's consent and an order. */
async function makeSide(name: string, helperId: string, buyerId: string): Promise<Side> {
  const producer = await createProducer(prisma, { communeCode: "24670", name });
  const ownerUser = await createUser(prisma, { role: "PRODUCER", phone: null });
  await addMember(prisma, producer.id, ownerUser.id, true);
  const owner = { id: ownerUser.id, cookie: await cookieOf(ownerUser.id) };
  const product = await createProduct(prisma, { producerId: producer.id, status: "APPROVED", stock: 50 });
  const photo = await prisma.productPhoto.create({
    data: {
      productId: product.id,
      hash: product.id.replace(/-/g, ""),
      width: 1600,
      height: 1200,
      placeholder: "data:,",
    },
  });
  const side = { producer, owner, product, photo } as unknown as Side;
  // Batch, diary event and certificate through the routes, as their owner would.
  const created = await callAction(
    routes.batches.action,
    formRequest(`${productPath(side)}/batches`, { lotNumber: "LO2026-01" }, owner.cookie),
    { producerId: producer.id, productId: product.id },
  );
  expect(created.status).toBe(302);
  side.batch = await prisma.batch.findFirstOrThrow({ where: { productId: product.id } });
  const event = await callAction(
    routes.batch.action,
    formRequest(
      `${productPath(side)}/batches/${side.batch.id}`,
      { kind: "PLANTING", occurredAt: "2026-03-01T07:00", place: "Rẫy số 1" },
      owner.cookie,
    ),
    { producerId: producer.id, productId: product.id, batchId: side.batch.id },
  );
  expect(event.status).toBe(302);
  const certificate = await callAction(
    routes.certificates.action,
    formRequest(`${productPath(side)}/certificates`, OCOP_FORM, owner.cookie),
    { producerId: producer.id, productId: product.id },
  );
  expect(certificate.status, JSON.stringify(certificate.data)).toBe(302);
  side.certificate = await prisma.certificate.findFirstOrThrow({ where: { productId: product.id } });
  side.consent = await prisma.consent.create({
    data: {
      producerId: producer.id,
      helperId,
      grantedByName: "Chủ cơ sở",
      method: "PAPER_SIGNED",
      scope: ["PRODUCTS"],
    },
  });
  side.order = await makeOrder(producer.id, product.id, buyerId);
  return side;
}

/** Every row that belongs to a producer, to compare before and after an attack. */
async function snapshotOf(producerId: string) {
  const products = await prisma.product.findMany({ where: { producerId }, orderBy: { id: "asc" } });
  const productIds = products.map((p) => p.id);
  const byId = { orderBy: { id: "asc" as const } };
  return {
    producer: await prisma.producer.findUniqueOrThrow({ where: { id: producerId } }),
    members: await prisma.producerMember.findMany({ where: { producerId }, orderBy: { userId: "asc" } }),
    consents: await prisma.consent.findMany({ where: { producerId }, ...byId }),
    claims: await prisma.producerClaim.findMany({ where: { producerId }, ...byId }),
    products,
    drafts: await prisma.productDraft.findMany({ where: { producerId }, ...byId }),
    photos: await prisma.productPhoto.findMany({ where: { productId: { in: productIds } }, ...byId }),
    certificates: await prisma.certificate.findMany({ where: { producerId }, ...byId }),
    batches: await prisma.batch.findMany({ where: { productId: { in: productIds } }, ...byId }),
    events: await prisma.diaryEvent.findMany({
      where: { batch: { productId: { in: productIds } } },
      ...byId,
    }),
    imports: await prisma.importJob.findMany({ where: { producerId }, ...byId }),
    changes: await prisma.changeRecord.findMany({ where: { producerId }, ...byId }),
    orders: await prisma.order.findMany({ where: { producerId }, include: { events: true }, ...byId }),
  };
}

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
  const helperUser = await createUser(prisma, { role: "HELPER" });
  helperB = { id: helperUser.id, cookie: await cookieOf(helperUser.id) };
  const buyer = await createUser(prisma, { role: "BUYER" });
  official = await createUser(prisma, { role: "OFFICIAL", provinceCode: "68" });
  const helperA = await createUser(prisma, { role: "HELPER" });
  a = await makeSide("HTX Cà phê A", helperA.id, buyer.id);
  b = await makeSide("HTX Mật ong B", helperUser.id, buyer.id);
  jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#3a7" } })
    .jpeg()
    .toBuffer();
});

describe("posted fields the forms do not have are ignored", () => {
  const OWNERSHIP = () => ({
    id: b.product.id,
    producerId: b.producer.id,
    status: "APPROVED",
    listedAt: FAR_PAST,
    submittedAt: FAR_PAST,
    reviewerId: official.id,
    claimedAt: FAR_PAST,
    ocopStars: "5",
    publicId: "HACKED123",
    slug: "da-duyet-san",
    revision: "{}",
    suspensionCause: "EXPIRED_CERTIFICATE",
    searchText: "x",
  });

  test("a new product is the producer's own draft, whatever status, owner or reviewer is posted", async () => {
    const name = "Cà phê chồn tự duyệt";
    const res = await callAction(
      routes.productNew.action,
      formRequest(
        `/producer/${a.producer.id}/products/new`,
        { ...PRODUCT_FORM, name, ...OWNERSHIP() },
        a.owner.cookie,
      ),
      { producerId: a.producer.id },
    );
    expect(res.status).toBe(302);
    const product = await prisma.product.findFirstOrThrow({ where: { name } });
    expect(product).toMatchObject({
      producerId: a.producer.id,
      status: "DRAFT",
      listedAt: null,
      submittedAt: null,
      reviewerId: null,
      claimedAt: null,
      ocopStars: null,
      revision: null,
      suspensionCause: null,
    });
    expect(product.id).not.toBe(b.product.id);
    expect(product.publicId).not.toBe("HACKED123");
    expect(product.slug).not.toBe("da-duyet-san");
    expect(res.headers.get("Location")).toBe(`/producer/${a.producer.id}/products/${product.id}`);
  });

  test("saving a draft keeps its status, owner and listing; no review step is skipped", async () => {
    const draft = await createProduct(prisma, { producerId: a.producer.id, name: "Trà nháp" });
    const before = await prisma.product.findUniqueOrThrow({ where: { id: draft.id } });
    for (const intent of ["save", "approve", "list"]) {
      const res = await callAction(
        routes.productEdit.action,
        formRequest(
          productPath(a, draft.id),
          { ...PRODUCT_FORM, name: "Trà nháp đã sửa", intent, ...OWNERSHIP(), id: draft.id },
          a.owner.cookie,
        ),
        { producerId: a.producer.id, productId: draft.id },
      );
      expect([302, 400], intent).toContain(res.status);
    }
    const after = await prisma.product.findUniqueOrThrow({ where: { id: draft.id } });
    expect(after.name).toBe("Trà nháp đã sửa");
    const keep = [
      "id",
      "producerId",
      "status",
      "listedAt",
      "submittedAt",
      "reviewerId",
      "claimedAt",
      "ocopStars",
      "publicId",
      "slug",
      "revision",
      "suspensionCause",
    ] as const;
    for (const key of keep) expect(after[key], key).toEqual(before[key]);
  });

  test("a batch, a diary event and a certificate belong to the URL's product and to the signed-in author", async () => {
    const batchRes = await callAction(
      routes.batches.action,
      formRequest(
        `${productPath(a)}/batches`,
        { lotNumber: "LOGIA-01", productId: b.product.id, createdById: b.owner.id, id: crypto.randomUUID() },
        a.owner.cookie,
      ),
      { producerId: a.producer.id, productId: a.product.id },
    );
    expect(batchRes.status).toBe(302);
    const batch = await prisma.batch.findFirstOrThrow({ where: { lotNumber: "LOGIA-01" } });
    expect(batch).toMatchObject({ productId: a.product.id, createdById: a.owner.id });

    const eventRes = await callAction(
      routes.batch.action,
      formRequest(
        `${productPath(a)}/batches/${batch.id}`,
        {
          kind: "PLANTING",
          occurredAt: "2026-03-02T07:00",
          batchId: b.batch.id,
          seq: "42",
          hash: "0".repeat(64),
          prevHash: "f".repeat(64),
          recordedById: b.owner.id,
          actingForProducerId: b.producer.id,
        },
        a.owner.cookie,
      ),
      { producerId: a.producer.id, productId: a.product.id, batchId: batch.id },
    );
    expect(eventRes.status, JSON.stringify(eventRes.data)).toBe(302);
    const event = await prisma.diaryEvent.findFirstOrThrow({ where: { batchId: batch.id } });
    expect(event).toMatchObject({ seq: 1, recordedById: a.owner.id, actingForProducerId: null });
    expect(event.hash).not.toBe("0".repeat(64));
    expect(event.prevHash).not.toBe("f".repeat(64));

    const certRes = await callAction(
      routes.certificates.action,
      formRequest(
        `${productPath(a)}/certificates`,
        {
          ...OCOP_FORM,
          number: "99/QĐ-GIA",
          producerId: b.producer.id,
          productId: b.product.id,
          createdById: b.owner.id,
          revokedAt: FAR_PAST,
          documentKey: "../../../../etc/passwd",
          documentMime: "text/html",
        },
        a.owner.cookie,
      ),
      { producerId: a.producer.id, productId: a.product.id },
    );
    expect(certRes.status).toBe(302);
    const certificate = await prisma.certificate.findFirstOrThrow({ where: { number: "99/QĐ-GIA" } });
    expect(certificate).toMatchObject({
      producerId: a.producer.id,
      productId: a.product.id,
      createdById: a.owner.id,
      revokedAt: null,
      documentKey: null,
      documentMime: null,
    });
  });

  test("the profile form cannot change the producer's id, slug, logo or who onboarded it", async () => {
    const before = await prisma.producer.findUniqueOrThrow({ where: { id: a.producer.id } });
    const res = await callAction(
      routes.profile.action,
      formRequest(
        `/producer/${a.producer.id}/profile`,
        {
          kind: "COOPERATIVE",
          name: "HTX Cà phê A (mới)",
          communeCode: "24670",
          id: b.producer.id,
          slug: "htx-mat-ong-b",
          logoHash: "a".repeat(64),
          logoOriginalKey: "../b.jpg",
          onboardedById: helperB.id,
          provinceCode: "04",
        },
        a.owner.cookie,
      ),
      { producerId: a.producer.id },
    );
    expect(res.status).toBe(302);
    const after = await prisma.producer.findUniqueOrThrow({ where: { id: a.producer.id } });
    expect(after.name).toBe("HTX Cà phê A (mới)");
    expect(after).toMatchObject({
      slug: before.slug,
      logoHash: before.logoHash,
      logoOriginalKey: before.logoOriginalKey,
      onboardedById: before.onboardedById,
      // The province follows the commune posted (in Lâm Đồng), not a posted province code.
      provinceCode: "68",
    });
  });
});

describe("another producer's records, by ids in the URL", () => {
  // One row per producer route with an action: A's owner posts what B's owner could post, first at
  // B's URL (403: not a member), then at A's own URL with B's record ids (404: not A's record).
  type Attack = {
    route: RouteName;
    path: (side: Side, ids: Side) => string;
    params: (side: Side, ids: Side) => Record<string, string>;
    request: (path: string, cookie: string) => Request;
    /** Routes whose URL holds only the producer id have no "A's URL with B's record" case. */
    childIds?: boolean;
  };
  const form = (fields: Record<string, string>) => (path: string, cookie: string) =>
    formRequest(path, fields, cookie);
  const upload = (fields: Record<string, string>, field: string) => (path: string, cookie: string) =>
    multipart(path, fields, { [field]: { bytes: jpeg, name: "anh.jpg", type: "image/jpeg" } }, cookie);
  const producerOnly = (suffix: string) => ({
    path: (side: Side) => `/producer/${side.producer.id}${suffix}`,
    params: (side: Side) => ({ producerId: side.producer.id }),
  });
  const underProduct = (suffix: string) => ({
    path: (side: Side, ids: Side) => `${productPath(ids, ids.product.id, side.producer.id)}${suffix}`,
    params: (side: Side, ids: Side) => ({ producerId: side.producer.id, productId: ids.product.id }),
    childIds: true,
  });

  const ATTACKS: Record<string, Attack> = {
    "profile: edit": {
      route: "profile",
      ...producerOnly("/profile"),
      request: form({ kind: "COMPANY", name: "Đã chiếm", communeCode: "24670" }),
    },
    "profile: new logo": {
      route: "profile",
      ...producerOnly("/profile"),
      request: upload({ intent: "logo" }, "logo"),
    },
    "profile: remove logo": {
      route: "profile",
      ...producerOnly("/profile"),
      request: upload({ intent: "logo", remove: "1" }, "logo"),
    },
    "helpers: revoke the consent": {
      route: "helpers",
      ...producerOnly("/helpers"),
      request: (p, c) => formRequest(p, { intent: "revoke", consentId: b.consent.id }, c),
    },
    "helpers: claim code": {
      route: "helpers",
      ...producerOnly("/helpers"),
      request: form({ intent: "claim-code" }),
    },
    "members: add oneself": {
      route: "members",
      ...producerOnly("/members"),
      request: (p, c) => formRequest(p, { intent: "add", identifier: "chiem@example.vn", owner: "on" }, c),
    },
    "members: remove the owner": {
      route: "members",
      ...producerOnly("/members"),
      request: (p, c) => formRequest(p, { intent: "remove", userId: b.owner.id }, c),
    },
    "products: new": { route: "productNew", ...producerOnly("/products/new"), request: form(PRODUCT_FORM) },
    "products: autosave a draft": {
      route: "productDraft",
      ...producerOnly("/products/draft"),
      request: (p, c) => formRequest(p, { productId: b.product.id, name: "Đã chiếm" }, c),
    },
    "import: a file": {
      route: "import",
      ...producerOnly("/import"),
      request: (p, c) =>
        multipart(
          p,
          {},
          { file: { bytes: "Tên sản phẩm;Nhóm\nĐã chiếm;FOOD\n", name: "sp.csv", type: "text/csv" } },
          c,
        ),
    },
    "product: save": {
      route: "productEdit",
      ...underProduct(""),
      request: form({ ...PRODUCT_FORM, priceVnd: "1000" }),
    },
    "product: withdraw": {
      route: "productEdit",
      ...underProduct(""),
      request: form({ intent: "withdraw", confirm: "yes" }),
    },
    "photos: upload": {
      route: "photos",
      ...underProduct("/photos"),
      request: upload({ intent: "upload" }, "photos"),
    },
    "photos: delete": {
      route: "photos",
      ...underProduct("/photos"),
      request: (p, c) => formRequest(p, { intent: "delete", photoId: b.photo.id }, c),
    },
    "photos: cover": {
      route: "photos",
      ...underProduct("/photos"),
      request: (p, c) => formRequest(p, { intent: "cover", photoId: b.photo.id }, c),
    },
    "certificates: add": {
      route: "certificates",
      ...underProduct("/certificates"),
      request: form({ ...OCOP_FORM, number: "1/CHIEM" }),
    },
    "certificates: revoke": {
      route: "certificates",
      ...underProduct("/certificates"),
      request: (p, c) =>
        formRequest(p, { intent: "revoke", certificateId: b.certificate.id, reason: "x" }, c),
    },
    "certificates: attach a scan": {
      route: "certificates",
      ...underProduct("/certificates"),
      request: (p, c) =>
        multipart(
          p,
          { intent: "attach", certificateId: b.certificate.id },
          { document: { bytes: PDF, name: "qd.pdf", type: "application/pdf" } },
          c,
        ),
    },
    "batches: new": {
      route: "batches",
      ...underProduct("/batches"),
      request: form({ lotNumber: "CHIEM-01" }),
    },
    "batch: diary event": {
      route: "batch",
      path: (side, ids) => `${productPath(ids, ids.product.id, side.producer.id)}/batches/${ids.batch.id}`,
      params: (side, ids) => ({
        producerId: side.producer.id,
        productId: ids.product.id,
        batchId: ids.batch.id,
      }),
      childIds: true,
      request: form({ kind: "SHIPPING", occurredAt: "2026-11-20T08:00" }),
    },
    "batch: diary event with a photo": {
      route: "batch",
      path: (side, ids) => `${productPath(ids, ids.product.id, side.producer.id)}/batches/${ids.batch.id}`,
      params: (side, ids) => ({
        producerId: side.producer.id,
        productId: ids.product.id,
        batchId: ids.batch.id,
      }),
      childIds: true,
      request: upload({ kind: "SHIPPING", occurredAt: "2026-11-20T08:00" }, "photo"),
    },
    "orders: confirm": {
      route: "producerOrder",
      path: (side, ids) => `/producer/${side.producer.id}/orders/${ids.order.code}`,
      params: (side, ids) => ({ producerId: side.producer.id, code: ids.order.code }),
      childIds: true,
      request: form({ intent: "confirm" }),
    },
    "orders: cancel": {
      route: "producerOrder",
      path: (side, ids) => `/producer/${side.producer.id}/orders/${ids.order.code}`,
      params: (side, ids) => ({ producerId: side.producer.id, code: ids.order.code }),
      childIds: true,
      request: form({ intent: "cancel", reason: "Hết hàng" }),
    },
  };

  test("every producer route with an action has a row", async () => {
    const { default: config } = await import("~/routes");
    type Entry = { path?: string; file: string; children?: Entry[] };
    const workspace = (config as Entry[]).find((e) => e.path === "producer/:producerId")!;
    const withAction: string[] = [];
    for (const child of workspace.children ?? []) {
      const module = (await import(/* @vite-ignore */ `../../app/${child.file}`)) as { action?: unknown };
      if (module.action) withAction.push(child.file);
    }
    const covered = new Set(Object.values(ATTACKS).map((attack) => FILES[attack.route]));
    expect(withAction.sort()).toEqual([...covered].sort());
  });

  for (const [name, attack] of Object.entries(ATTACKS)) {
    test(`${name}: refused at the other producer's URL (403) and with its ids under one's own (404)`, async () => {
      const before = await snapshotOf(b.producer.id);
      const action = routes[attack.route].action as Action;
      const send = (side: Side, ids: Side): Promise<RouteResult> =>
        callAction(action, attack.request(attack.path(side, ids), a.owner.cookie), attack.params(side, ids));
      const atB = await send(b, b);
      expect(atB.status, "A's owner at B's URL").toBe(403);
      if (attack.childIds) {
        const swapped = await send(a, b);
        expect(swapped.status, "B's ids under A's URL").toBe(404);
      }
      expect(await snapshotOf(b.producer.id)).toEqual(before);
    });
  }
});

describe("another producer's records, by ids in the body of one's own forms", () => {
  test("photo, certificate, consent, member, draft and notification ids of others are not found", async () => {
    const before = await snapshotOf(b.producer.id);
    const own = { producerId: a.producer.id, productId: a.product.id };
    const cases: [string, Action, Request, Record<string, string>][] = [
      ...(["delete", "cover", "move"] as const).map(
        (intent) =>
          [
            `photos ${intent}`,
            routes.photos.action as Action,
            formRequest(
              `${productPath(a)}/photos`,
              { intent, photoId: b.photo.id, direction: "up" },
              a.owner.cookie,
            ),
            own,
          ] as [string, Action, Request, Record<string, string>],
      ),
      [
        "certificates revoke",
        routes.certificates.action as Action,
        formRequest(
          `${productPath(a)}/certificates`,
          { intent: "revoke", certificateId: b.certificate.id, reason: "Giả" },
          a.owner.cookie,
        ),
        own,
      ],
      [
        "certificates attach",
        routes.certificates.action as Action,
        multipart(
          `${productPath(a)}/certificates`,
          { intent: "attach", certificateId: b.certificate.id },
          { document: { bytes: PDF, name: "qd.pdf", type: "application/pdf" } },
          a.owner.cookie,
        ),
        own,
      ],
      [
        "helpers revoke",
        routes.helpers.action as Action,
        formRequest(
          `/producer/${a.producer.id}/helpers`,
          { intent: "revoke", consentId: b.consent.id },
          a.owner.cookie,
        ),
        { producerId: a.producer.id },
      ],
      [
        "members remove",
        routes.members.action as Action,
        formRequest(
          `/producer/${a.producer.id}/members`,
          { intent: "remove", userId: b.owner.id },
          a.owner.cookie,
        ),
        { producerId: a.producer.id },
      ],
      [
        "draft of another's product",
        routes.productDraft.action as Action,
        formRequest(
          `/producer/${a.producer.id}/products/draft`,
          { productId: b.product.id, name: "x" },
          a.owner.cookie,
        ),
        { producerId: a.producer.id },
      ],
    ];
    for (const [name, action, request, params] of cases) {
      const res = await callAction(action, request, params);
      expect(res.status, name).toBe(404);
    }
    expect(await snapshotOf(b.producer.id)).toEqual(before);

    const notice = await prisma.notification.create({
      data: { userId: b.owner.id, kind: "product.approved", link: "/producer" },
    });
    const opened = await callAction(
      notifications.action,
      formRequest("/notifications", { intent: "open", id: notice.id }, a.owner.cookie),
    );
    expect(opened.status).toBe(404);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: notice.id } })).readAt).toBeNull();
  });
});

describe("buyers", () => {
  let x: { id: string; cookie: string };
  let y: { id: string; cookie: string };
  let ordersOfY: { id: string; code: string; token: string };
  let ordersOfX: { id: string; code: string; token: string };

  beforeAll(async () => {
    const [ux, uy] = [
      await createUser(prisma, { role: "BUYER" }),
      await createUser(prisma, { role: "BUYER" }),
    ];
    x = { id: ux.id, cookie: await cookieOf(ux.id) };
    y = { id: uy.id, cookie: await cookieOf(uy.id) };
    ordersOfY = await makeOrder(b.producer.id, b.product.id, y.id);
    ordersOfX = await makeOrder(b.producer.id, b.product.id, x.id);
  });

  test("another buyer's order cannot be cancelled, received or completed, by code nor with one's own token", async () => {
    const before = await prisma.order.findUniqueOrThrow({
      where: { id: ordersOfY.id },
      include: { events: true },
    });
    for (const intent of ["cancel", "deliver", "complete"]) {
      const byCode = await callAction(
        buyerOrder.action,
        formRequest(`/don-hang/${ordersOfY.code}`, { intent }, x.cookie),
        { code: ordersOfY.code },
      );
      expect(byCode.status, `${intent} by code`).toBe(404);
      const ownToken = await callAction(
        buyerOrder.action,
        formRequest(`/don-hang/${ordersOfY.code}/${ordersOfX.token}`, { intent }, x.cookie),
        { code: ordersOfY.code, token: ordersOfX.token },
      );
      expect(ownToken.status, `${intent} with another order's token`).toBe(404);
    }
    // A posted order id, buyer or status in one's own order's form changes nothing else.
    const own = await callAction(
      buyerOrder.action,
      formRequest(
        `/don-hang/${ordersOfX.code}`,
        {
          intent: "cancel",
          reason: "Đặt nhầm",
          orderId: ordersOfY.id,
          code: ordersOfY.code,
          buyerId: y.id,
          status: "COMPLETED",
        },
        x.cookie,
      ),
      { code: ordersOfX.code },
    );
    expect(own.status).toBe(302);
    expect(await prisma.order.findUniqueOrThrow({ where: { id: ordersOfX.id } })).toMatchObject({
      status: "CANCELLED",
      buyerId: x.id,
    });
    expect(
      await prisma.order.findUniqueOrThrow({ where: { id: ordersOfY.id }, include: { events: true } }),
    ).toEqual(before);
  });

  test("checkout takes prices, totals, owner and status from the database, not from the form", async () => {
    const product = await prisma.product.findUniqueOrThrow({ where: { id: b.product.id } });
    const added = await callAction(
      cart.action,
      formRequest(
        "/gio-hang",
        { intent: "add", productId: product.id, quantity: "2", priceVnd: "1000" },
        x.cookie,
      ),
    );
    expect(added.status).toBe(302);
    const jar = `${x.cookie}; ${cookiesFrom(added.headers)}`;
    const placed = await callAction(
      checkout.action,
      formRequest(
        "/dat-hang",
        {
          intent: "place",
          name: "Nguyễn Văn Mua",
          phone: "0912 345 678",
          province: "68",
          commune: "24670",
          street: "12 Lê Lợi",
          method: "COD",
          priceVnd: "1000",
          totalVnd: "1",
          subtotalVnd: "1",
          shippingVnd: "-500000",
          buyerId: y.id,
          producerId: a.producer.id,
          status: "PAID",
          paidAt: FAR_PAST,
        },
        jar,
      ),
    );
    expect(placed.status).toBe(303);
    const order = await prisma.order.findFirstOrThrow({
      where: { buyerId: x.id, id: { not: ordersOfX.id } },
      include: { items: true, checkout: true },
    });
    expect(order).toMatchObject({
      producerId: b.producer.id,
      subtotalVnd: product.priceVnd * 2,
      paidAt: null,
    });
    expect(order.status).not.toBe("PAID");
    expect(order.totalVnd).toBeGreaterThanOrEqual(product.priceVnd * 2);
    expect(order.items).toEqual([
      expect.objectContaining({ productId: product.id, priceVnd: product.priceVnd, quantity: 2 }),
    ]);
    expect(order.checkout.buyerId).toBe(x.id);
  });
});
