// The public batch page shared by both trace routes (Digital Link and /t/ fallback), and its parts
// the product page reuses (timeline, hash-chain check, unavailable notice). Plain HTML, no
// client-side behaviour: it is opened from a QR code on a cheap phone over a slow connection.
import type { MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Photo } from "~/components/photo";
import type { SuspensionCause } from "~/generated/prisma/enums";
import type { ChainView, TraceEvent, TraceView } from "~/modules/batches/trace.server";
import { photoUrl } from "~/modules/photos/urls";
import { diaryKindLabel } from "~/modules/traceability/diary";
import { isLocale, translator, type Locale } from "~/utils/i18n";
import { useLang } from "~/utils/use-lang";

const SIZES = "(min-width: 48rem) 40rem, 100vw";
const GENESIS = /^0{64}$/;

/** "Temporarily unavailable", and why (an expired or revoked certificate, an official's decision). */
export function SuspendedNotice({ cause, lead }: { cause: SuspensionCause | null; lead?: string }) {
  const { t } = useTranslation();
  return (
    <div className="warning" role="status">
      <p className="trace-unavailable">
        <strong>{t("batches.trace.suspended")}</strong>{" "}
        {cause ? t(`batches.trace.suspendedCauses.${cause}`) : null}
      </p>
      {lead ? <p className="trace-unavailable">{lead}</p> : null}
    </div>
  );
}

/** The visible verification of the diary's hash chain, with every link for whoever wants to look. */
export function ChainCheck({ chain, heading: Heading = "h2" }: { chain: ChainView; heading?: "h2" | "h3" }) {
  const { t } = useTranslation();
  const lang = useLang();
  const label = (l: ChainView["links"][number]) =>
    l.kind === "CORRECTION"
      ? t("batches.trace.chainCorrection", { seq: l.correctsSeq })
      : diaryKindLabel(l.kind, lang);
  return (
    <section className={`trace-chain ${chain.ok ? "ok" : "broken"}`} aria-labelledby="trace-chain">
      <Heading id="trace-chain">{t("batches.trace.chainTitle")}</Heading>
      {chain.count === 0 ? (
        <p>{t("batches.chain.empty")}</p>
      ) : chain.ok ? (
        <>
          <p className="trace-verdict">✓ {t("batches.trace.chainOk")}</p>
          <p>{t("batches.trace.chainChecked", { count: chain.count })}</p>
        </>
      ) : (
        <>
          <p className="trace-verdict">✗ {t("batches.trace.chainBroken")}</p>
          <p>
            {t("batches.trace.chainBrokenAt", {
              seq: chain.brokenAt,
              reason: t(`batches.chain.reasons.${chain.reason ?? "content-changed"}`),
            })}
          </p>
        </>
      )}
      {chain.count > 0 ? (
        <details>
          <summary>{t("batches.trace.chainDetails")}</summary>
          <p>{t("batches.trace.chainHow")}</p>
          <ol className="trace-links-list">
            {chain.links.map((l) => (
              <li key={l.seq}>
                #{l.seq} {label(l)}: <code title={l.hash}>{l.hash.slice(0, 12)}</code> ←{" "}
                {GENESIS.test(l.prevHash) ? (
                  t("batches.trace.chainStart")
                ) : (
                  <code title={l.prevHash}>{l.prevHash.slice(0, 12)}</code>
                )}
              </li>
            ))}
          </ol>
          {chain.head ? (
            <p>
              {t("batches.trace.chainHead")}: <code className="trace-hash">{chain.head}</code>
            </p>
          ) : null}
        </details>
      ) : null}
    </section>
  );
}

/** The diary's public events in order (corrections shown as the corrected values). */
export function TraceTimeline({ events, mediaBase }: { events: readonly TraceEvent[]; mediaBase?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (events.length === 0) return <p>{t("batches.trace.noEvents")}</p>;
  return (
    <ol className="trace-timeline">
      {events.map((e) => (
        <li key={e.seq}>
          <p className="meta">
            {e.date} · #{e.seq}
            {e.corrected ? ` · ${t("batches.trace.corrected")}` : null}
          </p>
          <p>
            <strong>{diaryKindLabel(e.kind, lang)}</strong>
            {e.quantity != null ? ` · ${e.quantity.toLocaleString("vi-VN")} ${e.uom ?? ""}` : null}
            {e.chemical || e.phiDays != null
              ? ` · ${t("batches.diary.chemical", { chemical: e.chemical ?? "—", days: e.phiDays ?? "—" })}`
              : null}
          </p>
          {e.photoHash ? (
            <img
              className="diary-photo"
              src={photoUrl(e.photoHash, 320, "webp", mediaBase)}
              alt={t("batches.diary.photoAlt", { seq: e.seq })}
              width={160}
              height={120}
              loading="lazy"
              decoding="async"
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function TracePage({ trace }: { trace: TraceView }) {
  const { t } = useTranslation();
  const { product, producer, batch, certificates, mediaBase, links } = trace;
  const fact = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <article className="trace">
      {trace.visibility === "suspended" ? <SuspendedNotice cause={trace.suspensionCause} /> : null}
      {trace.visibility === "preview" ? <p className="notice">{t("batches.trace.preview")}</p> : null}
      <p className="meta">{t("batches.trace.title")}</p>
      <h1>{product.name}</h1>
      {product.cover ? (
        <div className="trace-cover">
          <Photo
            photo={product.cover}
            sizes={SIZES}
            alt={product.name}
            fallbackWidth={640}
            eager={true}
            mediaBase={mediaBase}
          />
        </div>
      ) : null}
      <dl className="trace-facts">
        {fact(
          t("batches.trace.producer"),
          <>
            {producer.name}
            <br />
            {producer.place}
          </>,
        )}
        {fact(t("batches.trace.lot"), batch.lotNumber)}
        {batch.producedOn ? fact(t("batches.trace.producedOn"), batch.producedOn) : null}
        {batch.harvestRecorded ? fact(t("batches.trace.harvestedOn"), batch.harvestedOn) : null}
        {batch.expiresOn ? fact(t("batches.trace.expiresOn"), batch.expiresOn) : null}
        {batch.growingAreaCode ? fact(t("batches.trace.growingArea"), batch.growingAreaCode) : null}
      </dl>

      <ChainCheck chain={trace.chain} />

      <h2>{t("batches.trace.certificates")}</h2>
      {certificates.length === 0 ? (
        <p>{t("batches.trace.noCertificates")}</p>
      ) : (
        <ul className="trace-certs">
          {certificates.map((c) => (
            <li key={`${c.kind}-${c.number}`}>
              <strong>
                {t(`certificates.kinds.${c.kind}`)}
                {c.ocopStars ? ` ${"★".repeat(c.ocopStars)}` : null}
              </strong>{" "}
              {c.number} · {c.issuer}
              <br />
              <span className="meta">
                {c.validUntil
                  ? t("batches.trace.certificateValidity", { from: c.validFrom, until: c.validUntil })
                  : t("batches.trace.certificateNoExpiry", { from: c.validFrom })}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("batches.trace.diary")}</h2>
      <TraceTimeline events={trace.events} mediaBase={mediaBase} />

      {links ? (
        <nav className="trace-more" aria-label={t("batches.trace.more")}>
          <a href={links.product} className="button">
            {t("batches.trace.productPage")}
          </a>
          <a href={links.certificates} className="button secondary">
            {t("batches.trace.certificatesPage")}
          </a>
          <a href={links.epcis} type="application/ld+json">
            {t("batches.trace.epcis")}
          </a>
        </nav>
      ) : null}
    </article>
  );
}

/** The page's language in a meta function (the root loader's). */
export function metaLocale(matches: readonly { id: string; data: unknown }[]): Locale {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return isLocale(locale) ? locale : "vi";
}

/** The title of a buyer's page that answered 404. */
export function notFoundMeta(matches: readonly { id: string; data: unknown }[]) {
  const t = translator(metaLocale(matches));
  return [{ title: `${t("errors.notFoundTitle")} · ${t("app.name")}` }];
}

/** Title and description in the page's language; a producer's preview is never indexed. */
export const traceMeta: MetaFunction = ({ data, matches }) => {
  const t = translator(metaLocale(matches));
  const trace = data as TraceView | undefined;
  if (!trace) return [{ title: `${t("batches.trace.title")} · ${t("app.name")}` }];
  const { product, batch, producer } = trace;
  return [
    { title: `${product.name} · ${t("batches.trace.lot")} ${batch.lotNumber} · ${t("app.name")}` },
    {
      name: "description",
      content: t("batches.trace.metaDescription", {
        lot: batch.lotNumber,
        product: product.name,
        producer: producer.name,
      }),
    },
    ...(trace.visibility === "preview" ? [{ name: "robots", content: "noindex" }] : []),
  ];
};

export function TraceErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const reason = isRouteErrorResponse(error) && error.data === "malformed" ? "malformed" : "unknown";
  return (
    <section className="error-page">
      <p className="error-status">{status}</p>
      <h1>{status === 404 ? t("batches.trace.notFoundTitle") : t("errors.serverTitle")}</h1>
      <p>{status === 404 ? t(`batches.trace.notFound_${reason}`) : t("errors.serverBody")}</p>
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
