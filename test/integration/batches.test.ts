// Batches, the hash-chained farm diary, its exports (EPCIS, QR, labels) and the public trace pages,
// through the routes with real Requests on this file's own database.
import jsQR from "jsqr";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { gs1CheckDigit } from "~/modules/products/gtin";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, formRequest, getRequest, ORIGIN, testContext } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const batchesRoute = await import("~/routes/producer/batches");
const batchRoute = await import("~/routes/producer/batch");
const epcisRoute = await import("~/routes/producer/batch-epcis");
const qrRoute = await import("~/routes/producer/batch-qr");
const labelsRoute = await import("~/routes/producer/labels");
const digitalLink = await import("~/routes/trace/digital-link");
const fallback = await import("~/routes/trace/fallback");
const { eventHash } = await import("~/modules/traceability/hash-chain");
const { storedGtinForms } = await import("~/modules/batches/trace.server");

type Reply = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };
type BatchData = Awaited<ReturnType<typeof batchRoute.loader>>;
type TraceData = import("~/modules/batches/trace.server").TraceView;

const GTIN13 = `893456789012${gs1CheckDigit("893456789012")}`;

let owner: string;
let stranger: string;
let helper: string;
let helperUserId: string;
let producerId: string;
let otherProducerId: string;
let product: { id: string; publicId: string }; // no GTIN, approved
let gtinProduct: { id: string; publicId: string }; // GTIN-13, approved
let draftProduct: { id: string; publicId: string };
let otherProduct: { id: string };

async function sessionCookie(userId: string): Promise<string> {
  return (await createUserSession(getRequest("/"), userId, false)).split(";")[0]!;
}

const productPath = (p: { id: string }, producer = producerId) => `/producer/${producer}/products/${p.id}`;
const params = (p: { id: string }, extra: Record<string, string> = {}, producer = producerId) => ({
  producerId: producer,
  productId: p.id,
  ...extra,
});

async function createBatch(p: { id: string }, fields: Record<string, string>, cookie = owner) {
  const res = await callAction(
    batchesRoute.action,
    formRequest(`${productPath(p)}/batches`, fields, cookie),
    params(p),
  );
  const batchId = res.headers.get("Location")?.split("/").pop() ?? "";
  return { res, batchId };
}

async function record(p: { id: string }, batchId: string, fields: Record<string, string>, cookie = owner) {
  return callAction(
    batchRoute.action,
    formRequest(`${productPath(p)}/batches/${batchId}`, fields, cookie),
    params(p, { batchId }),
  );
}

async function batchPage(p: { id: string }, batchId: string, cookie = owner, query = "") {
  const res = await callLoader(
    batchRoute.loader,
    getRequest(`${productPath(p)}/batches/${batchId}${query}`, cookie),
    params(p, { batchId }),
  );
  expect(res.status).toBe(200);
  return res.data as BatchData;
}

beforeAll(async () => {
  await prisma.province.create({ data: { code: "66", name: "Đắk Lắk", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24400", name: "Xã Ea Tu", type: "xã", provinceCode: "66" } });
  const producer = await createProducer(prisma, {
    communeCode: "24400",
    name: "HTX Cà phê Ea Tu",
    street: "Thôn 3",
  });
  const other = await createProducer(prisma, { communeCode: "24400", name: "HTX Sầu riêng Krông Pắc" });
  producerId = producer.id;
  otherProducerId = other.id;
  const ownerUser = await createUser(prisma, { role: "PRODUCER", name: "Y Bhim Niê" });
  const strangerUser = await createUser(prisma, { role: "PRODUCER" });
  const helperUser = await createUser(prisma, { role: "HELPER", name: "Tổ CNS xã Ea Tu" });
  helperUserId = helperUser.id;
  await addMember(prisma, producerId, ownerUser.id, true);
  await addMember(prisma, otherProducerId, strangerUser.id, true);
  await prisma.consent.create({
    data: {
      producerId,
      helperId: helperUser.id,
      grantedByName: "Y Bhim Niê",
      method: "ON_DEVICE",
      scope: ["diary"],
    },
  });
  product = await createProduct(prisma, { producerId, name: "Cà phê Robusta Ea Tu", status: "APPROVED" });
  gtinProduct = await createProduct(prisma, {
    producerId,
    name: "Cà phê rang xay Ea Tu",
    gtin: GTIN13,
    status: "APPROVED",
  });
  draftProduct = await createProduct(prisma, { producerId, name: "Cà phê chồn (nháp)" });
  otherProduct = await createProduct(prisma, {
    producerId: otherProducerId,
    name: "Sầu riêng Ri6",
    status: "APPROVED",
  });
  await prisma.product.update({ where: { id: product.id }, data: { shelfLifeDays: 365 } });
  owner = await sessionCookie(ownerUser.id);
  stranger = await sessionCookie(strangerUser.id);
  helper = await sessionCookie(helperUser.id);
});

describe("batches", () => {
  test("creating a batch records it, with the expiry from the product's shelf life", async () => {
    const { res, batchId } = await createBatch(product, {
      lotNumber: "CF2026-01",
      growingAreaCode: "vn-dlak-0042",
      producedOn: "2026-10-20",
      quantity: "1,5",
      uom: "tấn",
    });
    expect(res.status).toBe(302);
    const batch = await prisma.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({
      lotNumber: "CF2026-01",
      growingAreaCode: "VN-DLAK-0042",
      quantity: 1.5,
      uom: "tấn",
    });
    expect(batch.expiresOn?.toISOString().slice(0, 10)).toBe("2027-10-20");
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { entity: "Batch", entityId: batchId },
    });
    expect(change.action).toBe("create");
  });

  test("a lot with spaces or Vietnamese letters is refused with a suggestion; typed values kept", async () => {
    const { res } = await createBatch(product, { lotNumber: "Lô 2 tháng 11", uom: "kg" });
    expect(res.status).toBe(400);
    const { result } = res.data as Reply;
    expect(result.error?.lotNumber?.[0]).toContain("có dấu cách hoặc chữ có dấu");
    expect(result.error?.lotNumber?.[0]).toContain("CF2026-01");
    expect(result.error?.lotNumber?.[0]).toContain("Gợi ý: LO-2-THANG-11");
    expect(result.initialValue).toMatchObject({ lotNumber: "Lô 2 tháng 11", uom: "kg" });
  });

  test("a duplicate lot of the same product is a 409 with a clear message; another product may reuse it", async () => {
    const { res } = await createBatch(product, { lotNumber: "CF2026-01" });
    expect(res.status).toBe(409);
    expect((res.data as Reply).result.error?.lotNumber).toEqual([
      "Sản phẩm này đã có lô số “CF2026-01”. Mỗi lô cần một số lô riêng.",
    ]);
    expect(
      (await createBatch(gtinProduct, { lotNumber: "CF2026-01", expiresOn: "2027-06-30" })).res.status,
    ).toBe(302);
  });
});

describe("farm diary", () => {
  let batchId: string;

  beforeAll(async () => {
    batchId = (await createBatch(product, { lotNumber: "CF2026-02", harvestedOn: "2026-11-05" })).batchId;
  });

  test("events chain, verify, and a harvest inside a spraying's interval is warned about", async () => {
    expect(
      (
        await record(product, batchId, {
          kind: "PLANTING",
          occurredAt: "2026-03-01T07:00",
          place: "Rẫy số 3",
        })
      ).status,
    ).toBe(302);
    const spraying = await record(product, batchId, {
      kind: "SPRAYING",
      occurredAt: "2026-11-01T06:30",
      chemical: "Abamectin 3.6EC",
      phiDays: "7",
      quantity: "2",
      uom: "l",
    });
    expect(spraying.status).toBe(302);
    const harvest = await record(product, batchId, {
      kind: "HARVESTING",
      occurredAt: "2026-11-05T08:00",
      quantity: "800",
      uom: "kg",
    });
    expect(harvest.status).toBe(302);
    expect(harvest.headers.get("Location")).toMatch(/#diary$/);

    const page = await batchPage(product, batchId);
    expect(page.verification).toEqual({ ok: true });
    expect(page.events.map((e) => [e.seq, e.kind])).toEqual([
      [1, "PLANTING"],
      [2, "SPRAYING"],
      [3, "HARVESTING"],
    ]);
    expect(page.events[1]).toMatchObject({
      chemical: "Abamectin 3.6EC",
      phiDays: 7,
      recordedBy: "Y Bhim Niê",
      onBehalf: false,
    });
    expect(page.warnings).toEqual([
      expect.objectContaining({
        harvestSeq: 3,
        sprayingSeq: 2,
        phiDays: 7,
        daysEarly: 3,
        safeFrom: "08/11/2026",
      }),
    ]);
    const rows = await prisma.diaryEvent.findMany({ where: { batchId }, orderBy: { seq: "asc" } });
    expect(rows[0]!.prevHash).toBe("0".repeat(64));
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
  });

  test("a spraying without its chemical or interval is refused", async () => {
    const res = await record(product, batchId, { kind: "SPRAYING", occurredAt: "2026-11-02T06:30" });
    expect(res.status).toBe(400);
    const { error } = (res.data as Reply).result;
    expect(error?.chemical).toEqual(["Lần phun thuốc cần ghi tên thuốc bảo vệ thực vật."]);
    expect(error?.phiDays).toBeDefined();
  });

  test("a correction is a new event; the original stays; the warning follows the corrected diary", async () => {
    const page = await batchPage(product, batchId, owner, "?correct=3");
    expect(page.correcting).toMatchObject({
      seq: 3,
      kind: "HARVESTING",
      values: { occurredAt: "2026-11-05T08:00", quantity: "800" },
    });
    const res = await record(product, batchId, {
      kind: "HARVESTING",
      correctsSeq: "3",
      occurredAt: "2026-11-09T08:00",
      quantity: "800",
      uom: "kg",
    });
    expect(res.status).toBe(302);
    const after = await batchPage(product, batchId);
    expect(after.verification.ok).toBe(true);
    expect(after.events).toHaveLength(4);
    expect(after.events[2]).toMatchObject({ seq: 3, kind: "HARVESTING", correctedBy: [4] });
    expect(after.events[3]).toMatchObject({
      seq: 4,
      kind: "CORRECTION",
      correctsSeq: 3,
      standsFor: "HARVESTING",
    });
    expect(after.warnings).toEqual([]);
    // A correction must name an event of the same kind.
    const wrong = await record(product, batchId, {
      kind: "PLANTING",
      correctsSeq: "2",
      occurredAt: "2026-03-01T07:00",
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.data)).toContain("Không thể đính chính");
  });

  test("a helper's event records the helper and the producer it acted for", async () => {
    const res = await record(
      product,
      batchId,
      { kind: "PACKING", occurredAt: "2026-11-10T14:00", note: "Bao 60 kg" },
      helper,
    );
    expect(res.status).toBe(302);
    const row = await prisma.diaryEvent.findFirstOrThrow({ where: { batchId, kind: "PACKING" } });
    expect(row).toMatchObject({ recordedById: helperUserId, actingForProducerId: producerId });
    const page = await batchPage(product, batchId);
    expect(page.events.at(-1)).toMatchObject({ recordedBy: "Tổ CNS xã Ea Tu", onBehalf: true });
    expect(page.verification.ok).toBe(true);
  });

  test("the database refuses UPDATE and DELETE of diary events", async () => {
    await expect(
      prisma.$executeRawUnsafe(
        `UPDATE "DiaryEvent" SET "note" = 'sửa lén' WHERE "batchId" = $1::uuid`,
        batchId,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      prisma.$executeRawUnsafe(`DELETE FROM "DiaryEvent" WHERE "batchId" = $1::uuid`, batchId),
    ).rejects.toThrow(/append-only/);
    expect(await prisma.diaryEvent.count({ where: { batchId } })).toBe(5);
  });

  test("concurrent appends each get their own seq and the chain still verifies", async () => {
    const { batchId: id } = await createBatch(product, { lotNumber: "CF2026-RACE" });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        record(product, id, { kind: "INSPECTING", occurredAt: `2026-11-0${i}T09:00` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
    const page = await batchPage(product, id);
    expect(page.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(page.verification.ok).toBe(true);
  });

  test("a forged INSERT with a wrong hash is detected, and the batch cannot be exported", async () => {
    const { batchId: id } = await createBatch(product, { lotNumber: "CF2026-FORGE" });
    await record(product, id, {
      kind: "HARVESTING",
      occurredAt: "2026-11-01T08:00",
      quantity: "100",
      uom: "kg",
    });
    const [first] = await prisma.diaryEvent.findMany({ where: { batchId: id } });
    // Chained to the real head, but the stored hash does not cover what the row says.
    const content = {
      batchId: id,
      seq: 2,
      kind: "SHIPPING" as const,
      occurredAt: "2026-11-02T08:00:00.000+07:00",
      recordedById: first!.recordedById,
    };
    const honest = eventHash(content, first!.hash);
    const forged = honest.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    await prisma.$executeRawUnsafe(
      `INSERT INTO "DiaryEvent" ("id", "batchId", "seq", "kind", "occurredAt", "quantity", "recordedById", "prevHash", "hash")
       VALUES (gen_random_uuid(), $1::uuid, 2, 'SHIPPING', '2026-11-02T01:00:00Z', 5000, $2::uuid, $3, $4)`,
      id,
      first!.recordedById,
      first!.hash,
      forged,
    );
    const page = await batchPage(product, id);
    expect(page.verification).toEqual({ ok: false, brokenAt: 2, reason: "content-changed" });
    const epcis = await callLoader(
      epcisRoute.loader,
      getRequest(`${productPath(product)}/batches/${id}/epcis`, owner),
      params(product, { batchId: id }),
    );
    expect(epcis.status).toBe(409);
    expect(epcis.data).toContain("đã bị thay đổi");
  });
});

describe("exports", () => {
  let batchId: string;
  let gtinBatchId: string;

  beforeAll(async () => {
    batchId = (
      await prisma.batch.findFirstOrThrow({ where: { productId: product.id, lotNumber: "CF2026-02" } })
    ).id;
    gtinBatchId = (await prisma.batch.findFirstOrThrow({ where: { productId: gtinProduct.id } })).id;
  });

  test("EPCIS 2.0 JSON-LD download with the diary's events", async () => {
    const res = await callLoader(
      epcisRoute.loader,
      getRequest(`${productPath(product)}/batches/${batchId}/epcis`, owner),
      params(product, { batchId }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/ld+json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="epcis-CF2026-02.jsonld"');
    const doc = JSON.parse(res.data as string);
    expect(doc.type).toBe("EPCISDocument");
    const events = doc.epcisBody.eventList;
    expect(events).toHaveLength(5);
    expect(events.map((e: { bizStep: string }) => e.bizStep)).toEqual([
      "https://ocop.vn/voc/bizstep/planting",
      "https://ocop.vn/voc/bizstep/spraying",
      "commissioning",
      "commissioning",
      "packing",
    ]);
    expect(events[2].errorDeclaration.correctiveEventIDs).toEqual([events[3].eventID]);
    expect(events[2].quantityList[0].epcClass).toBe(`${ORIGIN}/t/${product.publicId}/CF2026-02`);
    expect(JSON.stringify(doc)).not.toContain("Rẫy số 3"); // free-text place stays private
  });

  test("QR PNG decodes to the trace URL: the /t/ fallback without a GTIN, a Digital Link with one", async () => {
    const png = async (p: { id: string }, id: string) => {
      // Called directly (not through settle(), which reads bodies as text) to keep the bytes.
      const response = (await qrRoute.loader({
        request: getRequest(`${productPath(p)}/batches/${id}/qr/png?size=300`, owner),
        params: params(p, { batchId: id, format: "png" }),
        context: testContext(),
      })) as Response;
      expect(response.headers.get("Content-Type")).toBe("image/png");
      const image = sharp(Buffer.from(await response.arrayBuffer()))
        .ensureAlpha()
        .raw();
      const { data, info } = await image.toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(300);
      return jsQR(
        new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
        info.width,
        info.height,
      )?.data;
    };
    expect(await png(product, batchId)).toBe(`${ORIGIN}/t/${product.publicId}/CF2026-02`);
    expect(await png(gtinProduct, gtinBatchId)).toBe(`${ORIGIN}/01/0${GTIN13}/10/CF2026-01?17=270630`);

    const svg = await callLoader(
      qrRoute.loader,
      getRequest(`${productPath(product)}/batches/${batchId}/qr/svg`, owner),
      params(product, { batchId, format: "svg" }),
    );
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.data).toMatch(/^<svg/);
    const gif = await callLoader(
      qrRoute.loader,
      getRequest(`${productPath(product)}/batches/${batchId}/qr/gif`, owner),
      params(product, { batchId, format: "gif" }),
    );
    expect(gif.status).toBe(404);
  });

  test("the label sheet is a PDF; no selection leads back to the form", async () => {
    const query = new URLSearchParams([
      ["batch", batchId],
      ["size", "small"],
      ["copies", "3"],
    ]);
    const response = (await labelsRoute.loader({
      request: getRequest(`${productPath(product)}/labels?${query}`, owner),
      params: params(product),
      context: testContext(),
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const empty = await callLoader(
      labelsRoute.loader,
      getRequest(`${productPath(product)}/labels`, owner),
      params(product),
    );
    expect(empty.status).toBe(302);
    expect(empty.headers.get("Location")).toBe(`${productPath(product)}/batches#labels`);
    const bad = await callLoader(
      labelsRoute.loader,
      getRequest(`${productPath(product)}/labels?size=huge&batch=${batchId}`, owner),
      params(product),
    );
    expect(bad.status).toBe(302);
    expect(bad.headers.get("Set-Cookie")).toContain("__flash=");
    // Another product's batch id prints nothing.
    const foreign = await callLoader(
      labelsRoute.loader,
      getRequest(`${productPath(product)}/labels?batch=${gtinBatchId}`, owner),
      params(product),
    );
    expect(foreign.status).toBe(302);
  });
});

describe("public trace pages", () => {
  const trace = async (
    loader: typeof digitalLink.loader,
    url: string,
    routeParams: Record<string, string>,
    cookie?: string,
  ) => callLoader(loader, getRequest(url, cookie), routeParams);

  test("an approved product's batch by Digital Link: the story, with public fields only", async () => {
    const batchId = (await prisma.batch.findFirstOrThrow({ where: { productId: gtinProduct.id } })).id;
    await record(gtinProduct, batchId, {
      kind: "HARVESTING",
      occurredAt: "2026-11-03T08:00",
      place: "Nhà ông Ba, thôn 3",
      quantity: "50",
      uom: "kg",
    });
    await prisma.certificate.create({
      data: {
        producerId,
        productId: gtinProduct.id,
        kind: "VIETGAP",
        number: "VG-0099",
        issuer: "Trung tâm ABC",
        issuedOn: new Date("2026-01-01T00:00:00Z"),
        expiresOn: new Date("2027-12-31T00:00:00Z"),
        createdById: helperUserId,
      },
    });
    const res = await trace(digitalLink.loader, `/01/0${GTIN13}/10/CF2026-01?17=270630`, {
      gtin: `0${GTIN13}`,
      lot: "CF2026-01",
    });
    expect(res.status).toBe(200);
    const data = res.data as TraceData;
    expect(data).toMatchObject({
      visibility: "public",
      product: { name: "Cà phê rang xay Ea Tu" },
      producer: { name: "HTX Cà phê Ea Tu", place: "Xã Ea Tu, Đắk Lắk" },
      batch: { lotNumber: "CF2026-01", harvestedOn: "03/11/2026", expiresOn: "30/06/2027" },
      chainVerified: true,
    });
    expect(data.events).toEqual([
      expect.objectContaining({ kind: "HARVESTING", date: "03/11/2026", quantity: 50, uom: "kg" }),
    ]);
    expect(data.certificates.map((c) => c.number)).toEqual(["VG-0099"]);
    expect(JSON.stringify(data)).not.toContain("Nhà ông Ba");
    // The unpadded GTIN-13 in the path resolves too.
    expect(
      (await trace(digitalLink.loader, `/01/${GTIN13}/10/CF2026-01`, { gtin: GTIN13, lot: "CF2026-01" }))
        .status,
    ).toBe(200);
  });

  test("a GTIN-14 from a Digital Link matches the forms a product's GTIN may be stored in", () => {
    expect(storedGtinForms(`0${GTIN13}`)).toEqual([`0${GTIN13}`, GTIN13]);
    expect(storedGtinForms("00012345678905")).toEqual(["00012345678905", "0012345678905", "012345678905"]);
    expect(storedGtinForms("00000096385074")).toEqual([
      "00000096385074",
      "0000096385074",
      "000096385074",
      "96385074",
    ]);
    expect(storedGtinForms("18934567890125")).toEqual(["18934567890125"]);
  });

  test("the /t/ fallback of a product without a GTIN", async () => {
    const res = await trace(fallback.loader, `/t/${product.publicId}/CF2026-02`, {
      publicId: product.publicId,
      lot: "CF2026-02",
    });
    expect(res.status).toBe(200);
    const data = res.data as TraceData;
    expect(data.events.map((e) => e.kind)).toEqual(["PLANTING", "SPRAYING", "HARVESTING", "PACKING"]);
    expect(data.events[2]).toMatchObject({ date: "09/11/2026", corrected: true });
    expect(data.events[1]).toMatchObject({ chemical: "Abamectin 3.6EC", phiDays: 7 });
  });

  test("a draft product is a 404 for the public and a preview for its producer", async () => {
    const { batchId } = await createBatch(draftProduct, { lotNumber: "DRAFT-1" });
    expect(batchId).not.toBe("");
    const url = `/t/${draftProduct.publicId}/DRAFT-1`;
    const routeParams = { publicId: draftProduct.publicId, lot: "DRAFT-1" };
    const anonymous = await trace(fallback.loader, url, routeParams);
    expect(anonymous.status).toBe(404);
    expect((await trace(fallback.loader, url, routeParams, stranger)).status).toBe(404);
    const preview = await trace(fallback.loader, url, routeParams, owner);
    expect(preview.status).toBe(200);
    expect((preview.data as TraceData).visibility).toBe("preview");
    await prisma.product.update({ where: { id: draftProduct.id }, data: { status: "SUSPENDED" } });
    const suspended = await trace(fallback.loader, url, routeParams);
    expect((suspended.data as TraceData).visibility).toBe("suspended");
  });

  test("malformed or unknown codes are 404s that say which, never 500s", async () => {
    const badCheck = `${GTIN13.slice(0, 12)}${(Number(GTIN13.at(-1)) + 1) % 10}`;
    const malformed = await trace(digitalLink.loader, `/01/${badCheck}/10/CF2026-01`, {
      gtin: badCheck,
      lot: "CF2026-01",
    });
    expect(malformed).toMatchObject({ status: 404, data: "malformed" });
    const letters = await trace(digitalLink.loader, `/01/abc/10/CF2026-01`, {
      gtin: "abc",
      lot: "CF2026-01",
    });
    expect(letters).toMatchObject({ status: 404, data: "malformed" });
    const unknownLot = await trace(digitalLink.loader, `/01/0${GTIN13}/10/NOPE-1`, {
      gtin: `0${GTIN13}`,
      lot: "NOPE-1",
    });
    expect(unknownLot).toMatchObject({ status: 404, data: "unknown" });
    const badLot = await trace(fallback.loader, `/t/${product.publicId}/L%C3%B4%201`, {
      publicId: product.publicId,
      lot: "Lô 1",
    });
    expect(badLot).toMatchObject({ status: 404, data: "malformed" });
    const unknownProduct = await trace(fallback.loader, `/t/ZZZZZZZZZZ/CF2026-02`, {
      publicId: "ZZZZZZZZZZ",
      lot: "CF2026-02",
    });
    expect(unknownProduct).toMatchObject({ status: 404, data: "unknown" });
  });
});

describe("access", () => {
  test("another producer can neither read nor write this producer's batches, even by changing ids", async () => {
    const batch = await prisma.batch.findFirstOrThrow({
      where: { productId: product.id, lotNumber: "CF2026-02" },
    });
    const url = `${productPath(product)}/batches/${batch.id}`;
    expect(
      (await callLoader(batchRoute.loader, getRequest(url, stranger), params(product, { batchId: batch.id })))
        .status,
    ).toBe(403);
    expect(
      (await record(product, batch.id, { kind: "SHIPPING", occurredAt: "2026-11-20T08:00" }, stranger))
        .status,
    ).toBe(403);
    expect(
      (
        await callLoader(
          batchesRoute.loader,
          getRequest(`${productPath(product)}/batches`, stranger),
          params(product),
        )
      ).status,
    ).toBe(403);
    // Through its own producer: this producer's product and batch are not found.
    const crossed = await callLoader(
      batchRoute.loader,
      getRequest(`${productPath(product, otherProducerId)}/batches/${batch.id}`, stranger),
      params(product, { batchId: batch.id }, otherProducerId),
    );
    expect(crossed.status).toBe(404);
    // Its own product with this producer's batch id: 404 as well.
    const ownProduct = await callLoader(
      epcisRoute.loader,
      getRequest(`${productPath(otherProduct, otherProducerId)}/batches/${batch.id}/epcis`, stranger),
      params(otherProduct, { batchId: batch.id }, otherProducerId),
    );
    expect(ownProduct.status).toBe(404);
    // And within this producer, a batch id under the wrong product is a 404.
    const wrongProduct = await callLoader(
      batchRoute.loader,
      getRequest(`${productPath(gtinProduct)}/batches/${batch.id}`, owner),
      params(gtinProduct, { batchId: batch.id }),
    );
    expect(wrongProduct.status).toBe(404);
    expect(await prisma.diaryEvent.count({ where: { batchId: batch.id, kind: "SHIPPING" } })).toBe(0);
  });
});
