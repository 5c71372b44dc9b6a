import { env } from "~/utils/env.server";
import { isLocale, translator } from "~/utils/i18n";
import { sendMail } from "~/utils/mail.server";
import { createPasswordReset, findByIdentifier } from "./accounts.server";
import type { Identifier } from "./identifiers";

/**
 * Mails a one-time reset link when the account exists and has an email. Phone-only accounts
 * cannot receive mail yet (SMS is not wired); they get the same neutral answer on screen.
 */
export async function requestPasswordReset(identifier: Identifier, requestOrigin: string) {
  const user = await findByIdentifier(identifier);
  if (!user?.email) return;
  const token = await createPasswordReset(user.id);
  const t = translator(isLocale(user.locale) ? user.locale : "vi");
  const link = `${env().APP_ORIGIN ?? requestOrigin}/reset-password/${token}`;
  await sendMail({
    to: user.email,
    subject: t("auth.mailSubject"),
    text: t("auth.mailBody", { name: user.name, link }),
  });
}
