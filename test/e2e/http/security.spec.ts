// Security properties a visitor's browser relies on, checked on the production build: headers
// (CSP with a per-response nonce, HSTS, nosniff, no framing), the cross-site POST refusal, session
// cookies, login throttling, health check, and no 5xx anywhere (every call goes through `http`,
// which fails on a 5xx).
import { createCookie } from "@remix-run/node";
import {
  clientAddress,
  demoAccount,
  expect,
  http,
  loginAs,
  locationOf,
  messagePattern,
  newClient,
  newUser,
  setCookieOf,
  signUpByHttp,
  statusLine,
  test,
  textOf,
  vi,
} from "../support";

const nonceOf = (csp: string) => csp.match(/'nonce-([^']+)'/)?.[1];

test.describe("headers", () => {
  test("an enforced CSP with a fresh nonce per response, matching the page's scripts", async ({
    request,
  }) => {
    // The login page hydrates (buyers' pages ship no scripts at all, so they cannot show this).
    const first = await http(request, "GET", "/login");
    const second = await http(request, "GET", "/login");
    const csp = first.headers()["content-security-policy"];
    expect(csp, "CSP is sent").toBeTruthy();
    expect(
      first.headers()["content-security-policy-report-only"],
      "enforced, not report-only",
    ).toBeUndefined();

    const nonce = nonceOf(csp!);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(nonceOf(second.headers()["content-security-policy"]!)).not.toBe(nonce);

    const scriptSrc = csp!.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, "the page has scripts").toBeGreaterThan(0);
    for (const tag of scripts)
      expect(tag, "every <script> carries the response's nonce").toContain(`nonce="${nonce}"`);
  });

  test("the browser enforces it: an injected inline script does not run", async ({ page, consoleGuard }) => {
    consoleGuard.allow(/Content Security Policy/);
    const violations: string[] = [];
    await page.exposeFunction("reportViolation", (directive: string) => violations.push(directive));
    await page.goto("/");
    const ran = await page.evaluate(async () => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation(d: string): void }).reportViolation(e.effectiveDirective),
      );
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran, "an inline script without the nonce is blocked").toBe(false);
    await expect.poll(() => violations).toContain("script-src-elem");
  });

  test("HSTS, nosniff, no framing, same-origin referrer", async ({ request }) => {
    for (const path of ["/", "/login", "/khong-co-trang-nay"]) {
      const headers = (await http(request, "GET", path)).headers();
      expect(headers["strict-transport-security"], path).toMatch(/max-age=\d{7,}/);
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["referrer-policy"], path).toBe("same-origin");
      expect(headers["x-powered-by"], path).toBeUndefined();
    }
  });
});

test.describe("cross-site requests", () => {
  const form = () => ({
    identifier: demoAccount("OFFICIAL").identifier,
    password: demoAccount("OFFICIAL").password,
  });

  test("a POST from a foreign Origin is refused, and logs no one in", async ({ request }) => {
    const response = await http(request, "POST", "/login", { form: form(), origin: "https://evil.example" });
    expect(response.status()).toBe(403);
    expect(setCookieOf(response, "__session")).toBeNull();
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });

  test("a POST with neither Origin nor Referer is refused", async ({ request }) => {
    const response = await http(request, "POST", "/login", { form: form(), origin: null });
    expect(response.status()).toBe(403);
    expect(setCookieOf(response, "__session")).toBeNull();
  });

  test("a POST whose Referer is foreign is refused; our own Referer is enough", async ({
    request,
    baseURL,
  }) => {
    const foreign = await http(request, "POST", "/logout", {
      origin: null,
      headers: { Referer: "https://evil.example/x" },
    });
    expect(foreign.status()).toBe(403);
    const own = await http(request, "POST", "/logout", {
      origin: null,
      headers: { Referer: `${baseURL}/account` },
    });
    expect(own.status()).toBe(302);
  });

  test("a POST from our own Origin logs in normally", async ({ request }) => {
    const response = await http(request, "POST", "/login", { form: form() });
    expect(response.status()).toBe(302);
    expect(locationOf(response)).toBe("/review");
    expect(setCookieOf(response, "__session")).not.toBeNull();
  });
});

test.describe("sessions", () => {
  test("the session cookie is HttpOnly, SameSite=Lax, Secure, Path=/", async ({ baseURL }) => {
    const session = await loginAs(await newClient(baseURL!), "OPERATOR");
    const flags = session.setCookie.split(";").map((part) => part.trim());
    expect(flags).toContain("HttpOnly");
    expect(flags).toContain("SameSite=Lax");
    expect(flags).toContain("Secure");
    expect(flags).toContain("Path=/");
    await session.request.dispose();
  });

  test("every login gets a new session id; logging in again replaces the old one", async ({ baseURL }) => {
    const client = await newClient(baseURL!);
    const first = await loginAs(client, "OPERATOR");
    const second = await loginAs(client, "OPERATOR"); // the same browser, still carrying `first`
    expect(second.cookie).not.toBe(first.cookie);

    const withSecond = await http(client, "GET", "/account", { cookie: second.cookie });
    expect(withSecond.status()).toBe(200);
    // No session fixation: the cookie from before the login is worthless now.
    const withFirst = await http(client, "GET", "/account", { cookie: first.cookie });
    expect(withFirst.status()).toBe(302);
    expect(locationOf(withFirst)).toBe("/login?redirectTo=%2Faccount");
    await client.dispose();
  });

  test("after logout the old cookie no longer works", async ({ baseURL }) => {
    const client = await newClient(baseURL!);
    const session = await loginAs(client, "HELPER");
    expect((await http(client, "GET", "/account", { cookie: session.cookie })).status()).toBe(200);

    const logout = await http(client, "POST", "/logout", { cookie: session.cookie });
    expect(logout.status()).toBe(302);
    expect(setCookieOf(logout, "__session")?.value, "the cookie is cleared").toBe("");

    // Someone who kept a copy of the cookie (a shared computer, a stolen cookie) gets nothing.
    const replay = await http(client, "GET", "/account", { cookie: session.cookie });
    expect(replay.status()).toBe(302);
    expect(locationOf(replay)).toBe("/login?redirectTo=%2Faccount");
    await client.dispose();
  });
});

test.describe("rotated session secrets", () => {
  // The servers' SESSION_SECRETS (test/e2e/serve.ts): the current secret first, a retired one after.
  const [current, retired] = (process.env.SESSION_SECRETS ?? "e2e-secret-new,e2e-secret-old").split(",");
  const signed = async (token: string, secret: string) =>
    (await createCookie("__session", { secrets: [secret] }).serialize(token)).split(";")[0]!;

  test("a cookie signed with the old secret still works; one signed with a secret not listed does not", async ({
    baseURL,
  }) => {
    const client = await newClient(baseURL!);
    const session = await loginAs(client, "BUYER");
    const token = (await createCookie("__session", { secrets: [current!] }).parse(session.cookie)) as string;
    expect(token, "the login's cookie is signed with the first secret").toMatch(/^[\w-]{43}$/);

    const old = await http(client, "GET", "/account", { cookie: await signed(token, retired!) });
    expect(old.status(), "signed with the retired secret, still listed").toBe(200);
    for (const secret of ["e2e-secret-unknown", `${current}x`, ""]) {
      const forged = await http(client, "GET", "/account", { cookie: await signed(token, secret) });
      expect(forged.status(), `signed with "${secret}"`).toBe(302);
      expect(locationOf(forged)).toBe("/login?redirectTo=%2Faccount");
    }
    const unsigned = await http(client, "GET", "/account", {
      cookie: `__session=${encodeURIComponent(Buffer.from(JSON.stringify(token)).toString("base64"))}`,
    });
    expect(unsigned.status(), "the token without a signature").toBe(302);
    await client.dispose();
  });
});

test.describe("login throttling", () => {
  /** A fresh account, and a stranger who guesses its password `times` times. */
  async function lockOut(baseURL: string, times: number) {
    const user = newUser();
    const owner = await newClient(baseURL);
    await signUpByHttp(owner, user);
    await owner.dispose();
    const client = await newClient(baseURL);
    const guess = (password: string) =>
      http(client, "POST", "/login", { form: { identifier: user.email, password } });
    for (let attempt = 1; attempt <= times; attempt++) {
      expect((await guess(`doan-sai-lan-${attempt}`)).status(), `attempt ${attempt}`).toBe(401);
    }
    return { user, client, guess };
  }

  test("the 9th wrong password on one account in 15 minutes answers 429 in Vietnamese", async ({
    baseURL,
  }) => {
    const { user, client, guess } = await lockOut(baseURL!, 8);
    const ninth = await guess("doan-sai-lan-9");
    expect(ninth.status()).toBe(429);
    expect(await textOf(ninth)).toMatch(messagePattern(vi.errors.tooManyAttempts));
    // Even the right password waits now: guessing on can no longer tell right from wrong.
    const right = await guess(user.password);
    expect(right.status()).toBe(429);
    expect(setCookieOf(right, "__session")).toBeNull();
    await client.dispose();
  });

  test("one address may sign up 10 accounts an hour; the 11th answers 429", async ({ baseURL }) => {
    const address = clientAddress(); // one address, eleven visitors (each with an empty cookie jar)
    const signUp = async () => {
      const client = await newClient(baseURL!, address);
      const user = newUser();
      const response = await http(client, "POST", "/signup", {
        form: { name: user.name, email: user.email, password: user.password, role: "BUYER", consent: "on" },
      });
      const result = { status: response.status(), text: await textOf(response) };
      await client.dispose();
      return result;
    };
    for (let n = 1; n <= 10; n++) expect((await signUp()).status, `sign-up ${n}`).toBe(302);
    const eleventh = await signUp();
    expect(eleventh.status).toBe(429);
    expect(eleventh.text).toMatch(messagePattern(vi.errors.tooManyAttempts));
  });

  test("the 429 says when to come back (Retry-After)", async ({ baseURL }) => {
    const { client, guess } = await lockOut(baseURL!, 8);
    const ninth = await guess("doan-sai-lan-9");
    expect(ninth.status()).toBe(429);
    const retryAfter = Number(ninth.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await textOf(ninth)).toContain(
      vi.errors.tooManyAttempts.replace("{{minutes}}", String(Math.ceil(retryAfter / 60))),
    );
    await client.dispose();
  });

  test("the reset-password page is never cached", async ({ request }) => {
    const response = await http(request, "GET", `/reset-password/${"x".repeat(43)}`);
    expect(response.headers()["cache-control"]).toContain("no-store");
  });
});

test.describe("robustness", () => {
  test("/healthz answers JSON with the database up", async ({ request }) => {
    const response = await http(request, "GET", "/healthz");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "up" } });
  });

  for (const path of [
    "/products/123e4567-e89b-12d3-a456-426614174000",
    "/products/999999999999",
    "/san-pham/khong-co-that",
    "/products/%27%20OR%201%3D1--",
    "/producer/../../etc/passwd",
  ]) {
    test(`an unknown product-like URL ${path} answers 404, not 500`, async ({ request }) => {
      const response = await http(request, "GET", path);
      expect(response.status()).toBe(404);
      expect(await textOf(response)).toContain(vi.errors.notFoundTitle);
    });
  }

  // React 18 leaves NUL bytes at 2 KB buffer edges (facebook/react#24985); entry.server strips them.
  test("HTML answers never contain a NUL byte", async ({ request }) => {
    for (let n = 0; n <= 64; n++) {
      const response = await http(request, "GET", `/login?redirectTo=/${"a".repeat(n)}`);
      const body = await response.body();
      expect(body.indexOf(0), `NUL byte in /login?redirectTo=/${"a".repeat(n)}`).toBe(-1);
    }
  });
});

test("no page a browser visits answers 5xx or logs an error", async ({ page, consoleGuard }) => {
  consoleGuard.allow(statusLine(404, 410));
  for (const path of ["/", "/login", "/signup", "/forgot-password", "/reset-password/x", "/khong-co"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(500);
  }
});
