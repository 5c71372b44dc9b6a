import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countProductsByStatusInProvince } from "~/modules/products/products.server";
import { requireRole } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OFFICIAL");
  // An official without a province has no scope, so sees nothing rather than everything.
  if (!user.provinceCode) throw new Response("Forbidden", { status: 403 });
  const province = await prisma.province.findUniqueOrThrow({
    where: { code: user.provinceCode },
    select: { name: true },
  });
  return { province: province.name, counts: await countProductsByStatusInProvince(user.provinceCode) };
}

export default function ReviewWorkspace() {
  const { province, counts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("nav.review")}</h1>
      <p>{t("workspace.reviewLead", { province })}</p>
      <h2>{t("workspace.productsByStatus")}</h2>
      <table className="table">
        <tbody>
          {Object.entries(counts).map(([status, count]) => (
            <tr key={status}>
              <td>{t(`status.${status}`)}</td>
              <td>{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
