// The public batch page shared by both trace routes (Digital Link and /t/ fallback). Small, no
// client-side behaviour: it is opened from a QR code on a cheap phone over a slow connection.
import { Photo } from "~/components/photo";
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { photoUrl } from "~/modules/photos/urls";
import { diaryKindLabel } from "~/modules/traceability/diary";
import { isLocale } from "~/utils/i18n";
import type { TraceView } from "~/modules/batches/trace.server";

const SIZES = "(min-width: 48rem) 40rem, 100vw";

export function TracePage({ trace }: { trace: TraceView }) {
  const { t, i18n } = useTranslation();
  const lang = isLocale(i18n.language) ? i18n.language : "vi";
  const { product, producer, batch, events, certificates, mediaBase } = trace;
  const cover = product.cover;
  return (
    <article className="form-wide">
      {trace.visibility === "suspended" ? (
        <p className="warning" role="status">
          {t("batches.trace.suspended")}{" "}
          {trace.suspensionCause ? t(`batches.trace.suspendedCauses.${trace.suspensionCause}`) : null}
        </p>
      ) : null}
      {trace.visibility === "preview" ? <p className="notice">{t("batches.trace.preview")}</p> : null}
      <p className="meta">{t("batches.trace.title")}</p>
      <h1>{product.name}</h1>
      {cover ? (
        <Photo
          photo={cover}
          sizes={SIZES}
          alt={product.name}
          fallbackWidth={640}
          eager={true}
          mediaBase={mediaBase}
        />
      ) : null}
      <dl className="cols">
        <div>
          <dt className="meta">{t("batches.trace.producer")}</dt>
          <dd>
            {producer.name}
            <br />
            {producer.place}
          </dd>
        </div>
        <div>
          <dt className="meta">{t("batches.trace.lot")}</dt>
          <dd>{batch.lotNumber}</dd>
        </div>
        {batch.producedOn ? (
          <div>
            <dt className="meta">{t("batches.trace.producedOn")}</dt>
            <dd>{batch.producedOn}</dd>
          </div>
        ) : null}
        {batch.harvestRecorded ? (
          <div>
            <dt className="meta">{t("batches.trace.harvestedOn")}</dt>
            <dd>{batch.harvestedOn}</dd>
          </div>
        ) : null}
        {batch.expiresOn ? (
          <div>
            <dt className="meta">{t("batches.trace.expiresOn")}</dt>
            <dd>{batch.expiresOn}</dd>
          </div>
        ) : null}
        {batch.growingAreaCode ? (
          <div>
            <dt className="meta">{t("batches.trace.growingArea")}</dt>
            <dd>{batch.growingAreaCode}</dd>
          </div>
        ) : null}
      </dl>

      <h2>{t("batches.trace.certificates")}</h2>
      {certificates.length === 0 ? (
        <p>{t("batches.trace.noCertificates")}</p>
      ) : (
        <ul>
          {certificates.map((c) => (
            <li key={`${c.kind}-${c.number}`}>
              <strong>{t(`certificates.kinds.${c.kind}`)}</strong>
              {c.ocopStars ? ` ${"★".repeat(c.ocopStars)}` : null} · {c.number} · {c.issuer}
              {c.validUntil ? ` · ${t("certificates.validUntil", { date: c.validUntil })}` : null}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("batches.trace.diary")}</h2>
      <p className={trace.chainVerified ? "notice" : "warning"}>
        {trace.chainVerified ? `✓ ${t("batches.trace.chainOk")}` : `✗ ${t("batches.trace.chainBroken")}`}
      </p>
      {events.length === 0 ? (
        <p>{t("batches.trace.noEvents")}</p>
      ) : (
        <ol>
          {events.map((e) => (
            <li key={e.seq}>
              <strong>{e.date}</strong> · {diaryKindLabel(e.kind, lang)}
              {e.quantity != null ? ` · ${e.quantity.toLocaleString("vi-VN")} ${e.uom ?? ""}` : null}
              {e.chemical || e.phiDays != null
                ? ` · ${t("batches.diary.chemical", { chemical: e.chemical ?? "—", days: e.phiDays ?? "—" })}`
                : null}
              {e.corrected ? ` (${t("batches.trace.corrected")})` : null}
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
      )}
    </article>
  );
}

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
