import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "HELPER");
  return null;
}

export default function HelperWorkspace() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("nav.helper")}</h1>
      <p>{t("workspace.helperLead")}</p>
      <p className="card">{t("workspace.comingSoon")}</p>
    </>
  );
}
