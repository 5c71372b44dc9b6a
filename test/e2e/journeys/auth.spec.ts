// The account journey a farmer or buyer goes through, on a phone and on a desktop, with and
// without JavaScript: sign up, log out, log in by phone number, forget the password, reset it
// from the mailed link, log in with the new one.
import {
  en,
  expect,
  expectFieldError,
  fillLogin,
  flash,
  formatPhone,
  loginAs,
  newUser,
  readLatestMail,
  screenshot,
  statusLine,
  test,
  useMenu,
  vi,
} from "../support";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("sign up, log out, log in by phone, reset a forgotten password", async ({ page, consoleGuard }) => {
      // Refused forms (400, 401) and the spent reset link (410) are expected answers, not faults.
      consoleGuard.allow(statusLine(400, 401, 410));
      const user = newUser();
      const started = new Date();
      const takeScreenshots = javaScriptEnabled;

      await test.step("a visitor signs up as a producer and lands on their page, welcomed", async () => {
        await page.goto("/");
        await useMenu(page, vi.nav.signup);
        await expect(page).toHaveURL(/\/signup$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.signupTitle);
        await page.getByLabel(vi.fields.name, { exact: true }).fill(user.name);
        await page.getByLabel(vi.fields.phone, { exact: true }).fill(user.phone);
        await page.getByLabel(vi.fields.email, { exact: true }).fill(user.email);
        await page.getByLabel(vi.fields.password, { exact: true }).fill(user.password);
        await page.getByRole("radio", { name: vi.roles.PRODUCER }).check();
        await page.getByRole("checkbox", { name: vi.auth.consent }).check();
        await page.getByRole("button", { name: vi.auth.signupSubmit }).click();

        await expect(page).toHaveURL(/\/producer$/);
        await expect(flash(page)).toHaveText(vi.auth.accountCreated);
        // A new producer has no business yet: the page offers to register one or claim one.
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.producer.mine);
        await expect(page.getByText(vi.producer.none)).toBeVisible();
      });

      await test.step("their account page shows who they are, personal data masked", async () => {
        await useMenu(page, vi.nav.account);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.account.title);
        await expect(page.getByText(user.name)).toBeVisible();
        await expect(
          page.getByText(vi.account.signedInAs.replace("{{role}}", vi.roles.PRODUCER)),
        ).toBeVisible();
        await expect(
          page.getByText(`${vi.fields.phone}: ${user.phone.slice(0, 3)}****${user.phone.slice(-3)}`),
        ).toBeVisible();
        await expect(page.getByText(user.phone)).toHaveCount(0);
        if (takeScreenshots) {
          // The phone menu stays open after a client-side navigation (bug, see the menu test below):
          // close it so the picture shows the page.
          if (await page.locator("details.menu[open]").isVisible())
            await page.locator("details.menu > summary").click();
          await screenshot(page, "account");
        }
      });

      await test.step("they log out from the menu", async () => {
        await useMenu(page, vi.nav.logout);
        await expect(page).toHaveURL(/\/$/);
        await expect(flash(page)).toHaveText(vi.auth.loggedOut);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.home.title);
      });

      await test.step("they log in with their phone number written with spaces, and come back", async () => {
        await useMenu(page, vi.nav.login);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.loginTitle);
        await fillLogin(page, { identifier: formatPhone(user.phone), password: user.password });
        // The menu's login link brings them back to where they were: the home page.
        await expect(page).toHaveURL(/\/$/);
        await expect(flash(page)).toHaveText(vi.auth.welcomeBack);
        await useMenu(page, vi.nav.producer);
        await expect(page).toHaveURL(/\/producer$/);
        await useMenu(page, vi.nav.logout);
        await expect(flash(page)).toHaveText(vi.auth.loggedOut);
      });

      let resetLink = "";
      await test.step("they forget their password and ask for a link by email", async () => {
        await page.goto("/login");
        await page.getByRole("link", { name: vi.auth.forgotLink }).click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.forgotTitle);
        await page.getByLabel(vi.fields.identifier, { exact: true }).fill(user.email);
        await page.getByRole("button", { name: vi.auth.forgotSubmit }).click();
        await expect(page.getByText(vi.auth.forgotSent)).toBeVisible();

        const mail = await readLatestMail(user.email, { after: started });
        expect(mail.subject).toBe(vi.auth.mailSubject);
        expect(mail.text).toContain(`Xin chào ${user.name}`);
        expect(mail.resetLink, "the mail carries a reset link").toBeTruthy();
        resetLink = mail.resetLink!;
        expect(new URL(resetLink).origin).toBe(new URL(page.url()).origin);
      });

      const newPassword = `Mật khẩu mới ${user.password.slice(-6)} an toàn`;
      await test.step("the mailed link lets them choose a new password", async () => {
        await page.goto(resetLink);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.resetTitle);
        // Typing two different passwords, then a common one, is caught before anything changes.
        await page.getByLabel(vi.fields.newPassword, { exact: true }).fill(newPassword);
        await page.getByLabel(vi.fields.confirmPassword, { exact: true }).fill(`${newPassword}!`);
        await page.getByRole("button", { name: vi.auth.resetSubmit }).click();
        await expectFieldError(
          page.getByLabel(vi.fields.confirmPassword, { exact: true }),
          vi.errors.passwordMismatch,
        );
        await page.getByLabel(vi.fields.newPassword, { exact: true }).fill("qwertyuiop");
        await page.getByLabel(vi.fields.confirmPassword, { exact: true }).fill("qwertyuiop");
        await page.getByRole("button", { name: vi.auth.resetSubmit }).click();
        await expectFieldError(
          page.getByLabel(vi.fields.newPassword, { exact: true }),
          vi.errors.passwordCommon,
        );

        await page.getByLabel(vi.fields.newPassword, { exact: true }).fill(newPassword);
        await page.getByLabel(vi.fields.confirmPassword, { exact: true }).fill(newPassword);
        await page.getByRole("button", { name: vi.auth.resetSubmit }).click();
        await expect(page).toHaveURL(/\/login$/);
        await expect(flash(page)).toHaveText(vi.auth.resetDone);
      });

      await test.step("the old password no longer works; the new one does", async () => {
        await fillLogin(page, { identifier: user.email, password: user.password });
        await expect(page.getByRole("alert")).toHaveText(vi.errors.wrongCredentials);
        await expect(page.getByLabel(vi.fields.identifier, { exact: true })).toHaveValue(user.email);

        await loginAs(page, { identifier: user.email, password: newPassword });
        await expect(page).toHaveURL(/\/producer$/);
        await expect(flash(page)).toHaveText(vi.auth.welcomeBack);
      });

      await test.step("the reset link cannot be used a second time", async () => {
        const response = await page.goto(resetLink);
        expect(response?.status()).toBe(410);
        await expect(page.getByText(vi.auth.resetInvalid)).toBeVisible();
        await expect(page.getByLabel(vi.fields.newPassword, { exact: true })).toHaveCount(0);
      });
    });

    test("on a phone, choosing a menu item closes the menu", async ({ page, isMobile }) => {
      test.skip(!isMobile, "the <details> menu is the phone layout");
      await page.goto("/");
      await useMenu(page, vi.nav.login);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.loginTitle);
      await expect(page.locator("details.menu")).not.toHaveAttribute("open");
      await expect(page.locator("details.menu nav")).toBeHidden();
    });

    test("the language switch turns the page into English and back", async ({ page }) => {
      await page.goto("/login");
      await expect(page.locator("html")).toHaveAttribute("lang", "vi");
      await useMenu(page, "English");
      await expect(page).toHaveURL(/\/login/);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.auth.loginTitle);
      await expect(page.getByLabel(en.fields.identifier, { exact: true })).toBeVisible();
      await expect(page.getByText(en.app.tagline)).toBeVisible();

      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.home.title);
      await useMenu(page, "Tiếng Việt", en.nav.menu);
      await expect(page.locator("html")).toHaveAttribute("lang", "vi");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.home.title);
      await expect(page.getByText(vi.app.tagline)).toBeVisible();
    });
  });
}

test("screenshots of the public pages", async ({ page, consoleGuard }) => {
  consoleGuard.allow(statusLine(400));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.home.title);
  await screenshot(page, "home");

  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.loginTitle);
  await screenshot(page, "login");

  await page.goto("/signup");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.auth.signupTitle);
  await screenshot(page, "signup");

  await page.getByLabel(vi.fields.name, { exact: true }).fill("Nguyễn Văn An");
  await page.getByLabel(vi.fields.phone, { exact: true }).fill("12345");
  await page.getByLabel(vi.fields.password, { exact: true }).fill("ngan");
  await page.getByRole("button", { name: vi.auth.signupSubmit }).click();
  await expectFieldError(page.getByLabel(vi.fields.phone, { exact: true }), vi.errors.phoneInvalid);
  await screenshot(page, "signup-with-errors");
});
