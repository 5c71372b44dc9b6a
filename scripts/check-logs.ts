// After the Playwright run (scripts/test-all.sh): reads what the e2e servers printed
// (data/e2e-logs/<port>.log, written by test/e2e/serve.ts) and fails if it holds anything that must
// never reach a log: a password the tests type, a session cookie, a VNPay signature, a reset-link
// token, a secret the servers run with, a full phone or ID number. It prints what it found (masked)
// and how much it read, and fails on a missing or empty log: a check that read nothing proves nothing.
//
//   npx tsx scripts/check-logs.ts                 the logs of this run's servers (E2E_PORT, E2E_POSTGRES)
//   npx tsx scripts/check-logs.ts a.log b.log     the given files
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The line every e2e server prints once ready: a log without it is not a whole server run. */
export const READY_LINE = "e2e server ready at";

export interface Rule {
  kind: string;
  /** A literal (found anywhere) or a pattern whose first group, or whole match, is the leak. */
  find: string | RegExp;
  /** Matches that look like the rule but are known not to be secrets (the tests' bogus tokens). */
  allow?: (value: string) => boolean;
}

export interface Finding {
  file: string;
  line: number;
  kind: string;
  excerpt: string;
}

export interface ScanResult {
  files: { file: string; lines: number; ready: boolean }[];
  findings: Finding[];
  problems: string[];
}

/** "Ocop-Demo@2026!" → "Oc…(15 chars)": enough to recognise, not enough to use. */
export const mask = (value: string) => `${value.slice(0, 2)}…(${value.length} chars)`;

export function scanText(file: string, text: string, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  text.split("\n").forEach((content, index) => {
    const found: { kind: string; value: string }[] = [];
    for (const rule of rules) {
      const values: string[] = [];
      if (typeof rule.find === "string") {
        if (content.includes(rule.find)) values.push(rule.find);
      } else {
        const global = new RegExp(rule.find.source, rule.find.flags.replace("g", "") + "g");
        for (const match of content.matchAll(global)) values.push(match[1] ?? match[0]);
      }
      for (const value of values) if (!rule.allow?.(value)) found.push({ kind: rule.kind, value });
    }
    if (found.length === 0) return;
    // Every leak of the line masked in the excerpt, longest first: the report must not leak either.
    let excerpt = content;
    for (const { value } of [...found].sort((a, b) => b.value.length - a.value.length))
      excerpt = excerpt.split(value).join(`«${mask(value)}»`);
    excerpt = excerpt.trim().slice(0, 240);
    for (const { kind } of found) findings.push({ file, line: index + 1, kind, excerpt });
  });
  return findings;
}

export function scanFiles(files: readonly string[], rules: readonly Rule[]): ScanResult {
  const result: ScanResult = { files: [], findings: [], problems: [] };
  if (files.length === 0) result.problems.push("no log files to read");
  for (const file of files) {
    if (!existsSync(file)) {
      result.problems.push(`${file}: missing (did the e2e servers run through test/e2e/serve.ts?)`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n").filter((l) => l.trim() !== "").length;
    const ready = text.includes(READY_LINE);
    result.files.push({ file, lines, ready });
    if (lines === 0) result.problems.push(`${file}: empty`);
    else if (!ready)
      result.problems.push(`${file}: no "${READY_LINE}" line, not the log of a whole server run`);
    result.findings.push(...scanText(file, text, rules));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// What must not be there

const source = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

function required(file: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(source(file))?.[1];
  if (!found) throw new Error(`check-logs: cannot find ${what} in ${file}; update scripts/check-logs.ts`);
  return found;
}

/** The passwords the e2e tests type: literals given to password fields, and their fixed prefixes. */
function testPasswords(): string[] {
  const found = new Set<string>();
  const dir = path.join(ROOT, "test/e2e");
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    for (const match of text.matchAll(/password\w*\s*[:=]\s*(["'`])(.+?)\1/gi)) {
      const literal = match[2]!.split("${")[0]!.trim();
      if (literal.length >= 8) found.add(literal);
    }
  }
  return [...found];
}

/** Everything a leak would look like, for the e2e servers of this checkout. */
export async function e2eRules(): Promise<Rule[]> {
  const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import("../prisma/seed/demo");
  const { FACTORY_PASSWORD } = await import("../prisma/seed/factories");
  // Wrong guesses typed by the throttling tests (passed as a variable, not as a password: literal).
  const passwords = new Set([DEMO_PASSWORD, FACTORY_PASSWORD, "doan-sai-lan-", ...testPasswords()]);

  const secrets = new Set<string>([
    ...required("test/e2e/serve.ts", /SESSION_SECRETS\s*\?\?=\s*"([^"]+)"/, "the e2e SESSION_SECRETS").split(
      ",",
    ),
    required("scripts/vnpay-simulator/demo.ts", /hashSecret\s*=\s*"([^"]+)"/, "the demo VNPay hash secret"),
    required(
      "scripts/marketplace-simulator/demo.ts",
      /secret\s*=\s*"([^"]+)"/,
      "the demo marketplace secret",
    ),
    ...(process.env.SESSION_SECRETS ?? "").split(","),
    process.env.VNPAY_HASH_SECRET ?? "",
    process.env.MARKET_SECRET ?? "",
  ]);

  const phones = DEMO_ACCOUNTS.flatMap((a) => (a.phone ? [a.phone] : []));
  return [
    ...[...passwords].map((p): Rule => ({ kind: "password used by the tests", find: p })),
    ...[...secrets]
      .map((s) => s.trim())
      .filter((s) => s.length >= 6)
      .map((s): Rule => ({ kind: "server secret", find: s })),
    { kind: "session cookie", find: /__session=([A-Za-z0-9%._~+/=-]{8,})/ },
    { kind: "VNPay signature", find: /vnp_SecureHash"?\s*[=:]\s*"?([0-9A-Fa-f]{16,})/ },
    {
      kind: "password-reset token",
      find: /reset-password\/([A-Za-z0-9_-]{20,})/,
      // The tests' made-up tokens ("xxxx…", "e2e-bogus-token-…") open nothing.
      allow: (token) => /^(.)\1+$/.test(token) || token.includes("bogus"),
    },
    ...phones.map((p): Rule => ({ kind: "demo user's phone number", find: p })),
    { kind: "phone number", find: /(?<![\w+])((?:\+84|0)[35789]\d{2}[ .]?\d{3}[ .]?\d{3})(?!\w)/ },
    { kind: "ID number", find: /(?<!\w)(0\d{11})(?!\w)/ },
  ];
}

/** The logs of this run's e2e servers: the same ports as playwright.config.ts. */
export function e2eLogFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const port = Number(env.E2E_PORT ?? 3100);
  const ports = env.E2E_POSTGRES === "0" ? [port] : [port, port + 1];
  return ports.map((p) => path.join(ROOT, "data/e2e-logs", `${p}.log`));
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length ? args.map((f) => path.resolve(f)) : e2eLogFiles();
  const rules = await e2eRules();
  const result = scanFiles(files, rules);
  const total = result.files.reduce((sum, f) => sum + f.lines, 0);
  for (const f of result.files) console.log(`check-logs: ${path.relative(ROOT, f.file)}: ${f.lines} lines`);
  console.log(
    `check-logs: scanned ${total} lines in ${result.files.length} file(s) for ${rules.length} kinds of leak ` +
      "(test passwords, server secrets, session cookies, VNPay signatures, reset tokens, phone and ID numbers)",
  );
  for (const f of result.findings)
    console.log(`check-logs: FOUND ${f.kind} at ${path.relative(ROOT, f.file)}:${f.line}: ${f.excerpt}`);
  for (const problem of result.problems) console.log(`check-logs: ${problem}`);
  if (result.findings.length || result.problems.length || total === 0) {
    console.log(
      `check-logs: FAILED (${result.findings.length} leak(s), ${result.problems.length} problem(s))`,
    );
    process.exit(1);
  }
  console.log("check-logs: no secrets, passwords, tokens or personal numbers in the logs");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
