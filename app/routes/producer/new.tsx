import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/forms";
import { ProvinceChooser } from "~/components/place-select";
import { ProfileFields } from "~/components/profile-fields";
import {
  createOwnProducer,
  listCommunes,
  listProvinces,
  ProducerError,
} from "~/modules/producers/producers.server";
import { profileSchema, type ProfileForm } from "~/modules/producers/profile-schema";
import { requireRole } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "PRODUCER");
  const provinces = await listProvinces();
  const asked = new URL(request.url).searchParams.get("province");
  const province = provinces.find((p) => p.code === asked)?.code ?? "68";
  return { provinces, province, communes: await listCommunes(province) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "PRODUCER");
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema(t) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const producer = await createOwnProducer(user, submission.value);
    return redirect(`/producer/${producer.id}`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("producer.created") }) },
    });
  } catch (error) {
    if (error instanceof ProducerError) {
      const { name, message, status } = error.field;
      return data({ result: submission.reply({ fieldErrors: { [name]: [t(message)] } }) }, { status });
    }
    throw error;
  }
}

export default function NewProducer() {
  const { provinces, province, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<ProfileForm>({ lastResult: actionData?.result, shouldValidate: "onSubmit" });
  return (
    <div className="form-wide">
      <h1>{t("producer.registerOwn")}</h1>
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

export const ErrorBoundary = RouteErrorBoundary;
