// Issue 4's journey at an official's desk: the queue of Lâm Đồng's dossiers, claiming (a colleague
// cannot take the same one, even in a race), requesting changes with a reason on one field, the
// producer seeing it beside that field and resubmitting, the diff, approving with the checklist,
// suspending and reinstating — each visible to buyers on the home page.
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../../prisma/seed/demo";
import { expect, flash, http, loginAs, newClient, screenshot, statusLine, test, vi } from "../support";

const OFFICIAL2 = { identifier: "official2@demo.ocop.vn", password: DEMO_PASSWORD };
const MACADAMIA = "Hạt mắc ca sấy nứt vỏ Đắk Mil";
const PEPPER = "Hồ tiêu đen Đắk Mil";
const NEW_NAME = "Hạt mắc ca sấy nứt vỏ Đắk Mil 500 g";

/** The home page's "N sản phẩm đã được duyệt": how many products buyers can see. */
async function listedCount(page: Page): Promise<number> {
  await page.goto("/");
  const text = await page.getByText(/\d+ sản phẩm đã được duyệt/).textContent();
  return Number(/(\d+)/.exec(text ?? "")![1]);
}

async function reviewUrlOf(page: Page, name: string): Promise<string> {
  await page.goto("/review");
  const href = await page.getByRole("link", { name, exact: true }).getAttribute("href");
  expect(href).toMatch(/^\/review\/[0-9a-f-]{36}$/);
  return href!;
}

test.describe("official review journey", () => {
  test.skip(({ isMobile }) => isMobile, "officials work the queue at a desk; the phone layout is screenshotted");
  test.setTimeout(180_000);

  test("queue → claim → request changes → producer resubmits → diff → approve → suspend → reinstate", async ({
    page,
    browser,
    baseURL,
    consoleGuard,
  }) => {
    consoleGuard.allow(statusLine(409, 422));
    let dossier = "";
    let listedBefore = 0;

    await test.step("the official sees Lâm Đồng's queue, oldest first, and claims a dossier", async () => {
      await loginAs(page, "OFFICIAL");
      listedBefore = await listedCount(page);
      await page.goto("/review");
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Lâm Đồng");
      await expect(page.getByRole("link", { name: MACADAMIA, exact: true })).toBeVisible();
      await expect(page.getByRole("link", { name: PEPPER, exact: true })).toBeVisible();
      dossier = await reviewUrlOf(page, MACADAMIA);
      await page.goto(dossier);
      await expect(page.getByText(vi.reviews.sections.firstReview)).toBeVisible();
      await page.getByRole("button", { name: vi.reviews.claim, exact: true }).click();
      await expect(flash(page)).toHaveText(vi.reviews.done.claim);
      await screenshot(page, "review-dossier");
    });

    await test.step("a colleague cannot take the dossier the official holds", async () => {
      const context = await browser.newContext({ baseURL });
      const colleague = await context.newPage();
      await loginAs(colleague, OFFICIAL2);
      await colleague.goto(dossier);
      await expect(colleague.getByText(/Lê Hoàng Nam/)).toBeVisible();
      await expect(colleague.getByRole("button", { name: vi.reviews.claim, exact: true })).toHaveCount(0);
      await expect(colleague.getByRole("button", { name: vi.reviews.approve })).toHaveCount(0);
      await context.close();
    });

    await test.step("two officials racing for the same dossier: exactly one gets it", async () => {
      const pepper = await reviewUrlOf(page, PEPPER);
      const first = await loginAs(await newClient(baseURL!), "OFFICIAL");
      const second = await loginAs(await newClient(baseURL!), OFFICIAL2);
      const responses = await Promise.all(
        [first, second].map((s) => http(s.request, "POST", pepper, { cookie: s.cookie, form: { intent: "claim" } })),
      );
      expect(responses.map((r) => r.status()).sort()).toEqual([302, 409]);
    });

    await test.step("the official asks for changes, with a reason on the name field", async () => {
      await page.goto(dossier);
      const nameRow = page.locator(".review-fields > div", { has: page.getByText(vi.products.fields.name, { exact: true }) });
      await nameRow.locator("summary", { hasText: vi.reviews.fieldReason }).click();
      await nameRow.getByRole("textbox").fill("Tên cần ghi rõ khối lượng tịnh, ví dụ 500 g.");
      // Without a general reason the request is refused and what was typed is kept.
      await page.getByRole("button", { name: vi.reviews.requestChanges }).click();
      await expect(page.getByRole("alert")).toContainText(vi.reviews.errors.reasonRequired);
      await expect(nameRow.getByRole("textbox")).toHaveValue("Tên cần ghi rõ khối lượng tịnh, ví dụ 500 g.");
      await page.getByLabel(vi.reviews.generalReason).fill("Bổ sung khối lượng tịnh trên tên sản phẩm.");
      await page.getByRole("button", { name: vi.reviews.requestChanges }).click();
      await expect(page).toHaveURL(/\/review$/);
      await expect(flash(page)).toContainText(MACADAMIA);
    });

    await test.step("the producer reads the reasons beside the field and resubmits", async () => {
      const context = await browser.newContext({ baseURL });
      const producer = await context.newPage();
      await loginAs(producer, "PRODUCER");
      await producer.goto("/producer");
      await producer.getByRole("link", { name: MACADAMIA }).first().click();
      await expect(producer.getByText("Bổ sung khối lượng tịnh trên tên sản phẩm.")).toBeVisible();
      await expect(producer.getByText("Tên cần ghi rõ khối lượng tịnh, ví dụ 500 g.")).toBeVisible();
      await producer.getByLabel(vi.products.fields.name).fill(NEW_NAME);
      await producer.getByRole("button", { name: vi.products.save }).click();
      await expect(flash(producer)).toBeVisible();
      await producer.getByRole("button", { name: vi.products.lifecycle.resubmit }).click();
      await expect(flash(producer)).toHaveText(vi.products.submit.done);
      await context.close();
    });

    await test.step("the official sees what changed, ticks the checklist and approves", async () => {
      await page.goto(dossier);
      await page.getByRole("button", { name: vi.reviews.claim, exact: true }).click();
      const diff = page.locator("table.diff");
      await expect(diff.locator("del")).toContainText(MACADAMIA);
      await expect(diff.locator("ins")).toContainText(NEW_NAME);
      // Approving with an unticked checklist is refused.
      await page.getByRole("button", { name: vi.reviews.approve }).click();
      await expect(page.getByRole("alert")).toContainText(vi.reviews.errors.checklist);
      for (const box of await page.getByRole("checkbox").all()) await box.check();
      await page.getByRole("button", { name: vi.reviews.approve }).click();
      await expect(page).toHaveURL(/\/review$/);
      expect(await listedCount(page)).toBe(listedBefore + 1);
    });

    await test.step("the official suspends the listing, then lists it again", async () => {
      await page.goto(dossier);
      await page.getByLabel(vi.reviews.suspendReason).fill("Kiểm tra lại nhãn sau phản ánh của người mua.");
      await page.getByRole("button", { name: vi.reviews.suspend }).click();
      await expect(flash(page)).toContainText(NEW_NAME);
      await expect(page.getByText(vi.reviews.notListed)).toBeVisible();
      expect(await listedCount(page)).toBe(listedBefore);
      await page.goto(dossier);
      await page.getByRole("button", { name: vi.reviews.reinstate }).click();
      await expect(page.getByText(vi.reviews.listedNow)).toBeVisible();
      await expect(page.getByRole("listitem").filter({ hasText: vi.reviews.decisions.SUSPENDED })).toContainText(
        "Kiểm tra lại nhãn",
      );
      expect(await listedCount(page)).toBe(listedBefore + 1);
    });
  });

  test("the queue and a dossier on a phone-sized screen", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, viewport: { width: 412, height: 915 }, isMobile: true });
    const page = await context.newPage();
    await loginAs(page, OFFICIAL2);
    await page.goto("/review");
    await screenshot(page, "review-queue-phone");
    await context.close();
  });
});
