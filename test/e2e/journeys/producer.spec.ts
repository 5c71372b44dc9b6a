// Issue 3's journey on a phone: a community helper onboards a producer with consent, registers a
// product with a photo, a certificate and a batch with its diary, prints the QR label sheet (the
// QR decodes to the portal's trace URL), submits it (withdraws and reopens it on the way); the
// producer then claims the account.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import sharp from "sharp";
import { expect, flash, loginAs, newUser, screenshot, statusLine, test, vi } from "../support";

const hasPoppler = spawnSync("pdftoppm", ["-v"]).error === undefined;

async function decodeQr(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return (
    jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ??
    null
  );
}

/** A real photo-like JPEG with GPS in its EXIF, as a phone camera would send. */
async function cameraPhoto(): Promise<Buffer> {
  return sharp({
    create: {
      width: 1600,
      height: 1200,
      channels: 3,
      background: "#6b8e23",
      noise: { type: "gaussian", mean: 110, sigma: 40 },
    },
  })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: "Phone", Model: "Cheap 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "23/1 9/1 0/1" },
    })
    .toBuffer();
}

test.describe("producer onboarding journey", () => {
  test.skip(({ isMobile }) => !isMobile, "the journey is a phone journey");
  test.setTimeout(180_000);

  test("helper onboards with consent → product, photo, certificate, batch, diary, QR labels → submit, withdraw, reopen, resubmit → producer claims", async ({
    page,
    browser,
    consoleGuard,
    baseURL,
  }) => {
    consoleGuard.allow(statusLine(400, 403, 422));
    const stamp = Date.now().toString(36).toUpperCase();
    const business = `HTX Chè Shan tuyết ${stamp}`;
    const productName = `Chè Shan tuyết cổ thụ ${stamp}`;
    const lot = `CHE-${stamp}`.slice(0, 20);

    await test.step("the helper records the producer's consent before anything else", async () => {
      await loginAs(page, "HELPER");
      await page.goto("/helper");
      await page.getByRole("link", { name: vi.producer.helper.start }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.producer.onboard.title);
      await page.getByLabel(vi.producer.fields.province).selectOption({ label: "Tuyên Quang" });
      await page.getByRole("button", { name: vi.producer.chooseProvince }).click();
      await expect(page.getByLabel(vi.producer.fields.commune)).toContainText("Mèo Vạc");
      await page.getByLabel(vi.producer.fields.name).fill(business);
      await page.getByLabel(vi.producer.fields.commune).selectOption({ label: "xã Mèo Vạc" });
      await page.getByLabel(vi.producer.fields.grantedByName).fill("Vàng Thị Mỷ");
      await page.getByRole("radio", { name: vi.producer.methods.PAPER_SIGNED }).check();
      // Consent not confirmed yet: refused, nothing typed is lost.
      await page.getByRole("button", { name: vi.producer.onboard.submit }).click();
      await expect(page.getByText(vi.producer.errors.confirmConsent)).toBeVisible();
      await expect(page.getByLabel(vi.producer.fields.name)).toHaveValue(business);
      await page.getByRole("checkbox", { name: vi.producer.onboard.confirm }).check();
      await page.getByRole("button", { name: vi.producer.onboard.submit }).click();
      await expect(flash(page)).toHaveText(vi.producer.created);
      await expect(page.locator(".acting-for")).toContainText(
        vi.producer.actingFor.replace("{{name}}", business),
      );
      await screenshot(page, "producer-profile");
    });

    await test.step("the helper fills the profile with the producer's contact", async () => {
      await page.getByLabel(vi.producer.fields.representative).fill("Vàng Thị Mỷ");
      await page.getByLabel(vi.producer.fields.phone).fill("0388 123 456");
      await page.getByRole("button", { name: vi.workspace.save }).click();
      await expect(flash(page)).toHaveText(vi.producer.saved);
    });

    const producerUrl = new URL(page.url()).pathname;

    await test.step("adds a product", async () => {
      await page.getByRole("link", { name: vi.producer.newProduct }).click();
      await page.getByLabel(vi.products.fields.name).fill(productName);
      await page.getByLabel(vi.products.fields.ocopGroup).selectOption("BEVERAGE");
      await page
        .getByLabel(vi.products.fields.description)
        .fill("Chè Shan tuyết hái từ cây cổ thụ trên 100 năm tuổi, sao thủ công.");
      await page.getByLabel(vi.products.fields.priceVnd).fill("250000");
      await page.getByLabel(vi.products.fields.unit, { exact: true }).fill("gói 200 g");
      await page.getByRole("button", { name: vi.products.save }).click();
      await expect(flash(page)).toHaveText(vi.products.saved);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(vi.products.editTitle);
    });
    const productUrl = new URL(page.url()).pathname;

    await test.step("uploads a photo from the phone", async () => {
      await page.getByRole("link", { name: vi.products.manage.photos.replace("{{count}}", "0") }).click();
      await page
        .locator("#photos-pick")
        .setInputFiles({ name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: await cameraPhoto() });
      await page.getByRole("button", { name: vi.photos.uploadSubmit }).click();
      await expect(page.getByText(vi.photos.cover, { exact: true }).first()).toBeVisible();
      await screenshot(page, "producer-photos");
    });

    await test.step("adds its OCOP certificate", async () => {
      await page.goto(`${productUrl}/certificates`);
      await page.getByLabel(vi.certificates.fields.kind).selectOption("OCOP");
      await page.getByRole("button", { name: vi.certificates.next }).click();
      await page.getByLabel(vi.certificates.fields.decisionNumber).fill("2345/QĐ-UBND");
      await page.getByLabel(vi.certificates.fields.issuer).fill("UBND tỉnh Tuyên Quang");
      await page.getByLabel(vi.certificates.fields.issuerLevel).selectOption("PROVINCE");
      await page.getByLabel(vi.certificates.fields.ocopStars).selectOption("4");
      // The certificate's group starts as the product's own.
      await expect(page.getByLabel(vi.certificates.fields.ocopGroup)).toHaveValue("BEVERAGE");
      await page.getByLabel(vi.certificates.fields.issuedOn).fill("2026-01-15");
      await page.getByRole("button", { name: vi.certificates.save }).click();
      await expect(flash(page)).toHaveText(vi.certificates.added);
      await expect(page.getByText(vi.certificates.status.active).first()).toBeVisible();
      await screenshot(page, "producer-certificates");
    });

    await test.step("creates a batch and writes its farm diary; a harvest inside the spraying's PHI is flagged", async () => {
      await page.goto(`${productUrl}/batches`);
      await page.getByLabel(vi.batches.fields.lotNumber).fill(lot);
      await page.getByLabel(vi.batches.fields.harvestedOn).fill("2026-11-10");
      await page.getByRole("button", { name: vi.batches.save }).click();
      await expect(flash(page)).toHaveText(vi.batches.created.replace("{{lot}}", lot));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        vi.batches.batch.title.replace("{{lot}}", lot),
      );
      let seq = 0;
      const addEvent = async (kind: string, at: string, extra: Record<string, string> = {}) => {
        await page.getByLabel(vi.batches.fields.kind).selectOption(kind);
        await page.getByLabel(vi.batches.fields.occurredAt).fill(at);
        for (const [label, value] of Object.entries(extra)) await page.getByLabel(label).fill(value);
        await page.getByRole("button", { name: vi.batches.diary.submit }).click();
        // Wait for the confirmation: the form is rebuilt empty after each event.
        await expect(flash(page)).toContainText(`#${++seq}`);
      };
      await addEvent("SPRAYING", "2026-11-01T07:00", {
        [vi.batches.fields.chemical]: "Emamectin benzoate 5WG",
        [vi.batches.fields.phiDays]: "14",
      });
      await addEvent("HARVESTING", "2026-11-10T06:30", { [vi.batches.fields.quantity]: "120" });
      await expect(page.locator(".warning").first()).toContainText("Emamectin");
      await addEvent("PACKING", "2026-11-12T14:00");
      // Each recorded event empties the form: nothing of the harvest leaks into the packing.
      await expect(page.getByLabel(vi.batches.fields.quantity)).toHaveValue("");
      await expect(page.getByText(vi.batches.chain.ok_other.replace("{{count}}", "3"))).toBeVisible();
      await screenshot(page, "producer-diary");
    });

    await test.step("prints the QR label sheet: the PDF opens and its QR is the portal's trace URL", async () => {
      const traceUrl = (await page.locator('a[href*="/t/"], a[href*="/01/"]').first().getAttribute("href"))!;
      expect(traceUrl).toMatch(new RegExp(`^${baseURL}/(t|01)/`));
      await page.goto(`${productUrl}/batches#labels`);
      const form = page.locator("h2#labels ~ form").first();
      const query = await form.evaluate((f) =>
        new URLSearchParams(new FormData(f as HTMLFormElement) as never).toString(),
      );
      const action = await form.evaluate((f) => (f as HTMLFormElement).action);
      const pdf = await page.request.get(
        `${action.split("?")[0]}?${query.replace(/copies=\d+/, "copies=1")}`,
      );
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toContain("application/pdf");
      const bytes = await pdf.body();
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      if (process.env.CI === "true")
        expect(hasPoppler, "CI installs poppler-utils to rasterise the PDF").toBe(true);
      if (hasPoppler) {
        const dir = mkdtempSync(path.join(tmpdir(), "labels-"));
        writeFileSync(path.join(dir, "sheet.pdf"), bytes);
        execFileSync("pdftoppm", [
          "-r",
          "200",
          "-png",
          "-f",
          "1",
          "-l",
          "1",
          "-singlefile",
          path.join(dir, "sheet.pdf"),
          path.join(dir, "page"),
        ]);
        expect(await decodeQr(readFileSync(path.join(dir, "page.png")))).toBe(traceUrl);
        rmSync(dir, { recursive: true, force: true });
      }
      // The producer's preview of the trace page tells the batch's story.
      await page.goto(traceUrl);
      await expect(page.getByText(lot).first()).toBeVisible();
      await expect(page.getByText(productName).first()).toBeVisible();
      await expect(page.getByText("2345/QĐ-UBND")).toBeVisible(); // the OCOP certificate valid at harvest
      await screenshot(page, "producer-trace-preview");
    });

    const statusPill = (status: keyof typeof vi.status) =>
      page.getByText(vi.products.status.replace("{{status}}", vi.status[status]));

    await test.step("submits the product for review; withdrawing asks first, then reopens as a draft", async () => {
      await page.goto(productUrl);
      await expect(page.getByText(vi.products.lifecycle.state.DRAFT)).toBeVisible();
      await page.getByRole("button", { name: vi.products.submit.button }).click();
      await expect(flash(page)).toHaveText(vi.products.submit.done);
      await expect(statusPill("SUBMITTED")).toBeVisible();
      await expect(page.getByText(vi.products.lifecycle.state.SUBMITTED)).toBeVisible();

      await page.getByRole("button", { name: vi.products.lifecycle.withdraw }).click();
      await expect(page.getByText(vi.products.lifecycle.confirmBody)).toBeVisible();
      await page.getByRole("link", { name: vi.products.lifecycle.confirmNo }).click();
      await expect(page.getByText(vi.products.lifecycle.confirmBody)).toBeHidden();
      await expect(statusPill("SUBMITTED")).toBeVisible();

      await page.getByRole("button", { name: vi.products.lifecycle.withdraw }).click();
      await page.getByRole("button", { name: vi.products.lifecycle.confirmYes }).click();
      await expect(flash(page)).toHaveText(vi.products.lifecycle.withdrawn);
      await expect(statusPill("WITHDRAWN")).toBeVisible();
      await page.getByRole("button", { name: vi.products.lifecycle.reopen }).click();
      await expect(flash(page)).toHaveText(vi.products.lifecycle.reopened);
      await page.getByRole("button", { name: vi.products.submit.button }).click();
      await expect(flash(page)).toHaveText(vi.products.submit.done);
      await expect(statusPill("SUBMITTED")).toBeVisible();
      await screenshot(page, "producer-product-submitted");
    });

    let code = "";
    await test.step("the helper hands over a one-time claim code", async () => {
      await page.goto(`${producerUrl.replace(/\/profile$/, "")}/helpers`);
      await page.getByRole("button", { name: vi.producer.consents.claimCreate }).click();
      const text = await page.locator(".claim-code").textContent();
      code = /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(text ?? "")![1]!;
    });

    await test.step("the producer signs up, claims the business and revokes the helper", async () => {
      const context = await browser.newContext({ ...test.info().project.use, baseURL });
      const own = await context.newPage();
      const user = newUser();
      await own.goto("/signup");
      await own.getByLabel(vi.fields.name, { exact: true }).fill("Vàng Thị Mỷ");
      await own.getByLabel(vi.fields.phone, { exact: true }).fill(user.phone);
      await own.getByLabel(vi.fields.password, { exact: true }).fill(user.password);
      await own.getByRole("radio", { name: vi.roles.PRODUCER }).check();
      await own.getByRole("checkbox", { name: vi.auth.consent }).check();
      await own.getByRole("button", { name: vi.auth.signupSubmit }).click();
      await own.getByRole("link", { name: vi.producer.claimLink }).click();
      await own.getByLabel(vi.producer.claim.code).fill(code.toLowerCase());
      await own.getByRole("button", { name: vi.producer.claim.submit }).click();
      await expect(flash(own)).toHaveText(vi.producer.claim.done.replace("{{name}}", business));
      await own.getByRole("button", { name: vi.producer.consents.revoke }).click();
      await expect(flash(own)).toHaveText(vi.producer.consents.revokedFlash);
      await own.getByRole("link", { name: vi.producer.products }).click();
      await expect(own.getByText(productName)).toBeVisible();
      await expect(own.locator(".product-row", { hasText: productName })).toContainText(vi.status.SUBMITTED);
      await context.close();
      // The helper's access ended with the revocation.
      const denied = await page.goto(productUrl);
      expect(denied?.status()).toBe(403);
    });
  });
});
