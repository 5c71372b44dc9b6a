import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { maskIdentifier, parseIdentifier } from "~/modules/accounts/identifiers";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { addMember, listMembers, MemberError, removeMember } from "~/modules/producers/members.server";
import { formatDate } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { FormErrors } from "~/components/forms";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const members = await listMembers(access.producer.id);
  const me = members.find((m) => m.user.id === access.user.id);
  return {
    canManage: Boolean(me?.isOwner),
    members: members.map((m) => ({
      id: m.user.id,
      name: m.user.name,
      // Members see each other's contact only masked: enough to recognise, not to harvest.
      contact: m.user.phone ? maskIdentifier(m.user.phone) : m.user.email ? maskIdentifier(m.user.email) : "",
      isOwner: m.isOwner,
      since: m.createdAt,
      isMe: m.user.id === access.user.id,
    })),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), identifier: z.string().max(254), owner: z.literal("on").optional() }),
  z.object({ intent: z.literal("remove"), userId: z.uuid() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("errors.badRequest"), identifier: "" }, { status: 400 });
  const typed = parsed.data.intent === "add" ? parsed.data.identifier : "";
  try {
    if (parsed.data.intent === "add") {
      const identifier = parseIdentifier(parsed.data.identifier);
      if (!identifier)
        return data({ error: t("errors.identifierInvalid"), identifier: typed }, { status: 400 });
      await addMember(access, identifier, parsed.data.owner === "on");
    } else {
      await removeMember(access, parsed.data.userId);
    }
  } catch (error) {
    if (error instanceof MemberError) {
      const status =
        error.problem === "notOwner"
          ? 403
          : error.problem === "noAccount" || error.problem === "notMember"
            ? 404
            : 409;
      return data({ error: t(`members.errors.${error.problem}`), identifier: typed }, { status });
    }
    throw error;
  }
  const message = parsed.data.intent === "add" ? t("members.added") : t("members.removed");
  return redirect(`/producer/${access.producer.id}/members`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function Members() {
  const { members, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "vi";
  return (
    <div className="form-wide">
      <h1>{t("members.title")}</h1>
      <p>{t("members.lead")}</p>
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      <ul className="producer-list">
        {members.map((m) => (
          <li key={m.id} className="card">
            <strong>{m.name}</strong>{" "}
            <span className="pill">{m.isOwner ? t("members.owner") : t("members.staff")}</span>
            <p className="meta">
              {m.contact} · {t("members.since", { date: formatDate(m.since, locale) })}
            </p>
            {canManage && !m.isMe ? (
              <Form method="post">
                <input type="hidden" name="userId" value={m.id} />
                <button type="submit" name="intent" value="remove" className="button secondary">
                  {t("members.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <section className="card">
          <h2>{t("members.addTitle")}</h2>
          <p>{t("members.addLead")}</p>
          <Form method="post">
            <div className="field">
              <label htmlFor="identifier">{t("members.identifier")}</label>
              <input
                type="text"
                id="identifier"
                name="identifier"
                defaultValue={actionData?.identifier ?? ""}
                autoComplete="off"
              />
            </div>
            <div className="field check">
              <input type="checkbox" id="owner" name="owner" />
              <label htmlFor="owner">{t("members.asOwner")}</label>
            </div>
            <button type="submit" name="intent" value="add" className="primary">
              {t("members.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
