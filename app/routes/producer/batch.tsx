import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { diaryEventSchema, toVnLocal } from "~/modules/batches/batch-schema";
import {
  appendDiaryEvent,
  batchTraceUrl,
  correctionDraft,
  DiaryError,
  diaryPhiWarnings,
  diaryTimeline,
  loadDiary,
  publicOrigin,
  recorderNames,
  requireBatch,
} from "~/modules/batches/batches.server";
import { ChainStatus, DiaryEventForm, PhiWarnings, Timeline } from "~/components/diary-views";
import { RouteErrorBoundary } from "~/components/error-page";
import {
  isMultipart,
  receiveFormWithPhoto,
  withStoredPhoto,
  type FormWithPhoto,
} from "~/modules/photos/single-photo.server";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { PhotoError } from "~/modules/photos/upload.server";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { formatVnDate } from "~/modules/traceability/vn-time";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, {
    id: true,
    name: true,
    gtin: true,
    publicId: true,
  });
  const batch = await requireBatch(product.id, params.batchId);
  const diary = await loadDiary(batch.id);
  const events = diaryTimeline(diary, await recorderNames(diary.rows.map((r) => r.recordedById)));
  const correct = Number(new URL(request.url).searchParams.get("correct"));
  return {
    base: `/producer/${access.producer.id}/products/${product.id}`,
    producerName: access.producer.name,
    productName: product.name,
    batch: {
      id: batch.id,
      lotNumber: batch.lotNumber,
      growingAreaCode: batch.growingAreaCode,
      producedOn: batch.producedOn ? formatVnDate(batch.producedOn) : null,
      harvestedOn: batch.harvestedOn ? formatVnDate(batch.harvestedOn) : null,
      expiresOn: batch.expiresOn ? formatVnDate(batch.expiresOn) : null,
      quantity: batch.quantity,
      uom: batch.uom,
    },
    events,
    verification: diary.verification,
    warnings: diaryPhiWarnings(diary.chain).map((w) => ({ ...w, safeFrom: formatVnDate(w.safeFrom) })),
    traceUrl: batchTraceUrl(publicOrigin(request), product, batch),
    correcting: correctionDraft(events, correct),
    nowLocal: toVnLocal(new Date()),
    mediaBase: mediaBaseUrl(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true });
  const batch = await requireBatch(product.id, params.batchId);
  const { t } = await getT(request);
  const photoMessage = (error: PhotoError) => t(`photos.errors.${error.code}`, error.params);

  // The form is multipart (it may carry a photo); a plain form still works, without one.
  let received: FormWithPhoto;
  try {
    received = isMultipart(request)
      ? await receiveFormWithPhoto(request)
      : { fields: await request.formData(), photo: null, refused: null };
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    // The body was not read: nothing typed can be given back.
    const result: SubmissionResult<string[]> = { status: "error", error: { photo: [photoMessage(error)] } };
    return data({ result }, { status: error.status });
  }
  const { fields, photo, refused } = received;
  const submission = parseWithZod(fields, { schema: diaryEventSchema(t) });
  if (refused) {
    // Shown with the other fields' errors, if any; what was typed comes back, the file does not.
    const result = submission.reply({ fieldErrors: { photo: [photoMessage(refused)] } });
    return data({ result }, { status: refused.status });
  }
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const input = submission.value;
  let seq: number;
  try {
    // Stored first; if the event is not written, the files go again (unless another row uses them).
    const event = await withStoredPhoto(photo, (hash) => appendDiaryEvent(access, batch.id, input, hash));
    seq = event.content.seq;
  } catch (error) {
    if (error instanceof PhotoError) {
      const result = submission.reply({ fieldErrors: { photo: [photoMessage(error)] } });
      return data({ result }, { status: error.status });
    }
    if (!(error instanceof DiaryError)) throw error;
    return data(
      { result: submission.reply({ formErrors: [t("batches.errors.badCorrection")] }) },
      { status: 400 },
    );
  }
  // The event is recorded either way (the diary states facts); an early harvest is flagged at once.
  const { chain } = await loadDiary(batch.id);
  const early = diaryPhiWarnings(chain).some((w) => w.harvestSeq === seq || w.sprayingSeq === seq);
  const flash = await setFlash(request, {
    kind: early ? "error" : "success",
    message: t(early ? "batches.diary.addedWithPhi" : "batches.diary.added", { seq }),
  });
  return redirect(`/producer/${access.producer.id}/products/${product.id}/batches/${batch.id}#diary`, {
    headers: { "Set-Cookie": flash },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Lô ${data.batch.lotNumber} · ${data.productName} · Cổng OCOP` : "Lô hàng · Cổng OCOP" },
];

export default function BatchPage() {
  const {
    base,
    producerName,
    productName,
    batch,
    events,
    verification,
    warnings,
    traceUrl,
    correcting,
    nowLocal,
    mediaBase,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const batchBase = `${base}/batches/${batch.id}`;
  const quantity =
    batch.quantity != null ? `${batch.quantity.toLocaleString("vi-VN")} ${batch.uom ?? ""}` : null;
  return (
    <>
      <p>
        <Link to={`${base}/batches`}>← {t("batches.backToBatches")}</Link>
      </p>
      <h1>{t("batches.batch.title", { lot: batch.lotNumber })}</h1>
      <p>
        {productName} · {producerName}
      </p>
      <dl className="cols">
        <Detail term={t("batches.fields.producedOn")} value={batch.producedOn} />
        <Detail term={t("batches.fields.harvestedOn")} value={batch.harvestedOn} />
        <Detail term={t("batches.fields.expiresOn")} value={batch.expiresOn} />
        <Detail term={t("batches.batch.growingArea")} value={batch.growingAreaCode} />
        <Detail term={t("batches.batch.quantity")} value={quantity} />
      </dl>

      <PhiWarnings warnings={warnings} />

      <h2 id="diary">{t("batches.diary.title")}</h2>
      <ChainStatus verification={verification} count={events.length} />
      <Timeline events={events} producerName={producerName} mediaBase={mediaBase} />

      <h2 id="record">
        {correcting ? t("batches.diary.correctTitle", { seq: correcting.seq }) : t("batches.diary.addTitle")}
      </h2>
      <DiaryEventForm
        // A new key after each recorded event empties the form (the page is not reloaded with JS).
        key={`${correcting?.seq ?? "new"}-${events.length}`}
        correcting={correcting}
        nowLocal={nowLocal}
        lastResult={actionData?.result}
      />

      <h2>{t("batches.batch.links")}</h2>
      <div className="card">
        <img src={`${batchBase}/qr/svg`} alt={traceUrl} width={160} height={160} />
        <p>
          {t("batches.batch.traceUrl")}: <a href={traceUrl}>{traceUrl}</a>
        </p>
        <ul>
          <li>
            <a href={`${batchBase}/qr/svg`} download={`qr-${batch.lotNumber}.svg`}>
              {t("batches.batch.qrSvg")}
            </a>
          </li>
          <li>
            <a href={`${batchBase}/qr/png`} download={`qr-${batch.lotNumber}.png`}>
              {t("batches.batch.qrPng")}
            </a>
          </li>
          <li>
            <a href={`${batchBase}/epcis`}>{t("batches.batch.epcis")}</a>
          </li>
          <li>
            <a
              href={`${base}/labels?${new URLSearchParams({ batch: batch.id, size: "medium", copies: "21" })}`}
            >
              {t("batches.batch.labels")}
            </a>
          </li>
        </ul>
      </div>
    </>
  );
}

function Detail({ term, value }: { term: string; value: string | null }) {
  return (
    <div>
      <dt className="meta">{term}</dt>
      <dd>{value ?? "—"}</dd>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
