// /danh-muc/:group: the search page narrowed to one OCOP group, named by its Vietnamese slug
// (categories.ts); an unknown slug is a 404. Public, no JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CatalogueSearch } from "~/components/catalogue-search";
import { RouteErrorBoundary } from "~/components/error-page";
import { categoryPath, groupOfSlug } from "~/modules/catalogue/categories";
import { canonicalUrl } from "~/modules/catalogue/pages.server";
import { metaTranslator, pageMeta } from "~/modules/catalogue/page-meta";
import { indexable, parseCatalogueQuery } from "~/modules/catalogue/search-params";
import { searchCatalogue, withConsistentPlace } from "~/modules/catalogue/search.server";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { pageCacheHeaders } from "~/utils/http-cache";

export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const group = groupOfSlug(params.group);
  if (!group) throw new Response("Not found", { status: 404 });
  const parsed = parseCatalogueQuery(new URL(request.url).searchParams);
  // The path names the group: a `group` parameter cannot override it.
  const query = await withConsistentPlace({ ...parsed, group });
  const { lastModified, ...result } = await searchCatalogue(query);
  const path = categoryPath(group);
  return data(
    {
      group,
      path,
      query,
      result,
      mediaBase: mediaBaseUrl(),
      head: {
        canonical: canonicalUrl(request, path),
        noindex: !indexable(query, result.total, 1) || !!query.q,
      },
    },
    { headers: pageCacheHeaders(request, { lastModified }) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaTranslator(matches);
  if (!data) return [{ title: t("errors.notFoundTitle") }];
  const group = t(`products.groups.${data.group}`);
  return pageMeta(
    t("catalogue.meta.categoryTitle", { group }),
    t("catalogue.meta.categoryDescription", { group, count: data.result.total }),
    data.head,
  );
};

export default function CategoryPage() {
  const { group, path, query, result, mediaBase } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const name = t(`products.groups.${group}`);
  return (
    <CatalogueSearch
      query={query}
      result={result}
      action={path}
      mediaBase={mediaBase}
      fixedGroup={group}
      heading={query.q ? `${name}: ${t("catalogue.resultsFor", { q: query.q })}` : name}
      lead={t("catalogue.category.lead", { group: name.toLocaleLowerCase("vi") })}
    />
  );
}

export const ErrorBoundary = RouteErrorBoundary;
