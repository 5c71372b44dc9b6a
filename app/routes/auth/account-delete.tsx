// Deleting one's own account (Law 91/2025: the right to erasure). What happens is listed first;
// the password and a ticked box confirm it (no JavaScript needed). See eraseAccount for the rules.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { RouteErrorBoundary } from "~/components/error-page";
import { Field, FieldErrors, FormErrors } from "~/components/forms";
import {
  deleteAccountSchema,
  type DeleteAccountForm,
  type DeletionBlocker,
} from "~/modules/accounts/personal-data";
import {
  DELETE_PASSWORD_LIMIT,
  deletionBlockers,
  deletionPreview,
  eraseAccount,
  verifyAccountPassword,
} from "~/modules/accounts/account-deletion.server";
import { auditOrigin } from "~/modules/audit/audit.server";
import { requireUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { destroyUserSession } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [blockers, preview] = await Promise.all([
    deletionBlockers(user.id, user.role),
    deletionPreview(user.id),
  ]);
  return { blockers, preview };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: deleteAccountSchema(t) });
  const reply = (
    status: number,
    errors: Parameters<typeof submission.reply>[0] = {},
    blockers: DeletionBlocker[] = [],
    headers?: HeadersInit,
  ) =>
    data(
      { result: submission.reply({ ...errors, hideFields: ["password"] }), blockers },
      { status, headers },
    );
  if (submission.status !== "success") return reply(400);

  const limit = await hitRateLimit(DELETE_PASSWORD_LIMIT, user.id);
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    return reply(429, { formErrors: [t("errors.tooManyAttempts", { minutes })] }, [], {
      "Retry-After": String(limit.retryAfterSeconds),
    });
  }
  if (!(await verifyAccountPassword(user.id, submission.value.password))) {
    return reply(401, { fieldErrors: { password: [t("personalData.delete.wrongPassword")] } });
  }
  const result = await eraseAccount(user.id, auditOrigin(context));
  if (!result.erased) {
    const staff = result.blockers.some((b) => b.kind === "staff");
    return reply(staff ? 403 : 409, { formErrors: [t("personalData.delete.blockedTitle")] }, result.blockers);
  }
  return redirect(`/account/deleted?${new URLSearchParams({ ref: result.receipt })}`, {
    headers: { "Set-Cookie": await destroyUserSession(request) },
  });
}

// Without this, Remix drops the action's headers (Retry-After on a 429).
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = () => [{ title: "Xoá tài khoản · Cổng OCOP" }];

function blockerText(t: TFunction, blocker: DeletionBlocker): string {
  switch (blocker.kind) {
    case "staff":
      return t("personalData.delete.blockers.staff");
    case "openOrders":
      return t("personalData.delete.blockers.openOrders", { codes: blocker.codes.join(", ") });
    case "handOver":
      return t("personalData.delete.blockers.handOver", { producer: blocker.producer });
    case "liveProducer": {
      const what = [
        blocker.products ? t("personalData.delete.blockers.liveProducts", { count: blocker.products }) : "",
        blocker.orders ? t("personalData.delete.blockers.liveOrders", { count: blocker.orders }) : "",
      ].filter(Boolean);
      return t("personalData.delete.blockers.liveProducer", {
        producer: blocker.producer,
        what: what.join(t("personalData.delete.blockers.and")),
      });
    }
  }
}

export default function AccountDelete() {
  const { blockers: current, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useForm<DeleteAccountForm>({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  const blockers = actionData?.blockers.length ? actionData.blockers : current;
  return (
    <div className="form">
      <h1>{t("personalData.delete.title")}</h1>
      <p>{t("personalData.delete.lead")}</p>
      <ul>
        <li>{t("personalData.delete.effects.personal")}</li>
        <li>{t("personalData.delete.effects.sessions")}</li>
        {preview.orders ? (
          <li>{t("personalData.delete.effects.orders", { count: preview.orders })}</li>
        ) : null}
        {preview.consents ? (
          <li>{t("personalData.delete.effects.consents", { count: preview.consents })}</li>
        ) : null}
        {preview.memberships ? <li>{t("personalData.delete.effects.memberships")}</li> : null}
        {preview.leftAlone.map((producer) => (
          <li key={producer}>{t("personalData.delete.effects.leftAlone", { producer })}</li>
        ))}
        <li>{t("personalData.delete.effects.history")}</li>
      </ul>
      <p>
        {t("personalData.delete.exportFirst")}{" "}
        <Link to="/account/data">{t("personalData.account.view")}</Link>
      </p>
      {blockers.length ? (
        <section className="warning" role="alert">
          <h2>{t("personalData.delete.blockedTitle")}</h2>
          <ul>
            {blockers.map((b, i) => (
              <li key={i}>
                {blockerText(t, b)}
                {b.kind === "openOrders" ? (
                  <>
                    {" "}
                    <Link to="/orders">{t("nav.buyer")}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/account">{t("personalData.delete.cancel")}</Link>
          </p>
        </section>
      ) : (
        <Form method="post" className="card confirm" {...getFormProps(form)} noValidate>
          <FormErrors errors={form.errors} />
          <Field
            field={fields.password}
            label={t("personalData.delete.password")}
            type="password"
            autoComplete="current-password"
          />
          <div className="field">
            <div className="check">
              <input
                {...getInputProps(fields.confirm, { type: "checkbox", value: "on" })}
                key={fields.confirm.key}
              />
              <label htmlFor={fields.confirm.id}>{t("personalData.delete.confirm")}</label>
            </div>
            <FieldErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
          </div>
          <p className="actions">
            <button type="submit" className="button danger" disabled={navigation.state === "submitting"}>
              {t("personalData.delete.submit")}
            </button>
            <Link to="/account" className="button secondary">
              {t("personalData.delete.cancel")}
            </Link>
          </p>
        </Form>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
