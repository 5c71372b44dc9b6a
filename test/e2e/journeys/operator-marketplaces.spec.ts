// An operator checks Lâm Đồng's listed products against every channel, pushes them to the API
// marketplace (the project's simulator), watches the progress bar until the marketplace has
// answered, and downloads the postmart.vn spreadsheet and the Google feed.
import ExcelJS from "exceljs";
import { parseGoogleRss, validateGoogleFeedItem } from "../../../app/modules/marketplaces/feeds";
import { expect, loginAs, screenshot, test, vi } from "../support";

test("an operator previews, pushes to the marketplace with a progress bar, and downloads the files", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, "OPERATOR");
  await page.goto("/operator/marketplaces");
  await expect(page.getByRole("heading", { level: 1, name: vi.marketplaces.title })).toBeVisible();
  if (test.info().project.name === "desktop") await screenshot(page, "operator-marketplaces");

  await test.step("preview, then push Lâm Đồng's products", async () => {
    await page.locator('select[name="province"]').selectOption("68");
    await page.getByRole("button", { name: vi.marketplaces.chooser.apply }).click();
    await page.locator('input[name="scope"][value="province"]').check();
    await page.getByRole("button", { name: vi.marketplaces.chooser.preview }).click();
    await expect(page.getByRole("heading", { name: vi.marketplaces.preview.title })).toBeVisible();
    await page.getByRole("button", { name: vi.marketplaces.chooser.push }).click();
    await page.waitForURL(/\/operator\/marketplaces\/pushes\//);
    await expect(page.locator("progress")).toBeVisible();
    // The page refreshes itself (no JavaScript needed) until the marketplace has answered.
    await expect(page.getByText(vi.marketplaces.push.finished)).toBeVisible({ timeout: 60_000 });
    await screenshot(page, "operator-push");
  });

  await test.step("downloads: the postmart.vn spreadsheet and the Google feed parse", async () => {
    const xlsx = await page.request.get("/operator/marketplaces/export/postmart.xlsx");
    expect(xlsx.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.body()) as never);
    // The header, then one row per product postmart.vn would take (its template wants a weight,
    // which the demo products mostly lack: those are left out, as the preview says).
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBeTruthy();
    const rss = await page.request.get("/operator/marketplaces/export/google.xml");
    expect(rss.status()).toBe(200);
    const items = parseGoogleRss(await rss.text());
    expect(items.length).toBeGreaterThan(5);
    for (const item of items) expect(validateGoogleFeedItem(item)).toEqual([]);
  });
});
