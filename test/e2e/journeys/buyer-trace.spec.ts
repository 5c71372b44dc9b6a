// A buyer on a phone over slow 3G opens the demo coffee's product page, sees its certificate badge
// and opens the certificate's details, sees the latest batch's trace timeline, then opens the batch
// by the URL its QR code holds and sees the hash-chain verification — with JavaScript, and again
// without. These pages ship no script at all (JSON-LD is data).
import type { Page } from "@playwright/test";
import { expect, screenshot, test, vi } from "../support";

const PRODUCT = "/san-pham/ca-phe-robusta-rang-moc-dak-mil";
const PRODUCT_NAME = "Cà phê Robusta rang mộc Đắk Mil";
const QR = "/01/08938512000015/10/CF2026-01";

/** Chromium's network throttling: ~400 kbit/s each way, 400 ms round trips. */
async function slow3g(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1000) / 8,
    uploadThroughput: (400 * 1000) / 8,
  });
}

/** No <script src>, no module preloads, no inline script but JSON-LD. */
async function expectNoScripts(page: Page) {
  const scripts = await page
    .locator("script")
    .evaluateAll((els) => els.map((e) => ({ src: e.getAttribute("src"), type: e.getAttribute("type") })));
  expect(scripts.filter((s) => s.src !== null || s.type !== "application/ld+json")).toEqual([]);
  await expect(page.locator('link[rel="modulepreload"]')).toHaveCount(0);
}

const chainChecked = (count: number) =>
  vi.batches.trace.chainChecked_other.replace("{{count}}", String(count));

async function journey(page: Page, shots: boolean) {
  await test.step("opens the product: price, stars, certificate badge, the latest batch's timeline", async () => {
    await page.goto(PRODUCT);
    await expect(page.getByRole("heading", { level: 1, name: PRODUCT_NAME })).toBeVisible();
    await expect(page.locator(".pp-price")).toContainText(/185\.000\s₫/);
    await expect(page.locator(".pp-stock")).toHaveText(vi.productPage.stock.in);
    await expect(page.getByRole("heading", { name: vi.productPage.trace })).toBeVisible();
    await expect(page.locator("#nguon-goc .trace-timeline > li")).toHaveCount(6);
    await expect(page.locator("#nguon-goc").getByText(vi.batches.trace.chainOk)).toBeVisible();
    await expectNoScripts(page);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as {
      "@type": string;
      gtin13: string;
      offers: { priceCurrency: string; price: number };
    };
    expect(ld).toMatchObject({
      "@type": "Product",
      gtin13: "8938512000015",
      offers: { priceCurrency: "VND", price: 185000 },
    });
    if (shots) await screenshot(page, "buyer-product");
  });

  await test.step("opens the OCOP badge: the certificate's details and status", async () => {
    const badge = page.locator(".pp-badges").getByRole("link", { name: /^OCOP/ });
    await expect(badge).toBeVisible();
    await badge.click();
    await expect(page).toHaveURL(/\/chung-nhan#cert-[0-9a-f-]{36}$/);
    const certificate = page.locator(`[id="${new URL(page.url()).hash.slice(1)}"]`);
    await expect(certificate.getByRole("heading", { name: /OCOP ★★★★/ })).toBeVisible();
    await expect(certificate.getByText(vi.certificates.status.active, { exact: true })).toBeVisible();
    await expect(certificate.getByText(/QĐ-UBND/)).toBeVisible();
    await expectNoScripts(page);
    if (shots) await screenshot(page, "buyer-certificates");
  });

  await test.step("opens the batch by its QR URL: the story and the hash-chain verification", async () => {
    await page.goto(QR);
    await expect(page.getByRole("heading", { level: 1, name: PRODUCT_NAME })).toBeVisible();
    const facts = page.locator(".trace-facts");
    await expect(facts).toContainText("CF2026-01");
    await expect(facts).toContainText("VN-LDRO-0123"); // the growing area
    await expect(page.locator(".trace-certs")).toContainText("OCOP ★★★★"); // valid at harvest
    await expect(page.locator(".trace-timeline > li")).toHaveCount(6);
    await expect(page.getByText(vi.batches.trace.chainOk)).toBeVisible();
    await expect(page.getByText(chainChecked(6))).toBeVisible();
    await page.getByText(vi.batches.trace.chainDetails).click();
    await expect(page.locator(".trace-links-list > li")).toHaveCount(6);
    await expectNoScripts(page);
    if (shots) await screenshot(page, "buyer-trace");
  });

  await test.step("the QR's product link (linkType=gs1:pip) leads back to the product page", async () => {
    await page.goto(`${QR}?linkType=gs1:pip`);
    await expect(page).toHaveURL(new RegExp(`${PRODUCT}$`));
    await expect(page.getByRole("heading", { level: 1, name: PRODUCT_NAME })).toBeVisible();
  });
}

test.describe("a buyer on a phone over slow 3G", () => {
  test("opens a product, its certificate, its trace timeline, and the batch by its QR URL", async ({
    page,
  }) => {
    await slow3g(page);
    await journey(page, true);
  });
});

test.describe("the same buyer without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same journey works with JavaScript disabled", async ({ page }) => {
    await slow3g(page);
    await journey(page, false);
  });
});
