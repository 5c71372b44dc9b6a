// The certificate expiry job (issue 4) on this file's own database, with a controllable clock:
// reminders, suspension at expiry or revocation, renewals, idempotence, a crash mid-run, the lease.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { CertificateKind } from "~/generated/prisma/enums";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";

const outbox = mkdtempSync(path.join(tmpdir(), "ocop-expiry-outbox-"));
process.env.MAIL_OUTBOX_DIR = outbox;
afterAll(() => rmSync(outbox, { recursive: true, force: true }));
// Every mail written logs its file name: dozens of lines here, none of them news.
vi.spyOn(console, "info").mockImplementation(() => undefined);

const { prisma } = await import("~/utils/db.server");
const { runCertificateExpiry, revokeCertificate, CertificateRevokeError, InjectedFault } =
  await import("~/modules/certificates/expiry.server");
const { runExpiryJob } = await import("~/modules/jobs/scheduler.server");

/** An instant on a Vietnam calendar day (09:00 GMT+7). */
const on = (day: string) => new Date(`${day}T09:00:00+07:00`);
const dbDate = (day: string) => new Date(`${day}T00:00:00.000Z`);

let producerId: string;
let ownerId: string;
let staffEnId: string;
let helperId: string;
let officialId: string;
let farOfficialId: string;
let staffEnEmail: string;
/** Who acts for the producer: two members and a consenting helper. */
let producerSide: string[];

beforeAll(async () => {
  await prisma.province.createMany({
    data: [
      { code: "68", name: "Lâm Đồng", type: "tỉnh" },
      { code: "01", name: "Hà Nội", type: "thành phố" },
    ],
  });
  await prisma.commune.create({
    data: { code: "24001", name: "Xã Đạ Huoai", type: "xã", provinceCode: "68" },
  });
  producerId = (await createProducer(prisma, { communeCode: "24001", name: "HTX Cà phê Cầu Đất" })).id;
  const owner = await createUser(prisma, { role: "PRODUCER" });
  const staffEn = await createUser(prisma, { role: "PRODUCER", locale: "en" });
  const helper = await createUser(prisma, { role: "HELPER" });
  const official = await createUser(prisma, { role: "OFFICIAL", provinceCode: "68" });
  const farOfficial = await createUser(prisma, { role: "OFFICIAL", provinceCode: "01" });
  await addMember(prisma, producerId, owner.id, true);
  await addMember(prisma, producerId, staffEn.id);
  await prisma.consent.create({
    data: {
      producerId,
      helperId: helper.id,
      grantedByName: "Nguyễn Văn Ba",
      method: "ON_DEVICE",
      scope: ["products"],
    },
  });
  ownerId = owner.id;
  staffEnId = staffEn.id;
  helperId = helper.id;
  officialId = official.id;
  farOfficialId = farOfficial.id;
  staffEnEmail = staffEn.email!;
  producerSide = [ownerId, staffEnId, helperId].sort();
});

// Every test starts with no certificates, notices or leases: a run only sees its own test's data.
afterEach(async () => {
  await prisma.certificate.deleteMany({});
  await prisma.notification.deleteMany({});
  await prisma.jobLease.deleteMany({});
});

let counter = 0;
async function certificate(input: {
  productId: string | null;
  kind?: CertificateKind;
  stars?: number;
  issuedOn?: string;
  expiresOn: string;
  revokedAt?: Date;
}) {
  const kind = input.kind ?? "OCOP";
  return prisma.certificate.create({
    data: {
      producerId,
      productId: input.productId,
      kind,
      number: `${++counter}/QĐ-UBND`,
      issuer: "UBND tỉnh Lâm Đồng",
      ocopStars: kind === "OCOP" ? (input.stars ?? 4) : null,
      issuedOn: dbDate(input.issuedOn ?? "2024-01-01"),
      expiresOn: dbDate(input.expiresOn),
      revokedAt: input.revokedAt ?? null,
      revokedReason: input.revokedAt ? "Sai thông tin" : null,
      createdById: ownerId,
    },
  });
}

function listedProduct(name: string, ocopStars: number | null = 4) {
  return createProduct(prisma, { producerId, name, status: "APPROVED", ocopStars });
}

const noticeSteps = async (certificateId: string) =>
  (await prisma.certificateNotice.findMany({ where: { certificateId }, orderBy: { kind: "asc" } })).map(
    (n) => n.kind,
  );

const recipientsOf = async (kind: string, number?: string) =>
  (
    await prisma.notification.findMany({
      where: { kind, ...(number ? { params: { path: ["number"], equals: number } } : {}) },
      select: { userId: true },
    })
  )
    .map((n) => n.userId)
    .sort();

const NOTHING = { noticed30: 0, noticed7: 0, expired: 0, revoked: 0, suspended: 0, failed: 0 };

/** Rows a repeated run must not add to. */
const rowCounts = async () => ({
  notices: await prisma.certificateNotice.count(),
  notifications: await prisma.notification.count(),
  reviews: await prisma.productReview.count(),
  audit: await prisma.auditLog.count(),
});

describe("reminders", () => {
  test("D30 then D7, each exactly once, however often the job runs", async () => {
    const product = await listedProduct("Cà phê rang xay Cầu Đất");
    const cert = await certificate({ productId: product.id, expiresOn: "2027-03-31" });

    // 31 days left until midnight in Vietnam (23:59 on 28 Feb GMT+7 is 16:59 UTC)…
    expect(await runCertificateExpiry({ now: new Date("2027-02-28T16:59:00Z") })).toEqual(NOTHING);
    // …30 days left from 00:30 on 1 March in Vietnam, though it is still 28 Feb in UTC.
    expect(await runCertificateExpiry({ now: new Date("2027-02-28T17:30:00Z") })).toEqual({
      ...NOTHING,
      noticed30: 1,
    });
    const [notice] = await prisma.notification.findMany({ where: { kind: "certificateExpiring" }, take: 1 });
    expect(notice).toMatchObject({
      params: {
        number: cert.number,
        kind: "OCOP",
        product: "Cà phê rang xay Cầu Đất",
        days: 30,
        date: "31/03/2027",
      },
      link: `/producer/${producerId}/products/${product.id}/certificates`,
    });
    expect(await recipientsOf("certificateExpiring")).toEqual(producerSide);

    for (const day of ["2027-03-01", "2027-03-10", "2027-03-23"])
      expect(await runCertificateExpiry({ now: on(day) })).toEqual(NOTHING);
    expect(await runCertificateExpiry({ now: on("2027-03-24") })).toEqual({ ...NOTHING, noticed7: 1 });
    const d7 = await prisma.notification.findFirstOrThrow({
      where: { kind: "certificateExpiring", params: { path: ["days"], equals: 7 } },
    });
    expect(d7.params).toMatchObject({ days: 7, date: "31/03/2027" });
    // The expiry day itself is still valid: no expiry, no suspension.
    for (const day of ["2027-03-24", "2027-03-25", "2027-03-31"])
      expect(await runCertificateExpiry({ now: on(day) })).toEqual(NOTHING);

    expect(await noticeSteps(cert.id)).toEqual(["D30", "D7"]);
    expect(await prisma.notification.count({ where: { kind: "certificateExpiring" } })).toBe(2 * 3);
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      status: "APPROVED",
      suspensionCause: null,
    });
  });

  test("a certificate first seen 5 days ahead gets only the D7 notice", async () => {
    const product = await listedProduct("Chè Ô long Bảo Lộc");
    const cert = await certificate({ productId: product.id, kind: "VIETGAP", expiresOn: "2027-03-06" });
    expect(await runCertificateExpiry({ now: on("2027-03-01") })).toEqual({ ...NOTHING, noticed7: 1 });
    expect(await runCertificateExpiry({ now: on("2027-03-02") })).toEqual(NOTHING);
    expect(await noticeSteps(cert.id)).toEqual(["D7"]);
    const notice = await prisma.notification.findFirstOrThrow({ where: { kind: "certificateExpiring" } });
    expect(notice.params).toMatchObject({ days: 5, kind: "VIETGAP" });
  });
});

describe("expiry", () => {
  test("suspends the listed product, with its review, audit record, notices and mails", async () => {
    const product = await listedProduct("Mật ong rừng U Minh");
    const cert = await certificate({ productId: product.id, expiresOn: "2027-03-31" });
    const before = readdirSync(outbox).length;

    expect(await runCertificateExpiry({ now: on("2027-04-01") })).toEqual({
      ...NOTHING,
      expired: 1,
      suspended: 1,
    });

    const after = await prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(after).toMatchObject({
      status: "SUSPENDED",
      listedAt: null,
      suspensionCause: "CERTIFICATE_EXPIRED",
      ocopStars: null, // the stars follow a valid OCOP certificate
    });
    const reviews = await prisma.productReview.findMany({ where: { productId: product.id } });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ decision: "SUSPENDED", reviewerId: null });
    const audit = await prisma.auditLog.findMany({ where: { targetType: "Product", targetId: product.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "product.suspend",
      actorId: null,
      actorRole: "SYSTEM",
      provinceCode: "68",
      details: { from: "APPROVED", to: "SUSPENDED", cause: "CERTIFICATE_EXPIRED" },
    });
    expect(await noticeSteps(cert.id)).toEqual(["EXPIRED"]);

    // The producer's side hears of the certificate and of the suspension; the province's officials
    // (not another province's) of the suspension.
    expect(await recipientsOf("certificateExpired", cert.number)).toEqual(producerSide);
    const expired = await prisma.notification.findFirstOrThrow({ where: { kind: "certificateExpired" } });
    expect(expired.params).toMatchObject({
      number: cert.number,
      kind: "OCOP",
      product: "Mật ong rừng U Minh",
    });
    expect(await recipientsOf("productSuspended")).toEqual([...producerSide, officialId].sort());
    expect(await recipientsOf("productSuspended")).not.toContain(farOfficialId);
    const suspended = await prisma.notification.findFirstOrThrow({ where: { kind: "productSuspended" } });
    expect(suspended.params).toMatchObject({ product: "Mật ong rừng U Minh", cause: "CERTIFICATE_EXPIRED" });

    // Mailed after commit, each in its recipient's language (everyone here has an email address).
    expect(await prisma.notification.count({ where: { emailPending: true } })).toBe(0);
    const mails = readdirSync(outbox)
      .slice(before)
      .map((f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { to: string; subject: string });
    expect(mails.length).toBeGreaterThanOrEqual(2 * producerSide.length + 1);
    const toEnglishStaff = mails.filter((m) => m.to === staffEnEmail);
    expect(toEnglishStaff).toHaveLength(2);
    for (const mail of toEnglishStaff) expect(mail.subject.trim()).not.toBe("");

    // A second run changes nothing.
    const counts = await rowCounts();
    expect(await runCertificateExpiry({ now: on("2027-04-01") })).toEqual(NOTHING);
    expect(await runCertificateExpiry({ now: on("2027-05-01") })).toEqual(NOTHING);
    expect(await rowCounts()).toEqual(counts);
  });

  test("a renewed valid certificate of the same kind and stars keeps the listing", async () => {
    const product = await listedProduct("Cà phê Arabica Cầu Đất");
    const old = await certificate({ productId: product.id, expiresOn: "2027-03-31" });
    await certificate({ productId: product.id, issuedOn: "2027-03-20", expiresOn: "2030-03-20" });

    expect(await runCertificateExpiry({ now: on("2027-04-01") })).toEqual({ ...NOTHING, expired: 1 });
    expect(await noticeSteps(old.id)).toEqual(["EXPIRED"]);
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      status: "APPROVED",
      suspensionCause: null,
      ocopStars: 4,
    });
    expect(await prisma.productReview.count({ where: { productId: product.id } })).toBe(0);
  });

  test("a renewal with other stars, or of another kind, does not count", async () => {
    const fewerStars = await listedProduct("Trà Atiso Đà Lạt");
    await certificate({ productId: fewerStars.id, stars: 4, expiresOn: "2027-03-31" });
    await certificate({
      productId: fewerStars.id,
      stars: 3,
      issuedOn: "2027-03-20",
      expiresOn: "2030-03-20",
    });
    const otherKind = await listedProduct("Rau VietGAP Đơn Dương", null);
    await certificate({ productId: otherKind.id, kind: "VIETGAP", expiresOn: "2027-03-31" });
    await certificate({ productId: otherKind.id, kind: "ORGANIC", expiresOn: "2029-01-01" });

    expect(await runCertificateExpiry({ now: on("2027-04-01") })).toEqual({
      ...NOTHING,
      expired: 2,
      suspended: 2,
    });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: fewerStars.id } })).toMatchObject({
      status: "SUSPENDED",
      ocopStars: 3, // the valid certificate's stars
    });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: otherKind.id } })).status).toBe(
      "SUSPENDED",
    );
  });

  test("products not listed keep their status; a listed one in re-review is suspended", async () => {
    const draft = await createProduct(prisma, { producerId, name: "Bánh tráng nháp", status: "DRAFT" });
    const submitted = await createProduct(prisma, {
      producerId,
      name: "Miến dong chờ duyệt",
      status: "SUBMITTED",
    });
    // An approved product whose revision is in review: still listed, so it is suspended.
    const revising = await listedProduct("Mắc ca sấy đang sửa", null);
    await prisma.product.update({ where: { id: revising.id }, data: { status: "SUBMITTED" } });
    const draftCert = await certificate({ productId: draft.id, expiresOn: "2027-03-31" });
    await certificate({ productId: submitted.id, kind: "VIETGAP", expiresOn: "2027-03-31" });
    await certificate({ productId: revising.id, kind: "VIETGAP", expiresOn: "2027-03-31" });

    expect(await runCertificateExpiry({ now: on("2027-04-02") })).toEqual({
      ...NOTHING,
      expired: 3,
      suspended: 1,
    });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");
    expect((await prisma.product.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe(
      "SUBMITTED",
    );
    expect(await prisma.product.findUniqueOrThrow({ where: { id: revising.id } })).toMatchObject({
      status: "SUSPENDED",
      listedAt: null,
      suspensionCause: "CERTIFICATE_EXPIRED",
    });
    expect(await prisma.productReview.count({ where: { productId: { in: [draft.id, submitted.id] } } })).toBe(
      0,
    );
    // The producer is still told.
    expect(await recipientsOf("certificateExpired", draftCert.number)).toEqual(producerSide);
  });

  test("a producer-wide certificate only brings notices, linked to the producer's dashboard", async () => {
    const product = await listedProduct("Chanh dây Lâm Hà", null);
    const cert = await certificate({ productId: null, kind: "PHC", expiresOn: "2027-03-31" });
    expect(await runCertificateExpiry({ now: on("2027-04-01") })).toEqual({ ...NOTHING, expired: 1 });
    const notice = await prisma.notification.findFirstOrThrow({ where: { kind: "certificateExpired" } });
    expect(notice).toMatchObject({
      params: { number: cert.number, kind: "PHC", producer: "HTX Cà phê Cầu Đất" },
      link: `/producer/${producerId}`,
    });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe("APPROVED");
  });

  test("a certificate revoked outside the job (by its producer) is handled on the next run", async () => {
    const product = await listedProduct("Cà phê Robusta Di Linh", null);
    const cert = await certificate({
      productId: product.id,
      kind: "VIETGAP",
      expiresOn: "2028-01-01",
      revokedAt: on("2027-03-01"),
    });
    expect(await runCertificateExpiry({ now: on("2027-03-02") })).toEqual({
      ...NOTHING,
      revoked: 1,
      suspended: 1,
    });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      status: "SUSPENDED",
      suspensionCause: "CERTIFICATE_REVOKED",
    });
    // Revoked, then expired: still one step only.
    expect(await runCertificateExpiry({ now: on("2028-02-01") })).toEqual(NOTHING);
    expect(await noticeSteps(cert.id)).toEqual(["REVOKED"]);
  });
});

describe("a crash mid-run", () => {
  test("the rerun finishes the rest: every certificate processed exactly once", async () => {
    const expiredProduct = await listedProduct("Hồng treo gió", null);
    const revokedProduct = await listedProduct("Dâu tây Đà Lạt", null);
    // In the order the job takes them (by expiry date) on 1 March 2027:
    const certs = [
      await certificate({ productId: expiredProduct.id, kind: "VIETGAP", expiresOn: "2027-02-20" }), // EXPIRED
      await certificate({ productId: null, kind: "PHC", expiresOn: "2027-03-05" }), // D7
      await certificate({
        productId: revokedProduct.id,
        kind: "VIETGAP",
        expiresOn: "2027-03-15",
        revokedAt: on("2027-02-27"),
      }), // REVOKED
      await certificate({ productId: null, kind: "PUC", expiresOn: "2027-03-20" }), // D30
      await certificate({ productId: null, kind: "GLOBALGAP", expiresOn: "2027-03-25" }), // D30
    ];
    const now = on("2027-03-01");

    await expect(runCertificateExpiry({ now, failAfter: 2 })).rejects.toBeInstanceOf(InjectedFault);
    expect(await prisma.certificateNotice.count()).toBe(2);
    // A second crash, then a run to the end: only what was left is done.
    await expect(runCertificateExpiry({ now, failAfter: 1 })).rejects.toBeInstanceOf(InjectedFault);
    expect(await prisma.certificateNotice.count()).toBe(3);
    expect(await runCertificateExpiry({ now })).toEqual({ ...NOTHING, noticed30: 2 });

    const steps = await Promise.all(certs.map((c) => noticeSteps(c.id)));
    expect(steps).toEqual([["EXPIRED"], ["D7"], ["REVOKED"], ["D30"], ["D30"]]);
    for (const cert of certs)
      expect(
        await prisma.notification.count({ where: { params: { path: ["number"], equals: cert.number } } }),
      ).toBe(producerSide.length);
    for (const product of [expiredProduct, revokedProduct])
      expect(
        await prisma.productReview.count({ where: { productId: product.id, decision: "SUSPENDED" } }),
      ).toBe(1);
    expect(await prisma.notification.count({ where: { kind: "productSuspended" } })).toBe(
      2 * (producerSide.length + 1),
    );
    // What the crashed runs left unmailed went out with the last one.
    expect(await prisma.notification.count({ where: { emailPending: true } })).toBe(0);

    const counts = await rowCounts();
    expect(await runCertificateExpiry({ now })).toEqual(NOTHING);
    expect(await rowCounts()).toEqual(counts);
  });
});

describe("revocation by an official", () => {
  test("suspends the listing at once; officials of other provinces are refused", async () => {
    const product = await listedProduct("Rượu cần Lạch Dương", null);
    const cert = await certificate({ productId: product.id, kind: "VIETGAP", expiresOn: "2028-06-30" });
    const now = on("2027-03-01");
    const revoke = (official: { id: string; provinceCode: string }, reason = "Giả mạo chữ ký cơ quan cấp") =>
      revokeCertificate({
        certificateId: cert.id,
        official,
        reason,
        origin: { ip: "203.0.113.9", requestId: "r1" },
        now,
      });

    const refused = await revoke({ id: farOfficialId, provinceCode: "01" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect((await prisma.certificate.findUniqueOrThrow({ where: { id: cert.id } })).revokedAt).toBeNull();

    const noReason = await revoke({ id: officialId, provinceCode: "68" }, "   ").catch((e: unknown) => e);
    expect(noReason).toBeInstanceOf(CertificateRevokeError);
    expect((noReason as InstanceType<typeof CertificateRevokeError>).status).toBe(422);

    expect(await revoke({ id: officialId, provinceCode: "68" })).toEqual({
      step: "REVOKED",
      suspended: [product.id],
    });
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id: cert.id } })).toMatchObject({
      revokedAt: now,
      revokedReason: "Giả mạo chữ ký cơ quan cấp",
    });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      status: "SUSPENDED",
      listedAt: null,
      suspensionCause: "CERTIFICATE_REVOKED",
    });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "certificate.revoke", targetId: cert.id },
    });
    expect(audit).toMatchObject({
      actorId: officialId,
      actorRole: "OFFICIAL",
      targetType: "Certificate",
      provinceCode: "68",
      ip: "203.0.113.9",
      details: { kind: "VIETGAP", reason: "Giả mạo chữ ký cơ quan cấp" },
    });
    expect(audit.beforeHash).not.toBe(audit.afterHash);
    expect(await recipientsOf("certificateRevoked", cert.number)).toEqual(producerSide);
    const notice = await prisma.notification.findFirstOrThrow({ where: { kind: "certificateRevoked" } });
    expect(notice.params).toMatchObject({ kind: "VIETGAP", reason: "Giả mạo chữ ký cơ quan cấp" });

    const again = await revoke({ id: officialId, provinceCode: "68" }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CertificateRevokeError);
    expect((again as InstanceType<typeof CertificateRevokeError>).status).toBe(409);
    // Already done: the job finds nothing left for it.
    expect(await runCertificateExpiry({ now })).toEqual(NOTHING);
    expect(await noticeSteps(cert.id)).toEqual(["REVOKED"]);

    const unknown = await revokeCertificate({
      certificateId: "not-a-uuid",
      official: { id: officialId, provinceCode: "68" },
      reason: "x",
    }).catch((e: unknown) => e);
    expect((unknown as Response).status).toBe(404);
  });
});

describe("the job lease", () => {
  test("of two concurrent runs one does the work, the other is refused", async () => {
    const products = await Promise.all(
      ["Cà phê A", "Cà phê B", "Cà phê C"].map((n) => listedProduct(n, null)),
    );
    for (const product of products)
      await certificate({ productId: product.id, kind: "VIETGAP", expiresOn: "2027-02-01" });
    const now = on("2027-03-01");

    const runs = await Promise.all([runExpiryJob({ now }), runExpiryJob({ now })]);
    const ran = runs.filter((r) => r.ran);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toEqual({ ran: true, result: { ...NOTHING, expired: 3, suspended: 3 } });
    expect(runs.filter((r) => !r.ran)).toEqual([{ ran: false }]);
    expect(
      await prisma.productReview.count({ where: { productId: { in: products.map((p) => p.id) } } }),
    ).toBe(3);

    // Released at the end: the next run may start (and finds nothing to do).
    expect(await prisma.jobLease.count()).toBe(0);
    expect(await runExpiryJob({ now })).toEqual({ ran: true, result: NOTHING });
  });
});
