// The consents that concern the signed-in user, with a way to withdraw each (Law 91/2025): helpers
// their business allowed (revoked through the producers' own rule, revokeConsent), businesses that
// allowed them as a helper, and the account consent given at sign-up.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { consentActionSchema } from "~/modules/accounts/personal-data";
import {
  consentsOf,
  memberConsentProducer,
  withdrawHelperConsent,
} from "~/modules/accounts/personal-data.server";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { revokeConsent } from "~/modules/producers/producers.server";
import { requireUser } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const consents = await consentsOf(user.id);
  // Only producer accounts act for their business (requireProducerAccess); others only read.
  return { ...consents, canRevoke: user.role === "PRODUCER" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getT(request);
  const parsed = consentActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("errors.badRequest") }, { status: 400 });
  const { intent, consentId } = parsed.data;
  if (intent === "revoke") {
    // Found only among the user's own businesses' consents: anyone else's is a 404.
    const producerId = await memberConsentProducer(user.id, consentId);
    if (!producerId) throw new Response("Not found", { status: 404 });
    await revokeConsent(await requireProducerAccess(request, producerId), consentId);
  } else {
    await withdrawHelperConsent(user.id, consentId);
  }
  const message = t(
    intent === "revoke" ? "personalData.consents.revokedFlash" : "personalData.consents.withdrawnFlash",
  );
  return redirect("/account/consents", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export const meta: MetaFunction = () => [{ title: "Sự đồng ý · Cổng OCOP" }];

export default function Consents() {
  const { asHelper, asProducer, accountSince, canRevoke } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const scopes = (scope: string[]) => scope.map((s) => t(`producer.scopes.${s}`)).join(", ");
  const state = (revokedAt: Date | string | null) =>
    revokedAt
      ? t("personalData.consents.revoked", { date: formatDate(revokedAt, lang) })
      : t("personalData.consents.active");
  return (
    <div className="form-wide">
      <h1>{t("personalData.consents.title")}</h1>
      {actionData?.error ? <p className="form-error">{actionData.error}</p> : null}
      <p>{t("personalData.consents.lead")}</p>

      <section className="card">
        <h2>{t("personalData.consents.accountTitle")}</h2>
        <p>{t("personalData.consents.accountText", { date: formatDate(accountSince, lang) })}</p>
        <p>
          <Link to="/account/delete">{t("personalData.account.delete")}</Link>
        </p>
      </section>

      {asProducer.length ? (
        <section>
          <h2>{t("personalData.consents.asProducerTitle")}</h2>
          <p>{t("personalData.consents.asProducerLead")}</p>
          <ul className="producer-list">
            {asProducer.map((c) => (
              <li key={c.id} className="card">
                <strong>{c.helper.name}</strong>
                <p className="meta">
                  {t("personalData.consents.granted", {
                    producer: c.producer.name,
                    date: formatDate(c.grantedAt, lang),
                  })}{" "}
                  · {t(`producer.methods.${c.method}`)} · {scopes(c.scope)}
                </p>
                <p className="meta">{t("personalData.consents.grantedBy", { name: c.grantedByName })}</p>
                <p className="pill">{state(c.revokedAt)}</p>
                {!c.revokedAt && canRevoke ? (
                  <Form method="post">
                    <input type="hidden" name="consentId" value={c.id} />
                    <button type="submit" name="intent" value="revoke" className="button secondary">
                      {t("personalData.consents.revoke")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {asHelper.length ? (
        <section>
          <h2>{t("personalData.consents.asHelperTitle")}</h2>
          <p>{t("personalData.consents.asHelperLead")}</p>
          <ul className="producer-list">
            {asHelper.map((c) => (
              <li key={c.id} className="card">
                <strong>{c.producer.name}</strong>
                <p className="meta">
                  {formatDate(c.grantedAt, lang)} · {t(`producer.methods.${c.method}`)} · {scopes(c.scope)}
                </p>
                <p className="pill">{state(c.revokedAt)}</p>
                {!c.revokedAt ? (
                  <Form method="post">
                    <input type="hidden" name="consentId" value={c.id} />
                    <button type="submit" name="intent" value="withdraw" className="button secondary">
                      {t("personalData.consents.withdraw")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
