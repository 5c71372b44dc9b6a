// The Host header is the sender's to choose. The e2e servers run without APP_ORIGIN, as a careless
// deployment would: a request for another host (directly or through X-Forwarded-Host, which the
// servers trust behind their proxy) is refused with 421, so it can neither have a password-reset
// link to that host mailed to a user nor leave a page naming that host in the shared page cache.
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { e2eDirs } from "../../../playwright.config";
import { demoAccount, expect, http, test } from "../support";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers Playwright would not send as given (Host). */
function raw(
  baseURL: string,
  method: "GET" | "POST",
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname === "localhost" ? "127.0.0.1" : hostname,
        port: Number(port),
        method,
        path: url,
        headers: {
          ...headers,
          ...(body
            ? {
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": Buffer.byteLength(body),
              }
            : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const PRODUCT = "/san-pham/ca-phe-robusta-rang-moc-dak-mil";
const FOREIGN: Record<string, string>[] = [
  { Host: "evil.example" },
  { Host: "evil.example:443" },
  { Host: "localhost.evil.example" },
  { Host: "203.0.113.9" },
  { "X-Forwarded-Host": "evil.example" },
];

test("a request for another host is refused (421), and no cached page names that host", async ({
  request,
  baseURL,
}) => {
  const own = new URL(baseURL!).host;
  for (const headers of FOREIGN) {
    const answer = await raw(baseURL!, "GET", PRODUCT, { Host: own, ...headers });
    expect(answer.status, JSON.stringify(headers)).toBe(421);
    expect(answer.body).toContain("APP_ORIGIN");
  }
  // What the next visitor is served (from the page cache or not) names our host only.
  for (let visit = 0; visit < 2; visit++) {
    const page = await http(request, "GET", PRODUCT);
    expect(page.status()).toBe(200);
    const html = await page.text();
    expect(html).not.toContain("evil.example");
    expect(html).not.toContain("203.0.113.9");
    expect(html).toMatch(new RegExp(`rel="canonical" href="http://${own.replace(/\./g, "\\.")}/`));
  }
});

test("a reset asked for through another host mails no link to that host", async ({ baseURL }) => {
  const server = test.info().project.name.replace(/^http-/, "");
  const outbox = path.join(e2eDirs.outbox, server);
  const mailsBefore = new Set(listJson(outbox));
  const form = `identifier=${encodeURIComponent(demoAccount("BUYER").identifier)}`;
  for (const headers of FOREIGN) {
    const host = headers.Host ?? headers["X-Forwarded-Host"]!;
    const answer = await raw(
      baseURL!,
      "POST",
      "/forgot-password",
      { Host: new URL(baseURL!).host, ...headers, Origin: `http://${host}`, "X-Forwarded-For": "10.9.8.7" },
      form,
    );
    expect(answer.status, JSON.stringify(headers)).toBe(421);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const newMails = listJson(outbox).filter((f) => !mailsBefore.has(f));
  for (const file of newMails)
    expect(readFileSync(path.join(outbox, file), "utf8")).not.toContain("evil.example");
  expect(newMails).toEqual([]);
});

test("loopback names and the health check are served whatever the host", async ({ baseURL }) => {
  const { port } = new URL(baseURL!);
  for (const Host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
    // A 404 page: answered by the app, and never kept in the page cache under that host.
    const answer = await raw(baseURL!, "GET", "/khong-co-trang-nay", { Host });
    expect(answer.status, Host).toBe(404);
  }
  // A load balancer's health check may use the instance's address as its host.
  const health = await raw(baseURL!, "GET", "/healthz", { Host: "10.0.0.12:3000" });
  expect(health.status).toBe(200);
});

function listJson(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
}
