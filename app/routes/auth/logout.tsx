import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getT } from "~/utils/locale.server";
import { destroyUserSession, setFlash } from "~/utils/session.server";

// Logging out changes data, so it is a POST only; a GET just goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const headers = new Headers();
  headers.append("Set-Cookie", await destroyUserSession(request));
  headers.append("Set-Cookie", await setFlash(request, { kind: "info", message: t("auth.loggedOut") }));
  return redirect("/", { headers });
}
