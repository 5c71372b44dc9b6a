// A buyer's personal-data rights (Law 91/2025), on a phone and a desktop, with and without
// JavaScript: they read everything the portal holds about them and download it as JSON; an order
// still on its way keeps them from deleting the account (the seller needs their address) until
// they cancel it; they delete the account, land signed out on the confirmation, cannot sign in
// with the old email or phone, and the order's private link now shows no trace of them.
import { readFile } from "node:fs/promises";
import {
  expect,
  fillLogin,
  newUser,
  screenshot,
  signUpByHttp,
  statusLine,
  test,
  useMenu,
  vi,
} from "../support";

const COFFEE = "/san-pham/ca-phe-robusta-rang-moc-dak-mil";
const ERASED_NAME = "Người dùng đã xoá";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a buyer downloads their data, is held back by an open order, deletes the account and cannot sign in", async ({
      page,
      consoleGuard,
    }) => {
      test.setTimeout(120_000);
      // Refused forms (400, 401, 409) are expected answers, not faults.
      consoleGuard.allow(statusLine(400, 401, 409));
      const user = newUser();
      const takeScreenshots = javaScriptEnabled;
      // Through the real sign-up form, in the page's own cookie jar: the page is signed in.
      await signUpByHttp(page.request, user, "BUYER");

      await test.step("the account page leads to everything the portal holds about them", async () => {
        await page.goto("/");
        await useMenu(page, vi.nav.account);
        await expect(
          page.getByRole("heading", { level: 2, name: vi.personalData.account.title }),
        ).toBeVisible();
        await page.getByRole("link", { name: vi.personalData.account.view }).click();
        await expect(page).toHaveURL(/\/account\/data$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.personalData.data.title);
        const account = page.locator("section#account");
        await expect(account).toContainText(user.name);
        await expect(account).toContainText(user.email);
        await expect(account).toContainText(user.phone);
        await expect(account).toContainText(vi.roles.BUYER);
        await expect(page.locator("section#sessions")).toContainText(vi.personalData.data.fields.expiresAt);
        if (takeScreenshots) await screenshot(page, "personal-data");
      });

      await test.step("the JSON file downloads, parses, and holds their data and no secret", async () => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("link", { name: vi.personalData.data.download }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^cong-ocop-du-lieu-ca-nhan-\d{4}-\d{2}-\d{2}\.json$/);
        const text = await readFile((await download.path())!, "utf8");
        const copy = JSON.parse(text) as {
          account: { name: string; email: string; phone: string; role: string };
          sessions: object[];
        };
        expect(copy.account).toMatchObject({
          name: user.name,
          email: user.email,
          phone: user.phone,
          role: "BUYER",
        });
        expect(copy.sessions.length).toBeGreaterThan(0);
        expect(text).not.toMatch(/argon2|passwordHash|tokenHash/i);
        expect(text).not.toContain(user.password);
      });

      let orderLink = "";
      let code = "";
      await test.step("they order a coffee, cash on delivery", async () => {
        await page.goto(COFFEE);
        await page.getByLabel(vi.cart.quantity).fill("1");
        await page.getByRole("button", { name: vi.cart.add }).click();
        await page.waitForURL("**/gio-hang");
        await page.getByRole("link", { name: vi.cart.checkout }).click();
        await page.waitForURL("**/dat-hang");
        await page.getByLabel(vi.checkout.fields.name).fill(user.name);
        await page.getByLabel(vi.checkout.fields.phone).fill(user.phone);
        await page.getByLabel(vi.checkout.fields.province).selectOption({ label: "Hà Nội" });
        await page.getByRole("button", { name: vi.producer.chooseProvince }).click();
        await page.getByLabel(vi.checkout.fields.commune).selectOption({ index: 1 });
        await page.getByLabel(vi.checkout.fields.street).fill("25 Ngõ Riêng Tư");
        await page.getByLabel(vi.checkout.methods.COD).check();
        await page.locator('button[name="intent"][value="place"]').click();
        await page.waitForURL(/\/dat-hang\/xong\//);
        await page.getByRole("link", { name: vi.placed.follow }).first().click();
        await page.waitForURL(/\/don-hang\//);
        orderLink = page.url();
        code = /\/don-hang\/([A-Z0-9]+)/.exec(orderLink)![1]!;
      });

      await test.step("an order in progress keeps the account: the page says why and offers no form", async () => {
        await page.goto("/account");
        await page.getByRole("link", { name: vi.personalData.account.delete }).click();
        await expect(page).toHaveURL(/\/account\/delete$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.personalData.delete.title);
        const blocked = page.getByRole("alert");
        await expect(blocked).toContainText(vi.personalData.delete.blockedTitle);
        await expect(blocked).toContainText(code);
        await expect(page.getByLabel(vi.personalData.delete.password)).toHaveCount(0);
      });

      await test.step("they cancel the unpaid order", async () => {
        await page.goto(orderLink);
        await page.getByLabel(vi.orders.buyer.cancelReason).fill("Đổi ý, gọi 0912 000 111");
        await page.getByRole("button", { name: vi.orders.buyer.cancel }).click();
        await expect(page.getByText(vi.orders.status.CANCELLED).first()).toBeVisible();
      });

      await test.step("the confirmation needs the box ticked and the right password", async () => {
        await page.goto("/account/delete");
        await expect(
          page.getByText(vi.personalData.delete.effects.orders_other.replace("{{count}}", "1")),
        ).toBeVisible();
        if (takeScreenshots) await screenshot(page, "account-delete");
        const password = page.getByLabel(vi.personalData.delete.password);
        await password.fill(user.password);
        await page.getByRole("button", { name: vi.personalData.delete.submit }).click();
        await expect(page.getByText(vi.personalData.delete.confirmRequired)).toBeVisible();

        await password.fill(`${user.password}-sai`);
        await page.getByLabel(vi.personalData.delete.confirm).check();
        await page.getByRole("button", { name: vi.personalData.delete.submit }).click();
        await expect(page.getByText(vi.personalData.delete.wrongPassword)).toBeVisible();
        await expect(page).toHaveURL(/\/account\/delete$/);
      });

      await test.step("they delete the account and land signed out on the confirmation", async () => {
        await page.getByLabel(vi.personalData.delete.password).fill(user.password);
        await page.getByLabel(vi.personalData.delete.confirm).check();
        await page.getByRole("button", { name: vi.personalData.delete.submit }).click();
        await expect(page).toHaveURL(/\/account\/deleted\?ref=[0-9a-f-]{36}$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.personalData.deleted.title);
        await page.goto("/account");
        await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
      });

      await test.step("the old email and phone sign in like unknown accounts", async () => {
        for (const identifier of [user.email, user.phone]) {
          await page.goto("/login");
          await fillLogin(page, { identifier, password: user.password });
          await expect(page.getByRole("alert")).toHaveText(vi.errors.wrongCredentials);
        }
      });

      await test.step("the order stays for the seller, with no trace of the buyer", async () => {
        await page.goto(orderLink);
        await expect(page.getByText(code).first()).toBeVisible();
        await expect(page.getByText(ERASED_NAME).first()).toBeVisible();
        const body = await page.locator("main").innerText();
        for (const trace of [user.name, user.phone, "25 Ngõ Riêng Tư", "0912 000 111"]) {
          expect(body).not.toContain(trace);
        }
      });
    });
  });
}
