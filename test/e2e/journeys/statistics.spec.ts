// Issue 7's journey: an admin reads a province's statistics and downloads them; an official reads
// their own province's. The numbers are computed here from the demo constants (prisma/seed/demo.ts)
// for provinces no other journey writes to (Đồng Nai 75, Cao Bằng 04), so the suites can share
// one database in any order.
import type { Locator, Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PRODUCERS, DEMO_PRODUCTS } from "../../../prisma/seed/demo";
import { expect, loginAs, screenshot, test, vi } from "../support";

const STATUSES = Object.keys(vi.status) as (keyof typeof vi.status)[];
const GROUPS = Object.keys(vi.products.groups) as (keyof typeof vi.products.groups)[];

/** What the page must show for a province, from the demo constants alone. */
function expectedFor(provinceCode: string) {
  const producers = DEMO_PRODUCERS.filter((p) => p.provinceCode === provinceCode);
  const slugs = new Set(producers.map((p) => p.slug));
  const products = DEMO_PRODUCTS.filter((p) => slugs.has(p.producer));
  // The seed lists what it creates APPROVED; the stars follow each product's OCOP certificate.
  const ocop = products.filter((p) => p.status === "APPROVED" && p.ocopStars);
  const communes = new Map<string, number>();
  for (const p of producers) communes.set(p.communeCode, (communes.get(p.communeCode) ?? 0) + 1);
  return {
    producers: producers.length,
    communes,
    helpers: producers.filter((p) => p.assistedBy).length,
    products: products.length,
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, products.filter((p) => p.status === s).length])),
    ocop: ocop.length,
    byStars: Object.fromEntries([3, 4, 5].map((n) => [n, ocop.filter((p) => p.ocopStars === n).length])),
    byGroup: Object.fromEntries(GROUPS.map((g) => [g, ocop.filter((p) => p.ocopGroup === g).length])),
    listed: products.filter((p) => p.status === "APPROVED").length,
  };
}

const section = (page: Page, id: string) => page.locator(`section[aria-labelledby="${id}"]`);
const figure = (scope: Page | Locator, id: string) => scope.getByTestId(`figure-${id}`).locator("dd");
const tableValue = (scope: Locator, key: string) =>
  scope.locator(`table.chart-table tr[data-key="${key}"] td`);

async function expectProvinceNumbers(page: Page, provinceCode: string) {
  const e = expectedFor(provinceCode);
  expect(e.producers, `the demo has producers in ${provinceCode}`).toBeGreaterThan(0);

  await expect(figure(page, "producers")).toHaveText(String(e.producers));
  await expect(figure(page, "products")).toHaveText(String(e.products));
  await expect(figure(page, "ocop")).toHaveText(String(e.ocop));

  const producers = section(page, "stats-producers");
  for (const [commune, count] of e.communes)
    await expect(tableValue(producers, commune)).toHaveText(String(count));
  await expect(producers.locator("table.chart-table tbody tr")).toHaveCount(e.communes.size);
  await expect(figure(producers, "onboarded")).toHaveText(String(e.helpers));

  const products = section(page, "stats-products");
  for (const status of STATUSES)
    await expect(tableValue(products, status), status).toHaveText(String(e.byStatus[status]));
  // The commune × status table adds up to the same totals.
  const totals = await products.locator('table.stats-matrix td[data-key="total"]').allTextContents();
  expect(totals.reduce((sum, t) => sum + Number(t), 0)).toBe(e.products);

  const ocop = section(page, "stats-ocop");
  for (const stars of [3, 4, 5])
    await expect(tableValue(ocop, String(stars))).toHaveText(String(e.byStars[stars]));
  for (const group of GROUPS) await expect(tableValue(ocop, group)).toHaveText(String(e.byGroup[group]));

  // Each chart is an image with a text alternative, next to its table.
  const chart = products.locator("svg.chart-svg");
  await expect(chart).toHaveAttribute("role", "img");
  await expect(chart.locator("desc")).toContainText(`${vi.status.APPROVED}: ${e.byStatus.APPROVED}`);

  // The demo's only batch with a diary belongs to the coffee cooperative (Lâm Đồng).
  const trace = section(page, "stats-trace");
  await expect(trace).toContainText(
    vi.statistics.trace.share.replace("{{complete}}", "0").replace("{{listed}}", String(e.listed)),
  );
  await expect(trace.getByText(vi.statistics.trace.definition)).toBeVisible();
}

/** RFC 4180 lines of the long-format CSV (no field of the demo data spans lines). */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
        .map((m) => m[1]!.replace(/^"|"$/g, "").replace(/""/g, '"'))
        .slice(0, 4),
    );
}

test.describe("province statistics", () => {
  test("an admin picks provinces and reads numbers that match the demo data, then downloads them", async ({
    page,
  }) => {
    await loginAs(page, "ADMIN");

    await test.step("the page opens on the first province that has producers", async () => {
      await page.goto("/statistics");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.statistics.title);
      const lowest = [...DEMO_PRODUCERS.map((p) => p.provinceCode)].sort()[0]!;
      await expect(page.getByLabel(vi.statistics.filter.province)).toHaveValue(lowest);
    });

    await test.step("Đồng Nai, chosen with the GET form: every figure matches the demo constants", async () => {
      await page.getByLabel(vi.statistics.filter.province).selectOption("75");
      await page.getByRole("button", { name: vi.statistics.filter.submit }).click();
      await expect(page).toHaveURL(/[?&]province=75\b/);
      await expect(page.locator(".stats-lead")).toContainText("Đồng Nai");
      await expectProvinceNumbers(page, "75");
      await screenshot(page, "statistics");
    });

    await test.step("Cao Bằng too", async () => {
      await page.getByLabel(vi.statistics.filter.province).selectOption("04");
      await page.getByRole("button", { name: vi.statistics.filter.submit }).click();
      await expect(page).toHaveURL(/[?&]province=04\b/);
      await expectProvinceNumbers(page, "04");
    });

    await test.step("the CSV and XLSX downloads carry the same numbers", async () => {
      const e = expectedFor("04");
      const csvLink = page.getByRole("link", { name: vi.statistics.download.csv });
      await expect(csvLink).toHaveAttribute("href", "/statistics/export/csv?province=04");
      const csv = await page.request.get((await csvLink.getAttribute("href"))!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      const rows = csvRows(await csv.text());
      const value = (section: string, label: string) =>
        rows.find((r) => r[0] === section && r[1] === label)?.[3];
      const summary = vi.statistics.export.sheets.summary;
      expect(value(summary, vi.statistics.export.rows.producers)).toBe(String(e.producers));
      expect(value(summary, vi.statistics.export.rows.products)).toBe(String(e.products));
      expect(value(summary, vi.statistics.export.rows.ocop)).toBe(String(e.ocop));

      const xlsxLink = page.getByRole("link", { name: vi.statistics.download.xlsx });
      const xlsx = await page.request.get((await xlsxLink.getAttribute("href"))!);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()["content-disposition"]).toMatch(/filename="thong-ke-ocop-04-[\d-]+\.xlsx"/);
      expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");
    });
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("an official reads their own province and cannot open another", async ({ page, consoleGuard }) => {
      consoleGuard.allow(/status of 403/);
      const official = DEMO_ACCOUNTS.find((a) => a.role === "OFFICIAL")!;
      await loginAs(page, "OFFICIAL");
      await page.goto("/statistics");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.statistics.title);
      await expect(page.locator(".stats-lead")).toContainText("Lâm Đồng");
      expect(official.provinceCode).toBe("68");
      // No province to choose: officials see their own.
      await expect(page.getByLabel(vi.statistics.filter.province)).toHaveCount(0);
      // Other journeys add producers and products in Lâm Đồng: at least the demo's are there.
      const demo = expectedFor("68");
      expect(Number(await figure(page, "producers").textContent())).toBeGreaterThanOrEqual(demo.producers);
      await expect(figure(page, "onboarded")).toHaveText(/^\d+$/);

      await test.step("a period filters the review lead time (a plain GET form)", async () => {
        await page.getByLabel(vi.statistics.filter.from).fill("2026-01-01");
        await page.getByLabel(vi.statistics.filter.to).fill("2026-12-31");
        await page.getByRole("button", { name: vi.statistics.filter.submit }).click();
        await expect(page).toHaveURL(/from=2026-01-01&to=2026-12-31/);
        await expect(section(page, "stats-lead-time")).toContainText("2026");
        await expect(page.getByRole("link", { name: vi.statistics.download.csv })).toHaveAttribute(
          "href",
          "/statistics/export/csv?province=68&from=2026-01-01&to=2026-12-31",
        );
      });

      const refused = await page.goto("/statistics?province=75");
      expect(refused?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.errors.forbiddenTitle);
    });
  });
});
