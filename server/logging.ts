// What the server prints is masked before it reaches stdout/stderr (and so any log collector):
// configured secrets, session and flash cookies, VNPay signatures, reset-link tokens, passwords and
// full phone or ID numbers. Error objects printed by console.error go through the same streams.
// No app imports: a script may install this before the app (and its environment) loads.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";

type Write = typeof process.stdout.write;

const MASK = "[redacted]";

/** Secret values from the environment, worth masking wherever they appear. */
export function secretValues(env: Record<string, string | undefined> = process.env): string[] {
  const values = (env.SESSION_SECRETS ?? "").split(",").map((s) => s.trim());
  values.push(env.VNPAY_HASH_SECRET ?? "", env.MARKET_SECRET ?? "");
  for (const url of [env.DATABASE_URL, env.SMTP_URL]) {
    try {
      if (url) values.push(decodeURIComponent(new URL(url).password));
    } catch {
      // not a URL: nothing to take from it
    }
  }
  // Longest first, so a secret containing another is masked whole.
  return [...new Set(values.filter((v) => v.length >= 6))].sort((a, b) => b.length - a.length);
}

const PATTERNS: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  [/\b(__session|__flash)=[^;\s"',]+/g, `$1=${MASK}`],
  [/\b(vnp_SecureHash"?\s*[=:]\s*"?)[0-9A-Fa-f]{16,}/g, `$1${MASK}`],
  [/(\/reset-password\/)[A-Za-z0-9_-]{16,}/g, `$1${MASK}`],
  // password=…, "password":"…", passwordHash: '…' (query strings, JSON, inspected objects).
  [/\b(password\w*"?'?\s*[=:]\s*["']?)[^"'&\s,}]+/gi, `$1${MASK}`],
  // Vietnamese mobile numbers, as typed or stored (0912 345 678, 0912345678, +84912345678): the
  // last three digits are kept, enough to tell two apart in a log.
  [
    /(?<![\w+])(?:\+84|84|0)[35789]\d{2}[ .]?\d{3}[ .]?(\d{3})(?!\w)/g,
    (_match, last: string) => `0•••••••${last}`,
  ],
  // 12-digit citizen ID numbers (CCCD).
  [/(?<!\w)0\d{11}(?!\w)/g, "[id number]"],
];

/** The text with every secret and personal number masked. */
export function redact(text: string, secrets: readonly string[] = secretValues()): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  for (const [pattern, replacement] of PATTERNS)
    out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  return out;
}

function wrapWrites(transform: (text: string) => string, also?: (text: string) => void) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as Write;
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const text = transform(
        typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"),
      );
      also?.(text);
      return typeof encoding === "function"
        ? write(text, encoding as () => void)
        : write(text, encoding as BufferEncoding, callback as () => void);
    }) as Write;
  }
}

let redacting = false;

/** Masks secrets in everything this process prints from now on (once per process). */
export function installLogRedaction(): void {
  if (redacting) return;
  redacting = true;
  const secrets = secretValues();
  wrapWrites((text) => redact(text, secrets));
}

/**
 * Copies everything this process prints (as printed: after redaction, if installed later) to a
 * file, emptied first. The e2e servers use it so scripts/check-logs.ts can read a whole run.
 */
export function teeOutputToFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  process.once("exit", () => closeSync(fd));
  wrapWrites(
    (text) => text,
    (text) => writeSync(fd, text),
  );
}
