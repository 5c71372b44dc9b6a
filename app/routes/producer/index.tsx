import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProducerList } from "~/components/producer-list";
import { listProducersForUser } from "~/modules/producers/producers.server";
import { requireRole } from "~/utils/auth.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "PRODUCER", "HELPER");
  if (user.role === "HELPER") throw redirect("/helper");
  const producers = await listProducersForUser(user);
  // Most producers have exactly one business: take them straight to it.
  if (producers.length === 1) throw redirect(`/producer/${producers[0]!.id}`);
  return { producers };
}

export default function ProducerHome() {
  const { producers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("producer.mine")}</h1>
      {producers.length === 0 ? (
        <p className="card">{t("producer.none")}</p>
      ) : (
        <ProducerList producers={producers} />
      )}
      <p className="actions">
        <Link to="/producer/new" className="button">
          {t("producer.registerOwn")}
        </Link>
        <Link to="/claim" className="button secondary">
          {t("producer.claimLink")}
        </Link>
      </p>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
