import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldErrors, FormErrors } from "~/components/forms";
import { ROLE_HOME } from "~/components/navigation";
import { createAccount, DuplicateAccountError } from "~/modules/accounts/accounts.server";
import { isCommonPassword } from "~/modules/accounts/password-policy.server";
import { SELF_SERVICE_ROLES_LIST } from "~/modules/accounts/roles";
import { signupSchema, type SignupForm } from "~/modules/accounts/schemas";
import { getOptionalUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { hitRateLimit, RATE_LIMITS } from "~/utils/rate-limit.server";
import { createUserSession, setFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(ROLE_HOME[user.role].to);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t, locale } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: signupSchema(t) });
  const reply = (status: number, errors: Parameters<typeof submission.reply>[0] = {}) =>
    data({ result: submission.reply({ ...errors, hideFields: ["password"] }) }, { status });
  if (submission.status !== "success") return reply(400);
  if (isCommonPassword(submission.value.password)) {
    return reply(400, { fieldErrors: { password: [t("errors.passwordCommon")] } });
  }
  const { name, email, phone, password, role } = submission.value;
  // Per address and per phone/email: probing which numbers are registered is slowed down too.
  for (const [rule, subject] of [
    [RATE_LIMITS.signupPerIp, context.clientIp],
    [RATE_LIMITS.signupPerAccount, phone ?? email ?? ""],
  ] as const) {
    const limit = await hitRateLimit(rule, subject);
    if (!limit.allowed) {
      const minutes = Math.ceil(limit.retryAfterSeconds / 60);
      return data(
        {
          result: submission.reply({
            formErrors: [t("errors.tooManyAttempts", { minutes })],
            hideFields: ["password"],
          }),
        },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      );
    }
  }
  try {
    const user = await createAccount({
      name,
      email: email ?? null,
      phone: phone ?? null,
      password,
      role,
      locale,
    });
    const headers = new Headers();
    headers.append("Set-Cookie", await createUserSession(request, user.id, true));
    headers.append(
      "Set-Cookie",
      await setFlash(request, { kind: "success", message: t("auth.accountCreated") }),
    );
    return redirect(ROLE_HOME[role].to, { headers });
  } catch (error) {
    if (error instanceof DuplicateAccountError)
      return reply(409, { formErrors: [t("errors.duplicateAccount")] });
    throw error;
  }
}

// Without this, Remix drops the action's headers (Retry-After on a 429).
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = () => [{ title: "Đăng ký · Cổng OCOP" }];

export default function Signup() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<SignupForm>({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    defaultValue: { role: "BUYER" },
  });
  const chosenRole = fields.role.initialValue ?? "BUYER";
  return (
    <div className="form">
      <h1>{t("auth.signupTitle")}</h1>
      <p>{t("auth.signupLead")}</p>
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <Field field={fields.name} label={t("fields.name")} autoComplete="name" />
        <Field field={fields.phone} label={t("fields.phone")} type="tel" inputMode="tel" autoComplete="tel" />
        <Field
          field={fields.email}
          label={t("fields.email")}
          type="email"
          inputMode="email"
          autoComplete="email"
        />
        <Field
          field={fields.password}
          label={t("fields.password")}
          type="password"
          hint={t("fields.passwordHint")}
          autoComplete="new-password"
        />
        <fieldset className="choices">
          <legend>{t("auth.signupAs")}</legend>
          {SELF_SERVICE_ROLES_LIST.map((role) => (
            <label key={role} className="choice">
              <input type="radio" name={fields.role.name} value={role} defaultChecked={chosenRole === role} />
              {t(`roles.${role}`)}
            </label>
          ))}
          <FieldErrors id={fields.role.errorId} errors={fields.role.errors} />
        </fieldset>
        <div className="field">
          <div className="check">
            <input
              {...getInputProps(fields.consent, { type: "checkbox", value: "on" })}
              key={fields.consent.key}
            />
            <label htmlFor={fields.consent.id}>{t("auth.consent")}</label>
          </div>
          <FieldErrors id={fields.consent.errorId} errors={fields.consent.errors} />
        </div>
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("auth.signupSubmit")}
        </button>
      </Form>
      <p className="below">
        {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
