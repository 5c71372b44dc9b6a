import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { skipAutosaveRevalidation } from "~/components/autosave";

// Shows whose workspace this is. Child routes check access again themselves: a parent loader
// does not guard its children's actions.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  return { producer: { id: access.producer.id, name: access.producer.name }, viaHelper: access.viaHelper };
}

export default function ProducerLayout() {
  const { producer, viaHelper } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/producer/${producer.id}`;
  return (
    <>
      {viaHelper ? (
        <p className="acting-for" role="note">
          {t("producer.actingFor", { name: producer.name })} · <Link to="/helper">{t("producer.switchProducer")}</Link>
        </p>
      ) : null}
      <nav className="subnav" aria-label={producer.name}>
        <NavLink to={base} end>
          {t("producer.products")}
        </NavLink>
        <NavLink to={`${base}/profile`}>{t("producer.profile")}</NavLink>
        <NavLink to={`${base}/import`}>{t("producer.import")}</NavLink>
        <NavLink to={`${base}/helpers`}>{t("producer.helpers")}</NavLink>
      </nav>
      <Outlet />
    </>
  );
}

export const shouldRevalidate = skipAutosaveRevalidation;
