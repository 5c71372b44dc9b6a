import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { createClaimCode, listConsents, revokeConsent } from "~/modules/producers/producers.server";
import { prisma } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const [consents, producer] = await Promise.all([
    listConsents(access.producer.id),
    prisma.producer.findUniqueOrThrow({ where: { id: access.producer.id }, select: { claimedAt: true } }),
  ]);
  return { consents, viaHelper: access.viaHelper, claimedAt: producer.claimedAt };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), consentId: z.uuid() }),
  z.object({ intent: z.literal("claim-code") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("errors.badRequest"), claim: null }, { status: 400 });
  if (parsed.data.intent === "revoke") {
    await revokeConsent(access, parsed.data.consentId);
    return redirect(`/producer/${access.producer.id}/helpers`, {
      headers: {
        "Set-Cookie": await setFlash(request, {
          kind: "success",
          message: t("producer.consents.revokedFlash"),
        }),
      },
    });
  }
  const claim = await createClaimCode(access);
  // Shown once, never stored in clear: the helper writes it down or reads it out.
  return data(
    { error: null, claim: { code: claim.code, expiresAt: claim.expiresAt.toISOString() } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function Helpers() {
  const { consents, viaHelper, claimedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "vi";
  return (
    <div className="form-wide">
      <h1>{t("producer.consents.title")}</h1>
      {actionData?.error ? <p className="form-error">{actionData.error}</p> : null}
      <p>{t("producer.consents.lead")}</p>
      <ul className="producer-list">
        {consents.map((c) => (
          <li key={c.id} className="card">
            <strong>{c.helper.name}</strong>
            <p className="meta">
              {t("producer.consents.grantedBy", {
                name: c.grantedByName,
                date: formatDate(c.grantedAt, locale),
              })}{" "}
              · {t(`producer.methods.${c.method}`)} ·{" "}
              {c.scope.map((s) => t(`producer.scopes.${s}`)).join(", ")}
            </p>
            {c.revokedAt ? (
              <p className="pill">
                {t("producer.consents.revoked", { date: formatDate(c.revokedAt, locale) })}
              </p>
            ) : !viaHelper ? (
              <Form method="post">
                <input type="hidden" name="consentId" value={c.id} />
                <button type="submit" name="intent" value="revoke" className="button secondary">
                  {t("producer.consents.revoke")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {viaHelper ? (
        <section className="card">
          <h2>{t("producer.consents.claimTitle")}</h2>
          {claimedAt ? (
            <p>{t("producer.consents.claimed", { date: formatDate(claimedAt, locale) })}</p>
          ) : (
            <>
              <p>{t("producer.consents.claimLead")}</p>
              {actionData?.claim ? (
                <p className="notice claim-code" role="status">
                  {t("producer.consents.claimCode", {
                    code: actionData.claim.code,
                    date: formatDate(actionData.claim.expiresAt, locale),
                  })}
                </p>
              ) : null}
              <Form method="post">
                <button type="submit" name="intent" value="claim-code" className="primary">
                  {t("producer.consents.claimCreate")}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
