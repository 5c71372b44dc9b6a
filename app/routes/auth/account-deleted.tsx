// Where a deleted account lands, signed out: what happened, and the deletion's reference (the id of
// its audit record, which holds no personal data).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";

export function loader({ request }: LoaderFunctionArgs) {
  const ref = z.uuid().safeParse(new URL(request.url).searchParams.get("ref"));
  return { ref: ref.success ? ref.data : null };
}

export const meta: MetaFunction = () => [{ title: "Tài khoản đã được xoá · Cổng OCOP" }];

export default function AccountDeleted() {
  const { ref } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="form">
      <h1>{t("personalData.deleted.title")}</h1>
      <p>{t("personalData.deleted.body")}</p>
      {ref ? <p className="notice">{t("personalData.deleted.receipt", { ref })}</p> : null}
      <p>{t("personalData.deleted.again")}</p>
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
