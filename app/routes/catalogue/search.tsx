// /tim-kiem: the catalogue search. Public; every parameter that does not parse is dropped (never
// an error page); plain HTML without JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CatalogueSearch } from "~/components/catalogue-search";
import { RouteErrorBoundary } from "~/components/error-page";
import { canonicalUrl } from "~/modules/catalogue/pages.server";
import { metaTranslator, pageMeta } from "~/modules/catalogue/page-meta";
import { indexable, parseCatalogueQuery, SEARCH_PATH } from "~/modules/catalogue/search-params";
import { searchCatalogue, withConsistentPlace } from "~/modules/catalogue/search.server";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { pageCacheHeaders } from "~/utils/http-cache";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const query = await withConsistentPlace(parseCatalogueQuery(new URL(request.url).searchParams));
  const { lastModified, ...result } = await searchCatalogue(query);
  return data(
    {
      query,
      result,
      mediaBase: mediaBaseUrl(),
      head: {
        // Filters, order and pages are variations of the query's page (or of the catalogue's).
        canonical: canonicalUrl(request, SEARCH_PATH, { q: query.q }),
        noindex: !indexable(query, result.total),
      },
    },
    { headers: pageCacheHeaders(request, { lastModified }) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  if (!data) return [{ title: t("errors.notFoundTitle") }];
  const title = data.query.q
    ? t("catalogue.meta.queryTitle", { q: data.query.q })
    : t("catalogue.meta.searchTitle");
  return pageMeta(title, t("catalogue.meta.searchDescription"), data.head);
};

export default function SearchPage() {
  const { query, result, mediaBase } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <CatalogueSearch
      query={query}
      result={result}
      action={SEARCH_PATH}
      mediaBase={mediaBase}
      heading={query.q ? t("catalogue.resultsFor", { q: query.q }) : t("catalogue.title")}
    />
  );
}

export const ErrorBoundary = RouteErrorBoundary;
