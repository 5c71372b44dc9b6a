// The catalogue's result page, shared by /tim-kiem, /danh-muc/:group and /co-so/:slug: search box,
// filter panel, removable filter chips, the product grid and a "more" link (keyset cursor). One GET
// form holds everything, so the URL is the whole state and nothing needs JavaScript.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FilterPanel } from "~/components/catalogue-filters";
import { ProductCard } from "~/components/product-card";
import type { OcopGroup } from "~/generated/prisma/enums";
import { categoryPath } from "~/modules/catalogue/categories";
import type { CatalogueCard, Facets } from "~/modules/catalogue/search.server";
import {
  activeFilterCount,
  catalogueHref,
  type CatalogueQuery,
  SEARCH_PATH,
} from "~/modules/catalogue/search-params";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { formatVnd } from "~/utils/format";

export interface CatalogueResult {
  items: CatalogueCard[];
  next: string | null;
  total: number;
  facets: Facets | null;
  approximate: boolean;
}

export interface CatalogueSearchProps {
  query: CatalogueQuery;
  result: CatalogueResult;
  /** The page's path: the form's action and every link's base. */
  action: string;
  mediaBase: string;
  heading: ReactNode;
  /** 2 when the page has its own <h1> above (a producer's page). */
  headingLevel?: 1 | 2;
  lead?: ReactNode;
  fixedGroup?: OcopGroup;
  /** A search box above the results (not on a producer's page). */
  searchBox?: boolean;
  places?: boolean;
}

export function CatalogueSearch(props: CatalogueSearchProps) {
  const { query, result, action, fixedGroup } = props;
  const { t } = useTranslation();
  // Links keep the state, except a category page's group, which is its path.
  const state: CatalogueQuery = { ...query, group: fixedGroup ? undefined : query.group };
  const hasWords = !!query.q;
  const Heading = props.headingLevel === 2 ? "h2" : "h1";
  return (
    <form method="get" action={action} className="cat-page">
      <header className="cat-head">
        <Heading>{props.heading}</Heading>
        {props.lead ? <p className="cat-lead">{props.lead}</p> : null}
        {props.searchBox === false ? null : <SearchBox q={query.q} />}
        {query.lang ? <input type="hidden" name="lang" value={query.lang} /> : null}
      </header>
      <div className="cat-layout">
        {result.facets ? (
          <FilterPanel
            query={query}
            facets={result.facets}
            action={action}
            fixedGroup={fixedGroup}
            places={props.places}
            hasWords={hasWords}
          />
        ) : null}
        <section className="cat-results" aria-labelledby="cat-count">
          <p id="cat-count" className="cat-count" role="status">
            {t("catalogue.resultCount", { count: result.total })}
          </p>
          {result.approximate && result.items.length ? (
            <p className="notice cat-approx">{t("catalogue.approximate", { q: query.q })}</p>
          ) : null}
          <ActiveFilters query={state} action={action} facets={result.facets} />
          {result.items.length ? (
            <ul className="grid cat-grid">
              {result.items.map((product, i) => (
                <li key={product.id}>
                  <ProductCard product={product} eager={i < 2 && !query.after} mediaBase={props.mediaBase} />
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState query={state} action={action} />
          )}
          {result.next || query.after ? (
            <nav className="cat-pages" aria-label={t("catalogue.pagination")}>
              {query.after ? (
                <a href={catalogueHref(action, state, { after: undefined })}>{t("catalogue.firstPage")}</a>
              ) : null}
              {result.next ? (
                <a className="button" rel="next" href={catalogueHref(action, state, { after: result.next })}>
                  {t("catalogue.nextPage")}
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      </div>
    </form>
  );
}

export function SearchBox({ q, action }: { q?: string; action?: string }) {
  const { t } = useTranslation();
  const input = (
    <div className="cat-searchbox" role="search">
      <label htmlFor="cat-q" className="visually-hidden">
        {t("catalogue.searchLabel")}
      </label>
      <input
        id="cat-q"
        type="search"
        name="q"
        defaultValue={q ?? ""}
        placeholder={t("catalogue.searchPlaceholder")}
        maxLength={100}
        autoComplete="off"
        enterKeyHint="search"
      />
      <button type="submit" className="button">
        {t("catalogue.searchSubmit")}
      </button>
    </div>
  );
  // Inside the results page the box belongs to the page's form; elsewhere (home) it is its own.
  return action ? (
    <form method="get" action={action}>
      {input}
    </form>
  ) : (
    input
  );
}

function ActiveFilters({
  query,
  action,
  facets,
}: {
  query: CatalogueQuery;
  action: string;
  facets: Facets | null;
}) {
  const { t } = useTranslation();
  const chips: { key: string; label: string; href: string }[] = [];
  const without = (changes: Partial<Record<keyof CatalogueQuery, undefined>>) =>
    catalogueHref(action, query, { ...changes, after: undefined });
  if (query.province) {
    const label = facets?.province.find((p) => p.key === query.province)?.label ?? query.province;
    chips.push({ key: "province", label, href: without({ province: undefined, commune: undefined }) });
  }
  if (query.commune) {
    const label = facets?.commune.find((c) => c.key === query.commune)?.label ?? query.commune;
    chips.push({ key: "commune", label, href: without({ commune: undefined }) });
  }
  if (query.group)
    chips.push({
      key: "group",
      label: t(`products.groups.${query.group}`),
      href: without({ group: undefined }),
    });
  if (query.stars)
    chips.push({
      key: "stars",
      label:
        query.stars === 5 ? t("catalogue.fiveStars") : t("catalogue.starsAtLeast", { count: query.stars }),
      href: without({ stars: undefined }),
    });
  if (query.cert)
    chips.push({
      key: "cert",
      label: t(`certificates.kinds.${query.cert}`),
      href: without({ cert: undefined }),
    });
  if (query.min !== undefined || query.max !== undefined) {
    const label =
      query.min !== undefined && query.max !== undefined
        ? t("catalogue.priceRange", { min: formatVnd(query.min), max: formatVnd(query.max) })
        : query.min !== undefined
          ? t("catalogue.priceFrom", { min: formatVnd(query.min) })
          : t("catalogue.priceTo", { max: formatVnd(query.max!) });
    chips.push({ key: "price", label, href: without({ min: undefined, max: undefined }) });
  }
  if (query.stock)
    chips.push({ key: "stock", label: t("catalogue.inStockChip"), href: without({ stock: undefined }) });
  if (!chips.length) return null;
  return (
    <ul className="cat-chips">
      {chips.map((chip) => (
        <li key={chip.key}>
          <a href={chip.href} aria-label={t("catalogue.removeFilter", { filter: chip.label })}>
            {chip.label} <span aria-hidden="true">✕</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function EmptyState({ query, action }: { query: CatalogueQuery; action: string }) {
  const { t } = useTranslation();
  const filtered = activeFilterCount(query) > 0;
  return (
    <div className="cat-empty">
      <h2>{t("catalogue.emptyTitle")}</h2>
      <p>{t("catalogue.emptyHint")}</p>
      <ul>
        {filtered && query.q ? (
          <li>
            <a href={catalogueHref(SEARCH_PATH, { q: query.q, lang: query.lang })}>
              {t("catalogue.emptyWithoutFilters", { q: query.q })}
            </a>
          </li>
        ) : null}
        {filtered && query.q ? (
          <li>
            <a href={catalogueHref(action, query, { q: undefined, after: undefined })}>
              {t("catalogue.emptyWithoutQuery")}
            </a>
          </li>
        ) : null}
      </ul>
      <p>
        {t("catalogue.tryThese")}{" "}
        {t("catalogue.suggestions")
          .split("|")
          .map((s, i) => (
            <span key={s}>
              {i ? ", " : null}
              <a href={catalogueHref(SEARCH_PATH, { q: s, lang: query.lang })}>{s}</a>
            </span>
          ))}
      </p>
      <h3>{t("catalogue.browseGroups")}</h3>
      <ul className="cat-group-links">
        {OCOP_GROUPS.map((g) => (
          <li key={g}>
            <a href={categoryPath(g) + (query.lang ? `?lang=${query.lang}` : "")}>
              {t(`products.groups.${g}`)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
