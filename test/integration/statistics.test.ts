// Province statistics on a real database: every figure is derived from the fixture below, the
// routes' access rules, and the downloads read back (XLSX with exceljs, CSV with a strict parser).
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { CertificateKind, OcopGroup, ProductStatus } from "~/generated/prisma/client";
import { DAY_MS, percentile } from "~/modules/statistics/lead-time";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, formRequest, getRequest, testContext } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { provinceStatistics } = await import("~/modules/statistics/statistics.server");
const { applyTransition } = await import("~/modules/reviews/transitions.server");
const login = await import("~/routes/auth/login");
const page = await import("~/routes/statistics/index");
const download = await import("~/routes/statistics/export");

const PASSWORD = "mat-khau-thong-ke-2026";
// 10:00 on 1 December 2026 in Vietnam.
const NOW = new Date("2026-12-01T03:00:00Z");
const TODAY = "2026-12-01";

const COMMUNES = {
  "24670": { name: "Đắk Mil", province: "68" },
  "24700": { name: "Đắk Song", province: "68" },
  "26080": { name: "Long Khánh", province: "75" },
  "31078": { name: "Phú Quốc", province: "91" },
} as const;
type CommuneCode = keyof typeof COMMUNES;

interface ProducerFixture {
  key: string;
  commune: CommuneCode;
  name: string;
  helper?: "claimed" | "unclaimed";
}

const PRODUCERS: ProducerFixture[] = [
  { key: "a1", commune: "24670", name: "HTX Cà phê Đắk Mil" },
  { key: "a2", commune: "24670", name: "HTX Mắc ca Đắk Mil", helper: "claimed" },
  // A name with a formula sign, quotes and a comma.
  { key: "b1", commune: "24700", name: '=HTX "Đồi chè", Đắk Song', helper: "unclaimed" },
  { key: "x1", commune: "26080", name: "Hộ kinh doanh Long Khánh", helper: "unclaimed" },
];

type Trace = "complete" | "noDate" | "noEvent" | "none";
interface ProductFixture {
  key: string;
  producer: string;
  status: ProductStatus;
  stars: number | null;
  group: OcopGroup;
  listed: boolean;
  trace: Trace;
  name?: string;
}

const PRODUCTS: ProductFixture[] = [
  {
    key: "p1",
    producer: "a1",
    status: "APPROVED",
    stars: 4,
    group: "BEVERAGE",
    listed: true,
    trace: "complete",
  },
  // A name a spreadsheet would run as a formula.
  {
    key: "p2",
    producer: "a1",
    status: "APPROVED",
    stars: 3,
    group: "FOOD",
    listed: true,
    trace: "noDate",
    name: '=1+1 "Cà phê", rang',
  },
  { key: "p3", producer: "a1", status: "DRAFT", stars: null, group: "FOOD", listed: false, trace: "none" },
  {
    key: "p4",
    producer: "a2",
    status: "SUBMITTED",
    stars: null,
    group: "FOOD",
    listed: false,
    trace: "none",
  },
  {
    key: "p5",
    producer: "a2",
    status: "APPROVED",
    stars: null,
    group: "FOOD",
    listed: true,
    trace: "noEvent",
  },
  {
    key: "p6",
    producer: "b1",
    status: "CHANGES_REQUESTED",
    stars: null,
    group: "HERBAL",
    listed: false,
    trace: "none",
  },
  {
    key: "p7",
    producer: "b1",
    status: "APPROVED",
    stars: 5,
    group: "HANDICRAFT",
    listed: true,
    trace: "complete",
  },
  {
    key: "p8",
    producer: "b1",
    status: "SUSPENDED",
    stars: 4,
    group: "FOOD",
    listed: false,
    trace: "complete",
  },
  // A listed product whose revision is in review: still public, still counted as OCOP.
  { key: "p9", producer: "b1", status: "SUBMITTED", stars: 4, group: "FOOD", listed: true, trace: "none" },
  { key: "x1", producer: "x1", status: "APPROVED", stars: 4, group: "FOOD", listed: true, trace: "complete" },
];

interface CertificateFixture {
  number: string;
  product: string | null;
  producer: string;
  kind: CertificateKind;
  expiresOn: string | null;
  revoked?: boolean;
}

const CERTIFICATES: CertificateFixture[] = [
  { number: "C1", product: "p1", producer: "a1", kind: "OCOP", expiresOn: "2026-12-01" },
  { number: "C2", product: "p2", producer: "a1", kind: "VIETGAP", expiresOn: "2026-12-31" },
  { number: "C3", product: "p5", producer: "a2", kind: "GLOBALGAP", expiresOn: "2027-01-01" },
  { number: "C4", product: null, producer: "b1", kind: "PHC", expiresOn: "2027-01-30" },
  { number: "C5", product: "p7", producer: "b1", kind: "ORGANIC", expiresOn: "2027-01-31" },
  { number: "C6", product: "p8", producer: "b1", kind: "OCOP", expiresOn: "2026-11-30" },
  { number: "C7", product: "p7", producer: "b1", kind: "OCOP", expiresOn: "2026-12-10", revoked: true },
  { number: "C8", product: "p2", producer: "a1", kind: "PUC", expiresOn: null },
  { number: "X1", product: "x1", producer: "x1", kind: "OCOP", expiresOn: "2026-12-05" },
];

// Audit history: [product, action, instant]. Pairs in 68: p4 2 days and 1 day, p6 4 days; p7's
// revision was withdrawn; x1 is in another province.
const AUDIT: [string, string, string][] = [
  ["p4", "submit", "2026-10-01T00:00:00Z"],
  ["p4", "claim", "2026-10-02T00:00:00Z"],
  ["p4", "requestChanges", "2026-10-03T00:00:00Z"],
  ["p4", "submit", "2026-10-05T00:00:00Z"],
  ["p4", "approve", "2026-10-06T00:00:00Z"],
  ["p6", "submit", "2026-11-01T00:00:00Z"],
  ["p6", "reject", "2026-11-05T00:00:00Z"],
  ["p7", "revise", "2026-11-10T00:00:00Z"],
  ["p7", "withdraw", "2026-11-11T00:00:00Z"],
  ["x1", "submit", "2026-11-01T00:00:00Z"],
  ["x1", "approve", "2026-11-20T00:00:00Z"],
];

const producerIds = new Map<string, string>();
const productIds = new Map<string, string>();
const cookies: Record<string, string> = {};
let producerUserId: string;

const provinceOf = (producerKey: string) =>
  COMMUNES[PRODUCERS.find((p) => p.key === producerKey)!.commune].province;
const in68 = (p: { producer: string }) => provinceOf(p.producer) === "68";
const hex = () => randomBytes(32).toString("hex");

async function signIn(email: string) {
  const res = await callAction(
    login.action,
    formRequest("/login", { identifier: email, password: PASSWORD }),
  );
  expect(res.status).toBe(302);
  return cookiesFrom(res.headers);
}

beforeAll(async () => {
  await prisma.province.createMany({
    data: [
      { code: "04", name: "Cao Bằng", type: "tỉnh" },
      { code: "68", name: "Lâm Đồng", type: "tỉnh" },
      { code: "75", name: "Đồng Nai", type: "tỉnh" },
      { code: "91", name: "An Giang", type: "tỉnh" },
    ],
  });
  await prisma.commune.createMany({
    data: Object.entries(COMMUNES).map(([code, c]) => ({
      code,
      name: c.name,
      type: code === "26080" ? "phường" : "xã",
      provinceCode: c.province,
    })),
  });
  const users = {
    official: await createUser(prisma, {
      role: "OFFICIAL",
      email: "so68@example.vn",
      password: PASSWORD,
      provinceCode: "68",
    }),
    official75: await createUser(prisma, {
      role: "OFFICIAL",
      email: "so75@example.vn",
      password: PASSWORD,
      provinceCode: "75",
    }),
    officialNone: await createUser(prisma, { role: "OFFICIAL", email: "so@example.vn", password: PASSWORD }),
    admin: await createUser(prisma, {
      role: "ADMIN",
      email: "admin@example.vn",
      password: PASSWORD,
      locale: "vi",
    }),
    producer: await createUser(prisma, { role: "PRODUCER", email: "chuthe@example.vn", password: PASSWORD }),
    helper: await createUser(prisma, { role: "HELPER", email: "tocns@example.vn", password: PASSWORD }),
    operator: await createUser(prisma, { role: "OPERATOR", email: "vanhanh@example.vn", password: PASSWORD }),
  };
  producerUserId = users.producer.id;

  for (const spec of PRODUCERS) {
    const producer = await createProducer(prisma, { communeCode: spec.commune, name: spec.name });
    producerIds.set(spec.key, producer.id);
    if (spec.helper) {
      await prisma.producer.update({
        where: { id: producer.id },
        data: { onboardedById: users.helper.id, claimedAt: spec.helper === "claimed" ? NOW : null },
      });
    }
  }
  await prisma.producerMember.create({
    data: { producerId: producerIds.get("a1")!, userId: users.producer.id, isOwner: true },
  });

  for (const spec of PRODUCTS) {
    const product = await createProduct(prisma, {
      producerId: producerIds.get(spec.producer)!,
      name: spec.name ?? `Sản phẩm ${spec.key}`,
      status: spec.status,
      ocopStars: spec.stars,
      ocopGroup: spec.group,
    });
    productIds.set(spec.key, product.id);
    await prisma.product.update({ where: { id: product.id }, data: { listedAt: spec.listed ? NOW : null } });
    if (spec.trace === "none") continue;
    const batch = await prisma.batch.create({
      data: {
        productId: product.id,
        lotNumber: `LOT-${spec.key}`,
        createdById: users.producer.id,
        harvestedOn: spec.trace === "noDate" ? null : new Date("2026-10-25T00:00:00Z"),
      },
    });
    if (spec.trace !== "noEvent") {
      await prisma.diaryEvent.create({
        data: {
          batchId: batch.id,
          seq: 1,
          kind: "HARVESTING",
          occurredAt: new Date("2026-10-25T00:00:00Z"),
          recordedById: users.producer.id,
          prevHash: "0".repeat(64),
          hash: hex(),
        },
      });
    }
  }

  for (const c of CERTIFICATES) {
    await prisma.certificate.create({
      data: {
        producerId: producerIds.get(c.producer)!,
        productId: c.product ? productIds.get(c.product)! : null,
        kind: c.kind,
        number: c.number,
        issuer: "UBND tỉnh",
        issuedOn: new Date("2025-01-01T00:00:00Z"),
        expiresOn: c.expiresOn ? new Date(`${c.expiresOn}T00:00:00Z`) : null,
        revokedAt: c.revoked ? NOW : null,
        createdById: users.producer.id,
      },
    });
  }

  await prisma.auditLog.createMany({
    data: AUDIT.map(([product, action, at]) => ({
      at: new Date(at),
      actorRole: "OFFICIAL",
      action: `product.${action}`,
      targetType: "Product",
      targetId: productIds.get(product)!,
      provinceCode: provinceOf(PRODUCTS.find((p) => p.key === product)!.producer),
    })),
  });

  for (const [key, user] of Object.entries(users)) cookies[key] = await signIn(user.email!);
});

const expectedPairsDays = () => {
  // Derived from AUDIT by hand-reading the rule: submission → next decision, withdrawals drop.
  const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;
  return [
    days("2026-10-01T00:00:00Z", "2026-10-03T00:00:00Z"),
    days("2026-10-05T00:00:00Z", "2026-10-06T00:00:00Z"),
    days("2026-11-01T00:00:00Z", "2026-11-05T00:00:00Z"),
  ];
};

describe("province statistics", () => {
  test("producers by commune, onboarded by helpers and claimed", async () => {
    const stats = (await provinceStatistics("68", { now: NOW }))!;
    const mine = PRODUCERS.filter((p) => COMMUNES[p.commune].province === "68");
    expect(stats.province).toEqual({ code: "68", name: "Lâm Đồng", type: "tỉnh" });
    expect(stats.today).toBe(TODAY);
    expect(stats.producers.total).toBe(mine.length);
    expect(stats.producers.byCommune).toEqual([
      { code: "24670", name: "xã Đắk Mil", count: mine.filter((p) => p.commune === "24670").length },
      { code: "24700", name: "xã Đắk Song", count: mine.filter((p) => p.commune === "24700").length },
    ]);
    expect(stats.producers.onboardedByHelpers).toBe(mine.filter((p) => p.helper).length);
    expect(stats.producers.claimed).toBe(mine.filter((p) => p.helper === "claimed").length);
  });

  test("products by status and by commune × status", async () => {
    const stats = (await provinceStatistics("68", { now: NOW }))!;
    const mine = PRODUCTS.filter(in68);
    expect(stats.products.total).toBe(mine.length);
    for (const status of [
      "DRAFT",
      "SUBMITTED",
      "APPROVED",
      "CHANGES_REQUESTED",
      "SUSPENDED",
      "REJECTED",
    ] as const)
      expect(stats.products.byStatus[status], status).toBe(mine.filter((p) => p.status === status).length);
    const communeOf = (p: ProductFixture) => PRODUCERS.find((x) => x.key === p.producer)!.commune;
    for (const row of stats.products.byCommune) {
      const here = mine.filter((p) => communeOf(p) === row.code);
      expect(row.total).toBe(here.length);
      expect(row.byStatus.APPROVED).toBe(here.filter((p) => p.status === "APPROVED").length);
      expect(row.byStatus.SUBMITTED).toBe(here.filter((p) => p.status === "SUBMITTED").length);
    }
    expect(stats.products.byCommune.map((r) => r.code).sort()).toEqual(["24670", "24700"]);
  });

  test("OCOP products: listed with stars, by stars and by group", async () => {
    const stats = (await provinceStatistics("68", { now: NOW }))!;
    const ocop = PRODUCTS.filter((p) => in68(p) && p.listed && p.stars);
    expect(stats.ocop.total).toBe(ocop.length);
    expect(stats.ocop.byStars).toEqual(
      [3, 4, 5].map((stars) => ({ stars, count: ocop.filter((p) => p.stars === stars).length })),
    );
    expect(stats.ocop.byGroup).toHaveLength(6);
    for (const { group, count } of stats.ocop.byGroup)
      expect(count, group).toBe(ocop.filter((p) => p.group === group).length);
  });

  test("share of listed products with complete trace data", async () => {
    const stats = (await provinceStatistics("68", { now: NOW }))!;
    const listed = PRODUCTS.filter((p) => in68(p) && p.listed);
    expect(stats.trace).toEqual({
      listed: listed.length,
      complete: listed.filter((p) => p.trace === "complete").length,
    });
  });

  test("certificates expiring in 30 and 60 days, expired and revoked", async () => {
    const stats = (await provinceStatistics("68", { now: NOW }))!;
    expect(stats.certificates.expiring.map((c) => [c.number, c.expiresOn, c.daysLeft])).toEqual([
      ["C1", "2026-12-01", 0],
      ["C2", "2026-12-31", 30],
      ["C3", "2027-01-01", 31],
      ["C4", "2027-01-30", 60],
    ]);
    expect(stats.certificates.expiring[3]).toMatchObject({
      product: null,
      producer: PRODUCERS[2]!.name,
      kind: "PHC",
    });
    expect(stats.certificates.expiring[0]).toMatchObject({
      product: "Sản phẩm p1",
      producer: PRODUCERS[0]!.name,
    });
    expect(stats.certificates).toMatchObject({ within30: 2, within60: 4, expired: 1, revoked: 1 });
  });

  test("review lead time: p50/p90 over the audit log's pairs, filtered by decision day", async () => {
    const all = (await provinceStatistics("68", { now: NOW }))!;
    const days = expectedPairsDays();
    expect(all.leadTime.count).toBe(days.length);
    expect(all.leadTime.p50Ms! / DAY_MS).toBeCloseTo(percentile(days, 0.5)!, 9);
    expect(all.leadTime.p90Ms! / DAY_MS).toBeCloseTo(percentile(days, 0.9)!, 9);
    expect(all.leadTime.p50Ms! / DAY_MS).toBeCloseTo(2, 9);
    expect(all.leadTime.p90Ms! / DAY_MS).toBeCloseTo(3.6, 9);

    const november = (await provinceStatistics("68", { now: NOW, from: "2026-11-01", to: "2026-11-30" }))!;
    expect(november.leadTime).toMatchObject({ count: 1, period: { from: "2026-11-01", to: "2026-11-30" } });
    expect(november.leadTime.p50Ms).toBe(4 * DAY_MS);
    // The approval at 07:00 on 6 October (Vietnam) falls outside a period ending on 5 October.
    const early = (await provinceStatistics("68", { now: NOW, to: "2026-10-05" }))!;
    expect(early.leadTime.count).toBe(1);
    expect(early.leadTime.p50Ms).toBe(2 * DAY_MS);
  });

  test("another province's figures stay apart; an unknown province is null", async () => {
    const stats = (await provinceStatistics("75", { now: NOW }))!;
    expect(stats.producers.total).toBe(1);
    expect(stats.ocop.total).toBe(1);
    expect(stats.trace).toEqual({ listed: 1, complete: 1 });
    expect(stats.leadTime.count).toBe(1);
    expect(stats.certificates.within30).toBe(1);
    expect(await provinceStatistics("99")).toBeNull();
  });

  test("the audit actions the review workflow writes are the ones paired", async () => {
    // A real submit → claim → approve through the one transition function, in a third province.
    const official = await createUser(prisma, { role: "OFFICIAL", provinceCode: "91" });
    const producer = await createProducer(prisma, { communeCode: "31078", name: "Công ty Nước mắm" });
    await prisma.producerMember.create({ data: { producerId: producer.id, userId: producerUserId } });
    const product = await createProduct(prisma, { producerId: producer.id, name: "Nước mắm 40 độ đạm" });
    const as = (role: "PRODUCER" | "OFFICIAL") =>
      role === "PRODUCER"
        ? { id: producerUserId, role, provinceCode: null }
        : { id: official.id, role, provinceCode: "91" };
    await applyTransition({ productId: product.id, action: "submit", actor: as("PRODUCER") });
    await applyTransition({ productId: product.id, action: "claim", actor: as("OFFICIAL") });
    await applyTransition({ productId: product.id, action: "approve", actor: as("OFFICIAL") });
    const stats = (await provinceStatistics("91"))!;
    expect(stats.leadTime.count).toBe(1);
    expect(stats.leadTime.p50Ms).toBeGreaterThanOrEqual(0);
    expect(stats.leadTime.p50Ms).toBeLessThan(60_000);
    expect(stats.ocop.total).toBe(0);
    expect(stats.products.byStatus.APPROVED).toBe(1);
  });
});

type PageData = Awaited<ReturnType<typeof page.loader>>;
const open = (path: string, who?: string) =>
  callLoader(page.loader, getRequest(path, who ? cookies[who] : undefined));

describe("who may see which province", () => {
  test("an official sees their own province, and is refused another", async () => {
    const own = await open("/statistics", "official");
    expect(own.status).toBe(200);
    const data = own.data as PageData;
    expect(data.stats.province.code).toBe("68");
    expect(data.provinces).toBeNull();
    expect((await open("/statistics?province=68", "official")).status).toBe(200);
    expect((await open("/statistics?province=75", "official")).status).toBe(403);
    const other = await open("/statistics", "official75");
    expect((other.data as PageData).stats.province.code).toBe("75");
    expect((other.data as PageData).stats.producers.total).toBe(1);
  });

  test("an official without a province is refused", async () => {
    expect((await open("/statistics", "officialNone")).status).toBe(403);
  });

  test("an admin chooses any province, by default the first that has producers", async () => {
    const first = await open("/statistics", "admin");
    expect(first.status).toBe(200);
    const data = first.data as PageData;
    // 04 has no producers, 68 is the lowest code with some.
    expect(data.stats.province.code).toBe("68");
    expect(data.provinces!.map((p) => [p.code, p.producers])).toEqual([
      ["04", 0],
      ["68", 3],
      ["75", 1],
      ["91", expect.any(Number)],
    ]);
    const chosen = await open("/statistics?province=75", "admin");
    expect((chosen.data as PageData).stats.province.code).toBe("75");
    expect((chosen.data as PageData).query).toBe("province=75");
    expect((await open("/statistics?province=99", "admin")).status).toBe(404);
    expect((await open("/statistics?province=x'", "admin")).status).toBe(404);
  });

  test("everyone else is refused; signed out goes to the login page", async () => {
    for (const who of ["producer", "helper", "operator"])
      expect((await open("/statistics", who)).status).toBe(403);
    const anonymous = await open("/statistics");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fstatistics");
  });

  test("a bad period is reported and ignored; a good one is kept for the downloads", async () => {
    const bad = (await open("/statistics?from=2026-13-01", "official")).data as PageData;
    expect(bad.periodError).toBe("invalidDate");
    expect(bad.stats.leadTime.period).toEqual({ from: null, to: null });
    const reversed = (await open("/statistics?from=2026-11-30&to=2026-11-01", "official")).data as PageData;
    expect(reversed.periodError).toBe("invalidPeriod");
    const good = (await open("/statistics?from=2026-11-01&to=2026-11-30&province=", "official"))
      .data as PageData;
    expect(good.periodError).toBeNull();
    expect(good.stats.leadTime.count).toBe(1);
    expect(good.query).toBe("province=68&from=2026-11-01&to=2026-11-30");
  });
});

/** RFC 4180, strictly: quoted fields may hold commas, CRLF and doubled quotes; lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') {
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === '"' || c === "\n" || c === "\r") {
      throw new Error(`stray ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
    }
  }
  if (field || row.length) throw new Error("the last line must end with CRLF");
  return rows;
}

const exportAs = (format: string, who: string, query = "") =>
  callLoader(download.loader, getRequest(`/statistics/export/${format}${query}`, cookies[who]), { format });

describe("downloads", () => {
  // The export route reads the wall clock; pin it to the fixtures' day so the expiring list is stable.
  beforeAll(() => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  test("XLSX: one sheet per table, bold header, numbers as numbers", async () => {
    const res = await download.loader({
      request: getRequest("/statistics/export/xlsx?province=68", cookies.admin),
      params: { format: "xlsx" },
      context: testContext(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="thong-ke-ocop-68-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Tổng hợp",
      "Chủ thể theo xã",
      "Sản phẩm theo trạng thái",
      "Sản phẩm theo xã",
      "OCOP theo hạng sao",
      "OCOP theo nhóm",
      "Chứng nhận sắp hết hạn",
    ]);
    for (const sheet of workbook.worksheets)
      expect(sheet.getRow(1).getCell(1).font?.bold, sheet.name).toBe(true);

    const summary = workbook.getWorksheet("Tổng hợp")!;
    const value = (label: string) => {
      let found: ExcelJS.CellValue | undefined;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(value("Tỉnh/thành phố")).toBe("tỉnh Lâm Đồng");
    expect(value("Tổng số chủ thể")).toBe(3);
    expect(value("Tổng số sản phẩm")).toBe(PRODUCTS.filter(in68).length);
    expect(value("Số lượt hồ sơ đã có quyết định")).toBe(3);
    expect(value("Thời gian xử lý hồ sơ, trung vị (ngày)")).toBe(2);
    expect(value("Thời gian xử lý hồ sơ, phân vị 90 (ngày)")).toBe(3.6);
    expect(value("Tỉ lệ có dữ liệu truy xuất đầy đủ (%)")).toBe(40);

    const byStatus = workbook.getWorksheet("Sản phẩm theo trạng thái")!;
    expect(byStatus.getRow(1).values).toEqual([undefined, "Trạng thái", "Số sản phẩm"]);
    expect(byStatus.rowCount).toBe(1 + 8);
    const approved = byStatus.getRows(2, 8)!.find((r) => r.getCell(1).value === "Đã duyệt")!;
    expect(approved.getCell(2).value).toBe(PRODUCTS.filter((p) => in68(p) && p.status === "APPROVED").length);

    const matrix = workbook.getWorksheet("Sản phẩm theo xã")!;
    expect(matrix.getRow(1).getCell(11).value).toBe("Tổng");
    expect(typeof matrix.getRow(2).getCell(11).value).toBe("number");

    const certs = workbook.getWorksheet("Chứng nhận sắp hết hạn")!;
    expect(certs.rowCount).toBe(1 + 4);
    const firstExpiry = certs.getRow(2).getCell(1);
    expect(firstExpiry.value).toBeInstanceOf(Date);
    expect((firstExpiry.value as Date).toISOString().slice(0, 10)).toBe("2026-12-01");
    expect(firstExpiry.numFmt).toBe("dd/mm/yyyy");
    expect(certs.getRow(2).getCell(2).value).toBe(0);
  });

  test("CSV: UTF-8 with BOM, long format, RFC 4180 quoting, formulas neutralised", async () => {
    const res = await download.loader({
      request: getRequest("/statistics/export/csv?from=2026-11-01&to=2026-11-30", cookies.official),
      params: { format: "csv" },
      context: testContext(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["Mục", "Nhãn", "Nhãn phụ", "Giá trị"]);
    expect(rows.every((r) => r.length === 4)).toBe(true);
    const find = (section: string, label: string, sublabel = "") =>
      rows.find((r) => r[0] === section && r[1] === label && r[2] === sublabel)?.[3];
    expect(find("Tổng hợp", "Tổng số chủ thể")).toBe("3");
    expect(find("Tổng hợp", "Số lượt hồ sơ đã có quyết định")).toBe("1");
    expect(find("Tổng hợp", "Thời gian xử lý hồ sơ, trung vị (ngày)")).toBe("4");
    expect(find("Tổng hợp", "Thời gian xử lý hồ sơ: từ ngày")).toBe("2026-11-01");
    expect(find("Chủ thể theo xã", "xã Đắk Mil", "24670")).toBe("2");
    expect(find("Sản phẩm theo trạng thái", "Đã duyệt")).toBe(
      String(PRODUCTS.filter((p) => in68(p) && p.status === "APPROVED").length),
    );
    expect(find("Sản phẩm theo xã", "xã Đắk Song", "Tạm ngừng")).toBe("1");
    expect(find("OCOP theo hạng sao", "4 sao")).toBe(
      String(PRODUCTS.filter((p) => in68(p) && p.listed && p.stars === 4).length),
    );
    expect(find("OCOP theo nhóm", "Thủ công mỹ nghệ")).toBe("1");
    const certificate = (sublabel: string) =>
      rows.find((r) => r[0] === "Chứng nhận sắp hết hạn" && r[2] === sublabel)!;
    // Text starting with "=" gets an apostrophe; quotes and commas survive the round trip.
    expect(certificate("VietGAP C2")[1]).toBe(`'=1+1 "Cà phê", rang — ${PRODUCERS[0]!.name}`);
    expect(text).toContain(`"'=1+1 ""Cà phê"", rang — ${PRODUCERS[0]!.name}"`);
    expect(certificate("Mã số cơ sở đóng gói (PHC) C4")).toEqual([
      "Chứng nhận sắp hết hạn",
      `Cả cơ sở — ${PRODUCERS[2]!.name}`,
      "Mã số cơ sở đóng gói (PHC) C4",
      "2027-01-30",
    ]);
  });

  test("downloads have the page's access rules; other formats are 404", async () => {
    expect((await exportAs("csv", "producer")).status).toBe(403);
    expect((await exportAs("xlsx", "official", "?province=75")).status).toBe(403);
    expect((await exportAs("csv", "officialNone")).status).toBe(403);
    expect((await exportAs("pdf", "admin")).status).toBe(404);
    expect((await exportAs("csv", "admin", "?province=99")).status).toBe(404);
    const anonymous = await callLoader(download.loader, getRequest("/statistics/export/csv"), {
      format: "csv",
    });
    expect(anonymous.status).toBe(302);
  });
});
