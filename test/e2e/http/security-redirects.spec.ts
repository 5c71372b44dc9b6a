// Open redirects: every parameter that says where to go next (login's redirectTo, the language
// switch's redirectTo, the cart's back) is tried with foreign, scheme-relative, backslashed,
// dot-segment, javascript: and encoded targets. Each answer's Location, resolved the way a browser
// resolves it, stays on our origin.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, http, newClient, newUser, signUpByHttp, test, type Session } from "../support";

/** Where the attacker would like the visitor to land. Each is sent as is (the form or query encodes it). */
const TARGETS = [
  "https://evil.example",
  "https://evil.example/login",
  "http:evil.example",
  "https:/evil.example",
  "//evil.example",
  "///evil.example",
  "//evil.example/%2F..",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/./\\evil.example",
  "/%2e%2e//evil.example",
  "/%2E//evil.example",
  "/\t/evil.example",
  "/\r\n/evil.example",
  " //evil.example",
  "javascript:alert(1)",
  "JAVASCRIPT:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "%2F%2Fevil.example",
  "%2f%2fevil.example",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "%5C%5Cevil.example",
  "%252F%252Fevil.example",
  "/%252F%252Fevil.example",
  "evil.example",
  "@evil.example",
  "//evil.example@localhost",
  "//localhost@evil.example",
];

/** A redirect whose Location, resolved by a browser against our page, is still our origin. */
function expectStaysHome(response: APIResponse, baseURL: string, attempt: string) {
  expect([302, 303], `${attempt}: a redirect`).toContain(response.status());
  const location = response.headers()["location"] ?? "";
  expect(location, `${attempt}: a Location`).not.toBe("");
  expect(new URL(location, `${baseURL}/somewhere/page`).origin, `${attempt} → ${location}`).toBe(
    new URL(baseURL).origin,
  );
  // A plain path, never scheme-relative ("//x") nor backslashed ("/\x", which browsers read as "//x").
  expect(location, `${attempt} → ${location}`).toMatch(/^\/(?![/\\])/);
}

let buyer: { client: APIRequestContext; session: Session; password: string; email: string } | undefined;

async function signedInBuyer(baseURL: string) {
  if (!buyer) {
    const client = await newClient(baseURL);
    const user = newUser();
    const session = await signUpByHttp(client, user, "BUYER");
    buyer = { client, session, password: user.password, email: user.email };
  }
  return buyer;
}

test.afterAll(async () => {
  await buyer?.client.dispose();
  buyer = undefined;
});

test("login (POST): redirectTo never leaves our origin", async ({ baseURL }) => {
  const { email, password } = await signedInBuyer(baseURL!);
  // One client per attempt: a login from an empty cookie jar, as on a stranger's link.
  const client = await newClient(baseURL!);
  for (const target of TARGETS) {
    const response = await http(client, "POST", "/login", {
      form: { identifier: email, password, redirectTo: target },
    });
    expectStaysHome(response, baseURL!, target);
  }
  await client.dispose();
});

test("login (GET, already signed in): redirectTo never leaves our origin", async ({ baseURL }) => {
  const { client, session } = await signedInBuyer(baseURL!);
  for (const target of TARGETS) {
    for (const query of [encodeURIComponent(target), encodeURI(target)]) {
      const response = await http(client, "GET", `/login?redirectTo=${query}`, { cookie: session.cookie });
      expectStaysHome(response, baseURL!, `?redirectTo=${query}`);
    }
  }
});

test("login page: redirectTo is echoed into the form escaped, never as markup", async ({ request }) => {
  const payload = `"><script>alert(1)</script><input value="`;
  const response = await http(request, "GET", `/login?redirectTo=${encodeURIComponent(payload)}`);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).not.toContain("<script>alert(1)</script>");
  expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
});

test("language switch: redirectTo never leaves our origin", async ({ request, baseURL }) => {
  for (const target of TARGETS) {
    const response = await http(request, "POST", "/language", { form: { locale: "en", redirectTo: target } });
    expectStaysHome(response, baseURL!, target);
  }
});

test("cart: `back` after adding never leaves our origin", async ({ request, baseURL }) => {
  const page = await (await http(request, "GET", "/san-pham/ca-phe-robusta-rang-moc-dak-mil")).text();
  const productId = /name="productId" value="([0-9a-f-]{36})"/.exec(page)?.[1];
  expect(productId, "the product page's add-to-cart form").toBeTruthy();
  for (const target of TARGETS) {
    const response = await http(request, "POST", "/gio-hang", {
      form: { intent: "add", productId: productId!, quantity: "1", back: target },
    });
    expectStaysHome(response, baseURL!, target);
  }
});

test("the sign-in detour keeps the asked-for path local and brings the visitor back to it", async ({
  baseURL,
}) => {
  const { email, password } = await signedInBuyer(baseURL!);
  const client = await newClient(baseURL!);
  const asked = await http(client, "GET", "/account?next=//evil.example");
  expectStaysHome(asked, baseURL!, "/account?next=//evil.example");
  const loginUrl = new URL(asked.headers()["location"]!, baseURL);
  expect(loginUrl.pathname).toBe("/login");
  const back = await http(client, "POST", "/login", {
    form: { identifier: email, password, redirectTo: loginUrl.searchParams.get("redirectTo")! },
  });
  expectStaysHome(back, baseURL!, "after login");
  const landed = new URL(back.headers()["location"]!, baseURL);
  expect(landed.pathname).toBe("/account");
  expect(landed.searchParams.get("next")).toBe("//evil.example");
  await client.dispose();
});
