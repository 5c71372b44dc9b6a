import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/forms";
import { ProvinceChooser } from "~/components/place-select";
import { ProfileFields } from "~/components/profile-fields";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { getProfile, listCommunes, listProvinces, ProducerError, updateProfile } from "~/modules/producers/producers.server";
import { profileSchema, type ProfileForm } from "~/modules/producers/profile-schema";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const [profile, provinces] = await Promise.all([getProfile(access.producer.id), listProvinces()]);
  const asked = new URL(request.url).searchParams.get("province");
  const province = provinces.find((p) => p.code === asked)?.code ?? access.producer.provinceCode;
  const communes = await listCommunes(province);
  const defaults = Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, v ?? undefined]));
  return { defaults, provinces, province, communes };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
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

export default function Profile() {
  const { defaults, provinces, province, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<ProfileForm>({
    lastResult: actionData?.result,
    defaultValue: defaults as ProfileForm,
    shouldValidate: "onSubmit",
  });
  return (
    <div className="form-wide">
      <h1>{t("producer.profile")}</h1>
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
