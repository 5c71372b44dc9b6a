// A buyer on a phone searches "ca phe dak mil" without accents, narrows the results to OCOP 4★ in
// Lâm Đồng with the filter form, reads the facet counts, sees the state in the URL, and goes back
// with the browser's button — with JavaScript and again without (these pages ship none). Then the
// home page's browse lists, a category page and a producer's public page.
import type { Page } from "@playwright/test";
import { expect, screenshot, test, vi } from "../support";

const COFFEE = "Cà phê Robusta rang mộc Đắk Mil";
const HONEY_COFFEE = "Cà phê hạt Robusta Honey Đắk Mil";
const cards = (page: Page) => page.locator(".cat-grid .product-card");
const cardNames = (page: Page) => cards(page).locator("h3").allTextContents();
const count = (template: string, n: number) => template.replace("{{count}}", String(n));

/** On a phone the filters are folded in a <details>: open it; on a wide screen they are always shown. */
async function openFilters(page: Page) {
  const summary = page.locator(".cat-filters > summary");
  if (await summary.isVisible()) {
    if (!(await page.locator(".cat-filters").evaluate((d) => (d as HTMLDetailsElement).open)))
      await summary.click();
  }
  await expect(page.getByRole("button", { name: vi.catalogue.apply })).toBeVisible();
}

/** The number in "(n)" after a facet option's label. */
async function facetCount(page: Page, label: RegExp): Promise<number> {
  const text = await page.locator(".cat-choice", { hasText: label }).textContent();
  return Number(/\((\d+)\)/.exec(text ?? "")?.[1] ?? NaN);
}

async function journey(page: Page, shots: boolean) {
  await test.step("searches from the home page without accents", async () => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: vi.catalogue.searchLabel }).fill("ca phe dak mil");
    await page.getByRole("searchbox", { name: vi.catalogue.searchLabel }).press("Enter");
    await expect(page).toHaveURL(/\/tim-kiem\?q=ca\+phe\+dak\+mil$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kết quả cho “ca phe dak mil”");
    const names = await cardNames(page);
    expect(names.slice(0, 2).sort()).toEqual([COFFEE, HONEY_COFFEE].sort());
    await expect(page.locator("#cat-count")).toHaveText(count(vi.catalogue.resultCount_other, names.length));
    // The whole card is a link to the product page.
    await expect(cards(page).first().getByRole("link")).toHaveAttribute("href", /^\/san-pham\/ca-phe-/);
    if (shots) await screenshot(page, "catalogue-search");
  });

  await test.step("filters: OCOP 4★ and more, in Lâm Đồng; facet counts beside the options", async () => {
    await openFilters(page);
    const before = await facetCount(page, /Từ 4 sao/);
    expect(before).toBeGreaterThanOrEqual(1);
    await page.getByLabel(vi.catalogue.province).selectOption("68");
    await page.getByRole("radio", { name: /Từ 4 sao/ }).check();
    if (shots) await screenshot(page, "catalogue-filters");
    await page.getByRole("button", { name: vi.catalogue.apply }).click();

    const url = new URL(page.url());
    expect(url.pathname).toBe("/tim-kiem");
    expect(url.searchParams.get("q")).toBe("ca phe dak mil");
    expect(url.searchParams.get("province")).toBe("68");
    expect(url.searchParams.get("stars")).toBe("4");

    const names = await cardNames(page);
    expect(names[0]).toBe(COFFEE);
    expect(names).not.toContain(HONEY_COFFEE); // 3★
    await expect(cards(page)).toHaveCount(before);
    for (const card of await cards(page).all()) {
      await expect(card).toContainText("Lâm Đồng");
      await expect(card.locator(".stars")).toContainText(/[45] sao OCOP/);
    }
    await expect(page.locator("#cat-count")).toHaveText(
      count(before === 1 ? vi.catalogue.resultCount_one : vi.catalogue.resultCount_other, before),
    );
    // The chips say what is applied, and each removes its own filter.
    await expect(page.locator(".cat-chips")).toContainText("Lâm Đồng");
    await expect(page.locator(".cat-chips")).toContainText("Từ 4 sao");
    // The stars facet leaves its own filter out: 3★ and more counts the honey coffee too.
    await openFilters(page);
    expect(await facetCount(page, /Từ 3 sao/)).toBeGreaterThan(before);
    expect(await facetCount(page, /Từ 4 sao/)).toBe(before);
    await expect(page.getByLabel(vi.catalogue.province)).toHaveValue("68");
    await expect(page.getByRole("radio", { name: /Từ 4 sao/ })).toBeChecked();
    if (shots) await screenshot(page, "catalogue-filtered");
  });

  await test.step("the back button returns to the unfiltered results; forward to the filtered ones", async () => {
    await page.goBack();
    await expect(page).toHaveURL(/\/tim-kiem\?q=ca\+phe\+dak\+mil$/);
    expect(await cardNames(page)).toContain(HONEY_COFFEE);
    await page.goForward();
    await expect(page).toHaveURL(/province=68/);
    expect(await cardNames(page)).not.toContain(HONEY_COFFEE);
  });

  await test.step("a chip removes its filter; a typo still finds the coffee, marked approximate", async () => {
    await page
      .locator(".cat-chips")
      .getByRole("link", { name: /Từ 4 sao/ })
      .click();
    await expect(page).toHaveURL(/province=68/);
    expect(new URL(page.url()).searchParams.get("stars")).toBeNull();
    expect(await cardNames(page)).toContain(HONEY_COFFEE);

    await page.goto("/tim-kiem?q=ca+phe+dak+mill");
    await expect(page.locator(".cat-approx")).toBeVisible();
    expect((await cardNames(page)).slice(0, 2).sort()).toEqual([COFFEE, HONEY_COFFEE].sort());
  });
}

test.describe("a buyer searches the catalogue", () => {
  test("without accents, narrows by stars and province, and goes back", async ({ page }) => {
    await journey(page, true);
  });

  test("browses by province and group from the home page, a category, a producer", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByText(/\d+ sản phẩm đã được duyệt/)).toBeVisible();
    await page
      .getByRole("region", { name: vi.catalogue.home.byProvince })
      .getByRole("link", { name: /Lâm Đồng/ })
      .click();
    await expect(page).toHaveURL(/\/tim-kiem\?province=68$/);
    for (const card of await cards(page).all()) await expect(card).toContainText("Lâm Đồng");
    await page.goto("/");
    await screenshot(page, "catalogue-home");

    await page
      .getByRole("region", { name: vi.catalogue.home.byGroup })
      .getByRole("link", { name: /Đồ uống/ })
      .click();
    await expect(page).toHaveURL(/\/danh-muc\/do-uong$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.products.groups.BEVERAGE);
    expect(await cardNames(page)).toContain(COFFEE);
    expect(await cardNames(page)).not.toContain("Sầu riêng Ri6 Long Khánh");
    await screenshot(page, "catalogue-category");

    await page.goto("/co-so/htx-ca-phe-dak-mil");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hợp tác xã Nông nghiệp Cà phê Đắk Mil");
    await expect(page.locator(".cat-producer")).toContainText("5800451233");
    await expect(page.locator(".cat-producer")).toContainText("Lâm Đồng");
    await expect(page.locator("body")).not.toContainText("0912345678");
    expect(await cardNames(page)).toContain(COFFEE);
    await screenshot(page, "catalogue-producer");

    await page.goto("/tim-kiem?q=xe+may+dien");
    await expect(page.getByRole("heading", { name: vi.catalogue.emptyTitle })).toBeVisible();
    await screenshot(page, "catalogue-empty");
  });

  test("an unknown category or producer is a 404", async ({ page, consoleGuard }) => {
    consoleGuard.allow(/status of 404/);
    expect((await page.goto("/danh-muc/xe-may"))!.status()).toBe(404);
    expect((await page.goto("/co-so/khong-co-co-so-nay"))!.status()).toBe(404);
  });
});

test.describe("the same buyer without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same search, filters and back button work with JavaScript disabled", async ({ page }) => {
    await journey(page, false);
    // Nothing to run: no script tags at all.
    await expect(page.locator("script[src]")).toHaveCount(0);
  });
});
