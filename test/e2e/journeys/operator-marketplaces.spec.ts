// Issue 7's journey at its scale: an operator checks Quảng Ninh's 50 listed products against every
// channel, pushes them to the API marketplace (the project's simulator), watches the progress bar
// fill while the marketplace reviews them, and reads its reasons for the 3 it rejects. The producer
// renames one (a revision, so Quảng Ninh's official approves it), the operator retries it from the
// same page and it is approved, the other 2 still rejected. Then the postmart.vn spreadsheet and
// the Google feed are downloaded and parsed. Data: test/e2e/fixtures/marketplace.ts.
import type { Browser, Locator, Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { parseGoogleRss, validateGoogleFeedItem } from "../../../app/modules/marketplaces/feeds";
import { CHANNEL_IDS, channelName } from "../../../app/modules/marketplaces/marketplace-views";
import { POSTMART_COLUMNS } from "../../../app/modules/marketplaces/spreadsheets";
import { FIXTURE_PRODUCTS, MARKETPLACE_FIXTURE, MARKETPLACE_REJECTED } from "../fixtures/marketplace";
import { expect, flash, loginAs, screenshot, test, vi, type Credentials } from "../support";

const { provinceCode, provinceName, producer, producerAccount, officialAccount } = MARKETPLACE_FIXTURE;
const TOTAL = FIXTURE_PRODUCTS.length;
const FIXED = MARKETPLACE_REJECTED[0]!;
// The simulator's review verdict for a name carrying its marker (scripts/marketplace-simulator).
const REASON = "Tên sản phẩm chứa nội dung vi phạm chính sách đăng bán.";
const CHANNELS = CHANNEL_IDS.map(channelName);
const mk = vi.marketplaces;
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));

/** The push page's rows in a given marketplace state ("rejected", "approved"…). */
const rowsIn = (page: Page, state: string): Locator =>
  page.locator("tbody tr", { has: page.locator(`.mk-state-${state}`) });

/** The <progress> value, or null while the page is reloading itself. */
async function progressValue(page: Page): Promise<number | null> {
  try {
    const value = await page.locator("progress").getAttribute("value", { timeout: 5_000 });
    return value === null ? null : Number(value);
  } catch {
    return null;
  }
}

/** A second person at their own browser (their own cookies). */
async function asSomeoneElse(
  browser: Browser,
  baseURL: string,
  who: Credentials,
  act: (page: Page) => Promise<void>,
) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await loginAs(page, who);
    await act(page);
  } finally {
    await context.close();
  }
}

test.describe("operator: marketplaces", () => {
  test.skip(
    ({ isMobile }) => isMobile,
    "operators push from a desk; the push page is screenshotted on a phone too",
  );
  test.setTimeout(300_000);

  test("validates 50 products, pushes them with a progress bar, fixes and retries a rejection, downloads the files", async ({
    page,
    browser,
    baseURL,
  }) => {
    let pushUrl = "";

    await test.step(`the operator picks ${provinceName}: 50 products, no problem on any channel`, async () => {
      await loginAs(page, "OPERATOR");
      await page.goto("/operator/marketplaces");
      await expect(page.getByRole("heading", { level: 1, name: mk.title })).toBeVisible();
      await screenshot(page, "operator-marketplaces");
      const province = page.locator('select[name="province"]');
      await expect(province.locator(`option[value="${provinceCode}"]`)).toHaveText(
        fill(mk.chooser.provinceOption, { name: provinceName, count: TOTAL }),
      );
      await province.selectOption(provinceCode);
      await page.getByRole("button", { name: mk.chooser.apply }).click();
      await expect(page).toHaveURL(new RegExp(`[?&]province=${provinceCode}\\b`));
      await expect(
        page.getByText(fill(mk.chooser.count_other, { count: TOTAL }), { exact: true }),
      ).toBeVisible();
      await page
        .getByRole("radio", { name: fill(mk.chooser.scopeProvince, { province: provinceName }) })
        .check();
      for (const channel of CHANNELS) await page.getByRole("checkbox", { name: channel }).check();
      await page.getByRole("button", { name: mk.chooser.preview }).click();

      const preview = page.locator('section[aria-labelledby="mk-preview"]');
      await expect(preview.getByRole("heading", { name: mk.preview.title })).toBeVisible();
      await expect(preview.getByRole("status")).toHaveText(
        fill(mk.preview.summary, { products: TOTAL, pushable: TOTAL }),
      );
      for (const channel of CHANNELS)
        await expect(
          preview.getByText(fill(mk.preview.channelTotals, { channel, valid: TOTAL, invalid: 0 })),
        ).toBeVisible();
      await expect(preview.locator("tbody tr")).toHaveCount(TOTAL);
      await expect(preview.locator(".mk-problems")).toHaveCount(0);
      // The three the marketplace will turn down pass the portal's own rules like the rest.
      for (const product of MARKETPLACE_REJECTED)
        await expect(preview.locator("tbody tr", { hasText: product.name }).locator(".mk-ok")).toHaveCount(4);
      await screenshot(page, "operator-marketplaces-preview");
    });

    await test.step("pushes them and watches the progress bar fill as the marketplace decides", async () => {
      await page.getByRole("button", { name: mk.chooser.push }).click();
      await page.waitForURL(/\/operator\/marketplaces\/pushes\/[0-9a-f-]{36}$/);
      pushUrl = new URL(page.url()).pathname;
      await expect(flash(page)).toHaveText(fill(mk.push.started, { queued: TOTAL, skipped: 0 }));
      await expect(page.locator("progress")).toHaveAttribute("max", String(TOTAL));
      // The page reloads itself every 2 s (a meta refresh, no JavaScript) until every product has
      // the marketplace's verdict; note each value the bar shows on the way.
      const seen: number[] = [];
      await expect
        .poll(
          async () => {
            const value = await progressValue(page);
            if (value !== null && value !== seen.at(-1)) seen.push(value);
            return value;
          },
          { timeout: 150_000, intervals: [250] },
        )
        .toBe(TOTAL);
      expect(seen[0], `the bar started below the end (values seen: ${seen.join(", ")})`).toBeLessThan(TOTAL);
      expect(seen, "the bar only moves forward").toEqual([...seen].sort((a, b) => a - b));
      test.info().annotations.push({ type: "progress bar", description: seen.join(" → ") });
      await expect(page.getByText(mk.push.finished)).toBeVisible();
      await expect(page.getByText(mk.push.refreshing)).toHaveCount(0);
    });

    await test.step("sees the 3 rejections with the marketplace's reasons, each ready to retry", async () => {
      await expect(
        page.getByText(
          fill(mk.push.breakdown, { accepted: 47, rejected: 3, dead: 0, superseded: 0, inFlight: 0 }),
        ),
      ).toBeVisible();
      await expect(rowsIn(page, "approved")).toHaveCount(TOTAL - 3);
      const rejected = rowsIn(page, "rejected");
      await expect(rejected).toHaveCount(3);
      // Rows to act on come first.
      await expect(page.locator("tbody tr").first().locator(".mk-state-rejected")).toBeVisible();
      for (const product of MARKETPLACE_REJECTED) {
        const row = rejected.filter({ has: page.getByRole("link", { name: product.name, exact: true }) });
        await expect(row.locator(".mk-problems li")).toHaveText([REASON]);
        await expect(row.getByRole("checkbox", { name: `${mk.push.retry}: ${product.name}` })).toBeVisible();
      }
      await expect(page.getByRole("checkbox")).toHaveCount(3);
      await screenshot(page, "operator-push");
      const phone = await browser.newContext({
        baseURL,
        viewport: { width: 412, height: 915 },
        isMobile: true,
      });
      const phonePage = await phone.newPage();
      await loginAs(phonePage, "OPERATOR");
      await phonePage.goto(pushUrl);
      await expect(phonePage.locator(".mk-state-rejected")).toHaveCount(3);
      await screenshot(phonePage, "operator-push-phone");
      await phone.close();
    });

    await test.step("the producer renames the product; the change goes to review", async () => {
      await asSomeoneElse(browser, baseURL!, producerAccount, async (producerPage) => {
        await producerPage.goto("/producer");
        await producerPage.getByRole("link", { name: FIXED.name }).click();
        await producerPage.getByLabel(vi.products.fields.name).fill(FIXED.cleanName);
        await producerPage.getByRole("button", { name: vi.products.save }).click();
        await expect(flash(producerPage)).toHaveText(vi.products.lifecycle.savedRevised);
      });
    });

    await test.step(`${provinceName}'s official approves the new name`, async () => {
      await asSomeoneElse(browser, baseURL!, officialAccount, async (officialPage) => {
        await officialPage.goto("/review");
        await officialPage.getByRole("link", { name: FIXED.cleanName }).click();
        await officialPage.getByRole("button", { name: vi.reviews.claim, exact: true }).click();
        await expect(flash(officialPage)).toHaveText(vi.reviews.done.claim);
        for (const box of await officialPage.getByRole("checkbox").all()) await box.check();
        await officialPage.getByRole("button", { name: vi.reviews.approve }).click();
        await expect(officialPage).toHaveURL(/\/review$/);
      });
    });

    await test.step("the operator retries it: approved on the marketplace, the other 2 still rejected", async () => {
      await page.goto(pushUrl);
      const fixedRow = page.locator("tbody tr", {
        has: page.getByRole("link", { name: FIXED.cleanName, exact: true }),
      });
      await expect(fixedRow.locator(".mk-state-rejected")).toBeVisible();
      await fixedRow.getByRole("checkbox", { name: `${mk.push.retry}: ${FIXED.cleanName}` }).check();
      await page.getByRole("button", { name: mk.push.retry }).click();
      await expect(flash(page)).toHaveText(fill(mk.push.retried_one, { count: 1 }));
      // The push follows its retried product until the marketplace has decided again.
      await expect(page.getByText(mk.push.finished)).toBeVisible({ timeout: 120_000 });
      await expect(fixedRow.locator(".mk-state-approved")).toBeVisible();
      await expect(rowsIn(page, "approved")).toHaveCount(TOTAL - 2);
      await expect(rowsIn(page, "rejected")).toHaveCount(2);
      await expect(page.getByRole("checkbox")).toHaveCount(2);
      await expect(page.locator("progress")).toHaveAttribute("value", String(TOTAL));
      await expect(
        page.getByText(
          fill(mk.push.breakdown, { accepted: 48, rejected: 2, dead: 0, superseded: 0, inFlight: 0 }),
        ),
      ).toBeVisible();

      // The marketplace agrees: one listing per product, 48 approved, no duplicate.
      const simulator = `http://127.0.0.1:${Number(new URL(baseURL!).port) + 1010}`;
      const sim = (await (await page.request.get(`${simulator}/_sim/listings`)).json()) as {
        listings: { status: string; product: { brand: string; name: string } }[];
        duplicates: number;
      };
      const ours = sim.listings.filter((l) => l.product.brand === producer.name);
      expect(ours).toHaveLength(TOTAL);
      expect(ours.filter((l) => l.status === "approved")).toHaveLength(TOTAL - 2);
      expect(
        ours
          .filter((l) => l.status === "rejected")
          .map((l) => l.product.name)
          .sort(),
      ).toEqual(
        MARKETPLACE_REJECTED.slice(1)
          .map((p) => p.name)
          .sort(),
      );
      expect(sim.duplicates).toBe(0);

      await screenshot(page, "operator-push-retried");
      // The history says the same.
      await page.goto("/operator/marketplaces");
      const counts = mk.history.line.slice(mk.history.line.indexOf("{{done}}"));
      await expect(page.locator('section[aria-labelledby="mk-history"] li').first()).toContainText(
        fill(counts, { done: TOTAL, total: TOTAL, rejected: 2, dead: 0, inFlight: 0 }),
      );
    });

    await test.step("downloads: the postmart.vn spreadsheet and the Google feed parse, with every product", async () => {
      const names = new Map(FIXTURE_PRODUCTS.map((p) => [p === FIXED ? p.cleanName : p.name, p]));

      const xlsx = await page.request.get("/operator/marketplaces/export/postmart.xlsx");
      expect(xlsx.status()).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await xlsx.body()) as never);
      const sheet = book.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(POSTMART_COLUMNS.map((c) => c.header));
      const column = (title: string) =>
        header.indexOf(POSTMART_COLUMNS.find((c) => c.header.startsWith(title))!.header) + 1;
      const rows: { name: string; weight: unknown; origin: unknown }[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        // postmart.vn bills shipping by weight: no row goes without one (demo products included).
        expect(row.getCell(column("Khối lượng")).value, `row ${n}`).toBeGreaterThan(0);
        if (row.getCell(column("Thương hiệu")).value === producer.name)
          rows.push({
            name: String(row.getCell(column("Tên sản phẩm")).value),
            weight: row.getCell(column("Khối lượng")).value,
            origin: row.getCell(column("Xuất xứ")).value,
          });
      });
      expect(sheet.rowCount - 1, "the demo's listed products are there too").toBeGreaterThan(TOTAL);
      expect(rows.map((r) => r.name).sort()).toEqual([...names.keys()].sort());
      for (const row of rows) {
        expect(row.weight, row.name).toBe(names.get(row.name)!.weightGrams);
        expect(row.origin).toBe(`${provinceName}, Việt Nam`);
      }

      const rss = await page.request.get("/operator/marketplaces/export/google.xml");
      expect(rss.status()).toBe(200);
      const items = parseGoogleRss(await rss.text());
      for (const item of items) expect(validateGoogleFeedItem(item), item.title).toEqual([]);
      const feed = items.filter((item) => item.brand === producer.name);
      expect(feed.map((item) => item.title).sort()).toEqual([...names.keys()].sort());
      for (const item of feed) {
        const product = names.get(item.title!)!;
        expect(item).toMatchObject({
          price: `${product.priceVnd} VND`,
          shipping_weight: `${product.weightGrams} g`,
          gtin: product.gtin,
          availability: "in_stock",
        });
      }
    });
  });
});
