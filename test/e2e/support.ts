// Shared helpers for the end-to-end suites: logging in (through the real login form), reading the
// mail outbox, unique users, and a `test` whose pages fail on any unexpected console error,
// uncaught page error or 5xx response.
import { randomInt } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  test as base,
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type APIResponse,
  type Locator,
  type Page,
} from "@playwright/test";
import { ROLE_HOME } from "~/components/navigation";
import { en } from "~/i18n/en";
import { vi } from "~/i18n/vi";
import { DEMO_ACCOUNTS } from "../../prisma/seed/demo";
import { e2eDirs } from "../../playwright.config";

export { expect, en, vi, ROLE_HOME };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Who is who
// ---------------------------------------------------------------------------------------------

export const ROLES = ["PRODUCER", "HELPER", "OFFICIAL", "OPERATOR", "BUYER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];
export type Who = "anonymous" | Role;
export const EVERYONE: readonly Who[] = ["anonymous", ...ROLES];

export interface Credentials {
  identifier: string;
  password: string;
}

/** The seeded demo account of a role (prisma/seed/demo.ts), as login credentials. */
export function demoAccount(role: Role): Credentials & { name: string; phone?: string } {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return { identifier: account.email, password: account.password, name: account.name, phone: account.phone };
}

/** Vietnamese mobile number formatted the way people write it: "0912 345 678". */
export const formatPhone = (phone: string) => `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;

export interface NewUser {
  name: string;
  phone: string;
  email: string;
  password: string;
}

const runTag = Date.now().toString(36).slice(-5);
let userCounter = 0;

/**
 * A user no one has registered yet: a valid, random mobile number (^0(3|5|7|8|9)\d{8}$), an email
 * tagged with this run, a Vietnamese name and a long passphrase (not on any common list).
 */
export function newUser(): NewUser {
  const tag = `${runTag}${(++userCounter).toString(36)}${randomInt(36 ** 3).toString(36)}`;
  let phone: string;
  do phone = `0${"35789"[randomInt(5)]}${String(randomInt(1e8)).padStart(8, "0")}`;
  while (phone === demoAccount("PRODUCER").phone);
  return {
    name: `Trần Thị Thử ${tag}`,
    phone,
    email: `e2e.${tag}@example.vn`,
    password: `Đồng lúa chín vàng ${tag}`,
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP: every request without following redirects, never a 5xx
// ---------------------------------------------------------------------------------------------

export interface Session {
  who: Who;
  /** The request context that logged in (its cookie jar holds the session too). */
  request: APIRequestContext;
  /** "__session=…", ready for a Cookie header; "" for anonymous. */
  cookie: string;
  /** The raw Set-Cookie header of the session cookie, for checking its flags. */
  setCookie: string;
}

export interface HttpOptions {
  cookie?: string;
  form?: Record<string, string>;
  /** Defaults to our own origin on POST (as a browser sends it); null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** A GET or POST with maxRedirects 0 that fails the test on any 5xx. */
export async function http(
  request: APIRequestContext,
  method: "GET" | "POST",
  url: string,
  options: HttpOptions = {},
): Promise<APIResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (method === "POST" && options.origin !== null)
    headers.Origin = options.origin ?? (await originOf(request));
  const response = await request.fetch(url, { method, headers, form: options.form, maxRedirects: 0 });
  expect(response.status(), `${method} ${url} must never answer 5xx`).toBeLessThan(500);
  return response;
}

// A request context does not expose its baseURL: the fixtures below note it for each context.
const origins = new WeakMap<APIRequestContext, string>();

async function originOf(request: APIRequestContext): Promise<string> {
  const known = origins.get(request);
  if (known) return known;
  const response = await request.get("/healthz"); // where does this context point?
  const origin = new URL(response.url()).origin;
  origins.set(request, origin);
  return origin;
}

/** The value of the named cookie among a response's Set-Cookie headers, with its raw header. */
export function setCookieOf(response: APIResponse, name: string): { value: string; raw: string } | null {
  for (const { name: header, value } of response.headersArray()) {
    if (header.toLowerCase() !== "set-cookie") continue;
    const match = value.match(new RegExp(`^${name}=([^;]*)`));
    if (match) return { value: match[1]!, raw: value };
  }
  return null;
}

/** Where a redirect points, as a path with its query ("/login?redirectTo=%2Fadmin"). */
export function locationOf(response: APIResponse): string {
  const location = response.headers()["location"] ?? "";
  const url = new URL(location, "http://base.invalid");
  return url.origin === "http://base.invalid" ? url.pathname + url.search : location;
}

/** The visible text of an HTML answer, tags stripped and entities decoded, for `toContain`. */
export async function textOf(response: APIResponse): Promise<string> {
  return htmlToText(await response.text());
}

export function htmlToText(html: string): string {
  return (
    html
      // React 18's streaming renderer can leave a NUL byte where a multi-byte character meets its
      // 2 KB buffer edge; browsers drop it from text, so we do too (the bug has its own test in
      // http/security.spec.ts).
      .replace(/\0/g, "")
      .replace(/<script[\s\S]*?<\/script>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
  );
}

// ---------------------------------------------------------------------------------------------
// Logging in
// ---------------------------------------------------------------------------------------------

/**
 * Logs in through the real login form. With a request context: POSTs the form (with our Origin, as
 * a browser would), expects a redirect and returns the `__session` cookie. With a page: fills the
 * form and waits for the landing page.
 */
export async function loginAs(target: APIRequestContext, who: Role | Credentials): Promise<Session>;
export async function loginAs(target: Page, who: Role | Credentials): Promise<void>;
export async function loginAs(
  target: APIRequestContext | Page,
  who: Role | Credentials,
): Promise<Session | void> {
  const credentials = typeof who === "string" ? demoAccount(who) : who;
  if (isPage(target)) {
    await target.goto("/login");
    await fillLogin(target, credentials);
    await target.waitForURL((url) => url.pathname !== "/login");
    return;
  }
  const response = await http(target, "POST", "/login", {
    form: { identifier: credentials.identifier, password: credentials.password },
  });
  expect(response.status(), `login as ${credentials.identifier}`).toBe(302);
  const session = setCookieOf(response, "__session");
  expect(session, "a login sets the __session cookie").toBeTruthy();
  return {
    who: typeof who === "string" ? who : "BUYER",
    request: target,
    cookie: `__session=${session!.value}`,
    setCookie: session!.raw,
  };
}

function isPage(target: APIRequestContext | Page): target is Page {
  return typeof (target as Page).goto === "function";
}

/** Fills and submits the login form on the current page. */
export async function fillLogin(page: Page, credentials: Credentials) {
  await page.getByLabel(vi.fields.identifier, { exact: true }).fill(credentials.identifier);
  await page.getByLabel(vi.fields.password, { exact: true }).fill(credentials.password);
  await page.getByRole("button", { name: vi.auth.loginSubmit }).click();
}

/**
 * A made-up client address for X-Forwarded-For (the e2e servers trust one proxy hop): each test,
 * and each extra client it opens, is a different person to the per-IP rate limits.
 */
export const clientAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;

/** A fresh cookie jar on the same server (a second, independent client, from its own address). */
export async function newClient(baseURL: string, address = clientAddress()): Promise<APIRequestContext> {
  const request = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": address },
  });
  origins.set(request, new URL(baseURL).origin);
  return request;
}

/** Signs a new user up through the real form POST and returns their session. */
export async function signUpByHttp(
  request: APIRequestContext,
  user: NewUser,
  role: "BUYER" | "PRODUCER" | "HELPER" = "BUYER",
): Promise<Session> {
  const response = await http(request, "POST", "/signup", {
    form: {
      name: user.name,
      phone: user.phone,
      email: user.email,
      password: user.password,
      role,
      consent: "on",
    },
  });
  expect(response.status(), `sign-up of ${user.email}`).toBe(302);
  const session = setCookieOf(response, "__session")!;
  return { who: role, request, cookie: `__session=${session.value}`, setCookie: session.raw };
}

// ---------------------------------------------------------------------------------------------
// Mail outbox (MAIL_OUTBOX_DIR of the e2e servers: one JSON file per mail)
// ---------------------------------------------------------------------------------------------

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
  /** The password-reset link in the text, if any. */
  resetLink: string | null;
}

/** Polls the outbox until a mail to `to` arrives and returns the newest one. */
export async function readLatestMail(
  to: string,
  options: { server?: "pglite" | "postgres"; timeoutMs?: number; after?: Date } = {},
): Promise<OutboxMail> {
  const dir = path.join(ROOT, e2eDirs.outbox, options.server ?? "pglite");
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const mails: OutboxMail[] = [];
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith(".json"))) {
      const mail = JSON.parse(await readFile(path.join(dir, file), "utf8")) as Omit<OutboxMail, "resetLink">;
      if (mail.to !== to) continue;
      if (options.after && new Date(mail.sentAt) < options.after) continue;
      const link = mail.text.match(/https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/);
      mails.push({ ...mail, resetLink: link ? link[0] : null });
    }
    if (mails.length) return mails.sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// ---------------------------------------------------------------------------------------------
// Browser helpers
// ---------------------------------------------------------------------------------------------

/**
 * Clicks an item of the site menu: on a phone the menu is a <details> ("Menu") that opens first;
 * on a wide screen the items are in the header.
 */
export async function useMenu(page: Page, name: string, label = vi.nav.menu) {
  const summary = page.locator("details.menu > summary");
  if (await summary.isVisible()) {
    await expect(summary).toHaveText(label);
    if (!(await page.locator("details.menu").evaluate((d) => (d as HTMLDetailsElement).open)))
      await summary.click();
  }
  await page
    .getByRole("banner")
    .getByRole("navigation")
    .getByRole("link", { name, exact: true })
    .or(page.getByRole("banner").getByRole("navigation").getByRole("button", { name, exact: true }))
    .click();
}

/** The flash message ("toast") at the top of the page. */
export const flash = (page: Page): Locator => page.locator("p.flash[role=status]");

/** Asserts an error is shown beside a field and announced with it (aria-describedby). */
export async function expectFieldError(field: Locator, message: string) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
  const errorId = (await field.getAttribute("aria-describedby"))!.split(" ")[0]!;
  await expect(field.page().locator(`[id="${errorId}"]`)).toHaveText(message);
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A vi.ts/en.ts message with its {{placeholders}} matching anything: "đợi {{minutes}} phút". */
export const messagePattern = (template: string) =>
  new RegExp(
    template
      .split(/\{\{\w+\}\}/)
      .map(escapeRegExp)
      .join(".+?"),
  );

/** A full-page screenshot into screenshots/<project>-<name>.png. */
export async function screenshot(page: Page, name: string) {
  const project = base.info().project.name;
  // Scroll through once so lazy images load, then let fonts and images settle: the picture shows
  // what a user scrolling down would see.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  await page.screenshot({ path: path.join(ROOT, "screenshots", `${project}-${name}.png`), fullPage: true });
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

export interface ConsoleGuard {
  /** Expect console errors matching this (e.g. the browser's "status of 400" for a refused form). */
  allow(pattern: RegExp): void;
  allowed: RegExp[];
}

/** Console line Chromium prints when a document or fetch answers with the given HTTP status. */
export const statusLine = (...statuses: number[]) =>
  new RegExp(`Failed to load resource: the server responded with a status of (${statuses.join("|")})\\b`);

interface WorkerFixtures {
  /** One HTTP login per role per worker, reused: `await sessions.of("ADMIN")`. */
  sessions: {
    of(who: Who): Promise<Session>;
    /** After something revoked a role's sessions: its next `of` logs in again. */
    forget(who: Who): void;
    baseURL: string;
  };
}

interface TestFixtures {
  consoleGuard: ConsoleGuard;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // Every test is its own client (see clientAddress): pages and `request` alike.
  extraHTTPHeaders: async ({ extraHTTPHeaders }, provide) => {
    await provide({ ...extraHTTPHeaders, "X-Forwarded-For": clientAddress() });
  },

  // The built-in request context, noted so that POSTs carry its origin without a look-up.
  request: async ({ request, baseURL }, provide) => {
    if (baseURL) origins.set(request, new URL(baseURL).origin);
    await provide(request);
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern
  consoleGuard: async ({}, provide) => {
    // A navigation superseded by a newer one (a province picked while the page still loads) is
    // aborted on purpose; Remix reports the abort on the console. Not an error for the user.
    const allowed: RegExp[] = [/AbortError: signal is aborted without reason\s+at \w+ \(.*\/assets\//];
    await provide({ allowed, allow: (pattern) => void allowed.push(pattern) });
  },

  // Every page fails its test on an unexpected console.error, an uncaught exception or a 5xx.
  page: async ({ page, consoleGuard }, provide) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console.error: ${message.text()} (${page.url()})`);
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message} (${page.url()})`));
    page.on("response", (response) => {
      if (response.status() >= 500) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await provide(page);
    const unexpected = problems.filter(
      (p) => !(p.startsWith("console.error") && consoleGuard.allowed.some((re) => re.test(p))),
    );
    expect(unexpected, "unexpected browser errors").toEqual([]);
  },

  sessions: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern
    async ({}, provide, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL!;
      const cache = new Map<Who, Promise<Session>>();
      const contexts: APIRequestContext[] = [];
      await provide({
        baseURL,
        of(who) {
          if (!cache.has(who)) {
            cache.set(
              who,
              (async () => {
                const request = await newClient(baseURL);
                contexts.push(request);
                if (who === "anonymous") return { who, request, cookie: "", setCookie: "" };
                return loginAs(request, who);
              })(),
            );
          }
          return cache.get(who)!;
        },
        forget: (who) => void cache.delete(who),
      });
      await Promise.all(contexts.map((c) => c.dispose()));
    },
    { scope: "worker" },
  ],
});
