import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "~/components/forms";
import { ProvinceChooser } from "~/components/place-select";
import { ProfileFields } from "~/components/profile-fields";
import { MAX_PHOTO_MB, MIN_SINGLE_PHOTO_WIDTH } from "~/modules/photos/limits";
import { isMultipart, receiveFormWithPhoto, withStoredPhoto } from "~/modules/photos/single-photo.server";
import { mediaBaseUrl } from "~/modules/photos/storage.server";
import { PhotoError } from "~/modules/photos/upload.server";
import { photoUrl } from "~/modules/photos/urls";
import { requireProducerAccess, type ProducerAccess } from "~/modules/producers/access.server";
import {
  getProfile,
  listCommunes,
  listProvinces,
  ProducerError,
  producerLogo,
  setLogo,
  updateProfile,
} from "~/modules/producers/producers.server";
import { profileSchema, type ProfileForm } from "~/modules/producers/profile-schema";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const [profile, provinces, logoHash] = await Promise.all([
    getProfile(access.producer.id),
    listProvinces(),
    producerLogo(access.producer.id),
  ]);
  const asked = new URL(request.url).searchParams.get("province");
  const province = provinces.find((p) => p.code === asked)?.code ?? access.producer.provinceCode;
  const communes = await listCommunes(province);
  const defaults = Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, v ?? undefined]));
  return { defaults, provinces, province, communes, logoHash, mediaBase: mediaBaseUrl() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
  // The logo form is the page's only multipart one.
  if (isMultipart(request)) return logoAction(request, access, t);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema(t) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await updateProfile(access, submission.value);
  } catch (error) {
    if (error instanceof ProducerError) {
      const { name, message, status } = error.field;
      return data({ result: submission.reply({ fieldErrors: { [name]: [t(message)] } }) }, { status });
    }
    throw error;
  }
  return redirect(`/producer/${access.producer.id}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("producer.saved") }) },
  });
}

/** intent=logo: a new logo (field `logo`), or `remove=1` to clear it. */
async function logoAction(request: Request, access: ProducerAccess, t: TFunction) {
  const refuse = (error: PhotoError) =>
    data({ logoError: t(`photos.errors.${error.code}`, error.params) }, { status: error.status });
  try {
    const { fields, photo, refused } = await receiveFormWithPhoto(request, "logo");
    if (fields.get("intent") !== "logo") throw new PhotoError("badRequest");
    const remove = fields.get("remove") === "1";
    if (!remove && refused) throw refused;
    if (!remove && !photo) throw new PhotoError("noFile");
    const stored = remove ? null : photo;
    await withStoredPhoto(stored, (hash) =>
      setLogo(
        access,
        hash && stored ? { hash, width: stored.width, originalKey: stored.original.key } : null,
      ),
    );
    const message = t(remove ? "producer.logo.removed" : "producer.logo.saved");
    return redirect(`/producer/${access.producer.id}/profile`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
    });
  } catch (error) {
    if (error instanceof PhotoError) return refuse(error);
    throw error;
  }
}

export default function Profile() {
  const { defaults, provinces, province, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<ProfileForm>({
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: defaults as ProfileForm,
    shouldValidate: "onSubmit",
  });
  return (
    <div className="form-wide">
      <h1>{t("producer.profile")}</h1>
      <LogoForm error={actionData && "logoError" in actionData ? actionData.logoError : undefined} />
      <ProvinceChooser provinces={provinces} province={province} />
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <ProfileFields fields={fields as never} communes={communes} />
        <button type="submit" className="primary">
          {t("workspace.save")}
        </button>
      </Form>
    </div>
  );
}

function LogoForm({ error }: { error?: string }) {
  const { logoHash, mediaBase, defaults } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "logo";
  return (
    // Keyed on the logo: once it changes, the form remounts and the chosen file is cleared.
    <Form key={logoHash ?? "none"} method="post" encType="multipart/form-data" className="card">
      <h2>{t("producer.logo.title")}</h2>
      <input type="hidden" name="intent" value="logo" />
      {logoHash ? (
        <img
          className="logo large"
          src={photoUrl(logoHash, 320, "webp", mediaBase)}
          alt={t("producer.logo.current", { name: String(defaults.name ?? "") })}
          width={160}
          height={160}
        />
      ) : (
        <p>{t("producer.logo.none")}</p>
      )}
      <div className="field">
        <label htmlFor="logo-file">{t("producer.logo.label")}</label>
        <input
          id="logo-file"
          type="file"
          name="logo"
          accept="image/*"
          aria-describedby="logo-hint logo-error"
          aria-invalid={error ? true : undefined}
        />
        <p className="hint" id="logo-hint">
          {t("producer.logo.hint", { mb: MAX_PHOTO_MB, min: MIN_SINGLE_PHOTO_WIDTH })}
        </p>
        <FieldErrors id="logo-error" errors={error ? [error] : undefined} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("producer.logo.upload")}
        </button>
        {logoHash ? (
          <button type="submit" name="remove" value="1" className="secondary" disabled={busy}>
            {t("producer.logo.remove")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
