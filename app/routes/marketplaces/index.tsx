// /operator/marketplaces: the channels and what they hold, the downloads and the Google feed's
// secret URLs, the product chooser, "Kiểm tra" (every problem of every chosen product on every
// chosen channel) and "Đẩy lên sàn" (queues the valid ones on API channels), and the latest pushes.
// Plain forms: works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { publicOrigin } from "~/modules/batches/batches.server";
import { productPath } from "~/modules/catalogue/product-links";
import {
  CHANNEL_IDS,
  MAX_SELECTED,
  MAX_TABLE_ROWS,
  type ExportFile,
} from "~/modules/marketplaces/marketplace-views";
import {
  channelOverview,
  MarketplaceInputError,
  previewPush,
  productChoices,
  pushHistory,
  startPush,
  type PushScope,
} from "~/modules/marketplaces/operator.server";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { useLang } from "~/utils/use-lang";

export const handle = { hydrate: false };

const PROVINCE = z.string().regex(/^\d{2}$/);

// Unknown or malformed filters fall back to "no filter": a shared URL never errors.
const FiltersSchema = z.object({
  province: PROVINCE.optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  after: z.uuid().optional().catch(undefined),
});

const CHANNEL_FILES: Record<string, ExportFile[]> = {
  google: ["google.xml", "google.tsv"],
  postmart: ["postmart.xlsx"],
  voso: ["voso.xlsx"],
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR");
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, value]) => value !== ""),
  );
  const filters = FiltersSchema.parse(params);
  const [channels, choices, history] = await Promise.all([
    channelOverview(publicOrigin(request)),
    productChoices({ provinceCode: filters.province, q: filters.q, cursor: filters.after }),
    pushHistory(),
  ]);
  return data({ channels, choices, history, filters }, { headers: { "Cache-Control": "private, no-store" } });
}

const PushForm = z
  .object({
    intent: z.enum(["preview", "push"]),
    scope: z.enum(["products", "province"]),
    channel: z.array(z.enum(CHANNEL_IDS)).min(1, "noChannel"),
    product: z.array(z.uuid()).max(MAX_SELECTED, "tooMany"),
    province: PROVINCE.optional(),
  })
  .superRefine((form, ctx) => {
    if (form.scope === "products" && form.product.length === 0)
      ctx.addIssue({ code: "custom", path: ["product"], message: "noProducts" });
    if (form.scope === "province" && !form.province)
      ctx.addIssue({ code: "custom", path: ["province"], message: "noProvince" });
  });

const FORM_ERRORS = new Set(["noChannel", "tooMany", "noProducts", "noProvince"]);

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR");
  const { t } = await getT(request);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const fields = {
    intent: text("intent"),
    scope: text("scope") ?? "products",
    channel: form.getAll("channel"),
    product: form.getAll("product"),
    province: text("province"),
  };
  const submitted = {
    channels: fields.channel.filter((v): v is string => typeof v === "string"),
    products: fields.product.filter((v): v is string => typeof v === "string"),
    scope: fields.scope,
  };
  const parsed = PushForm.safeParse(fields);
  if (!parsed.success) {
    const key = parsed.error.issues.map((i) => i.message).find((m) => FORM_ERRORS.has(m)) ?? "form";
    return data(
      { error: t(`marketplaces.errors.${key}`, { max: MAX_SELECTED }), preview: null, submitted },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const scope: PushScope =
    input.scope === "province"
      ? { kind: "province", provinceCode: input.province! }
      : { kind: "products", productIds: [...new Set(input.product)] };
  if (input.intent === "preview") {
    const preview = await previewPush({ channelIds: input.channel, scope });
    return data({ error: null, preview, submitted }, { headers: { "Cache-Control": "private, no-store" } });
  }
  try {
    const push = await startPush(operator, { channelIds: input.channel, scope });
    const cookie = await setFlash(request, {
      kind: "success",
      message: t("marketplaces.push.started", push),
    });
    return redirect(`/operator/marketplaces/pushes/${push.pushId}`, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (!(error instanceof MarketplaceInputError)) throw error;
    return data(
      { error: t(`marketplaces.errors.${error.key}`), preview: null, submitted },
      { status: error.key === "channelDisabled" ? 409 : 400 },
    );
  }
}

export const meta: MetaFunction = () => [{ title: "Đồng bộ sàn TMĐT · Vận hành · Cổng OCOP" }];

export default function Marketplaces() {
  const { channels, choices, history, filters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const chosenChannels = result?.submitted.channels ?? ["market-api"];
  const chosenProducts = new Set(result?.submitted.products ?? []);
  const province = choices.provinces.find((p) => p.code === filters.province);
  const scope = result?.submitted.scope ?? (province ? "province" : "products");
  const nextParams = new URLSearchParams(
    Object.entries({ ...filters, after: choices.next ?? "" }).flatMap(([k, v]) =>
      v === undefined || v === "" ? [] : [[k, String(v)]],
    ),
  );
  const preview = result?.preview;
  return (
    <>
      <p>
        <Link to="/operator">← {t("nav.operator")}</Link>
      </p>
      <h1>{t("marketplaces.title")}</h1>
      <p>{t("marketplaces.lead")}</p>

      <section aria-labelledby="mk-channels">
        <h2 id="mk-channels">{t("marketplaces.channels.title")}</h2>
        <div className="mk-channels">
          {channels.map((c) => (
            <article key={c.id} className="card mk-channel">
              <h3>{c.name}</h3>
              <p className="meta">
                {t(`marketplaces.channels.kinds.${c.kind}`, { defaultValue: c.kind })}
                {c.enabled ? "" : ` · ${t("marketplaces.channels.disabled")}`}
              </p>
              {c.configured ? null : <p className="notice">{t("marketplaces.channels.notConfigured")}</p>}
              {Object.keys(c.counts).length === 0 ? (
                <p className="meta">{t("marketplaces.channels.noListings")}</p>
              ) : (
                <ul className="mk-counts">
                  {Object.entries(c.counts).map(([state, n]) => (
                    <li key={state}>
                      <span className={`pill mk-state-${state.toLowerCase()}`}>
                        {t(`marketplaces.states.${state}`, { defaultValue: state })}
                      </span>{" "}
                      <strong>{n}</strong>
                    </li>
                  ))}
                </ul>
              )}
              {c.feeds ? (
                <div className="mk-feeds">
                  <p>{t("marketplaces.channels.feedUrls")}</p>
                  <label>
                    {t("marketplaces.channels.feedRss")}
                    <input readOnly value={c.feeds.xml} className="mk-url" />
                  </label>
                  <label>
                    {t("marketplaces.channels.feedTsv")}
                    <input readOnly value={c.feeds.tsv} className="mk-url" />
                  </label>
                </div>
              ) : null}
              {c.kind === "spreadsheet" ? (
                <p className="meta">{t("marketplaces.channels.fileNote")}</p>
              ) : null}
              {CHANNEL_FILES[c.id] ? (
                <p>
                  {CHANNEL_FILES[c.id]!.map((file) => (
                    <a
                      key={file}
                      href={`/operator/marketplaces/export/${file}`}
                      className="button mk-download"
                    >
                      {t("marketplaces.channels.downloads")}: {t(`marketplaces.files.${file}`)}
                    </a>
                  ))}
                </p>
              ) : null}
            </article>
          ))}
        </div>
        <p>
          <a href="/operator/marketplaces/export/epcis.json" className="button mk-download">
            {t("marketplaces.channels.downloads")}: {t("marketplaces.files.epcis.json")}
          </a>
        </p>
      </section>

      <section aria-labelledby="mk-chooser">
        <h2 id="mk-chooser">{t("marketplaces.chooser.title")}</h2>
        <Form method="get" className="filters">
          <fieldset>
            <legend>{t("marketplaces.chooser.filterLegend")}</legend>
            <label>
              {t("marketplaces.chooser.province")}
              <select name="province" defaultValue={filters.province ?? ""}>
                <option value="">{t("marketplaces.chooser.anyProvince")}</option>
                {choices.provinces.map((p) => (
                  <option key={p.code} value={p.code}>
                    {t("marketplaces.chooser.provinceOption", { name: p.name, count: p.count })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("marketplaces.chooser.q")}
              <input name="q" type="search" defaultValue={filters.q ?? ""} maxLength={100} />
            </label>
            <div className="actions">
              <button type="submit" className="button">
                {t("marketplaces.chooser.apply")}
              </button>
              <Link to="/operator/marketplaces">{t("marketplaces.chooser.reset")}</Link>
            </div>
          </fieldset>
        </Form>

        <Form method="post">
          {filters.province ? <input type="hidden" name="province" value={filters.province} /> : null}
          <fieldset>
            <legend>{t("marketplaces.chooser.scopeLegend")}</legend>
            {province ? (
              <label className="mk-choice">
                <input type="radio" name="scope" value="province" defaultChecked={scope === "province"} />{" "}
                {t("marketplaces.chooser.scopeProvince", { province: province.name })}
              </label>
            ) : null}
            <label className="mk-choice">
              <input type="radio" name="scope" value="products" defaultChecked={scope !== "province"} />{" "}
              {t("marketplaces.chooser.scopeProducts")}
            </label>
          </fieldset>
          <p className="meta" role="status">
            {t("marketplaces.chooser.count", { count: choices.total })}
          </p>
          {choices.items.length === 0 ? (
            <p className="notice">{t("marketplaces.chooser.empty")}</p>
          ) : (
            <table className="table mk-table">
              <thead>
                <tr>
                  <th>{t("marketplaces.chooser.pick")}</th>
                  <th>{t("marketplaces.chooser.product")}</th>
                  <th>{t("marketplaces.chooser.producer")}</th>
                  <th>{t("marketplaces.chooser.province")}</th>
                  <th>{t("marketplaces.chooser.stars")}</th>
                </tr>
              </thead>
              <tbody>
                {choices.items.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="product"
                        value={p.id}
                        id={`pick-${p.id}`}
                        defaultChecked={chosenProducts.has(p.id)}
                      />
                    </td>
                    <td>
                      <label htmlFor={`pick-${p.id}`}>{p.name}</label>
                    </td>
                    <td>{p.producer}</td>
                    <td>{p.province}</td>
                    <td>{p.stars ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {choices.next ? (
            <p>
              <Link to={`?${nextParams}`}>{t("marketplaces.chooser.next")}</Link>
            </p>
          ) : null}
          <fieldset>
            <legend>{t("marketplaces.chooser.channelsLegend")}</legend>
            {channels.map((c) => (
              <label key={c.id} className="mk-choice">
                <input
                  type="checkbox"
                  name="channel"
                  value={c.id}
                  defaultChecked={chosenChannels.includes(c.id)}
                />{" "}
                {c.name}{" "}
                <span className="meta">
                  ({t(`marketplaces.channels.kinds.${c.kind}`, { defaultValue: c.kind })})
                </span>
              </label>
            ))}
          </fieldset>
          <p className="meta">{t("marketplaces.chooser.pushNote")}</p>
          {result?.error ? (
            <p className="form-error" role="alert">
              {result.error}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" name="intent" value="preview" className="button secondary">
              {t("marketplaces.chooser.preview")}
            </button>
            <button type="submit" name="intent" value="push" className="button">
              {t("marketplaces.chooser.push")}
            </button>
          </div>
        </Form>
      </section>

      {preview ? (
        <section aria-labelledby="mk-preview">
          <h2 id="mk-preview">{t("marketplaces.preview.title")}</h2>
          <p role="status">
            {t("marketplaces.preview.summary", { products: preview.products, pushable: preview.pushable })}
          </p>
          <ul>
            {preview.channelIds.map((id) =>
              preview.totals[id] ? (
                <li key={id}>
                  {t("marketplaces.preview.channelTotals", {
                    channel: names.get(id) ?? id,
                    ...preview.totals[id],
                  })}
                </li>
              ) : (
                <li key={id} className="notice">
                  {t("marketplaces.preview.unavailable", { channel: names.get(id) ?? id })}
                </li>
              ),
            )}
          </ul>
          <table className="table mk-table">
            <thead>
              <tr>
                <th>{t("marketplaces.chooser.product")}</th>
                {preview.channelIds.map((id) => (
                  <th key={id}>{names.get(id) ?? id}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.productId}>
                  <td>
                    <a href={productPath(row.slug)}>{row.name}</a>
                  </td>
                  {preview.channelIds.map((id) => {
                    const problems = row.problems[id];
                    return (
                      <td key={id}>
                        {problems === undefined ? (
                          "—"
                        ) : problems.length === 0 ? (
                          <span className="mk-ok">{t("marketplaces.preview.ok")}</span>
                        ) : (
                          <ul className="mk-problems">
                            {problems.map((p, i) => (
                              <li key={i}>{p}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.truncated ? (
            <p className="meta">{t("marketplaces.preview.truncated", { count: MAX_TABLE_ROWS })}</p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="mk-history">
        <h2 id="mk-history">{t("marketplaces.history.title")}</h2>
        {history.length === 0 ? (
          <p className="meta">{t("marketplaces.history.empty")}</p>
        ) : (
          <ul>
            {history.map((h) => (
              <li key={h.id}>
                <Link to={`/operator/marketplaces/pushes/${h.id}`}>
                  {t("marketplaces.history.line", { ...h, time: formatDateTime(h.createdAt, lang) })}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
