import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProducerList } from "~/components/producer-list";
import { useTranslation } from "react-i18next";
import { listProducersForUser } from "~/modules/producers/producers.server";
import { requireRole } from "~/utils/auth.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "HELPER");
  return { producers: await listProducersForUser(user) };
}

export default function HelperHome() {
  const { producers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("producer.helper.title")}</h1>
      <p className="actions">
        <Link to="/helper/onboard" className="button">
          {t("producer.helper.start")}
        </Link>
      </p>
      {producers.length === 0 ? (
        <p className="card">{t("producer.helper.none")}</p>
      ) : (
        <ProducerList producers={producers} />
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
