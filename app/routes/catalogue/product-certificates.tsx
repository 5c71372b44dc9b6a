// The certificates of a public product: /san-pham/{slug}/chung-nhan[?lang=en], one block per
// certificate (anchor #cert-{id}, where the product page's badges lead) with its status today in
// words and colour. The scans are not public. Plain HTML, no JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { metaLocale, notFoundMeta, SuspendedNotice } from "~/components/trace-view";
import type { CertificateStatus } from "~/modules/certificates/status";
import { loadProductCertificates } from "~/modules/catalogue/product-page.server";
import { formatVnDate } from "~/modules/traceability/vn-time";
import { pageCacheHeaders } from "~/utils/http-cache";
import { translator } from "~/utils/i18n";

export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadProductCertificates(request, params.slug);
  return data(page, { headers: pageCacheHeaders(request, { lastModified: page.lastModified }) });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

// Green in force, blue expiring soon, red expired or revoked (the producer's table uses the same).
const STATUS_CLASS: Record<CertificateStatus, string> = {
  active: "pill flash-success",
  expiring: "pill flash-info",
  expired: "pill flash-error",
  revoked: "pill flash-error",
};

export default function ProductCertificates() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fact = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <article className="form-wide pp-certs">
      {page.availability === "suspended" ? <SuspendedNotice cause={page.suspensionCause} /> : null}
      <p>
        <Link to={page.product.href}>← {t("productPage.certPage.back")}</Link>
      </p>
      <h1>{t("productPage.certPage.title", { product: page.product.name })}</h1>
      <p className="meta">{t("productPage.certPage.lead")}</p>
      {page.certificates.length === 0 ? <p>{t("productPage.certPage.none")}</p> : null}
      {page.certificates.map((c) => (
        <section key={c.anchor} id={c.anchor} className="card pp-cert" aria-labelledby={`${c.anchor}-title`}>
          <h2 id={`${c.anchor}-title`}>
            {t(`certificates.kinds.${c.kind}`)}
            {c.ocopStars ? (
              <span className="stars">
                {" "}
                {"★".repeat(c.ocopStars)} {t("certificates.stars", { stars: c.ocopStars })}
              </span>
            ) : null}
          </h2>
          <p>
            <span className={STATUS_CLASS[c.status]}>
              {t(`certificates.status.${c.status}`)}
              {c.status === "expiring" && c.daysLeft != null
                ? ` (${t("certificates.daysLeft", { count: c.daysLeft })})`
                : null}
            </span>
            {c.producerWide ? <span className="pill"> {t("certificates.producerWide")}</span> : null}
          </p>
          <dl className="pp-specs">
            {fact(t("productPage.certPage.number"), c.number)}
            {fact(
              t("productPage.certPage.issuer"),
              c.issuerLevel ? `${c.issuer} (${t(`certificates.levels.${c.issuerLevel}`)})` : c.issuer,
            )}
            {c.standard ? fact(t("productPage.certPage.standard"), c.standard) : null}
            {c.ocopGroup ? fact(t("productPage.certPage.group"), t(`products.groups.${c.ocopGroup}`)) : null}
            {fact(t("productPage.certPage.issuedOn"), formatVnDate(c.issuedOn))}
            {fact(
              t("productPage.certPage.expiresOn"),
              c.expiresOn ? formatVnDate(c.expiresOn) : t("productPage.certPage.noExpiry"),
            )}
            {c.revokedOn ? fact(t("productPage.certPage.revokedOn"), formatVnDate(c.revokedOn)) : null}
          </dl>
        </section>
      ))}
      <p className="meta">{t("productPage.certPage.scan")}</p>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  if (!page) return notFoundMeta(matches);
  const t = translator(metaLocale(matches));
  return [
    { title: t("productPage.certPage.metaTitle", { product: page.product.name }) },
    {
      name: "description",
      content: t("productPage.certPage.metaDescription", { product: page.product.name }),
    },
    { tagName: "link", rel: "canonical", href: page.canonical },
  ];
};

export const ErrorBoundary = RouteErrorBoundary;
