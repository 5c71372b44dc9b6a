// Password-reset links: with APP_ORIGIN set (required in production, SECURITY.md), the mailed link
// points at the portal whatever Host the request claims, so no one can have a user mailed a link to
// their own site; the database keeps only the token's hash.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createUser } from "../../prisma/seed/factories";
import { callAction } from "../support/routes";

const outbox = mkdtempSync(path.join(tmpdir(), "ocop-reset-links-"));
const saved = { APP_ORIGIN: process.env.APP_ORIGIN, MAIL_OUTBOX_DIR: process.env.MAIL_OUTBOX_DIR };
process.env.APP_ORIGIN = "https://ocop.example.vn";
process.env.MAIL_OUTBOX_DIR = outbox;
delete process.env.SMTP_URL;
const { rereadEnv } = await import("~/utils/env.server");
rereadEnv();
const { prisma } = await import("~/utils/db.server");
const forgot = await import("~/routes/auth/forgot-password");

beforeAll(async () => {
  await createUser(prisma, { role: "BUYER", email: "nan-nhan@example.vn" });
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  rereadEnv();
});

test("a request claiming another Host still gets the portal's own link mailed", async () => {
  for (const claimed of ["http://evil.example", "https://ocop.example.vn.evil.example:8443"]) {
    const res = await callAction(
      forgot.action,
      new Request(`${claimed}/forgot-password`, {
        method: "POST",
        body: new URLSearchParams({ identifier: "nan-nhan@example.vn" }),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: claimed,
          Host: new URL(claimed).host,
        },
      }),
    );
    expect(res.status).toBe(200);
  }
  const mails = readdirSync(outbox).map(
    (f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { text: string },
  );
  expect(mails).toHaveLength(2);
  for (const mail of mails) {
    const links = mail.text.match(/https?:\/\/[^\s]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(new URL(link).origin, link).toBe("https://ocop.example.vn");
    // Only the hash of the token is stored: the table cannot be replayed as links.
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(await prisma.passwordReset.findFirst({ where: { tokenHash: token } })).toBeNull();
    const hash = createHash("sha256").update(token).digest("hex");
    expect(await prisma.passwordReset.findFirst({ where: { tokenHash: hash } })).not.toBeNull();
  }
});
