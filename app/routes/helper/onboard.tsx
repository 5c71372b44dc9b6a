import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldErrors, FormErrors } from "~/components/forms";
import { CommuneSelect, ProvinceChooser } from "~/components/place-select";
import { KindSelect } from "~/components/profile-fields";
import {
  CONSENT_METHODS,
  CONSENT_SCOPES,
  onboardSchema,
  type OnboardForm,
} from "~/modules/producers/profile-schema";
import {
  listCommunes,
  listProvinces,
  onboardProducer,
  ProducerError,
} from "~/modules/producers/producers.server";
import { requireRole } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "HELPER");
  const provinces = await listProvinces();
  const asked = new URL(request.url).searchParams.get("province");
  const province = provinces.find((p) => p.code === asked)?.code ?? "68";
  return { provinces, province, communes: await listCommunes(province) };
}

export async function action({ request }: ActionFunctionArgs) {
  const helper = await requireRole(request, "HELPER");
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: onboardSchema(t) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const producer = await onboardProducer(helper, submission.value);
    return redirect(`/producer/${producer.id}/profile`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("producer.created") }) },
    });
  } catch (error) {
    if (error instanceof ProducerError) {
      return data(
        { result: submission.reply({ fieldErrors: { communeCode: [t("producer.errors.commune")] } }) },
        { status: 422 },
      );
    }
    throw error;
  }
}

export default function Onboard() {
  const { provinces, province, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<OnboardForm>({ lastResult: actionData?.result, shouldValidate: "onSubmit" });
  const chosenScopes = new Set(fields.scope.initialValue ?? [...CONSENT_SCOPES]);
  return (
    <div className="form-wide">
      <h1>{t("producer.onboard.title")}</h1>
      <p className="notice">{t("producer.onboard.lead")}</p>
      <ProvinceChooser provinces={provinces} province={province} />
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <h2>{t("producer.sections.business")}</h2>
        <KindSelect field={fields.kind} />
        <Field field={fields.name} label={t("producer.fields.name")} />
        <CommuneSelect
          communes={communes}
          name={fields.communeCode.name}
          id={fields.communeCode.id}
          defaultValue={fields.communeCode.initialValue}
          errors={fields.communeCode.errors}
          errorId={fields.communeCode.errorId}
          label={t("producer.fields.commune")}
        />
        <h2>{t("producer.onboard.consentTitle")}</h2>
        <Field field={fields.grantedByName} label={t("producer.fields.grantedByName")} autoComplete="off" />
        <fieldset className="choices">
          <legend>{t("producer.fields.method")}</legend>
          {CONSENT_METHODS.map((m) => (
            <label key={m} className="choice">
              <input
                type="radio"
                name={fields.method.name}
                value={m}
                defaultChecked={fields.method.initialValue === m}
              />
              {t(`producer.methods.${m}`)}
            </label>
          ))}
          <FieldErrors id={fields.method.errorId} errors={fields.method.errors} />
        </fieldset>
        <fieldset className="choices">
          <legend>{t("producer.fields.scope")}</legend>
          {CONSENT_SCOPES.map((s) => (
            <label key={s} className="choice">
              <input
                type="checkbox"
                name={fields.scope.name}
                value={s}
                defaultChecked={chosenScopes.has(s)}
              />
              {t(`producer.scopes.${s}`)}
            </label>
          ))}
          <FieldErrors id={fields.scope.errorId} errors={fields.scope.errors} />
        </fieldset>
        <div className="field">
          <div className="check">
            <input
              {...getInputProps(fields.confirmed, { type: "checkbox", value: "on" })}
              key={fields.confirmed.key}
            />
            <label htmlFor={fields.confirmed.id}>{t("producer.onboard.confirm")}</label>
          </div>
          <FieldErrors id={fields.confirmed.errorId} errors={fields.confirmed.errors} />
        </div>
        <button type="submit" className="primary">
          {t("producer.onboard.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
