import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ROLE_HOME } from "~/components/navigation";
import { Field, FormErrors } from "~/components/forms";
import { verifyLogin } from "~/modules/accounts/accounts.server";
import { parseIdentifier } from "~/modules/accounts/identifiers";
import { loginSchema, type LoginForm } from "~/modules/accounts/schemas";
import { auditOrigin } from "~/modules/audit/audit.server";
import { recordSignIn } from "~/modules/audit/sign-in.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { clearRateLimit, hitRateLimit, RATE_LIMITS } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/redirect";
import { createUserSession, setFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) {
    const redirectTo = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(redirectTo, ROLE_HOME[user.role].to));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: loginSchema(t) });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const identifier = parseIdentifier(submission.value.identifier)!;
  for (const [rule, subject] of [
    [RATE_LIMITS.loginPerIp, context.clientIp],
    [RATE_LIMITS.loginPerAccount, identifier.value],
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
  const user = await verifyLogin(identifier, submission.value.password);
  if (!user) {
    return data(
      { result: submission.reply({ formErrors: [t("errors.wrongCredentials")], hideFields: ["password"] }) },
      { status: 401 },
    );
  }
  // The per-account counter measures guessing: a successful login starts it again.
  await clearRateLimit(RATE_LIMITS.loginPerAccount, identifier.value);
  // Admins' and officials' sign-ins go to the audit log (with IP and request id).
  await recordSignIn(user, auditOrigin(context));
  const headers = new Headers();
  headers.append("Set-Cookie", await createUserSession(request, user.id, submission.value.remember === "on"));
  headers.append("Set-Cookie", await setFlash(request, { kind: "success", message: t("auth.welcomeBack") }));
  return redirect(safeRedirect(submission.value.redirectTo, ROLE_HOME[user.role].to), { headers });
}

// Without this, Remix drops the action's headers (Retry-After on a 429).
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = () => [{ title: "Đăng nhập · Cổng OCOP" }];

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm<LoginForm>({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  return (
    <div className="form">
      <h1>{t("auth.loginTitle")}</h1>
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          field={fields.identifier}
          label={t("fields.identifier")}
          hint={t("fields.identifierHint")}
          autoComplete="username"
        />
        <Field
          field={fields.password}
          label={t("fields.password")}
          type="password"
          autoComplete="current-password"
        />
        <div className="field check">
          <input type="checkbox" id="remember" name="remember" defaultChecked />
          <label htmlFor="remember">{t("fields.remember")}</label>
        </div>
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("auth.loginSubmit")}
        </button>
        <p className="below">
          <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
        </p>
      </Form>
      <p className="below">
        {t("auth.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </div>
  );
}
