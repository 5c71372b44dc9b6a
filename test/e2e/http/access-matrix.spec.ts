// Who may open what: every route of app/routes.ts × every role, over plain HTTP (no redirects
// followed), against the real server. Each role logs in once per worker through the login form.
//
// ADDING A ROUTE? Add one row to ACCESS_MATRIX below (and to app/routes.ts). A test fails when a
// row is missing for a route in app/routes.ts, so the table cannot silently fall behind.
import type { APIResponse } from "@playwright/test";
import {
  EVERYONE,
  expect,
  http,
  locationOf,
  loginAs,
  newClient,
  newUser,
  ROLE_HOME,
  signUpByHttp,
  test,
  textOf,
  vi,
  type Role,
  type Session,
  type Who,
} from "../support";

/**
 * What a role gets:
 * - `ok`: 200;
 * - `login`: a redirect to /login?redirectTo=<the path asked for>;
 * - `badRequest`: 400 (the request got past authorisation; its empty form was refused);
 * - `forbidden`: 403, the Vietnamese "no access" page;
 * - `notFound`: 404, the Vietnamese "page not found" page;
 * - `traceNotFound`: 404, the QR resolver's "no such batch" page (a scanned label must explain itself);
 * - `gone`: 410 with the invalid-reset-link message;
 * - `workspace`: a redirect to the role's own page (ROLE_HOME), e.g. a signed-in user on /login;
 * - `redirect:/x`: a redirect to exactly /x.
 */
export type Expectation =
  | "ok"
  | "login"
  | "badRequest"
  | "forbidden"
  | "notFound"
  | "traceNotFound"
  | "gone"
  | "workspace"
  | `redirect:${string}`;

/** "GET /path" or "POST /path", then what each of anonymous, PRODUCER … ADMIN gets (COLUMNS). */
export type AccessRow = readonly [request: `${"GET" | "POST"} /${string}`, ...expected: Expectation[]];

export const COLUMNS = EVERYONE; // anonymous, PRODUCER, HELPER, OFFICIAL, OPERATOR, BUYER, ADMIN

const BOGUS_TOKEN = "e2e-bogus-token-aaaaaaaaaaaaaaaaaaaa";

// prettier-ignore
export const ACCESS_MATRIX: readonly AccessRow[] = [
  //  request                              anonymous    PRODUCER     HELPER       OFFICIAL     OPERATOR     BUYER        ADMIN
  ["GET /",                                "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /healthz",                         "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /login",                           "ok",        "workspace", "workspace", "workspace", "workspace", "workspace", "workspace"],
  ["GET /login?redirectTo=%2Faccount",     "ok",        "redirect:/account", "redirect:/account", "redirect:/account", "redirect:/account", "redirect:/account", "redirect:/account"],
  ["GET /signup",                          "ok",        "workspace", "workspace", "workspace", "workspace", "workspace", "workspace"],
  ["GET /forgot-password",                 "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  [`GET /reset-password/${BOGUS_TOKEN}`,   "gone",      "gone",      "gone",      "gone",      "gone",      "gone",      "gone"],
  ["GET /language",                        "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/"],
  ["GET /account",                         "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  // Personal data: one's own only (no id in the URL). An empty form deletes nothing and revokes nothing.
  ["GET /account/data",                    "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /account/data.json",               "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /account/consents",                "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["POST /account/consents",               "login",     "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest"],
  ["GET /account/delete",                  "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["POST /account/delete",                 "login",     "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest"],
  ["GET /account/deleted",                 "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  // The demo producer's one business: /producer takes its member straight there.
  ["GET /producer",                        "login",     "redirect:/producer/:own", "redirect:/helper", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/new",                    "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /claim",                           "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /helper",                          "login",     "forbidden", "ok",        "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /helper/onboard",                  "login",     "forbidden", "ok",        "forbidden", "forbidden", "forbidden", "forbidden"],
  // :own = the demo producer's business (member: PRODUCER); :helped = the business the demo helper
  // onboarded under a consent. No one else reaches either, whatever id they put in the URL.
  ["GET /producer/:own",                   "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:helped",                "login",     "forbidden", "ok",        "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/profile",           "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:helped/profile",        "login",     "forbidden", "ok",        "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/helpers",           "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/members",           "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  // Only owners manage members: a helper acting for a producer is refused (403 from the action).
  ["POST /producer/:helped/members",       "login",     "forbidden", "badRequest", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/new",      "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:helped/products/new",   "login",     "forbidden", "ok",        "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/draft",    "login",     "notFound",  "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product", "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  // Another producer's product under one's own producer id is simply not there.
  ["GET /producer/:own/products/:helpedProduct", "login", "notFound", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:helped/products/:product", "login",  "forbidden", "notFound",  "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/photos",       "login", "ok", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/certificates", "login", "ok", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/certificates/00000000-0000-4000-8000-000000000000/document", "login", "notFound", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/batches",      "login", "ok", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/batches/00000000-0000-4000-8000-000000000000", "login", "notFound", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/batches/00000000-0000-4000-8000-000000000000/epcis", "login", "notFound", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/products/:product/batches/00000000-0000-4000-8000-000000000000/qr/svg", "login", "notFound", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  // The label form lives on the batches page; the bare PDF URL leads there.
  ["GET /producer/:own/products/:product/labels",       "login", "redirect:/producer/:own/products/:product/batches", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/import",            "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/import/template",   "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/not-a-uuid",             "login",     "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  // The public catalogue: the same for everyone; only listed products exist (a draft is a 404).
  ["GET /tim-kiem",                        "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /tim-kiem?q=ca+phe+dak+mil&province=68&stars=4", "ok", "ok",  "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /tim-kiem?stars=9&min=abc&sort=x&after=%00", "ok",   "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /danh-muc/do-uong",                "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /danh-muc/khong-co",               "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  ["GET /co-so/htx-ca-phe-dak-mil",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /co-so/khong-co",                  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  ["GET /san-pham/ca-phe-robusta-rang-moc-dak-mil", "ok",   "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /san-pham/ca-phe-robusta-rang-moc-dak-mil?lang=en", "ok", "ok",  "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /san-pham/ca-phe-phin-giay-dak-mil", "notFound", "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  ["GET /san-pham/ca-phe-robusta-rang-moc-dak-mil/chung-nhan", "ok", "ok", "ok",      "ok",        "ok",        "ok",        "ok"],
  ["GET /san-pham/ca-phe-robusta-rang-moc-dak-mil/og.png", "ok", "ok",  "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /san-pham/ca-phe-phin-giay-dak-mil/og.png", "notFound", "notFound", "notFound", "notFound", "notFound", "notFound", "notFound"],
  ["GET /robots.txt",                      "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /sitemap.xml",                     "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /sitemaps/products-1.xml",         "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /sitemaps/products-999.xml",       "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  ["GET /bench/floor",                     "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["GET /t/KHONGCO2345/L1/epcis",          "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  ["GET /01/08938512000015/10/CF2026-01?linkType=gs1:pip", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil", "redirect:/san-pham/ca-phe-robusta-rang-moc-dak-mil"],
  // Public trace URLs (QR codes): unknown codes are a helpful 404, never a 500.
  ["GET /01/08938512000015/10/KHONGCO",    "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound"],
  ["GET /01/123/10/X",                     "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound"],
  ["GET /t/KHONGCO2345/L1",                "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound",  "traceNotFound"],
  // Writes to someone else's business are refused before anything is read from the form.
  ["POST /producer/:own/profile",          "login",     "badRequest", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["POST /producer/:helped/products/new",  "login",     "forbidden", "badRequest", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /review",                          "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "forbidden"],
  // Officials review their own province's dossiers (:product is in Lâm Đồng, the demo official's);
  // another province's dossier does not exist for them. Producers never review, not even their own.
  ["GET /review/:product",                 "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "forbidden"],
  ["GET /review/:helpedProduct",           "login",     "forbidden", "forbidden", "notFound",  "forbidden", "forbidden", "forbidden"],
  ["GET /review/not-a-uuid",               "login",     "forbidden", "forbidden", "notFound",  "forbidden", "forbidden", "forbidden"],
  ["POST /review/:product",                "login",     "forbidden", "forbidden", "badRequest", "forbidden", "forbidden", "forbidden"],
  ["POST /review/:helpedProduct",          "login",     "forbidden", "forbidden", "notFound",  "forbidden", "forbidden", "forbidden"],
  ["GET /review/:product/certificates/00000000-0000-4000-8000-000000000000/document", "login", "forbidden", "forbidden", "notFound", "forbidden", "forbidden", "forbidden"],
  ["GET /statistics",                      "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "ok"],
  ["GET /statistics/export/csv",           "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "ok"],
  ["GET /statistics/export/xlsx",          "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "ok"],
  ["GET /statistics/export/pdf",           "login",     "forbidden", "forbidden", "notFound",  "forbidden", "forbidden", "notFound"],
  ["GET /audit",                           "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "ok"],
  ["GET /audit/export",                    "login",     "forbidden", "forbidden", "ok",        "forbidden", "forbidden", "ok"],
  ["GET /notifications",                   "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["POST /notifications",                  "login",     "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest"],
  ["GET /admin/checklist",                 "login",     "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "ok"],
  ["POST /admin/checklist",                "login",     "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "badRequest"],
  ["GET /operator",                        "login",     "forbidden", "forbidden", "forbidden", "ok",        "forbidden", "forbidden"],
  ["GET /admin",                           "login",     "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "ok"],
  ["GET /orders",                          "login",     "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  // Buying: anyone may fill a cart and check out (guests too); an empty cart has nothing to check out.
  ["GET /gio-hang",                        "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  ["POST /gio-hang",                       "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest"],
  ["GET /dat-hang",                        "redirect:/gio-hang", "redirect:/gio-hang", "redirect:/gio-hang", "redirect:/gio-hang", "redirect:/gio-hang", "redirect:/gio-hang", "redirect:/gio-hang"],
  // Another browser's checkout, or none: 404 whoever asks.
  ["GET /dat-hang/xong/00000000-0000-4000-8000-000000000000", "notFound", "notFound", "notFound", "notFound", "notFound", "notFound", "notFound"],
  ["POST /payments/vnpay/pay/00000000-0000-4000-8000-000000000000", "notFound", "notFound", "notFound", "notFound", "notFound", "notFound", "notFound"],
  // VNPay's server calls the IPN with no session: always 200 with VNPay's JSON (here 97, unsigned).
  ["GET /payments/vnpay/ipn",              "ok",        "ok",        "ok",        "ok",        "ok",        "ok",        "ok"],
  // The return page without VNPay's signed query: nothing to show.
  ["GET /payments/vnpay/return",           "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest", "badRequest"],
  // The order desk. A buyer's order answers 404 to anyone but its buyer or its private link's holder,
  // whether it exists or not; without a token a visitor is first asked to sign in.
  ["GET /don-hang/DHKHONGCO1",             "login",     "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  [`GET /don-hang/DHKHONGCO1/${BOGUS_TOKEN}`, "notFound", "notFound", "notFound", "notFound",  "notFound",  "notFound",  "notFound"],
  [`POST /don-hang/DHKHONGCO1/${BOGUS_TOKEN}`, "notFound", "notFound", "notFound", "notFound", "notFound",  "notFound",  "notFound"],
  ["GET /producer/:own/orders",            "login",     "ok",        "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:helped/orders",         "login",     "forbidden", "ok",        "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /producer/:own/orders/DHKHONGCO1", "login",     "notFound",  "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["POST /producer/:own/orders/DHKHONGCO1", "login",    "notFound",  "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"],
  ["GET /operator/orders",                 "login",     "forbidden", "forbidden", "forbidden", "ok",        "forbidden", "forbidden"],
  ["GET /operator/orders?status=NOPE&province=x", "login", "forbidden", "forbidden", "forbidden", "ok",     "forbidden", "forbidden"],
  ["GET /operator/orders/DHKHONGCO1",      "login",     "forbidden", "forbidden", "forbidden", "notFound",  "forbidden", "forbidden"],
  ["POST /operator/orders/DHKHONGCO1",     "login",     "forbidden", "forbidden", "forbidden", "notFound",  "forbidden", "forbidden"],
  // Marketplace sync: operators only (an empty form is refused); the Google feed's URL is its secret.
  ["GET /operator/marketplaces",           "login",     "forbidden", "forbidden", "forbidden", "ok",        "forbidden", "forbidden"],
  ["POST /operator/marketplaces",          "login",     "forbidden", "forbidden", "forbidden", "badRequest", "forbidden", "forbidden"],
  ["GET /operator/marketplaces/pushes/00000000-0000-4000-8000-000000000000", "login", "forbidden", "forbidden", "forbidden", "notFound", "forbidden", "forbidden"],
  ["POST /operator/marketplaces/pushes/00000000-0000-4000-8000-000000000000", "login", "forbidden", "forbidden", "forbidden", "notFound", "forbidden", "forbidden"],
  ["GET /operator/marketplaces/export/postmart.xlsx", "login", "forbidden", "forbidden", "forbidden", "ok",   "forbidden", "forbidden"],
  ["GET /operator/marketplaces/export/nothing.bin", "login", "forbidden", "forbidden", "forbidden", "notFound", "forbidden", "forbidden"],
  ["GET /feeds/not-a-token/google.xml",    "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  ["GET /khong-co-trang-nay",              "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  // GET /logout changes nothing: it only goes home (the session survives, checked below).
  ["GET /logout",                          "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/"],
  ["POST /language",                       "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/"],
  // Non-admins try to make someone an ADMIN; the admin makes them a HELPER (target checked below).
  ["POST /admin",                          "login",     "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "redirect:/admin"],
  ["POST /account",                        "login",     "redirect:/login", "redirect:/login", "redirect:/login", "redirect:/login", "redirect:/login", "redirect:/login"],
  ["POST /khong-co-trang-nay",             "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound",  "notFound"],
  // "Log out everywhere" and "log out" run on a login of their own; the old cookie is then dead.
  ["POST /logout",                         "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/", "redirect:/"],
];

/** Rows whose request ends sessions: they run on a fresh login of their own. */
const OWN_SESSION = new Set(["POST /logout", "POST /account"]);
/** Rows that end every session of the user, the shared one too (which is then logged in anew). */
const ENDS_ALL_SESSIONS = new Set(["POST /account"]);

// ---------------------------------------------------------------------------------------------

/** Ids behind the placeholders :own, :product, :helped, :helpedProduct, found through the UI. */
type Ids = Record<"own" | "product" | "helped" | "helpedProduct", string>;
let ids: Ids | undefined;

async function resolveIds(sessions: { of(who: Who): Promise<Session> }): Promise<Ids> {
  if (ids) return ids;
  const producer = await sessions.of("PRODUCER");
  const home = await http(producer.request, "GET", "/producer", { cookie: producer.cookie });
  const own = /^\/producer\/([0-9a-f-]{36})$/.exec(locationOf(home))?.[1];
  expect(own, "the demo producer is taken to its business").toBeTruthy();
  const ownPage = await (
    await http(producer.request, "GET", `/producer/${own}`, { cookie: producer.cookie })
  ).text();
  const product = new RegExp(`/producer/${own}/products/([0-9a-f-]{36})`).exec(ownPage)?.[1];
  const helper = await sessions.of("HELPER");
  const helperPage = await (await http(helper.request, "GET", "/helper", { cookie: helper.cookie })).text();
  const helped = /\/producer\/([0-9a-f-]{36})/.exec(helperPage)?.[1];
  const helpedPage = await (
    await http(helper.request, "GET", `/producer/${helped}`, { cookie: helper.cookie })
  ).text();
  const helpedProduct = new RegExp(`/producer/${helped}/products/([0-9a-f-]{36})`).exec(helpedPage)?.[1];
  expect(product && helped && helpedProduct, "demo ids found").toBeTruthy();
  ids = { own: own!, product: product!, helped: helped!, helpedProduct: helpedProduct! };
  return ids;
}

const withIds = (text: string, found: Ids) =>
  text.replace(/:(own|product|helped|helpedProduct)\b/g, (_m, key: keyof Ids) => found[key]);

interface Target {
  name: string;
  id: string;
}

/** A user created for this run, whose role the POST /admin row tries to change. */
let target: Target | undefined;

async function ensureTarget(baseURL: string, admin: Session): Promise<Target> {
  if (target) return target;
  const client = await newClient(baseURL);
  const user = newUser();
  await signUpByHttp(client, user, "BUYER");
  await client.dispose();
  const html = await (await http(admin.request, "GET", "/admin", { cookie: admin.cookie })).text();
  target = { name: user.name, id: userRow(html, user.name).id };
  return target;
}

/** The admin page's row of a user: their id and the role selected for them. */
function userRow(adminHtml: string, name: string): { id: string; role: string } {
  const row = adminHtml.split("<tr").find((tr) => tr.includes(name));
  expect(row, `the admin page lists ${name}`).toBeTruthy();
  const id = row!.match(/name="userId" value="([0-9a-f-]{36})"/)?.[1];
  const role = row!.match(/<option value="([A-Z]+)" selected="">/)?.[1];
  expect(id && role, `id and role of ${name} on the admin page`).toBeTruthy();
  return { id: id!, role: role! };
}

async function targetRole(admin: Session): Promise<string> {
  const html = await (await http(admin.request, "GET", "/admin", { cookie: admin.cookie })).text();
  return userRow(html, target!.name).role;
}

function formFor(request: string, who: Who): Record<string, string> | undefined {
  if (request === "POST /admin") {
    return { userId: target!.id, role: who === "ADMIN" ? "HELPER" : "ADMIN", provinceCode: "" };
  }
  if (request === "POST /language") return { locale: "vi", redirectTo: "/" };
  return request.startsWith("POST") ? {} : undefined;
}

const isHtml = (response: APIResponse) => (response.headers()["content-type"] ?? "").includes("text/html");

async function expectAnswer(response: APIResponse, expected: Expectation, who: Who, path: string) {
  const status = response.status();
  switch (expected) {
    case "ok":
      expect(status).toBe(200);
      return;
    case "login": {
      expect([302, 303]).toContain(status);
      const location = new URL(locationOf(response), "http://x");
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("redirectTo")).toBe(decodeURIComponent(path));
      return;
    }
    case "badRequest":
      expect(status).toBe(400);
      return;
    // Pages answer with the Vietnamese error page; resource routes (files, feeds) with the bare status.
    case "forbidden":
      expect(status).toBe(403);
      if (isHtml(response)) expect(await textOf(response)).toContain(vi.errors.forbiddenTitle);
      return;
    case "notFound":
      expect(status).toBe(404);
      if (isHtml(response)) expect(await textOf(response)).toContain(vi.errors.notFoundTitle);
      return;
    case "traceNotFound":
      expect(status).toBe(404);
      expect(await textOf(response)).toContain(vi.batches.trace.notFoundTitle);
      return;
    case "gone":
      expect(status).toBe(410);
      expect(await textOf(response)).toContain(vi.auth.resetInvalid);
      return;
    case "workspace":
      expect([302, 303]).toContain(status);
      expect(locationOf(response)).toBe(ROLE_HOME[who as Role].to);
      return;
    default:
      expect([302, 303]).toContain(status);
      expect(locationOf(response)).toBe(expected.slice("redirect:".length));
  }
}

test.describe("access matrix", () => {
  test("the table has a row for every route in app/routes.ts", async () => {
    const { default: config } = await import("../../../app/routes");
    type Entry = { path?: string; index?: boolean; children?: Entry[] };
    const flatten = (entries: Entry[], parent = ""): string[] =>
      entries.flatMap((e) => {
        const here = e.path ? `${parent}/${e.path}` : parent || "/";
        return [...(e.path || e.index ? [here] : []), ...flatten(e.children ?? [], here)];
      });
    const paths = flatten(config as Entry[]);
    const covered = ACCESS_MATRIX.map(([request]) => new URL(request.split(" ")[1]!, "http://x").pathname);
    for (const path of paths) {
      const pattern = new RegExp(`^${path.replace(/:[a-zA-Z]+/g, "[^/]+").replace("*", ".+")}$`);
      expect(
        covered.some((p) => pattern.test(p)),
        `a row for ${path}`,
      ).toBe(true);
    }
    expect(paths.length).toBeGreaterThan(30);
    for (const row of ACCESS_MATRIX)
      expect(row.length, `${row[0]}: one cell per role`).toBe(COLUMNS.length + 1);
  });

  for (const [request, ...cells] of ACCESS_MATRIX) {
    const [method, pattern] = request.split(" ") as ["GET" | "POST", string];
    COLUMNS.forEach((who, column) => {
      test(`${request} · ${who} → ${cells[column]}`, async ({ sessions }) => {
        const found =
          pattern.includes(":") || cells[column]!.includes("/:") ? await resolveIds(sessions) : undefined;
        const path = found ? withIds(pattern, found) : pattern;
        const expected = (found ? withIds(cells[column]!, found) : cells[column]!) as Expectation;
        if (request === "POST /admin") await ensureTarget(sessions.baseURL, await sessions.of("ADMIN"));
        const ownSession = OWN_SESSION.has(request) && who !== "anonymous";
        const session = ownSession ? await freshLogin(sessions.baseURL, who as Role) : await sessions.of(who);
        const roleBefore =
          request === "POST /admin" ? await targetRole(await sessions.of("ADMIN")) : undefined;

        const response = await http(session.request, method, path, {
          cookie: session.cookie,
          form: formFor(request, who),
        });
        await expectAnswer(response, expected, who, path);

        if (request === "POST /admin") {
          // A refused change leaves the target as it was; the admin's change takes effect.
          const after = await targetRole(await sessions.of("ADMIN"));
          expect(after).toBe(who === "ADMIN" ? "HELPER" : roleBefore);
        }
        if (request === "GET /logout" && who !== "anonymous") {
          const account = await http(session.request, "GET", "/account", { cookie: session.cookie });
          expect(account.status(), "GET /logout leaves the session alone").toBe(200);
        }
        if (ownSession) {
          const account = await http(session.request, "GET", "/account", { cookie: session.cookie });
          expect(account.status(), "the old session cookie no longer works").toBe(302);
          expect(locationOf(account)).toBe("/login?redirectTo=%2Faccount");
          await session.request.dispose();
          if (ENDS_ALL_SESSIONS.has(request)) sessions.forget(who);
        }
      });
    });
  }
});

async function freshLogin(baseURL: string, role: Role): Promise<Session> {
  return loginAs(await newClient(baseURL), role);
}
