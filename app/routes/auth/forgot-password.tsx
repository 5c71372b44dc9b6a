import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors } from "~/components/forms";
import { requestPasswordReset } from "~/modules/accounts/password-reset.server";
import { parseIdentifier } from "~/modules/accounts/identifiers";
import { forgotSchema, type ForgotForm } from "~/modules/accounts/schemas";
import { getT } from "~/utils/locale.server";
import { hitRateLimit, RATE_LIMITS } from "~/utils/rate-limit.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: forgotSchema(t) });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  }
  const identifier = parseIdentifier(submission.value.identifier)!;
  for (const [rule, subject] of [
    [RATE_LIMITS.resetPerIp, context.clientIp],
    [RATE_LIMITS.resetPerAccount, identifier.value],
  ] as const) {
    const limit = await hitRateLimit(rule, subject);
    if (!limit.allowed) {
      const minutes = Math.ceil(limit.retryAfterSeconds / 60);
      return data(
        { result: submission.reply({ formErrors: [t("errors.tooManyAttempts", { minutes })] }), sent: false },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      );
    }
  }
  await requestPasswordReset(identifier, new URL(request.url).origin);
  // The same answer whether or not the account exists: no one learns who is registered.
  return data({ result: submission.reply({ resetForm: true }), sent: true });
}

// Without this, Remix drops the action's headers (Retry-After on a 429).
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = () => [{ title: "Quên mật khẩu · Cổng OCOP" }];

export default function ForgotPassword() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<ForgotForm>({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  return (
    <div className="form">
      <h1>{t("auth.forgotTitle")}</h1>
      {actionData?.sent ? (
        <p className="flash flash-success" role="status">
          {t("auth.forgotSent")}
        </p>
      ) : null}
      <p>{t("auth.forgotLead")}</p>
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <Field field={fields.identifier} label={t("fields.identifier")} autoComplete="username" />
        <button type="submit" className="primary">
          {t("auth.forgotSubmit")}
        </button>
      </Form>
      <p className="below">
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
