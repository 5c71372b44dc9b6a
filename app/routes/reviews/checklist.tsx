import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import { recordAudit, auditOrigin } from "~/modules/audit/audit.server";
import {
  addChecklistItem,
  listChecklist,
  setChecklistItemActive,
} from "~/modules/reviews/checklist.server";
import { requireRole } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  return { items: await listChecklist() };
}

const Label = z.string().trim().min(3).max(300);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), labelVi: Label, labelEn: Label }),
  z.object({ intent: z.literal("toggle"), id: z.uuid(), active: z.enum(["true", "false"]) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  const { t } = await getT(request);
  const fields = Object.fromEntries(await request.formData());
  const parsed = ActionSchema.safeParse(fields);
  if (!parsed.success)
    return data(
      {
        errors: [t("errors.badRequest")],
        labelVi: String(fields.labelVi ?? "").slice(0, 300),
        labelEn: String(fields.labelEn ?? "").slice(0, 300),
      },
      { status: 400 },
    );
  let message: string;
  if (parsed.data.intent === "add") {
    const item = await addChecklistItem(parsed.data);
    await recordAudit({
      actor: { id: admin.id, role: admin.role },
      action: "checklist.add",
      target: { type: "ReviewChecklistItem", id: item.id },
      after: parsed.data,
      details: { labelVi: parsed.data.labelVi },
      origin: auditOrigin(context),
    });
    message = t("reviews.checklistPage.added");
  } else {
    const active = parsed.data.active === "true";
    await setChecklistItemActive(parsed.data.id, active);
    await recordAudit({
      actor: { id: admin.id, role: admin.role },
      action: active ? "checklist.activate" : "checklist.deactivate",
      target: { type: "ReviewChecklistItem", id: parsed.data.id },
      origin: auditOrigin(context),
    });
    message = t("reviews.checklistPage.updated");
  }
  return redirect("/admin/checklist", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function ChecklistAdmin() {
  const { items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("reviews.checklistPage.title")}</h1>
      <p>{t("reviews.checklistPage.lead")}</p>
      <table className="table">
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>
                {i18n.language === "en" ? item.labelEn : item.labelVi}
                <br />
                <span className="meta">
                  {item.active ? t("reviews.checklistPage.active") : t("reviews.checklistPage.inactive")}
                </span>
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="toggle" />
                  <input type="hidden" name="id" value={item.id} />
                  <input type="hidden" name="active" value={item.active ? "false" : "true"} />
                  <button type="submit" className="link-button">
                    {item.active ? t("reviews.checklistPage.deactivate") : t("reviews.checklistPage.activate")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("reviews.checklistPage.add")}</h2>
      <Form method="post" className="form">
        <FormErrors errors={actionData?.errors} />
        <input type="hidden" name="intent" value="add" />
        <label htmlFor="labelVi">{t("reviews.checklistPage.labelVi")}</label>
        <input id="labelVi" name="labelVi" required minLength={3} maxLength={300} defaultValue={actionData?.labelVi} />
        <label htmlFor="labelEn">{t("reviews.checklistPage.labelEn")}</label>
        <input id="labelEn" name="labelEn" required minLength={3} maxLength={300} defaultValue={actionData?.labelEn} />
        <button type="submit" className="button">
          {t("reviews.checklistPage.add")}
        </button>
      </Form>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
