// The home page: a search box, featured OCOP products (most stars first), and the catalogue by
// province and by product group, with counts. Public, no JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SearchBox } from "~/components/catalogue-search";
import { RouteErrorBoundary } from "~/components/error-page";
import { ProductCard } from "~/components/product-card";
import { categoryPath } from "~/modules/catalogue/categories";
import { canonicalUrl, homeCatalogue } from "~/modules/catalogue/pages.server";
import { metaTranslator, pageMeta } from "~/modules/catalogue/page-meta";
import { catalogueHref, SEARCH_PATH } from "~/modules/catalogue/search-params";
import { pageCacheHeaders } from "~/utils/http-cache";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { lastModified, ...home } = await homeCatalogue();
  const asked = new URL(request.url).searchParams.get("lang");
  const lang: "vi" | "en" | undefined = asked === "en" || asked === "vi" ? asked : undefined;
  return data(
    {
      ...home,
      lang,
      head: { canonical: canonicalUrl(request, "/"), noindex: false },
    },
    { headers: pageCacheHeaders(request, { lastModified }) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  const title = `${t("app.name")} · ${t("app.tagline")}`;
  return data ? pageMeta(title, t("home.lead"), data.head) : [{ title }];
};

export default function Home() {
  const { featured, total, provinces, groups, mediaBase, lang } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const withLang = (path: string) => (lang ? `${path}?lang=${lang}` : path);
  return (
    <>
      <section className="hero cat-hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.lead")}</p>
        <SearchBox action={SEARCH_PATH} />
      </section>

      {groups.length ? (
        <section aria-labelledby="cat-by-group">
          <h2 id="cat-by-group">{t("catalogue.home.byGroup")}</h2>
          <ul className="cat-browse">
            {groups.map((g) => (
              <li key={g.key}>
                <a href={withLang(categoryPath(g.key))}>
                  <span>{t(`products.groups.${g.key}`)}</span>
                  <span className="cat-browse-count">{g.count.toLocaleString("vi-VN")}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t("home.featured")}</h2>
      <p className="meta">
        {t("home.productCount", { count: total })} ·{" "}
        <a href={withLang(SEARCH_PATH)}>{t("catalogue.home.seeAll")}</a>
      </p>
      {featured.length ? (
        <ul className="grid">
          {featured.map((product, i) => (
            <li key={product.id}>
              <ProductCard product={product} eager={i < 2} mediaBase={mediaBase} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("home.empty")}</p>
      )}

      {provinces.length ? (
        <section aria-labelledby="cat-by-province">
          <h2 id="cat-by-province">{t("catalogue.home.byProvince")}</h2>
          <ul className="cat-browse">
            {provinces.map((p) => (
              <li key={p.key}>
                <a href={catalogueHref(SEARCH_PATH, { province: p.key, lang })}>
                  <span>{p.label}</span>
                  <span className="cat-browse-count">{p.count.toLocaleString("vi-VN")}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
