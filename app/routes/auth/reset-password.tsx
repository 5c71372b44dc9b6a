import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors } from "~/components/forms";
import { isResetTokenValid, resetPassword } from "~/modules/accounts/accounts.server";
import { isCommonPassword } from "~/modules/accounts/password-policy.server";
import { resetSchema, type ResetForm } from "~/modules/accounts/schemas";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

const plausible = (token: string | undefined): token is string =>
  typeof token === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(token);

export async function loader({ params }: LoaderFunctionArgs) {
  const valid = plausible(params.token) && (await isResetTokenValid(params.token));
  return data({ valid }, { status: valid ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: resetSchema(t) });
  const hide = { hideFields: ["password", "confirm"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide) }, { status: 400 });
  if (isCommonPassword(submission.value.password)) {
    return data(
      { result: submission.reply({ ...hide, fieldErrors: { password: [t("errors.passwordCommon")] } }) },
      { status: 400 },
    );
  }
  const ok = plausible(params.token) && (await resetPassword(params.token, submission.value.password));
  if (!ok)
    return data(
      { result: submission.reply({ ...hide, formErrors: [t("auth.resetInvalid")] }) },
      { status: 410 },
    );
  return redirect("/login", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("auth.resetDone") }) },
  });
}

// The URL carries a one-time token: never cache this page.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction = () => [
  { title: "Đặt lại mật khẩu · Cổng OCOP" },
  { name: "robots", content: "noindex" },
];

export default function ResetPassword() {
  const { t } = useTranslation();
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<ResetForm>({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  if (!valid) {
    return (
      <div className="form">
        <h1>{t("auth.resetTitle")}</h1>
        <p className="form-error">{t("auth.resetInvalid")}</p>
        <p className="below">
          <Link to="/forgot-password" className="button">
            {t("auth.forgotSubmit")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="form">
      <h1>{t("auth.resetTitle")}</h1>
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <Field
          field={fields.password}
          label={t("fields.newPassword")}
          type="password"
          hint={t("fields.passwordHint")}
          autoComplete="new-password"
        />
        <Field
          field={fields.confirm}
          label={t("fields.confirmPassword")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" className="primary">
          {t("auth.resetSubmit")}
        </button>
      </Form>
    </div>
  );
}
