import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, cookiesFrom, getRequest, ORIGIN, testContext } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const { translator } = await import("~/utils/i18n");
const { waitForImport } = await import("~/modules/imports/imports.server");
const route = await import("~/routes/producer/import");
const template = await import("~/routes/producer/import-template");

const t = translator("vi");
const label = (field: string) => t(`products.fields.${field}`);
const HEADER = [
  "Mã sản phẩm",
  "Tên sản phẩm",
  "Nhóm sản phẩm OCOP",
  "Đơn vị bán",
  "Giá bán (đồng)",
  "Xã/phường xuất xứ",
  "Mã vạch GTIN (nếu có)",
];
// Valid GS1 check digits (893 = Vietnam).
const GTIN_A = "8938500000010";
const GTIN_B = "8938500000027";

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sản phẩm");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function loginCookie(userId: string): Promise<string> {
  const setCookie = await createUserSession(getRequest("/login"), userId, false);
  return cookiesFrom(new Headers({ "Set-Cookie": setCookie }));
}

function uploadRequest(producerId: string, cookie: string, bytes: Uint8Array, name: string, type = "") {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name, { type }));
  return new Request(`${ORIGIN}/producer/${producerId}/import`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN },
  });
}

type LoaderData = Awaited<ReturnType<typeof route.loader>>;

async function upload(bytes: Uint8Array, name: string, cookie = memberCookie, producer = producerId) {
  const res = await callAction(route.action, uploadRequest(producer, cookie, bytes, name), {
    producerId: producer,
  });
  if (res.status !== 302) return { res, job: undefined };
  const location = res.headers.get("Location")!;
  const jobId = new URL(location, ORIGIN).searchParams.get("job")!;
  await waitForImport(jobId);
  const page = await callLoader(route.loader, getRequest(location, cookie), { producerId: producer });
  expect(page.status).toBe(200);
  return { res, job: (page.data as LoaderData).job! };
}

let producerId: string;
let otherProducerId: string;
let memberCookie: string;
let helperCookie: string;
let strangerCookie: string;

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.createMany({
    data: [
      { code: "24670", name: "Đắk Mil", type: "xã", provinceCode: "68" },
      { code: "24682", name: "Thuận An", type: "xã", provinceCode: "68" },
    ],
  });
  const producer = await createProducer(prisma, { communeCode: "24670", name: "HTX Cà phê Đắk Mil" });
  const other = await createProducer(prisma, { communeCode: "24682", name: "HTX Khác" });
  producerId = producer.id;
  otherProducerId = other.id;
  const member = await createUser(prisma, { role: "PRODUCER", name: "Y Moan" });
  const stranger = await createUser(prisma, { role: "PRODUCER", name: "Người ngoài" });
  const helper = await createUser(prisma, { role: "HELPER", name: "Tổ CNS" });
  await addMember(prisma, producer.id, member.id, true);
  await addMember(prisma, other.id, stranger.id, true);
  await prisma.consent.create({
    data: {
      producerId,
      helperId: helper.id,
      grantedByName: "Y Moan",
      method: "PAPER_SIGNED",
      scope: ["PRODUCTS"],
    },
  });
  memberCookie = await loginCookie(member.id);
  strangerCookie = await loginCookie(stranger.id);
  helperCookie = await loginCookie(helper.id);
});

describe("template", () => {
  test("XLSX download with Vietnamese headers and a guide sheet", async () => {
    const res = await template.loader({
      request: getRequest(`/producer/${producerId}/import/template`, memberCookie),
      params: { producerId },
      context: testContext(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="mau-nhap-san-pham.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Sản phẩm", "Hướng dẫn"]);
    expect(workbook.worksheets[0]!.getCell("A1").value).toBe(`${label("sku")} *`);
  });

  test("CSV download is UTF-8 with a BOM", async () => {
    const res = await template.loader({
      request: getRequest(`/producer/${producerId}/import/template?format=csv`, memberCookie),
      params: { producerId },
      context: testContext(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).startsWith("Mã sản phẩm")).toBe(true);
  });

  test("another producer's member cannot download it through this producer", async () => {
    const res = await callLoader(
      template.loader,
      getRequest(`/producer/${producerId}/import/template`, strangerCookie),
      {
        producerId,
      },
    );
    expect(res.status).toBe(403);
  });
});

describe("importing", () => {
  // Built once: ExcelJS stamps the time into each workbook, and the same bytes must come back.
  let built: Promise<Uint8Array> | undefined;
  const file = () =>
    (built ??= xlsx([
      HEADER,
      ["CF-001", "Cà phê rang xay Đắk Mil", "Thực phẩm", "gói", 185000, "24670", GTIN_A],
      ["CF-002", "Cà phê hạt", "thuc pham", "kg", "abc", "24670", ""],
      ["CF-003", "Mật ong hoa cà phê", "FOOD", "chai", "120.000", 24682, ""],
      ["CF-004", "", "Đồ uống", "hộp", 90000, "", ""],
      ["CF-005", "Trà ô long", "Đồ uống", "hộp", 250000, "", "8938500000011"],
      ["CF-006", "Tinh dầu sả", "Thảo dược", "chai", "95,000", "", GTIN_B],
    ]));

  test("valid rows are created as drafts; invalid ones are reported by row, column and Vietnamese message", async () => {
    const { res, job } = await upload(await file(), "san-pham.xlsx");
    expect(res.status).toBe(302);
    expect(job).toMatchObject({
      status: "DONE",
      fileName: "san-pham.xlsx",
      totalRows: 6,
      createdRows: 3,
      updatedRows: 0,
      invalidRows: 3,
      unchangedRows: 0,
      sameFileAt: null,
    });
    expect(job?.issues).toEqual([
      { row: 3, column: "Giá bán (đồng)", message: "Giá bán (đồng) phải là một số." },
      { row: 5, column: "Tên sản phẩm", message: "Vui lòng nhập tên sản phẩm." },
      { row: 6, column: "Mã vạch GTIN (nếu có)", message: t("products.errors.gtin") },
    ]);
    const products = await prisma.product.findMany({ where: { producerId }, orderBy: { sku: "asc" } });
    expect(
      products.map((p) => [p.sku, p.status, p.priceVnd, p.ocopGroup, p.originCommuneCode, p.gtin]),
    ).toEqual([
      ["CF-001", "DRAFT", 185000, "FOOD", "24670", GTIN_A],
      ["CF-003", "DRAFT", 120000, "FOOD", "24682", null],
      ["CF-006", "DRAFT", 95000, "HERBAL", null, GTIN_B],
    ]);
    for (const p of products) {
      expect(p.publicId).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
      expect(p.slug).toMatch(/^[a-z0-9-]+-[0-9a-f]{6}$/);
    }
    const changes = await prisma.changeRecord.findMany({
      where: { producerId },
      select: { entity: true, action: true },
    });
    expect(changes.filter((c) => c.entity === "Product" && c.action === "created")).toHaveLength(3);
    expect(changes.filter((c) => c.entity === "ImportJob" && c.action === "imported")).toHaveLength(1);
  });

  test("re-importing the same file creates nothing and changes nothing; an edited file updates in place", async () => {
    const before = await prisma.product.findMany({
      where: { producerId },
      select: { id: true, updatedAt: true },
    });
    const { job } = await upload(await file(), "san-pham.xlsx");
    expect(job).toMatchObject({
      status: "DONE",
      createdRows: 0,
      updatedRows: 0,
      unchangedRows: 3,
      invalidRows: 3,
    });
    expect(job?.sameFileAt).not.toBeNull();
    expect(await prisma.product.count({ where: { producerId } })).toBe(3);
    const after = await prisma.product.findMany({
      where: { producerId },
      select: { id: true, updatedAt: true },
    });
    expect(after).toEqual(expect.arrayContaining(before));

    // Approved products keep their status; an empty cell keeps the current value.
    await prisma.product.update({
      where: { producerId_sku: { producerId, sku: "CF-001" } },
      data: { status: "APPROVED" },
    });
    const edited = await xlsx([
      HEADER,
      ["CF-001", "Cà phê rang xay Đắk Mil", "Thực phẩm", "gói", "199.000", "", GTIN_A],
      ["CF-007", "Cà phê phin giấy", "Thực phẩm", "hộp", 60000, "", ""],
    ]);
    const { job: second } = await upload(edited, "san-pham-v2.xlsx", helperCookie);
    expect(second).toMatchObject({
      status: "DONE",
      createdRows: 1,
      updatedRows: 1,
      unchangedRows: 0,
      invalidRows: 0,
    });
    const cf1 = await prisma.product.findUniqueOrThrow({
      where: { producerId_sku: { producerId, sku: "CF-001" } },
    });
    expect(cf1).toMatchObject({ priceVnd: 199000, status: "APPROVED", originCommuneCode: "24670" });
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { entityId: cf1.id, action: "updated" },
      select: { summary: true, viaHelper: true },
    });
    expect(change).toMatchObject({ viaHelper: true, summary: { fields: ["priceVnd"] } });
    expect(await prisma.product.count({ where: { producerId } })).toBe(4);
  });

  test("a listed product keeps its approved version (changes go to review); a dossier in review is not touched", async () => {
    const listed = await prisma.product.update({
      where: { producerId_sku: { producerId, sku: "CF-001" } },
      data: { status: "APPROVED", listedAt: new Date() },
    });
    const frozen = await prisma.product.update({
      where: { producerId_sku: { producerId, sku: "CF-007" } },
      data: { status: "IN_REVIEW" },
    });
    const edited = await xlsx([
      HEADER,
      ["CF-001", "Cà phê rang xay Đắk Mil 500 g", "Thực phẩm", "gói", "205.000", "", GTIN_A],
      ["CF-007", "Cà phê phin giấy (mới)", "Thực phẩm", "hộp", 65000, "", ""],
    ]);
    await upload(edited, "san-pham-v3.xlsx");
    const cf1 = await prisma.product.findUniqueOrThrow({ where: { id: listed.id } });
    // The price applies at once; the new name waits for the province's review while the old one stays listed.
    expect(cf1).toMatchObject({ priceVnd: 205000, name: listed.name, status: "SUBMITTED" });
    expect(cf1.listedAt).not.toBeNull();
    expect(cf1.revision).toEqual({ name: "Cà phê rang xay Đắk Mil 500 g" });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: frozen.id } })).toMatchObject({
      name: frozen.name,
      priceVnd: frozen.priceVnd,
      status: "IN_REVIEW",
    });
  });

  test("CSV with BOM and Vietnamese text, prices written 185.000", async () => {
    const csv =
      "\ufeffMã sản phẩm,Tên sản phẩm,Nhóm sản phẩm OCOP,Đơn vị bán,Giá bán (đồng),Mô tả\r\n" +
      'MO-01,Mắm ruốc Huế,Thực phẩm,hũ,"185.000","Đặc sản, làm thủ công"\r\n';
    const { job } = await upload(new TextEncoder().encode(csv), "mam.csv");
    expect(job).toMatchObject({ status: "DONE", createdRows: 1, invalidRows: 0 });
    const product = await prisma.product.findUniqueOrThrow({
      where: { producerId_sku: { producerId, sku: "MO-01" } },
    });
    expect(product).toMatchObject({
      name: "Mắm ruốc Huế",
      priceVnd: 185000,
      unit: "hũ",
      description: "Đặc sản, làm thủ công",
    });
  });

  test("database checks: unknown commune, a GTIN of another producer's product", async () => {
    await prisma.product.create({
      data: {
        producerId: otherProducerId,
        publicId: "ZZZZZZZZZZ",
        slug: "khac-1",
        name: "Sản phẩm khác",
        ocopGroup: "FOOD",
        unit: "gói",
        priceVnd: 10000,
        gtin: "8938500000034",
      },
    });
    const { job } = await upload(
      await xlsx([HEADER, ["DB-01", "Sai mã xã", "FOOD", "gói", 10000, "99999", "8938500000034"]]),
      "db.xlsx",
    );
    expect(job?.issues).toEqual([
      {
        row: 2,
        column: label("originCommuneCode"),
        message: t("imports.errors.unknownCommune", { code: "99999" }),
      },
      { row: 2, column: "Mã vạch GTIN (nếu có)", message: t("products.errors.gtinTaken") },
    ]);
    expect(await prisma.product.count({ where: { sku: "DB-01" } })).toBe(0);
  });

  test("bad files are refused with a clear message, never a 500, and create no job", async () => {
    const jobs = await prisma.importJob.count();
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const refused = await upload(png, "san-pham.xlsx");
    expect(refused.res.status).toBe(415);
    expect(refused.res.data).toEqual({ error: t("imports.errors.notSpreadsheet") });

    const big = new Uint8Array(6 * 1024 * 1024).fill(0x41);
    const tooBig = await upload(big, "lon.csv");
    expect(tooBig.res.status).toBe(413);
    expect(tooBig.res.data).toEqual({ error: "Tệp quá lớn: tối đa 5 MB. Hãy chia thành nhiều tệp nhỏ hơn." });

    const announced = await callAction(
      route.action,
      new Request(`${ORIGIN}/producer/${producerId}/import`, {
        method: "POST",
        body: "x",
        headers: { Cookie: memberCookie, Origin: ORIGIN, "Content-Length": String(6 * 1024 * 1024) },
      }),
      { producerId },
    );
    expect(announced.status).toBe(413);

    const noFile = await callAction(
      route.action,
      new Request(`${ORIGIN}/producer/${producerId}/import`, {
        method: "POST",
        body: new URLSearchParams({ file: "" }),
        headers: {
          Cookie: memberCookie,
          Origin: ORIGIN,
          "Content-Type": "application/x-www-form-urlencoded",
        },
      }),
      { producerId },
    );
    expect(noFile.status).toBe(400);

    const noColumns = await upload(
      await xlsx([
        ["Tên sản phẩm", "Giá"],
        ["Cà phê", 1000],
      ]),
      "thieu.xlsx",
    );
    expect(noColumns.res.status).toBe(422);
    expect(JSON.stringify(noColumns.res.data)).toContain("Tệp thiếu cột bắt buộc");
    expect(await prisma.importJob.count()).toBe(jobs);
  });

  test("another producer's member gets 403 and nothing is imported; another producer's job is a 404", async () => {
    const count = await prisma.product.count();
    const res = await callAction(
      route.action,
      uploadRequest(producerId, strangerCookie, await file(), "x.xlsx"),
      { producerId },
    );
    expect(res.status).toBe(403);
    expect(await prisma.product.count()).toBe(count);

    const job = await prisma.importJob.findFirstOrThrow({ where: { producerId } });
    const own = await callLoader(
      route.loader,
      getRequest(`/producer/${otherProducerId}/import?job=${job.id}`, strangerCookie),
      {
        producerId: otherProducerId,
      },
    );
    expect(own.status).toBe(404);
    const page = await callLoader(
      route.loader,
      getRequest(`/producer/${producerId}/import`, strangerCookie),
      { producerId },
    );
    expect(page.status).toBe(403);
  });

  test("600 rows are imported in the background with progress, then re-imported without duplicates", async () => {
    const rows: unknown[][] = [HEADER];
    for (let i = 1; i <= 600; i++) {
      rows.push([
        `LON-${String(i).padStart(4, "0")}`,
        `Sản phẩm số ${i}`,
        "Thủ công mỹ nghệ",
        "cái",
        10000 + i,
        "24670",
        "",
      ]);
    }
    const bytes = await xlsx(rows);

    let started = performance.now();
    const res = await callAction(route.action, uploadRequest(producerId, memberCookie, bytes, "lon.xlsx"), {
      producerId,
    });
    const respondedMs = performance.now() - started;
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    const running = await callLoader(route.loader, getRequest(location, memberCookie), { producerId });
    expect(["VALIDATING", "SAVING", "DONE"]).toContain((running.data as LoaderData).job?.status);
    const jobId = new URL(location, ORIGIN).searchParams.get("job")!;
    await waitForImport(jobId);
    const firstMs = performance.now() - started;
    const done = (await callLoader(route.loader, getRequest(location, memberCookie), { producerId }))
      .data as LoaderData;
    expect(done.job).toMatchObject({ status: "DONE", totalRows: 600, createdRows: 600, invalidRows: 0 });
    expect(await prisma.product.count({ where: { producerId, sku: { startsWith: "LON-" } } })).toBe(600);

    started = performance.now();
    const again = await upload(bytes, "lon.xlsx");
    const secondMs = performance.now() - started;
    expect(again.job).toMatchObject({ status: "DONE", createdRows: 0, updatedRows: 0, unchangedRows: 600 });
    expect(await prisma.product.count({ where: { producerId, sku: { startsWith: "LON-" } } })).toBe(600);
    console.info(
      `600-row import: redirect after ${respondedMs.toFixed(0)} ms, done after ${firstMs.toFixed(0)} ms; re-import ${secondMs.toFixed(0)} ms`,
    );
    expect(firstMs).toBeLessThan(20_000);
  });

  test("a job cut off by a restart is shown as failed, not as running forever", async () => {
    const member = await prisma.producerMember.findFirstOrThrow({ where: { producerId } });
    const job = await prisma.importJob.create({
      data: {
        producerId,
        fileName: "cu.xlsx",
        fileHash: "0".repeat(64),
        status: "SAVING",
        totalRows: 10,
        createdById: member.userId,
        createdAt: new Date(Date.now() - 60 * 60 * 1000),
      },
    });
    const page = await callLoader(
      route.loader,
      getRequest(`/producer/${producerId}/import?job=${job.id}`, memberCookie),
      {
        producerId,
      },
    );
    expect((page.data as LoaderData).job).toMatchObject({
      status: "FAILED",
      issues: [{ row: 0, column: "", message: t("imports.errors.interrupted") }],
    });
  });

  test("the page lists the producer's recent imports", async () => {
    const page = await callLoader(route.loader, getRequest(`/producer/${producerId}/import`, memberCookie), {
      producerId,
    });
    const data = page.data as LoaderData;
    expect(data.job).toBeNull();
    expect(data.recent.length).toBeGreaterThanOrEqual(5);
    expect(data.recent.find((r) => r.fileName === "lon.xlsx")).toMatchObject({
      status: "DONE",
      totalRows: 600,
    });
  });
});
