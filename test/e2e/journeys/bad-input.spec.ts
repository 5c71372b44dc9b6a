// What a user sees when they type something wrong: a clear Vietnamese message beside the field
// (or above the form), and everything else they typed still there, so they fix one thing and
// resubmit. Passwords are never sent back. The same posts over HTTP answer 4xx, never 5xx.
import type { Page } from "@playwright/test";
import {
  demoAccount,
  expect,
  expectFieldError,
  fillLogin,
  formatPhone,
  http,
  messagePattern,
  newUser,
  statusLine,
  test,
  textOf,
  vi,
} from "../support";

type SignupField = "name" | "phone" | "email" | "password";
type SignupInput = Partial<Record<SignupField, string>> & { consent?: boolean };

const label: Record<SignupField, string> = {
  name: vi.fields.name,
  phone: vi.fields.phone,
  email: vi.fields.email,
  password: vi.fields.password,
};

const required = (field: string) => vi.errors.required.replace("{{field}}", field.toLowerCase());
const tooLongName = vi.errors.tooLong.replace("{{field}}", vi.fields.name).replace("{{max}}", "100");

/** A valid sign-up, with one thing changed by each case. */
function validSignup(): Required<SignupInput> {
  const user = newUser();
  return { name: user.name, phone: user.phone, email: user.email, password: user.password, consent: true };
}

interface SignupCase {
  title: string;
  input: (valid: Required<SignupInput>) => SignupInput;
  status: number;
  fieldErrors?: Partial<Record<SignupField | "consent", string>>;
  formError?: string;
}

// Each row: what the user typed, the answer's status, and the messages they must see.
const SIGNUP_CASES: SignupCase[] = [
  {
    title: "an empty form",
    input: () => ({ consent: false }),
    status: 400,
    fieldErrors: {
      name: required(vi.fields.name),
      phone: vi.errors.contactRequired,
      password: required(vi.fields.password),
      consent: vi.errors.consentRequired,
    },
  },
  {
    title: "a name longer than 100 characters",
    input: (v) => ({ ...v, name: "Nguyễn Thị Hồng Nhung ".repeat(5).trim() }),
    status: 400,
    fieldErrors: { name: tooLongName },
  },
  {
    title: "a wrong phone number",
    input: (v) => ({ ...v, phone: "12345" }),
    status: 400,
    fieldErrors: { phone: vi.errors.phoneInvalid },
  },
  {
    title: "a wrong email",
    input: (v) => ({ ...v, email: "nguyen.van.a@gmail" }),
    status: 400,
    fieldErrors: { email: vi.errors.emailInvalid },
  },
  {
    title: "neither phone nor email",
    input: (v) => ({ ...v, phone: "", email: "" }),
    status: 400,
    fieldErrors: { phone: vi.errors.contactRequired },
  },
  {
    title: "a short password",
    input: (v) => ({ ...v, password: "ngan-qua" }),
    status: 400,
    fieldErrors: { password: vi.errors.passwordShort },
  },
  {
    title: "a common password of 10 characters (zxcvbn's list)",
    input: (v) => ({ ...v, password: "qwertyuiop" }),
    status: 400,
    fieldErrors: { password: vi.errors.passwordCommon },
  },
  {
    title: "no consent to data processing",
    input: (v) => ({ ...v, consent: false }),
    status: 400,
    fieldErrors: { consent: vi.errors.consentRequired },
  },
  {
    title: "the phone number of an existing account",
    input: (v) => ({ ...v, phone: formatPhone(demoAccount("PRODUCER").phone!) }),
    status: 409,
    formError: vi.errors.duplicateAccount,
  },
];

async function fillSignup(page: Page, input: SignupInput) {
  for (const field of ["name", "phone", "email", "password"] as const) {
    if (input[field] !== undefined) await page.getByLabel(label[field], { exact: true }).fill(input[field]);
  }
  if (input.consent) await page.getByRole("checkbox", { name: vi.auth.consent }).check();
  await page.getByRole("button", { name: vi.auth.signupSubmit }).click();
}

const signupForm = (input: SignupInput): Record<string, string> => {
  const form: Record<string, string> = { role: "BUYER" };
  for (const field of ["name", "phone", "email", "password"] as const)
    if (input[field]) form[field] = input[field];
  if (input.consent) form.consent = "on";
  return form;
};

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    for (const c of SIGNUP_CASES) {
      test(`sign-up with ${c.title} says what is wrong and keeps the rest`, async ({
        page,
        consoleGuard,
      }) => {
        consoleGuard.allow(statusLine(c.status));
        const input = c.input(validSignup());
        await page.goto("/signup");
        await fillSignup(page, input);

        await expect(page).toHaveURL(/\/signup$/);
        for (const [field, message] of Object.entries(c.fieldErrors ?? {})) {
          const locator =
            field === "consent"
              ? page.getByRole("checkbox", { name: vi.auth.consent })
              : page.getByLabel(label[field as SignupField], { exact: true });
          await expectFieldError(locator, message);
        }
        if (c.formError) await expect(page.locator("form .form-error")).toHaveText(c.formError);
        // Nothing else is flagged.
        await expect(page.locator(".field-error")).toHaveCount(Object.keys(c.fieldErrors ?? {}).length);

        // What they typed is still there (the password deliberately is not sent back).
        for (const field of ["name", "phone", "email"] as const) {
          await expect(page.getByLabel(label[field], { exact: true })).toHaveValue(input[field] ?? "");
        }
        if (!javaScriptEnabled)
          await expect(page.getByLabel(vi.fields.password, { exact: true })).toHaveValue("");
        await expect(page.getByRole("checkbox", { name: vi.auth.consent })).toBeChecked({
          checked: !!input.consent,
        });
      });
    }

    test("login with a wrong password says so and keeps the identifier", async ({ page, consoleGuard }) => {
      consoleGuard.allow(statusLine(401));
      const producer = demoAccount("PRODUCER");
      await page.goto("/login");
      await fillLogin(page, { identifier: formatPhone(producer.phone!), password: "Sai-mat-khau-roi!" });

      await expect(page.locator("form .form-error")).toHaveText(vi.errors.wrongCredentials);
      await expect(page.getByLabel(vi.fields.identifier, { exact: true })).toHaveValue(
        formatPhone(producer.phone!),
      );
      if (!javaScriptEnabled)
        await expect(page.getByLabel(vi.fields.password, { exact: true })).toHaveValue("");
      await expect(page).toHaveURL(/\/login$/);
    });

    test("login with an identifier that is neither phone nor email says how to write it", async ({
      page,
      consoleGuard,
    }) => {
      consoleGuard.allow(statusLine(400));
      await page.goto("/login");
      await fillLogin(page, { identifier: "12345", password: "mot-mat-khau-bat-ky" });
      await expectFieldError(
        page.getByLabel(vi.fields.identifier, { exact: true }),
        vi.errors.identifierInvalid,
      );
      await expect(page.getByLabel(vi.fields.identifier, { exact: true })).toHaveValue("12345");
    });
  });
}

test.describe("the same posts over HTTP", () => {
  for (const c of SIGNUP_CASES) {
    test(`POST /signup with ${c.title} → ${c.status}`, async ({ request }) => {
      const input = c.input(validSignup());
      const response = await http(request, "POST", "/signup", { form: signupForm(input) });
      expect(response.status()).toBe(c.status);
      const html = await response.text();
      const text = await textOf(response);
      for (const message of [...Object.values(c.fieldErrors ?? {}), c.formError ?? ""])
        expect(text).toContain(message);
      if (input.password) expect(html, "the password is not echoed back").not.toContain(input.password);
      if (input.name) expect(html).toContain(`value="${input.name}"`);
    });
  }

  test("POST /login with a wrong password → 401", async ({ request }) => {
    const response = await http(request, "POST", "/login", {
      form: { identifier: demoAccount("PRODUCER").phone!, password: "Sai-mat-khau-roi!" },
    });
    expect(response.status()).toBe(401);
    expect(await textOf(response)).toContain(vi.errors.wrongCredentials);
    expect(await response.text()).not.toContain("Sai-mat-khau-roi!");
  });

  test("POST /login with an invalid identifier → 400", async ({ request }) => {
    const response = await http(request, "POST", "/login", { form: { identifier: "12345", password: "x" } });
    expect(response.status()).toBe(400);
    expect(await textOf(response)).toContain(vi.errors.identifierInvalid);
  });

  test("POST /login guessed again and again → 429 after 8 tries on one account", async ({ request }) => {
    const identifier = newUser().email; // no such account: the limit protects the name all the same
    for (let attempt = 1; attempt <= 8; attempt++) {
      const response = await http(request, "POST", "/login", {
        form: { identifier, password: `doan-thu-${attempt}-lan` },
      });
      expect(response.status(), `attempt ${attempt}`).toBe(401);
    }
    const response = await http(request, "POST", "/login", {
      form: { identifier, password: "doan-thu-9-lan" },
    });
    expect(response.status()).toBe(429);
    expect(await textOf(response)).toMatch(messagePattern(vi.errors.tooManyAttempts));
  });

  test("POST /forgot-password with an invalid identifier → 400", async ({ request }) => {
    const response = await http(request, "POST", "/forgot-password", {
      form: { identifier: "khong-phai-email" },
    });
    expect(response.status()).toBe(400);
    expect(await textOf(response)).toContain(vi.errors.identifierInvalid);
  });

  test("POST /reset-password to a bogus link → 410", async ({ request }) => {
    const response = await http(request, "POST", `/reset-password/${"x".repeat(43)}`, {
      form: { password: "Mot-mat-khau-dai-du", confirm: "Mot-mat-khau-dai-du" },
    });
    expect(response.status()).toBe(410);
    expect(await textOf(response)).toContain(vi.auth.resetInvalid);
  });
});
