// The filter panel of the catalogue pages: one GET form, facet counts beside every option. On a
// phone it folds into a <details> ("Bộ lọc"); on a wide screen it is an open sidebar (app.css).
// No JavaScript: choosing options and pressing "Áp dụng" submits the form.
import { useTranslation } from "react-i18next";
import type { OcopGroup } from "~/generated/prisma/enums";
import type { Facets } from "~/modules/catalogue/search.server";
import {
  activeFilterCount,
  catalogueHref,
  type CatalogueQuery,
  SORTS,
} from "~/modules/catalogue/search-params";

export interface FilterPanelProps {
  query: CatalogueQuery;
  facets: Facets;
  /** Where the form goes (/tim-kiem, /danh-muc/…, /co-so/…). */
  action: string;
  /** The category page's own group: not offered as a filter. */
  fixedGroup?: OcopGroup;
  /** Offer the place filters (not on a producer's page: it has one place). */
  places?: boolean;
  /** Offer relevance order (only with words). */
  hasWords: boolean;
}

const count = (n: number) => ` (${n.toLocaleString("vi-VN")})`;

export function FilterPanel({
  query,
  facets,
  action,
  fixedGroup,
  places = true,
  hasWords,
}: FilterPanelProps) {
  const { t } = useTranslation();
  const active = activeFilterCount({ ...query, group: fixedGroup ? undefined : query.group });
  const provinces = facets.province.filter((p) => p.count > 0 || p.key === query.province);
  const clear = catalogueHref(action, { q: query.q, sort: query.sort, lang: query.lang });
  return (
    <details className="cat-filters">
      <summary>{active ? t("catalogue.filtersActive", { count: active }) : t("catalogue.filters")}</summary>
      <div className="cat-filters-body">
        <label className="cat-field">
          <span>{t("catalogue.sort")}</span>
          {/* Without words "relevance" is the stars order: one option, under the stars' name. */}
          <select name="sort" defaultValue={hasWords || query.sort !== "stars" ? query.sort : "relevance"}>
            {SORTS.filter((s) => hasWords || s !== "stars").map((s) => (
              <option key={s} value={s}>
                {t(`catalogue.sorts.${s === "relevance" && !hasWords ? "stars" : s}`)}
              </option>
            ))}
          </select>
        </label>

        {places ? (
          <>
            <label className="cat-field">
              <span>{t("catalogue.province")}</span>
              <select name="province" defaultValue={query.province ?? ""}>
                <option value="">{t("catalogue.anyProvince")}</option>
                {provinces.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.label}
                    {count(p.count)}
                  </option>
                ))}
              </select>
            </label>
            {query.province && facets.commune.length ? (
              <label className="cat-field">
                <span>{t("catalogue.commune")}</span>
                <select name="commune" defaultValue={query.commune ?? ""}>
                  <option value="">{t("catalogue.anyCommune")}</option>
                  {facets.commune.map((c) => (
                    <option key={c.key} value={c.key}>
                      {c.label}
                      {count(c.count)}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </>
        ) : null}

        {fixedGroup ? null : (
          <fieldset className="cat-choices">
            <legend>{t("catalogue.group")}</legend>
            <Choice name="group" value="" checked={!query.group} label={t("catalogue.anyGroup")} />
            {facets.group
              .filter((g) => g.count > 0 || g.key === query.group)
              .map((g) => (
                <Choice
                  key={g.key}
                  name="group"
                  value={g.key}
                  checked={query.group === g.key}
                  label={t(`products.groups.${g.key}`)}
                  count={g.count}
                />
              ))}
          </fieldset>
        )}

        <fieldset className="cat-choices">
          <legend>{t("catalogue.stars")}</legend>
          <Choice name="stars" value="" checked={!query.stars} label={t("catalogue.anyStars")} />
          {facets.stars.map((s) => (
            <Choice
              key={s.key}
              name="stars"
              value={s.key}
              checked={String(query.stars) === s.key}
              label={
                s.key === "5"
                  ? t("catalogue.fiveStars")
                  : t("catalogue.starsAtLeast", { count: Number(s.key) })
              }
              count={s.count}
            />
          ))}
        </fieldset>

        <fieldset className="cat-choices">
          <legend>{t("catalogue.cert")}</legend>
          <Choice name="cert" value="" checked={!query.cert} label={t("catalogue.anyCert")} />
          {facets.cert
            .filter((c) => c.count > 0 || c.key === query.cert)
            .map((c) => (
              <Choice
                key={c.key}
                name="cert"
                value={c.key}
                checked={query.cert === c.key}
                label={t(`certificates.kinds.${c.key}`)}
                count={c.count}
              />
            ))}
        </fieldset>

        <fieldset className="cat-price">
          <legend>{t("catalogue.price")}</legend>
          <label>
            <span>{t("catalogue.priceMin")}</span>
            <input
              type="text"
              inputMode="numeric"
              name="min"
              defaultValue={query.min ?? ""}
              autoComplete="off"
            />
          </label>
          <label>
            <span>{t("catalogue.priceMax")}</span>
            <input
              type="text"
              inputMode="numeric"
              name="max"
              defaultValue={query.max ?? ""}
              autoComplete="off"
            />
          </label>
        </fieldset>

        <label className="cat-check">
          <input type="checkbox" name="stock" value="1" defaultChecked={!!query.stock} />
          <span>
            {t("catalogue.inStock")}
            <span className="cat-count-inline">{count(facets.inStock)}</span>
          </span>
        </label>

        <div className="cat-filters-actions">
          <button type="submit" className="button">
            {t("catalogue.apply")}
          </button>
          {active ? <a href={clear}>{t("catalogue.clearFilters")}</a> : null}
        </div>
      </div>
    </details>
  );
}

function Choice({
  name,
  value,
  checked,
  label,
  count: n,
}: {
  name: string;
  value: string;
  checked: boolean;
  label: string;
  count?: number;
}) {
  return (
    <label className="cat-choice">
      <input type="radio" name={name} value={value} defaultChecked={checked} />
      <span>
        {label}
        {n === undefined ? null : <span className="cat-count-inline">{count(n)}</span>}
      </span>
    </label>
  );
}
