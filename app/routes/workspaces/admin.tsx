import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Role } from "~/generated/prisma/enums";
import { maskIdentifier } from "~/modules/accounts/identifiers";
import { changeRole, listProvinces, listUsers, RoleChangeError } from "~/modules/accounts/users.server";
import { auditOrigin } from "~/modules/audit/audit.server";
import { requireRole } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const [users, provinces] = await Promise.all([listUsers(), listProvinces()]);
  return {
    users: users.map((u) => ({
      ...u,
      email: u.email && maskIdentifier(u.email),
      phone: u.phone && maskIdentifier(u.phone),
    })),
    provinces,
  };
}

const RoleSchema = z.object({
  userId: z.uuid(),
  role: z.enum(Role),
  provinceCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  const { t } = await getT(request);
  const parsed = RoleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("errors.badRequest") }, { status: 400 });
  try {
    await changeRole(
      admin.id,
      parsed.data.userId,
      parsed.data.role,
      parsed.data.provinceCode ?? null,
      auditOrigin(context),
    );
  } catch (error) {
    if (error instanceof RoleChangeError) return data({ error: t("errors.badRequest") }, { status: 422 });
    throw error;
  }
  return redirect("/admin", {
    headers: {
      "Set-Cookie": await setFlash(request, { kind: "success", message: t("workspace.roleChanged") }),
    },
  });
}

export default function AdminWorkspace() {
  const { users, provinces } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("nav.admin")}</h1>
      <p>{t("workspace.adminLead")}</p>
      <nav className="subnav" aria-label={t("nav.admin")}>
        <Link to="/admin/checklist">{t("reviews.checklistAdmin")}</Link>
        <Link to="/statistics">{t("reviews.statistics")}</Link>
        <Link to="/audit">{t("reviews.audit")}</Link>
      </nav>
      {actionData?.error ? <p className="form-error">{actionData.error}</p> : null}
      <h2>{t("workspace.usersTitle")}</h2>
      <table className="table">
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                {user.name}
                <br />
                <span className="meta">{user.email ?? user.phone}</span>
              </td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="userId" value={user.id} />
                  <select name="role" defaultValue={user.role} aria-label={t("fields.role")}>
                    {Object.values(Role).map((role) => (
                      <option key={role} value={role}>
                        {t(`roles.${role}`)}
                      </option>
                    ))}
                  </select>
                  <select
                    name="provinceCode"
                    defaultValue={user.provinceCode ?? ""}
                    aria-label={t("fields.province")}
                  >
                    <option value="">—</option>
                    {provinces.map((p) => (
                      <option key={p.code} value={p.code}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="link-button">
                    {t("workspace.save")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
