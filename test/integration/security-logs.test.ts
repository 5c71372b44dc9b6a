// Logs: the server's redaction (server/logging.ts) and the check run after the e2e suite
// (scripts/check-logs.ts). A process prints what a careless error message or a debugging line could
// carry: without redaction the check finds every kind of leak (it can fail); with it, nothing is left
// (and the check still reads every line). Missing, empty or partial logs are refused.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { redact, secretValues } from "../../server/logging";
import { e2eRules, READY_LINE, scanFiles, type Rule } from "../../scripts/check-logs";
import { DEMO_PASSWORD } from "../../prisma/seed/demo";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "ocop-logs-"));

const SESSION_SECRETS = "e2e-secret-new,e2e-secret-old";
const VNPAY_SECRET = "demo-only-vnpay-hash-secret-change-me";
const TOKEN = "Qm9uIGpvdXIgdG91dCBsZSBtb25kZSBhYmNkZWZnaGk"; // 43 base64url characters, like a real one
const SIGNATURE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".repeat(2);

/** What a careless line could print: an error with a query's arguments, a URL, a cookie header… */
const LEAKY_PROGRAM = (loggingModule: string) => `
import { installLogRedaction, teeOutputToFile } from ${JSON.stringify(loggingModule)};
teeOutputToFile(process.argv[2]);
if (process.argv[3] === "redact") installLogRedaction();
console.log("${READY_LINE} http://localhost:3999");
console.error("[error] POST /login", new Error('Invalid \`prisma.user.create()\` invocation: { phone: "0912345678", password: "${DEMO_PASSWORD}" }'));
console.info("GET /payments/vnpay/return?vnp_Amount=18500000&vnp_SecureHash=${SIGNATURE}");
console.info("request headers", { cookie: "__session=eyJ0b2tlbiI6ImFiYyJ9.c2lnbmF0dXJlMTIz; __flash=e30%3D.sig" });
console.info("mail: http://localhost:3999/reset-password/${TOKEN}");
console.warn("settings", { secrets: process.env.SESSION_SECRETS, vnpay: process.env.VNPAY_HASH_SECRET });
console.log("checkout for 0987 654 321, CCCD 001203004567");
process.stdout.write(Buffer.from("a raw write: +84912345678\\n"));
`;

function runLeaky(mode: "plain" | "redact"): { file: string; stdout: string } {
  const script = path.join(dir, "leaky.ts");
  writeFileSync(script, LEAKY_PROGRAM(path.join(ROOT, "server/logging.ts")));
  const file = path.join(dir, `${mode}.log`);
  const run = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [script, file, mode], {
    env: { ...process.env, SESSION_SECRETS, VNPAY_HASH_SECRET: VNPAY_SECRET },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return { file, stdout: run.stdout + run.stderr };
}

let rules: Rule[];

beforeAll(async () => {
  rules = await e2eRules();
});

describe("the log check", () => {
  test("finds every kind of leak in an unredacted log, and shows each masked", () => {
    const { file } = runLeaky("plain");
    const result = scanFiles([file], rules);
    expect(result.problems).toEqual([]);
    const kinds = new Set(result.findings.map((f) => f.kind));
    for (const kind of [
      "password used by the tests",
      "server secret",
      "session cookie",
      "VNPay signature",
      "password-reset token",
      "demo user's phone number",
      "phone number",
      "ID number",
    ])
      expect(kinds, kind).toContain(kind);
    // The report itself leaks nothing.
    const report = JSON.stringify(result.findings);
    for (const secret of [DEMO_PASSWORD, TOKEN, SIGNATURE, VNPAY_SECRET, "e2e-secret-new", "0912345678"])
      expect(report).not.toContain(secret);
  });

  test("refuses a missing, an empty or a partial log, and passes a clean whole one", () => {
    const empty = path.join(dir, "empty.log");
    writeFileSync(empty, "");
    const partial = path.join(dir, "partial.log");
    writeFileSync(partial, "[jobs] expiry: {}\n");
    const clean = path.join(dir, "clean.log");
    writeFileSync(clean, `${READY_LINE} http://localhost:3100\n[mail] written to outbox: x.json\n`);
    expect(scanFiles([path.join(dir, "nothing.log")], rules).problems[0]).toMatch(/missing/);
    expect(scanFiles([empty], rules).problems).toEqual([`${empty}: empty`]);
    expect(scanFiles([partial], rules).problems[0]).toMatch(/not the log of a whole server run/);
    expect(scanFiles([], rules).problems).toEqual(["no log files to read"]);
    const ok = scanFiles([clean], rules);
    expect(ok).toMatchObject({ findings: [], problems: [], files: [{ file: clean, lines: 2, ready: true }] });
  });

  test("as a command: exit 1 with the count of lines read and the findings masked", () => {
    const { file } = runLeaky("plain");
    const run = spawnSync(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "scripts/check-logs.ts"), file],
      {
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/scanned \d+ lines in 1 file/);
    expect(run.stdout).toContain("FOUND session cookie");
    expect(run.stdout).toContain("FAILED");
    expect(run.stdout).not.toContain(DEMO_PASSWORD);
    expect(run.stdout).not.toContain(TOKEN);
  });
});

describe("the server's redaction", () => {
  test("leaves nothing for the check to find, on stdout, stderr and in the file", () => {
    const { file, stdout } = runLeaky("redact");
    const result = scanFiles([file], rules);
    expect(result.problems).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.files[0]!.lines).toBeGreaterThanOrEqual(8);
    const logged = readFileSync(file, "utf8");
    // The terminal got the same lines (stdout and stderr, each in its own order).
    const lines = (text: string) => text.trim().split("\n").sort();
    expect(lines(stdout)).toEqual(lines(logged));
    // Still useful: what happened is there, the values are not.
    expect(logged).toContain("[error] POST /login");
    expect(logged).toContain("vnp_Amount=18500000&vnp_SecureHash=[redacted]");
    expect(logged).toContain("0•••••••321");
  });

  test("masks each kind of value, and secrets from the environment", () => {
    const secrets = secretValues({
      SESSION_SECRETS: "new-secret-1, old-secret-2",
      VNPAY_HASH_SECRET: "vnpay-secret-3",
      DATABASE_URL: "postgresql://ocop:db-pass%40word@localhost/ocop",
    });
    expect(secrets).toEqual(
      expect.arrayContaining(["new-secret-1", "old-secret-2", "vnpay-secret-3", "db-pass@word"]),
    );
    const cases: [string, string][] = [
      ["Cookie: __session=abc.def; __flash=ghi", "Cookie: __session=[redacted]; __flash=[redacted]"],
      [`?vnp_SecureHash=${SIGNATURE}&x=1`, "?vnp_SecureHash=[redacted]&x=1"],
      [`{"vnp_SecureHash":"${SIGNATURE}"}`, '{"vnp_SecureHash":"[redacted]"}'],
      [`/reset-password/${TOKEN}`, "/reset-password/[redacted]"],
      ["password=hunter2hunter2&x=1", "password=[redacted]&x=1"],
      ['{ passwordHash: "$argon2id$v=19$m=1" }', '{ passwordHash: "[redacted]" }'],
      ["call 0912345678 or 0912 345 678 or +84912345678", "call 0•••••••678 or 0•••••••678 or 0•••••••678"],
      ["CCCD 001203004567", "CCCD [id number]"],
      ["secret new-secret-1 and db-pass@word", "secret [redacted] and [redacted]"],
      // Not personal: order codes, timestamps, amounts.
      [
        "order DH0912345678 at 1733829384123 for 185000000",
        "order DH0912345678 at 1733829384123 for 185000000",
      ],
    ];
    for (const [input, output] of cases) expect(redact(input, secrets), input).toBe(output);
  });
});
