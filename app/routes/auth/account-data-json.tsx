// The signed-in user's personal data as a JSON file (Law 91/2025: the right to a copy, in a
// machine-readable form). Resource route: no page around it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFileName } from "~/modules/accounts/personal-data";
import { collectPersonalData, recordPersonalDataExport } from "~/modules/accounts/personal-data.server";
import { auditOrigin } from "~/modules/audit/audit.server";
import { vnDateOf } from "~/modules/traceability/vn-time";
import { requireUser } from "~/utils/auth.server";
import { getLocale } from "~/utils/locale.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const copy = await collectPersonalData(user.id, await getLocale(request, user.locale));
  await recordPersonalDataExport(user, "json", auditOrigin(context));
  return new Response(`${JSON.stringify(copy, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(vnDateOf(new Date()))}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
