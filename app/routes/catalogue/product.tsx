// The public product page: /san-pham/{slug}[?lang=en]. A listed product, or a suspended one (still
// shown, not for sale, saying why). Plain HTML, no JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { CertificateBadges } from "~/components/product-badges";
import { ProductCard } from "~/components/product-card";
import { ProductGallery } from "~/components/product-gallery";
import { ProducerCard } from "~/components/product-producer";
import { ProductSpecs } from "~/components/product-specs";
import { ChainCheck, notFoundMeta, SuspendedNotice, TraceTimeline } from "~/components/trace-view";
import { certificatesPath } from "~/modules/catalogue/product-links";
import { loadProductPage } from "~/modules/catalogue/product-page.server";
import { formatVnd } from "~/utils/format";
import { pageCacheHeaders } from "~/utils/http-cache";

export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadProductPage(request, params.slug);
  return data(page, { headers: pageCacheHeaders(request, { lastModified: page.lastModified }) });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function ProductPage() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { product, trace } = page;
  const stock = page.availability === "suspended" ? "unavailable" : product.inStock ? "in" : ("out" as const);
  return (
    <article className="pp">
      {page.availability === "suspended" ? (
        <SuspendedNotice cause={page.suspensionCause} lead={t("productPage.unavailableLead")} />
      ) : null}
      <div className="pp-top">
        <ProductGallery photos={product.photos} name={product.name} mediaBase={page.mediaBase} />
        <div className="pp-summary">
          <p className="meta">{t(`products.groups.${product.ocopGroup}`)}</p>
          <h1>{product.name}</h1>
          {page.ocopStars ? (
            <p className="stars pp-stars">
              {"★".repeat(page.ocopStars)} {t("stars", { count: page.ocopStars })}
            </p>
          ) : null}
          <p className="pp-price">
            {formatVnd(product.priceVnd)}{" "}
            <span className="meta">{t("productPage.perUnit", { unit: product.unit })}</span>
          </p>
          <p className={`pp-stock pp-stock-${stock}`}>
            {t(`productPage.stock.${stock}`)}
            {stock === "in" && product.minOrder > 1
              ? ` · ${t("productPage.minOrder", { count: product.minOrder })}`
              : null}
          </p>
          {page.purchasable ? (
            <form method="post" action="/gio-hang" className="inline-form pp-buy">
              <input type="hidden" name="intent" value="add" />
              <input type="hidden" name="productId" value={product.id} />
              <input type="hidden" name="back" value="/gio-hang" />
              <label htmlFor="pp-qty" className="sr-only">
                {t("cart.quantity")}
              </label>
              <input
                id="pp-qty"
                name="quantity"
                type="number"
                inputMode="numeric"
                min={product.minOrder}
                max={999}
                defaultValue={product.minOrder}
                className="qty"
              />
              <button type="submit" className="primary">
                {t("cart.add")}
              </button>
            </form>
          ) : null}
          <h2 className="pp-label">{t("productPage.certificates")}</h2>
          <CertificateBadges badges={page.badges} />
          <p>
            <Link to={certificatesPath(product.slug)}>{t("productPage.allCertificates")}</Link>
          </p>
          <ProducerCard producer={page.producer} />
        </div>
      </div>

      {product.description ? (
        <section aria-labelledby="pp-description">
          <h2 id="pp-description">{t("productPage.description")}</h2>
          <p className="prewrap">{product.description}</p>
        </section>
      ) : null}

      <ProductSpecs product={product} />

      <section aria-labelledby="pp-trace" id="nguon-goc">
        <h2 id="pp-trace">{t("productPage.trace")}</h2>
        {trace ? (
          <>
            <p>
              {trace.harvestedOn
                ? t("productPage.traceLead", { lot: trace.lotNumber, harvest: trace.harvestedOn })
                : t("productPage.traceLeadNoHarvest", { lot: trace.lotNumber })}
            </p>
            <TraceTimeline events={trace.events} mediaBase={page.mediaBase} />
            <ChainCheck chain={trace.chain} heading="h3" />
            <p>
              <a href={trace.href} className="button secondary">
                {t("productPage.traceOpen", { lot: trace.lotNumber })}
              </a>
            </p>
          </>
        ) : (
          <p>{t("productPage.noBatch")}</p>
        )}
      </section>

      {page.related.length ? (
        <section aria-labelledby="pp-related">
          <h2 id="pp-related">{t("productPage.related")}</h2>
          <ul className="grid">
            {page.related.map((p) => (
              <li key={p.id}>
                <ProductCard product={p} mediaBase={page.mediaBase} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  if (!page) return notFoundMeta(matches);
  const { seo } = page;
  return [
    { title: seo.title },
    { name: "description", content: seo.description },
    { tagName: "link", rel: "canonical", href: seo.canonical },
    ...seo.alternates.map((a) => ({ tagName: "link", rel: "alternate", hrefLang: a.hreflang, href: a.href })),
    { property: "og:type", content: "product" },
    { property: "og:site_name", content: seo.siteName },
    { property: "og:title", content: page.product.name },
    { property: "og:description", content: seo.description },
    { property: "og:url", content: seo.canonical },
    { property: "og:image", content: seo.ogImage },
    { property: "og:image:alt", content: page.product.name },
    { property: "og:locale", content: seo.ogLocale },
    { property: "product:price:amount", content: seo.priceAmount },
    { property: "product:price:currency", content: "VND" },
    { name: "twitter:card", content: "summary_large_image" },
    { "script:ld+json": seo.jsonLd },
  ];
};

export const ErrorBoundary = RouteErrorBoundary;
