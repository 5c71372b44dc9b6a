import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { findSessionUser } from "~/utils/session.server";
import { prisma } from "~/utils/db.server";
import { LOCALES } from "~/utils/i18n";
import { localeCookie } from "~/utils/locale.server";
import { safeRedirect } from "~/utils/redirect";

const LanguageSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const user = await findSessionUser(request);
  // Remembered on the account too, so mails go out in the chosen language.
  if (user) await prisma.user.update({ where: { id: user.id }, data: { locale: parsed.data.locale } });
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}
