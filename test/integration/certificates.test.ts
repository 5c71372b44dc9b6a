// Certificates: computed status is unit-tested beside the code (app/modules/certificates); here the
// routes, with real Requests, on this file's own database.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, formRequest, getRequest, ORIGIN } from "../support/routes";

const documentsDir = mkdtempSync(path.join(tmpdir(), "ocop-documents-"));
process.env.DOCUMENTS_DIR = documentsDir;
afterAll(() => rmSync(documentsDir, { recursive: true, force: true }));

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const certificates = await import("~/routes/producer/certificates");
const { refreshOcopStars } = await import("~/modules/certificates/certificates.server");
const documentRoute = await import("~/routes/producer/certificate-document");

type Reply = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };

async function sessionCookie(userId: string): Promise<string> {
  return (await createUserSession(getRequest("/"), userId, false)).split(";")[0]!;
}

let owner: string; // cookies
let stranger: string;
let helper: string;
let producerId: string;
let otherProducerId: string;
let productId: string;
let siblingId: string;
let otherProductId: string;

const certificatesPath = (product = productId, producer = producerId) =>
  `/producer/${producer}/products/${product}/certificates`;
const params = (product = productId, producer = producerId) => ({ producerId: producer, productId: product });

function multipartRequest(
  url: string,
  fields: Record<string, string>,
  file: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string } | null,
  cookie: string,
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("document", new File([file.bytes], file.name, { type: file.type }));
  return new Request(ORIGIN + url, { method: "POST", body, headers: { Cookie: cookie, Origin: ORIGIN } });
}

const OCOP_FORM = {
  intent: "create",
  kind: "OCOP",
  number: "1234/QĐ-UBND",
  issuer: "UBND tỉnh Lâm Đồng",
  issuerLevel: "PROVINCE",
  ocopStars: "4",
  ocopGroup: "BEVERAGE",
  issuedOn: "2026-01-15",
  scoreA: "32",
  scoreB: "20",
  scoreC: "26",
};

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.create({
    data: { code: "24001", name: "Xã Đạ Huoai", type: "xã", provinceCode: "68" },
  });
  const producer = await createProducer(prisma, { communeCode: "24001", name: "HTX Cà phê Cầu Đất" });
  const other = await createProducer(prisma, { communeCode: "24001", name: "HTX Chè Bảo Lộc" });
  producerId = producer.id;
  otherProducerId = other.id;
  const ownerUser = await createUser(prisma, { role: "PRODUCER" });
  const strangerUser = await createUser(prisma, { role: "PRODUCER" });
  const helperUser = await createUser(prisma, { role: "HELPER", name: "Tổ CNS xã Đạ Huoai" });
  await addMember(prisma, producer.id, ownerUser.id, true);
  await addMember(prisma, other.id, strangerUser.id, true);
  await prisma.consent.create({
    data: {
      producerId,
      helperId: helperUser.id,
      grantedByName: "Nguyễn Văn Ba",
      method: "ON_DEVICE",
      scope: ["products"],
    },
  });
  productId = (await createProduct(prisma, { producerId, name: "Cà phê rang xay Cầu Đất" })).id;
  siblingId = (await createProduct(prisma, { producerId, name: "Cà phê hạt Cầu Đất" })).id;
  otherProductId = (await createProduct(prisma, { producerId: otherProducerId, name: "Chè Ô long" })).id;
  owner = await sessionCookie(ownerUser.id);
  stranger = await sessionCookie(strangerUser.id);
  helper = await sessionCookie(helperUser.id);
});

async function list(cookie = owner, product = productId) {
  const res = await callLoader(
    certificates.loader,
    getRequest(certificatesPath(product), cookie),
    params(product),
  );
  expect(res.status).toBe(200);
  return (res.data as Awaited<ReturnType<typeof certificates.loader>>).certificates;
}

describe("OCOP certificate and the product's stars", () => {
  let certificateId: string;

  test("adding an OCOP certificate sets Product.ocopStars, with its 36-month expiry and a change record", async () => {
    const res = await callAction(
      certificates.action,
      formRequest(certificatesPath(), OCOP_FORM, owner),
      params(),
    );
    expect(res.status).toBe(302);
    const product = await prisma.product.findUniqueOrThrow({ where: { id: productId } });
    expect(product.ocopStars).toBe(4);
    const [cert] = await list();
    expect(cert).toMatchObject({
      kind: "OCOP",
      ocopStars: 4,
      issuedOn: "2026-01-15",
      expiresOn: "2029-01-15",
      status: "active",
    });
    expect(cert!.scores).toEqual([32, 20, 26]);
    certificateId = cert!.id;
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { entity: "Certificate", entityId: certificateId },
    });
    expect(change).toMatchObject({ action: "create", viaHelper: false, producerId });
  });

  test("bad input: 400, Vietnamese messages, typed values kept, nothing stored", async () => {
    const res = await callAction(
      certificates.action,
      formRequest(
        certificatesPath(),
        { ...OCOP_FORM, ocopStars: "5", scoreA: "38", scoreB: "24", scoreC: "" },
        owner,
      ),
      params(),
    );
    expect(res.status).toBe(400);
    const { result } = res.data as Reply;
    expect(result.error?.issuerLevel).toEqual(["Sản phẩm 5 sao do cấp Trung ương công nhận."]);
    expect(result.error?.scoreA).toEqual(["Nhập đủ điểm cả ba phần A, B, C, hoặc để trống cả ba."]);
    expect(result.initialValue).toMatchObject({
      number: "1234/QĐ-UBND",
      issuer: "UBND tỉnh Lâm Đồng",
      scoreA: "38",
    });
    expect(await prisma.certificate.count()).toBe(1);
  });

  test("revoking it clears the stars in the same transaction; revoking twice is a 409", async () => {
    const revoke = (cookie: string) =>
      callAction(
        certificates.action,
        formRequest(
          certificatesPath(),
          { intent: "revoke", certificateId, reason: "Quyết định thu hồi 55/QĐ-UBND" },
          cookie,
        ),
        params(),
      );
    const noReason = await callAction(
      certificates.action,
      formRequest(certificatesPath(), { intent: "revoke", certificateId, reason: " " }, owner),
      params(),
    );
    expect(noReason.status).toBe(400);
    expect((await revoke(owner)).status).toBe(302);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: productId } })).ocopStars).toBeNull();
    const [cert] = await list();
    expect(cert).toMatchObject({ status: "revoked", revokedReason: "Quyết định thu hồi 55/QĐ-UBND" });
    const again = await revoke(owner);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.data)).toContain("đã được thu hồi");
  });

  test("an expired OCOP certificate is listed as expired and gives no stars", async () => {
    const res = await callAction(
      certificates.action,
      formRequest(
        certificatesPath(),
        { ...OCOP_FORM, issuedOn: "2022-01-10", scoreA: "", scoreB: "", scoreC: "" },
        owner,
      ),
      params(),
    );
    expect(res.status).toBe(302);
    expect((await list()).find((c) => c.issuedOn === "2022-01-10")).toMatchObject({
      status: "expired",
      expiresOn: "2025-01-10",
    });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: productId } })).ocopStars).toBeNull();
  });

  test("the daily refresh takes the stars off a product whose certificate has since expired", async () => {
    // Stars set while the certificate was in force; nothing else changes the row when it lapses.
    await prisma.product.update({ where: { id: productId }, data: { ocopStars: 4 } });
    expect(await refreshOcopStars()).toBe(1);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: productId } })).ocopStars).toBeNull();
    expect(await refreshOcopStars()).toBe(0);
  });
});

describe("scan of the document", () => {
  const VIETGAP = {
    intent: "create",
    kind: "VIETGAP",
    number: "VietGAP-TT-25-01",
    issuer: "Trung tâm Chứng nhận ABC",
    issuedOn: "2026-02-01",
  };

  test("HTML renamed .pdf is refused (415) by its bytes, with the typed values kept and no file written", async () => {
    const before = await prisma.certificate.count();
    const html = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");
    const res = await callAction(
      certificates.action,
      multipartRequest(
        certificatesPath(),
        VIETGAP,
        { bytes: html, name: "scan.pdf", type: "application/pdf" },
        owner,
      ),
      params(),
    );
    expect(res.status).toBe(415);
    const { result } = res.data as Reply;
    expect(result.error?.document).toEqual([
      "Bản scan phải là tệp PDF, JPEG, PNG hoặc WebP. Hãy chọn lại tệp.",
    ]);
    expect(result.initialValue).toMatchObject({ number: "VietGAP-TT-25-01" });
    expect(await prisma.certificate.count()).toBe(before);
    expect(readdirSync(documentsDir)).toEqual([]);
  });

  test("a file over 10 MB is refused (413), nothing kept", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const res = await callAction(
      certificates.action,
      multipartRequest(
        certificatesPath(),
        VIETGAP,
        { bytes: big, name: "scan.pdf", type: "application/pdf" },
        owner,
      ),
      params(),
    );
    expect(res.status).toBe(413);
    expect(JSON.stringify(res.data)).toContain("tối đa 10 MB");
    expect(readdirSync(documentsDir)).toEqual([]);
  });

  test("a real PDF is stored privately and streamed only through access checks", async () => {
    const res = await callAction(
      certificates.action,
      multipartRequest(
        certificatesPath(),
        VIETGAP,
        { bytes: PDF, name: "vietgap.pdf", type: "application/pdf" },
        helper,
      ),
      params(),
    );
    expect(res.status).toBe(302);
    const cert = (await list()).find((c) => c.kind === "VIETGAP")!;
    expect(cert).toMatchObject({ hasDocument: true, expiresOn: "2028-02-01" });
    expect(readdirSync(documentsDir)).toHaveLength(1);
    const change = await prisma.changeRecord.findFirstOrThrow({ where: { entityId: cert.id } });
    expect(change.viaHelper).toBe(true);

    const url = `${certificatesPath()}/${cert.id}/document`;
    const doc = await callLoader(documentRoute.loader, getRequest(url, owner), {
      ...params(),
      certificateId: cert.id,
    });
    expect(doc.status).toBe(200);
    expect(doc.headers.get("Content-Type")).toBe("application/pdf");
    expect(doc.headers.get("Content-Disposition")).toMatch(
      /^inline; filename="chung-nhan-vietgap-[^"]+\.pdf"$/,
    );
    expect(doc.headers.get("Cache-Control")).toBe("private, no-store");
    expect(doc.data).toBe(new TextDecoder().decode(PDF));

    // Another producer, the same certificate id through a sibling product, or anonymous: refused.
    const strangerDoc = await callLoader(documentRoute.loader, getRequest(url, stranger), {
      ...params(),
      certificateId: cert.id,
    });
    expect(strangerDoc.status).toBe(403);
    const sibling = await callLoader(
      documentRoute.loader,
      getRequest(`${certificatesPath(siblingId)}/${cert.id}/document`, owner),
      { ...params(siblingId), certificateId: cert.id },
    );
    expect(sibling.status).toBe(404);
    const anonymous = await callLoader(documentRoute.loader, getRequest(url), {
      ...params(),
      certificateId: cert.id,
    });
    expect(anonymous.status).toBe(302);
    const bogus = await callLoader(documentRoute.loader, getRequest(url, owner), {
      ...params(),
      certificateId: "../../etc/passwd",
    });
    expect(bogus.status).toBe(404);
  });

  test("a scan can be attached later, replacing the old file", async () => {
    const cert = (await list()).find((c) => c.kind === "VIETGAP")!;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const res = await callAction(
      certificates.action,
      multipartRequest(
        certificatesPath(),
        { intent: "attach", certificateId: cert.id },
        { bytes: png, name: "a.png", type: "image/png" },
        owner,
      ),
      params(),
    );
    expect(res.status).toBe(302);
    const files = readdirSync(documentsDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.png$/);
  });
});

describe("access", () => {
  test("another producer cannot list, add to or revoke this producer's certificates", async () => {
    const listing = await callLoader(certificates.loader, getRequest(certificatesPath(), stranger), params());
    expect(listing.status).toBe(403);
    const adding = await callAction(
      certificates.action,
      formRequest(certificatesPath(), OCOP_FORM, stranger),
      params(),
    );
    expect(adding.status).toBe(403);
    // Its own producer id with this producer's product: 404, never the product.
    const crossed = await callLoader(
      certificates.loader,
      getRequest(certificatesPath(productId, otherProducerId), stranger),
      params(productId, otherProducerId),
    );
    expect(crossed.status).toBe(404);
  });

  test("a certificate id from another product is a 404, not a revocation", async () => {
    const res = await callAction(
      certificates.action,
      formRequest(certificatesPath(siblingId), { ...OCOP_FORM }, owner),
      params(siblingId),
    );
    expect(res.status).toBe(302);
    const siblingCert = (await list(owner, siblingId)).find((c) => c.kind === "OCOP")!;
    expect((await prisma.product.findUniqueOrThrow({ where: { id: siblingId } })).ocopStars).toBe(4);
    const revoke = await callAction(
      certificates.action,
      formRequest(
        certificatesPath(),
        { intent: "revoke", certificateId: siblingCert.id, reason: "thử" },
        owner,
      ),
      params(),
    );
    expect(revoke.status).toBe(404);
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id: siblingCert.id } })).toMatchObject({
      revokedAt: null,
    });
    // And from another producer's product, even one of the stranger's own.
    const foreign = await callAction(
      certificates.action,
      formRequest(
        certificatesPath(otherProductId, otherProducerId),
        { intent: "revoke", certificateId: siblingCert.id, reason: "x" },
        stranger,
      ),
      params(otherProductId, otherProducerId),
    );
    expect(foreign.status).toBe(404);
  });

  test("a packing-house code belongs to the whole producer: listed under each of its products only", async () => {
    const res = await callAction(
      certificates.action,
      formRequest(
        certificatesPath(),
        { intent: "create", kind: "PHC", number: "vn-ph-0123", issuedOn: "2025-06-01" },
        owner,
      ),
      params(),
    );
    expect(res.status).toBe(302);
    expect((await list(owner, siblingId)).map((c) => c.number)).toContain("VN-PH-0123");
    const strangerList = await callLoader(
      certificates.loader,
      getRequest(certificatesPath(otherProductId, otherProducerId), stranger),
      params(otherProductId, otherProducerId),
    );
    expect(JSON.stringify(strangerList.data)).not.toContain("VN-PH-0123");
  });
});
