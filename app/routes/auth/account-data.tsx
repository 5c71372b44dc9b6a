// Everything the portal holds about the signed-in user, readable (Law 91/2025: the right of
// access). The same object is the JSON file at /account/data.json.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { collectPersonalData, recordPersonalDataExport } from "~/modules/accounts/personal-data.server";
import { PersonalDataView } from "~/modules/accounts/personal-data-view";
import { auditOrigin } from "~/modules/audit/audit.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { getLocale } from "~/utils/locale.server";
import { useLang } from "~/utils/use-lang";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const copy = await collectPersonalData(user.id, await getLocale(request, user.locale));
  await recordPersonalDataExport(user, "html", auditOrigin(context));
  return data({ copy }, { headers: { "Cache-Control": "private, no-store" } });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction = () => [{ title: "Dữ liệu cá nhân · Cổng OCOP" }];

export default function AccountData() {
  const { copy } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="form-wide">
      <h1>{t("personalData.data.title")}</h1>
      <p>{t("personalData.data.lead", { date: formatDateTime(copy.generatedAt, lang) })}</p>
      <p className="actions">
        {/* A plain link: the file comes back as a download, with or without JavaScript. */}
        <a href="/account/data.json" className="button primary" download>
          {t("personalData.data.download")}
        </a>
        <Link to="/account" className="button secondary">
          {t("personalData.data.back")}
        </Link>
      </p>
      <p className="meta">{t("personalData.data.saveHint")}</p>
      <PersonalDataView data={copy} />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
