// A guest buys from two producers in one checkout, pays on the project's VNPay simulator (the real
// protocol: signed redirect, signed IPN, signed return), lands on the return page and sees both
// orders paid; the coffee cooperative confirms and ships its order; the operator refunds part of
// the tea order through VNPay's refund API. The buyer's pages ship no JavaScript, so the same
// steps are what a phone without scripts does.
import type { Page } from "@playwright/test";
import { expect, loginAs, screenshot, test, vi } from "../support";

const COFFEE = { path: "/san-pham/ca-phe-robusta-rang-moc-dak-mil", name: "Cà phê Robusta rang mộc Đắk Mil" };
const TEA = { path: "/san-pham/tra-xanh-trung-khanh", name: "Trà xanh Trùng Khánh" };

async function addToCart(page: Page, product: { path: string }, quantity: number) {
  await page.goto(product.path);
  await page.getByLabel(vi.cart.quantity).fill(String(quantity));
  await page.getByRole("button", { name: vi.cart.add }).click();
  await page.waitForURL("**/gio-hang");
}

test("a guest buys from two producers with VNPay; the producer ships; the operator refunds", async ({
  page,
  browser,
  consoleGuard,
}) => {
  test.setTimeout(120_000);
  const shots = test.info().project.name === "phone" || test.info().project.name === "desktop";
  let codes: string[] = [];
  let links: string[] = [];

  await test.step("two products from two producers in the cart: one order each", async () => {
    await addToCart(page, COFFEE, 2);
    await addToCart(page, TEA, 1);
    await expect(page.locator(".cart-group")).toHaveCount(2);
    await expect(page.locator(".cart-link")).toContainText("3");
    if (shots) await screenshot(page, "buyer-cart");
  });

  await test.step("checkout without an account: a wrong phone number is refused and nothing typed is lost", async () => {
    await page.getByRole("link", { name: vi.cart.checkout }).click();
    await page.waitForURL("**/dat-hang");
    await page.getByLabel(vi.checkout.fields.name).fill("Trần Thị Mua");
    await page.getByLabel(vi.checkout.fields.phone).fill("12345");
    await page.getByLabel(vi.checkout.fields.email).fill("mua.e2e@example.test");
    await page.getByLabel(vi.checkout.fields.province).selectOption({ label: "Hà Nội" });
    await page.getByRole("button", { name: vi.producer.chooseProvince }).click();
    await expect(page.getByLabel(vi.checkout.fields.name)).toHaveValue("Trần Thị Mua");
    await page.getByLabel(vi.checkout.fields.commune).selectOption({ index: 1 });
    await page.getByLabel(vi.checkout.fields.street).fill("12 Hàng Bạc");
    await page.getByLabel(vi.checkout.methods.VNPAY).check();
    consoleGuard.allow(/status of 400/);
    await page.getByRole("button", { name: vi.checkout.place }).click();
    await expect(page.locator("#co-phone-error")).toContainText(vi.checkout.errors.phone);
    await expect(page.getByLabel(vi.checkout.fields.street)).toHaveValue("12 Hàng Bạc");
    await page.getByLabel(vi.checkout.fields.phone).fill("0912 345 678");
    if (shots) await screenshot(page, "buyer-checkout");
    await page.getByRole("button", { name: vi.checkout.place }).click();
  });

  await test.step("pays on VNPay's page and comes back: both orders paid", async () => {
    await page.waitForURL(/\/paymentv2\/vpcpay\.html/);
    await expect(page.getByText("Thanh toán", { exact: false }).first()).toBeVisible();
    if (shots) await screenshot(page, "vnpay-simulator");
    await page.locator("#sim-pay").click();
    await page.waitForURL("**/payments/vnpay/return?**");
    await expect(page.locator("p.flash")).toHaveText(vi.vnpay.paid);
    const orders = page.locator(".placed-orders li");
    await expect(orders).toHaveCount(2);
    codes = (await orders.locator("h2").allTextContents()).map((t) => t.replace(/^Đơn /, "").trim());
    links = await orders.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    if (shots) await screenshot(page, "vnpay-return");
    for (const link of links) {
      await page.goto(link);
      await expect(page.locator("body")).toContainText(vi.orders.status.PAID);
    }
    // The coffee order's page links the batch the coffee came from (its QR trace page).
    for (const link of links) {
      await page.goto(link);
      if (await page.getByText(COFFEE.name).count()) break;
    }
    await page.getByRole("link", { name: /Nguồn gốc lô CF2026/ }).click();
    await expect(page.getByText(vi.batches.trace.chainOk)).toBeVisible();
    await page.goBack();
    if (shots) await screenshot(page, "buyer-order");
  });

  await test.step("the coffee cooperative confirms and ships its order", async () => {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const producer = await context.newPage();
    await loginAs(producer, "PRODUCER");
    await producer.goto("/producer");
    await producer
      .getByRole("link", { name: new RegExp(vi.orders.producer.dashboardLink) })
      .first()
      .click();
    const coffeeOrder = producer.getByRole("link", { name: new RegExp(codes.join("|")) }).first();
    await coffeeOrder.click();
    await producer.getByRole("button", { name: vi.orders.producer.confirm }).click();
    await expect(producer.locator("body")).toContainText(vi.orders.status.CONFIRMED);
    await producer.getByLabel(vi.orders.producer.shippingNote).fill("Viettel Post, mã 1234567890");
    await producer.getByRole("button", { name: vi.orders.producer.ship }).click();
    await expect(producer.locator("body")).toContainText(vi.orders.status.SHIPPED);
    await context.close();
  });

  await test.step("the operator refunds 20.000 ₫ of the tea order through VNPay", async () => {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const operator = await context.newPage();
    await loginAs(operator, "OPERATOR");
    for (const code of codes) {
      await operator.goto(`/operator/orders/${code}`);
      if (await operator.getByText(TEA.name).count()) break;
    }
    await operator.getByLabel(vi.orders.operator.refundAmount).fill("20000");
    await operator.getByLabel(vi.orders.operator.refundReason).fill("Hộp trà bị móp");
    await operator.getByRole("button", { name: vi.orders.operator.refund }).click();
    await expect(operator.locator("body")).toContainText(vi.orders.status.PARTIALLY_REFUNDED);
    if (shots) await screenshot(operator, "operator-refund");
    await context.close();
  });
});
