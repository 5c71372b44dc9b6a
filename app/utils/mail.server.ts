import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "./env.server";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * SMTP when SMTP_URL is set; otherwise each mail is written as JSON to the outbox folder
 * (read by the e2e tests and by a developer). Only the file name is logged, never the content:
 * mails carry one-time links and personal data.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const { SMTP_URL, MAIL_FROM, MAIL_OUTBOX_DIR } = env();
  if (SMTP_URL) {
    await nodemailer.createTransport(SMTP_URL).sendMail({ from: MAIL_FROM, ...mail });
    return;
  }
  const dir = path.resolve(MAIL_OUTBOX_DIR);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
  await writeFile(
    file,
    JSON.stringify({ from: MAIL_FROM, ...mail, sentAt: new Date().toISOString() }, null, 2),
  );
  console.info(`[mail] written to outbox: ${path.relative(process.cwd(), file)}`);
}
