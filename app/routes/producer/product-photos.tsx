import { Photo } from "~/components/photo";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "~/components/forms";
import { MAX_MEGAPIXELS, MAX_PHOTO_MB, MAX_PHOTOS_PER_PRODUCT } from "~/modules/photos/limits";
import { addPhotos, deletePhoto, listPhotos, makeCover, movePhoto } from "~/modules/photos/photos.server";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { PhotoError, receivePhotoUpload } from "~/modules/photos/upload.server";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { translator } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true, name: true });
  const photos = await listPhotos(product.id);
  return {
    producerId: access.producer.id,
    product,
    photos: photos.map(({ id, hash, width, height, alt }) => ({ id, hash, width, height, alt })),
    mediaBase: mediaBaseUrl(),
  };
}

const PhotoId = z.uuid();
const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), photoId: PhotoId, direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("cover"), photoId: PhotoId }),
  z.object({ intent: z.literal("delete"), photoId: PhotoId }),
]);

export interface PhotosActionData {
  errors: string[];
  added?: number;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true, name: true });
  const t = translator(await getLocale(request, access.user.locale));
  const message = (error: PhotoError) => t(`photos.errors.${error.code}`, error.params);
  const refuse = (error: PhotoError, added?: number) =>
    data<PhotosActionData>({ errors: [message(error)], added }, { status: error.status });
  const done = async (text: string) =>
    redirect(`/producer/${access.producer.id}/products/${product.id}/photos`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: text }) },
    });

  try {
    if (/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
      const upload = await receivePhotoUpload(request);
      try {
        if (upload.fields.get("intent") !== "upload") throw new PhotoError("badRequest");
        if (upload.files.length === 0) throw new PhotoError("noFile");
        const { added, refused } = await addPhotos(access, product, upload.files);
        if (refused.length === 0) return await done(t("photos.added", { count: added.length }));
        const errors = refused.map((r) => message(r.error));
        if (added.length > 0)
          errors.unshift(t("photos.added", { count: added.length }), t("photos.notAdded"));
        return data<PhotosActionData>({ errors, added: added.length }, { status: refused[0]!.error.status });
      } finally {
        await upload.dispose();
      }
    }

    let fields: Record<string, unknown>;
    try {
      fields = Object.fromEntries(await request.formData());
    } catch {
      throw new PhotoError("badRequest");
    }
    const parsed = IntentSchema.safeParse(fields);
    if (!parsed.success) {
      // A well-formed intent whose photo id is garbage was tampered with: same answer as a stranger's id.
      const tampered =
        ["move", "cover", "delete"].includes(String(fields.intent)) &&
        !PhotoId.safeParse(fields.photoId).success;
      throw new PhotoError(tampered ? "notFound" : "badRequest");
    }
    const intent = parsed.data;
    switch (intent.intent) {
      case "move":
        await movePhoto(access, product.id, intent.photoId, intent.direction);
        return await done(t("photos.moved"));
      case "cover":
        await makeCover(access, product.id, intent.photoId);
        return await done(t("photos.coverSet"));
      case "delete":
        await deletePhoto(access, product.id, intent.photoId);
        return await done(t("photos.deleted"));
    }
  } catch (error) {
    if (error instanceof PhotoError) return refuse(error);
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ảnh sản phẩm${data ? `: ${data.product.name}` : ""} · Cổng OCOP` },
];

const SIZES = "(min-width: 48rem) 14rem, 50vw";

export default function ProductPhotos() {
  const { producerId, product, photos, mediaBase } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const uploading = navigation.state === "submitting" && navigation.formData?.get("intent") === "upload";
  const full = photos.length >= MAX_PHOTOS_PER_PRODUCT;
  return (
    <div className="form-wide">
      <p>
        <Link to={`/producer/${producerId}/products/${product.id}`}>{t("photos.backToProduct")}</Link>
      </p>
      <h1>{t("photos.pageTitle", { product: product.name })}</h1>
      <FormErrors errors={actionData?.errors} />

      <p className="notice">
        {t("photos.rules", { mb: MAX_PHOTO_MB, megapixels: MAX_MEGAPIXELS, max: MAX_PHOTOS_PER_PRODUCT })}
      </p>

      {full ? (
        <p className="warning">{t("photos.full", { max: MAX_PHOTOS_PER_PRODUCT })}</p>
      ) : (
        // Keyed on the count: after a successful upload the form remounts, so the chosen files are cleared.
        <Form key={photos.length} method="post" encType="multipart/form-data" className="card">
          <input type="hidden" name="intent" value="upload" />
          <div className="field">
            <label htmlFor="photos-pick">{t("photos.uploadLabel")}</label>
            {/* Two inputs: with `capture`, phones open the camera only and hide the gallery. */}
            <input
              id="photos-pick"
              type="file"
              name="photos"
              multiple
              accept="image/*"
              aria-describedby="photos-hint"
            />
            <p className="hint" id="photos-hint">
              {t("photos.uploadHint")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="photos-camera">{t("photos.takePhoto")}</label>
            <input id="photos-camera" type="file" name="photos" accept="image/*" capture="environment" />
          </div>
          <button type="submit" className="primary" disabled={uploading}>
            {uploading ? t("photos.uploading") : t("photos.uploadSubmit")}
          </button>
        </Form>
      )}

      <h2>
        {t("photos.title")} · {t("photos.count", { count: photos.length, max: MAX_PHOTOS_PER_PRODUCT })}
      </h2>
      {photos.length === 0 ? <p>{t("photos.empty")}</p> : null}
      <ol className="grid">
        {photos.map((photo, index) => (
          <li key={photo.id} className="product-card">
            <Photo photo={photo} sizes={SIZES} alt={product.name} fallbackWidth={320} mediaBase={mediaBase} />
            <div className="body">
              <h3>
                {index === 0 ? (
                  <span className="pill">{t("photos.cover")}</span>
                ) : (
                  t("photos.position", { n: index + 1 })
                )}
              </h3>
              <div className="inline-form">
                {index > 0 ? (
                  <PhotoButton photoId={photo.id} intent="move" direction="up" label={t("photos.moveUp")}>
                    ↑
                  </PhotoButton>
                ) : null}
                {index < photos.length - 1 ? (
                  <PhotoButton photoId={photo.id} intent="move" direction="down" label={t("photos.moveDown")}>
                    ↓
                  </PhotoButton>
                ) : null}
                {index > 0 ? (
                  <PhotoButton photoId={photo.id} intent="cover">
                    {t("photos.makeCover")}
                  </PhotoButton>
                ) : null}
              </div>
              {/* The confirm step works without JavaScript: the real button is inside. */}
              <details>
                <summary>{t("photos.delete")}</summary>
                <p>{t("photos.deleteConfirm")}</p>
                <PhotoButton photoId={photo.id} intent="delete">
                  {t("photos.deleteSubmit")}
                </PhotoButton>
              </details>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function PhotoButton({
  photoId,
  intent,
  direction,
  label,
  children,
}: {
  photoId: string;
  intent: "move" | "cover" | "delete";
  direction?: "up" | "down";
  /** Accessible name when the visible content is only an arrow. */
  label?: string;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="photoId" value={photoId} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      <button type="submit" className="button secondary" aria-label={label} title={label}>
        {children}
      </button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
