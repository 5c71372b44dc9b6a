import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/utils/auth.server";

// Every signed-in user can buy, whatever their role.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function OrdersWorkspace() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("nav.buyer")}</h1>
      <p>{t("workspace.buyerLead")}</p>
      <p className="card">{t("workspace.comingSoon")}</p>
    </>
  );
}
