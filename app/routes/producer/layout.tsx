import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { photoUrl } from "~/modules/photos/urls";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { producerLogo } from "~/modules/producers/producers.server";
import { skipAutosaveRevalidation } from "~/components/autosave";

// Shows whose workspace this is. Child routes check access again themselves: a parent loader
// does not guard its children's actions.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const logoHash = await producerLogo(access.producer.id);
  return {
    producer: { id: access.producer.id, name: access.producer.name },
    logo: logoHash ? photoUrl(logoHash, 320, "webp", mediaBaseUrl()) : null,
    viaHelper: access.viaHelper,
  };
}

export default function ProducerLayout() {
  const { producer, logo, viaHelper } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/producer/${producer.id}`;
  return (
    <>
      {viaHelper ? (
        <p className="acting-for" role="note">
          {t("producer.actingFor", { name: producer.name })} ·{" "}
          <Link to="/helper">{t("producer.switchProducer")}</Link>
        </p>
      ) : null}
      {logo ? (
        <p className="producer-head">
          <img className="logo" src={logo} alt="" width={48} height={48} />
          {producer.name}
        </p>
      ) : null}
      <nav className="subnav" aria-label={producer.name}>
        <NavLink to={base} end>
          {t("producer.products")}
        </NavLink>
        <NavLink to={`${base}/profile`}>{t("producer.profile")}</NavLink>
        <NavLink to={`${base}/import`}>{t("producer.import")}</NavLink>
        <NavLink to={`${base}/members`}>{t("members.title")}</NavLink>
        <NavLink to={`${base}/helpers`}>{t("producer.helpers")}</NavLink>
      </nav>
      <Outlet />
    </>
  );
}

export const shouldRevalidate = skipAutosaveRevalidation;
