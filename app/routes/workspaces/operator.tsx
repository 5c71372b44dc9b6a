import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  return null;
}

export default function OperatorWorkspace() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("nav.operator")}</h1>
      <p>{t("workspace.operatorLead")}</p>
      <nav className="subnav" aria-label={t("nav.operator")}>
        <Link to="/operator/orders">{t("orders.operator.workspaceLink")}</Link>
        <Link to="/operator/marketplaces">{t("marketplaces.workspaceLink")}</Link>
      </nav>
    </>
  );
}
