// /co-so/:slug: a producer's public page: who they are, where (commune and province, never the
// street), their tax code (public business information) and their listed products. No phone, bank
// account or representative: those are personal data (Law 91/2025). Unknown, or nothing listed:
// 404. Public, no JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CatalogueSearch } from "~/components/catalogue-search";
import { RouteErrorBoundary } from "~/components/error-page";
import { canonicalUrl, publicProducer } from "~/modules/catalogue/pages.server";
import { metaTranslator, pageMeta } from "~/modules/catalogue/page-meta";
import { catalogueHref, parseCatalogueQuery, SEARCH_PATH } from "~/modules/catalogue/search-params";
import { searchCatalogue } from "~/modules/catalogue/search.server";
import { photoUrl } from "~/modules/photos/urls";
import { pageCacheHeaders } from "~/utils/http-cache";

export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await publicProducer(params.slug);
  if (!found) throw new Response("Not found", { status: 404 });
  const { updatedAt, ...producer } = found;
  const url = new URL(request.url);
  // Only the order, the page and the filters that make sense within one producer.
  const { q: _q, province: _p, commune: _c, ...query } = parseCatalogueQuery(url.searchParams);
  const { lastModified, ...result } = await searchCatalogue(query, { producerId: producer.id });
  const path = `/co-so/${encodeURIComponent(producer.slug)}`;
  return data(
    {
      producer,
      path,
      query,
      result,
      head: {
        canonical: canonicalUrl(request, path),
        // Other orders, filters and later pages are variations of this page.
        noindex: [...url.searchParams.keys()].some((key) => key !== "lang"),
      },
    },
    {
      headers: pageCacheHeaders(request, {
        lastModified: updatedAt > lastModified ? updatedAt : lastModified,
      }),
    },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  if (!data) return [{ title: t("errors.notFoundTitle") }];
  const { producer } = data;
  const place = `${producer.commune.name}, ${producer.province.name}`;
  return pageMeta(
    t("catalogue.meta.producerTitle", { name: producer.name }),
    producer.description?.slice(0, 200) ||
      t("catalogue.meta.producerDescription", { name: producer.name, place, count: producer.listed }),
    data.head,
  );
};

export default function ProducerPage() {
  const { producer, path, query, result } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const commune = `${producer.commune.type.charAt(0).toUpperCase()}${producer.commune.type.slice(1)} ${producer.commune.name}`;
  return (
    <>
      <section className="cat-producer" aria-labelledby="cat-producer-name">
        {producer.logo ? (
          <picture>
            <source
              type="image/webp"
              srcSet={photoUrl(producer.logo.hash, producer.logo.width, "webp", producer.mediaBase)}
            />
            <img
              className="cat-producer-logo"
              src={photoUrl(producer.logo.hash, producer.logo.width, "jpg", producer.mediaBase)}
              alt=""
              width={96}
              height={96}
            />
          </picture>
        ) : null}
        <div>
          <p className="meta">{t(`producer.kinds.${producer.kind}`)}</p>
          <h1 id="cat-producer-name">{producer.name}</h1>
          <dl className="cat-producer-facts">
            <div>
              <dt>{t("catalogue.producer.location")}</dt>
              <dd>
                {commune}, {producer.province.name}
              </dd>
            </div>
            {producer.taxCode ? (
              <div>
                <dt>{t("catalogue.producer.taxCode")}</dt>
                <dd>{producer.taxCode}</dd>
              </div>
            ) : null}
          </dl>
          {producer.description ? <p className="prewrap">{producer.description}</p> : null}
          <p>
            <a href={catalogueHref(SEARCH_PATH, { province: producer.province.code, lang: query.lang })}>
              {t("catalogue.producer.searchHere")}
            </a>
          </p>
        </div>
      </section>
      <CatalogueSearch
        query={query}
        result={result}
        action={path}
        mediaBase={producer.mediaBase}
        heading={t("catalogue.producer.products")}
        headingLevel={2}
        searchBox={false}
        places={false}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
