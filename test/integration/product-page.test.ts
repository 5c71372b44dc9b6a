// The public product page, its certificates page, the trace pages' `?linkType=` redirects and the
// public EPCIS document, through the routes with real Requests on this file's own database.
import { beforeAll, describe, expect, test } from "vitest";
import { gs1CheckDigit } from "~/modules/products/gtin";
import type { ProducerAccess } from "~/modules/producers/access.server";
import { translator } from "~/utils/i18n";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callLoader, getRequest, ORIGIN } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const { appendDiaryEvent, createBatch } = await import("~/modules/batches/batches.server");
const { batchSchema, diaryEventSchema } = await import("~/modules/batches/batch-schema");
const { getLocale, localeCookie } = await import("~/utils/locale.server");
const productRoute = await import("~/routes/catalogue/product");
const certificatesRoute = await import("~/routes/catalogue/product-certificates");
const digitalLink = await import("~/routes/trace/digital-link");
const fallback = await import("~/routes/trace/fallback");
const epcisRoute = await import("~/routes/trace/epcis");

type ProductData = import("~/modules/catalogue/product-page.server").ProductPage;
type CertificatesData = Awaited<
  ReturnType<typeof import("~/modules/catalogue/product-page.server").loadProductCertificates>
>;
type TraceData = import("~/modules/batches/trace.server").TraceView;

const t = translator("vi");
const GTIN13 = `893851200777${gs1CheckDigit("893851200777")}`;
const PHONE = "0912345678";
const BANK_ACCOUNT = "190333444555";
const REPRESENTATIVE = "Nguyễn Thị Đại Diện";
const TAX_CODE = "0107295645";

let owner: string;
let access: ProducerAccess;
let producerSlug: string;
const products = {} as Record<
  "listed" | "soldOut" | "suspended" | "draft" | "sibling" | "sameGroup" | "otherGroup",
  { id: string; slug: string; publicId: string }
>;

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

async function certificate(
  productId: string | null,
  data: { kind: "OCOP" | "VIETGAP" | "GLOBALGAP" | "PHC"; number: string } & Record<string, unknown>,
) {
  return prisma.certificate.create({
    data: {
      producerId: access.producer.id,
      productId,
      issuer: "UBND tỉnh Lâm Đồng",
      issuedOn: day("2025-03-15"),
      createdById: access.user.id,
      ...data,
    } as never,
  });
}

async function batchWithDiary(productId: string, lotNumber: string) {
  const created = await createBatch(
    access,
    { id: productId, shelfLifeDays: null },
    batchSchema(t).parse({ lotNumber, harvestedOn: "2026-10-25", expiresOn: "2027-11-10" }),
  );
  if (!created.ok) throw new Error(created.reason);
  const events = [
    {
      kind: "FERTILISING",
      occurredAt: "2026-06-10T07:30",
      place: "Nhà bà Tư, thôn 5",
      note: "Ghi chú riêng",
    },
    { kind: "HARVESTING", occurredAt: "2026-10-25T06:30", quantity: "1200", uom: "kg", place: "Lô 3" },
    { kind: "PACKING", occurredAt: "2026-11-10T14:00", quantity: "480", uom: "gói" },
  ];
  for (const event of events) await appendDiaryEvent(access, created.id, diaryEventSchema(t).parse(event));
  return created.id;
}

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24800", name: "Đắk Mil", type: "xã", provinceCode: "68" } });
  const producer = await createProducer(prisma, {
    communeCode: "24800",
    name: "HTX Cà phê Đắk Mil",
    description: "Hợp tác xã trồng cà phê Robusta.",
  });
  await prisma.producer.update({
    where: { id: producer.id },
    data: {
      phone: PHONE,
      bankName: "Agribank",
      bankAccountNumber: BANK_ACCOUNT,
      bankAccountName: "HTX CA PHE DAK MIL",
      representative: REPRESENTATIVE,
      taxCode: TAX_CODE,
      street: "Thôn 7",
    },
  });
  producerSlug = producer.slug;
  const other = await createProducer(prisma, { communeCode: "24800", name: "HTX Mắc ca" });
  const user = await createUser(prisma, { role: "PRODUCER", name: "Chủ HTX" });
  await addMember(prisma, producer.id, user.id, true);
  owner = (await createUserSession(getRequest("/"), user.id, false)).split(";")[0]!;
  access = {
    user: { id: user.id, name: user.name, role: user.role, provinceCode: null, locale: "vi" },
    producer: {
      id: producer.id,
      name: producer.name,
      slug: producer.slug,
      provinceCode: "68",
      communeCode: "24800",
    },
    viaHelper: false,
  } as ProducerAccess;

  const make = (name: string, extra: Parameters<typeof createProduct>[1]) =>
    createProduct(prisma, { name, ocopGroup: "BEVERAGE", priceVnd: 185_000, ...extra });
  products.listed = await make("Cà phê Robusta rang mộc", {
    producerId: producer.id,
    status: "APPROVED",
    gtin: GTIN13,
    stock: 240,
    ocopStars: 4,
    description: "100% Robusta chín cây, rang mộc.",
  });
  products.soldOut = await make("Cà phê hạt Honey", { producerId: producer.id, status: "APPROVED" });
  products.suspended = await make("Cà phê phin giấy", { producerId: producer.id, status: "SUSPENDED" });
  products.draft = await make("Cà phê chồn (nháp)", { producerId: producer.id });
  products.sibling = await make("Mắc ca sấy", {
    producerId: producer.id,
    status: "APPROVED",
    ocopGroup: "FOOD",
    stock: 5,
  });
  products.sameGroup = await make("Trà xanh", { producerId: other.id, status: "APPROVED", stock: 5 });
  products.otherGroup = await make("Mắc ca nứt vỏ", {
    producerId: other.id,
    status: "APPROVED",
    ocopGroup: "FOOD",
  });
  await prisma.product.update({
    where: { id: products.listed.id },
    data: {
      weightGrams: 540,
      shelfLifeDays: 365,
      storage: "Nơi khô ráo",
      sku: "CF-001",
      minOrder: 2,
      originCommuneCode: "24800",
    },
  });
  await prisma.product.update({
    where: { id: products.suspended.id },
    data: { suspensionCause: "CERTIFICATE_EXPIRED" },
  });
  await prisma.productPhoto.create({
    data: {
      productId: products.listed.id,
      hash: "a".repeat(64),
      width: 800,
      height: 600,
      placeholder: "data:image/webp;base64,AAAA",
      alt: "Gói cà phê",
    },
  });

  await certificate(products.listed.id, {
    kind: "OCOP",
    number: "1200/QĐ-UBND",
    ocopStars: 4,
    ocopGroup: "BEVERAGE",
    issuerLevel: "PROVINCE",
    expiresOn: day("2028-03-15"),
    documentKey: "secret/scan.pdf",
    documentMime: "application/pdf",
  });
  await certificate(products.listed.id, {
    kind: "VIETGAP",
    number: "VG-OLD-1",
    issuer: "Trung tâm Chứng nhận ABC",
    issuedOn: day("2024-01-01"),
    expiresOn: day("2025-12-31"),
  });
  await certificate(products.listed.id, {
    kind: "GLOBALGAP",
    number: "4049929999999",
    issuer: "Control Union",
    expiresOn: day("2027-03-15"),
    revokedAt: new Date("2026-11-01T03:00:00Z"),
    revokedReason: "Lý do nội bộ của Sở",
  });
  await certificate(null, { kind: "PHC", number: "VN-PHC-0042", issuer: "Cục Bảo vệ thực vật" });

  await batchWithDiary(products.listed.id, "CF2026-01");
  await batchWithDiary(products.suspended.id, "PG2026-01");
  await batchWithDiary(products.draft.id, "DR2026-01");
});

const productPage = (slug: string, query = "", cookie?: string) =>
  callLoader(productRoute.loader, getRequest(`/san-pham/${slug}${query}`, cookie), { slug });

describe("product page", () => {
  test("a listed product: photos, price, stars, badges of certificates in force, producer, latest batch, related", async () => {
    const res = await productPage(products.listed.slug);
    expect(res.status).toBe(200);
    const page = res.data as ProductData;
    expect(page).toMatchObject({
      availability: "listed",
      suspensionCause: null,
      purchasable: true,
      ocopStars: 4,
      product: {
        name: "Cà phê Robusta rang mộc",
        priceVnd: 185_000,
        unit: "gói 500 g",
        inStock: true,
        minOrder: 2,
        gtin: GTIN13,
        weightGrams: 540,
        origin: "xã Đắk Mil, Lâm Đồng",
      },
      producer: { name: "HTX Cà phê Đắk Mil", place: "xã Đắk Mil, Lâm Đồng", href: `/co-so/${producerSlug}` },
    });
    expect(page.product.photos).toHaveLength(1);
    // Only certificates in force have a badge (the expired VietGAP and revoked GlobalG.A.P. do not);
    // each leads to its details on the certificates page.
    expect(page.badges.map((b) => b.kind).sort()).toEqual(["OCOP", "PHC"]);
    const ocop = page.badges.find((b) => b.kind === "OCOP")!;
    expect(ocop.href).toBe(`/san-pham/${products.listed.slug}/chung-nhan#cert-${ocop.id}`);
    // The latest batch's public story: events in order, no free-text place or note, chain checked.
    expect(page.trace).toMatchObject({ lotNumber: "CF2026-01", harvestedOn: "25/10/2026" });
    expect(page.trace!.events.map((e) => e.kind)).toEqual(["FERTILISING", "HARVESTING", "PACKING"]);
    expect(page.trace!.chain).toMatchObject({ ok: true, count: 3 });
    expect(page.trace!.href).toBe(`/01/0${GTIN13}/10/CF2026-01?17=271110`);
    const json = JSON.stringify(page);
    for (const hidden of ["Nhà bà Tư", "Ghi chú riêng", "Lô 3", access.user.id])
      expect(json).not.toContain(hidden);
    // Related: other listed products of the same producer and group first, then the same producer's,
    // then the same group's (drafts, suspended and unrelated products never).
    expect(page.related.map((p) => p.slug)).toEqual([
      products.soldOut.slug,
      products.sibling.slug,
      products.sameGroup.slug,
    ]);
    expect(res.headers.get("Cache-Control")).toMatch(/^public/);
    expect(res.headers.get("Last-Modified")).toBeTruthy();
  });

  test("schema.org Product JSON-LD, OpenGraph, canonical and hreflang", async () => {
    const page = (await productPage(products.listed.slug, "?utm_source=zalo")).data as ProductData;
    const url = `${ORIGIN}/san-pham/${products.listed.slug}`;
    expect(page.seo).toMatchObject({
      canonical: url,
      alternates: [
        { hreflang: "vi", href: url },
        { hreflang: "en", href: `${url}?lang=en` },
        { hreflang: "x-default", href: url },
      ],
      ogImage: `${url}/og.png`,
      ogLocale: "vi_VN",
      priceAmount: "185000",
    });
    const ld = page.seo.jsonLd as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Cà phê Robusta rang mộc",
      gtin13: GTIN13,
      sku: "CF-001",
      url,
      image: [`${ORIGIN}/media/${"a".repeat(64)}-800.jpg`],
      brand: { "@type": "Brand", name: "HTX Cà phê Đắk Mil" },
      weight: { value: 540, unitCode: "GRM" },
      offers: {
        "@type": "Offer",
        price: 185000,
        priceCurrency: "VND",
        availability: "https://schema.org/InStock",
        url,
      },
      additionalProperty: [{ propertyID: "OCOP", value: 4 }],
    });
    expect(ld.hasCertification).toHaveLength(2);
    expect(ld.hasCertification).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          "@type": "Certification",
          name: "OCOP 4 sao",
          certificationIdentification: "1200/QĐ-UBND",
          validFrom: "2025-03-15",
          expires: "2028-03-15",
          certificationRating: expect.objectContaining({ ratingValue: 4 }),
        }),
        expect.objectContaining({ certificationIdentification: "VN-PHC-0042" }),
      ]),
    );
  });

  test("?lang=en shows the English page, whose canonical is its own URL", async () => {
    const page = (await productPage(products.listed.slug, "?lang=en")).data as ProductData;
    expect(page.seo.canonical).toBe(`${ORIGIN}/san-pham/${products.listed.slug}?lang=en`);
    expect(page.seo.ogLocale).toBe("en_GB");
    expect(page.seo.description).toContain("by HTX Cà phê Đắk Mil");
    const cookie = (locale: string) => localeCookie.serialize(locale).then((c) => c.split(";")[0]!);
    expect(await getLocale(getRequest("/?lang=en", await cookie("vi")))).toBe("en");
    expect(await getLocale(getRequest("/?lang=xx", await cookie("en")))).toBe("en");
    expect(await getLocale(getRequest("/?lang=xx"))).toBe("vi");
  });

  test("out of stock: OutOfStock, not purchasable", async () => {
    const page = (await productPage(products.soldOut.slug)).data as ProductData;
    expect(page).toMatchObject({ availability: "listed", purchasable: false, trace: null });
    expect(page.product.inStock).toBe(false);
    expect(page.seo.jsonLd).toMatchObject({ offers: { availability: "https://schema.org/OutOfStock" } });
  });

  test("a suspended product still answers: unavailable, why, not purchasable", async () => {
    const res = await productPage(products.suspended.slug);
    expect(res.status).toBe(200);
    const page = res.data as ProductData;
    expect(page).toMatchObject({
      availability: "suspended",
      suspensionCause: "CERTIFICATE_EXPIRED",
      purchasable: false,
      trace: { lotNumber: "PG2026-01" },
    });
    expect(page.seo.jsonLd).toMatchObject({ offers: { availability: "https://schema.org/OutOfStock" } });
  });

  test("drafts, unknown and malformed slugs are 404s, even for the product's own producer", async () => {
    expect((await productPage(products.draft.slug)).status).toBe(404);
    expect((await productPage(products.draft.slug, "", owner)).status).toBe(404);
    expect((await productPage("khong-co-san-pham-nay")).status).toBe(404);
    expect((await productPage("Bad Slug!")).status).toBe(404);
    expect((await productPage("a".repeat(300))).status).toBe(404);
    await prisma.product.update({
      where: { id: products.otherGroup.id },
      data: { status: "WITHDRAWN", listedAt: null },
    });
    expect((await productPage(products.otherGroup.slug)).status).toBe(404);
  });

  test("never exposes the producer's phone, bank account, representative or tax code", async () => {
    for (const slug of [products.listed.slug, products.suspended.slug]) {
      const json = JSON.stringify((await productPage(slug)).data);
      for (const secret of [PHONE, BANK_ACCOUNT, "Agribank", REPRESENTATIVE, TAX_CODE, "Thôn 7"])
        expect(json).not.toContain(secret);
    }
  });

  test("a signed-in visitor's page is private", async () => {
    const res = await productPage(products.listed.slug, "", owner);
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
  });
});

describe("certificates page", () => {
  const certificatesPage = (slug: string, cookie?: string) =>
    callLoader(certificatesRoute.loader, getRequest(`/san-pham/${slug}/chung-nhan`, cookie), { slug });

  test("every certificate with its status today, anchored for the badges; never the scan", async () => {
    const res = await certificatesPage(products.listed.slug);
    expect(res.status).toBe(200);
    const page = res.data as CertificatesData;
    const byKind = Object.fromEntries(page.certificates.map((c) => [c.kind, c]));
    expect(byKind.OCOP).toMatchObject({
      status: "active",
      ocopStars: 4,
      number: "1200/QĐ-UBND",
      issuedOn: "2025-03-15",
      expiresOn: "2028-03-15",
      issuerLevel: "PROVINCE",
    });
    expect(byKind.OCOP!.anchor).toMatch(/^cert-[0-9a-f-]{36}$/);
    expect(byKind.VIETGAP).toMatchObject({ status: "expired" });
    expect(byKind.GLOBALGAP).toMatchObject({ status: "revoked", revokedOn: "2026-11-01" });
    expect(byKind.PHC).toMatchObject({ status: "active", producerWide: true, expiresOn: null });
    const json = JSON.stringify(page);
    expect(json).not.toContain("secret/scan.pdf");
    expect(json).not.toContain("application/pdf");
    expect(json).not.toContain("Lý do nội bộ");
    expect(page.canonical).toBe(`${ORIGIN}/san-pham/${products.listed.slug}/chung-nhan`);
  });

  test("a suspended product's certificates answer; a draft's do not", async () => {
    expect((await certificatesPage(products.suspended.slug)).status).toBe(200);
    expect((await certificatesPage(products.draft.slug, owner)).status).toBe(404);
    expect((await certificatesPage("khong-co")).status).toBe(404);
  });
});

describe("trace pages: ?linkType= (GS1 Digital Link)", () => {
  const dl = (query: string, cookie?: string) =>
    callLoader(digitalLink.loader, getRequest(`/01/0${GTIN13}/10/CF2026-01${query}`, cookie), {
      gtin: `0${GTIN13}`,
      lot: "CF2026-01",
    });

  test("gs1:pip → the product page, gs1:traceability → EPCIS, gs1:certificationInfo → certificates (303)", async () => {
    const product = `/san-pham/${products.listed.slug}`;
    const cases: [string, string][] = [
      ["?linkType=gs1:pip", product],
      ["?linkType=pip", product],
      ["?17=271110&linkType=https%3A%2F%2Fgs1.org%2Fvoc%2Fpip", product],
      ["?linkType=gs1:pip&lang=en", `${product}?lang=en`],
      ["?linkType=gs1:traceability", `/t/${products.listed.publicId}/CF2026-01/epcis`],
      ["?linkType=gs1:certificationInfo", `${product}/chung-nhan`],
    ];
    for (const [query, location] of cases) {
      const res = await dl(query);
      expect(res.status, query).toBe(303);
      expect(res.headers.get("Location"), query).toBe(location);
    }
  });

  test("no, unknown or `all` link type: the trace page itself", async () => {
    for (const query of ["", "?linkType=gs1:recipeInfo", "?linkType=n%C3%B4", "?linkType=all"]) {
      const res = await dl(query);
      expect(res.status, query).toBe(200);
      expect((res.data as TraceData).batch.lotNumber).toBe("CF2026-01");
    }
  });

  test("the /t/ fallback redirects too; a suspended product's links still answer", async () => {
    const res = await callLoader(
      fallback.loader,
      getRequest(`/t/${products.suspended.publicId}/PG2026-01?linkType=gs1:certificationInfo`),
      { publicId: products.suspended.publicId, lot: "PG2026-01" },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/san-pham/${products.suspended.slug}/chung-nhan`);
  });

  test("a producer's preview ignores the link type (those pages are not public yet)", async () => {
    const url = `/t/${products.draft.publicId}/DR2026-01?linkType=gs1:pip`;
    const params = { publicId: products.draft.publicId, lot: "DR2026-01" };
    expect((await callLoader(fallback.loader, getRequest(url), params)).status).toBe(404);
    const preview = await callLoader(fallback.loader, getRequest(url, owner), params);
    expect(preview.status).toBe(200);
    expect((preview.data as TraceData).visibility).toBe("preview");
    expect((preview.data as TraceData).links).toBeNull();
  });

  test("the trace page: producer, growing area, events in order, certificates valid at harvest, hash chain", async () => {
    const data = (await dl("")).data as TraceData;
    expect(data).toMatchObject({
      visibility: "public",
      producer: { name: "HTX Cà phê Đắk Mil", place: "Đắk Mil, Lâm Đồng" },
      batch: { lotNumber: "CF2026-01", harvestedOn: "25/10/2026" },
      links: {
        product: `/san-pham/${products.listed.slug}`,
        certificates: `/san-pham/${products.listed.slug}/chung-nhan`,
        epcis: `/t/${products.listed.publicId}/CF2026-01/epcis`,
      },
    });
    expect(data.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    // In force on 25/10/2026: OCOP and the packing-house code; the VietGAP had expired, the
    // GlobalG.A.P. was revoked later (a revoked certificate never counts).
    expect(data.certificates.map((c) => c.number).sort()).toEqual(["1200/QĐ-UBND", "VN-PHC-0042"]);
    expect(data.chain).toMatchObject({ ok: true, count: 3, brokenAt: null });
    expect(data.chain.links.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(data.chain.links[0]!.prevHash).toBe("0".repeat(64));
    expect(data.chain.links[1]!.prevHash).toBe(data.chain.links[0]!.hash);
    expect(data.chain.head).toBe(data.chain.links[2]!.hash);
    expect(JSON.stringify(data)).not.toContain("Nhà bà Tư");
  });
});

describe("public EPCIS document", () => {
  const epcis = (publicId: string, lot: string, cookie?: string) =>
    callLoader(epcisRoute.loader, getRequest(`/t/${publicId}/${lot}/epcis`, cookie), { publicId, lot });

  test("a listed or suspended product's batch: EPCIS 2.0 JSON-LD, public", async () => {
    for (const [product, lot] of [
      [products.listed, "CF2026-01"],
      [products.suspended, "PG2026-01"],
    ] as const) {
      const res = await epcis(product.publicId, lot);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/ld+json; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
      const document = JSON.parse(res.data as string) as {
        type: string;
        epcisBody: { eventList: unknown[] };
      };
      expect(document.type).toBe("EPCISDocument");
      expect(document.epcisBody.eventList).toHaveLength(3);
      expect(res.data as string).not.toContain("Nhà bà Tư");
      expect(res.data as string).not.toContain(PHONE);
    }
  });

  test("anything else is a 404: a draft (even for its producer), an unknown lot, a malformed code", async () => {
    expect((await epcis(products.draft.publicId, "DR2026-01", owner)).status).toBe(404);
    expect((await epcis(products.listed.publicId, "NOPE-1")).status).toBe(404);
    expect((await epcis("ZZZZZZZZZZ", "CF2026-01")).status).toBe(404);
    expect(await epcis(products.listed.publicId, "Lô 1")).toMatchObject({ status: 404, data: "malformed" });
    expect((await epcis("bad id!", "CF2026-01")).status).toBe(404);
  });
});
