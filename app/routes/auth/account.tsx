import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { maskIdentifier } from "~/modules/accounts/identifiers";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await requireUser(request);
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: sessionUser.id },
    select: { name: true, email: true, phone: true, role: true, province: { select: { name: true } } },
  });
  const sessions = await prisma.session.count({
    where: { userId: sessionUser.id, expiresAt: { gt: new Date() } },
  });
  return {
    name: user.name,
    email: user.email ? maskIdentifier(user.email) : null,
    phone: user.phone ? maskIdentifier(user.phone) : null,
    role: user.role,
    province: user.province?.name ?? null,
    sessions,
  };
}

// Revokes every session of this user, this one included.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getT(request);
  await prisma.session.deleteMany({ where: { userId: user.id } });
  return redirect("/login", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "info", message: t("auth.loggedOut") }) },
  });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="form">
      <h1>{t("account.title")}</h1>
      <div className="card">
        <p>
          <strong>{data.name}</strong>
        </p>
        <p>
          {t("account.signedInAs", { role: t(`roles.${data.role}`) })}
          {data.province ? ` · ${data.province}` : ""}
        </p>
        {data.phone ? (
          <p>
            {t("fields.phone")}: {data.phone}
          </p>
        ) : null}
        {data.email ? (
          <p>
            {t("fields.email")}: {data.email}
          </p>
        ) : null}
        <p>{t("account.sessions", { count: data.sessions })}</p>
        <Form method="post">
          <button type="submit" className="primary">
            {t("account.logoutEverywhere")}
          </button>
        </Form>
      </div>
      <section className="card">
        <h2>{t("personalData.account.title")}</h2>
        <p>{t("personalData.account.lead")}</p>
        <ul>
          <li>
            <Link to="/account/data">{t("personalData.account.view")}</Link>
            {" · "}
            {/* A plain link: the file downloads with or without JavaScript. */}
            <a href="/account/data.json" download>
              {t("personalData.account.download")}
            </a>
          </li>
          <li>
            <Link to="/account/consents">{t("personalData.account.consents")}</Link>
          </li>
          <li>
            <Link to="/account/delete">{t("personalData.account.delete")}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
