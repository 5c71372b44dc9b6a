import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { claimProducer, ProducerError } from "~/modules/producers/producers.server";
import { requireUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { setFlash } from "~/utils/session.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { isProducer: user.role === "PRODUCER" };
}

const ClaimSchema = z.object({ code: z.string().trim().min(4).max(20) });
// Codes are 40 bits; a few guesses per hour per account keeps brute force hopeless.
const CLAIM_LIMIT = { name: "claim:account", limit: 10, windowSeconds: 3600 };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getT(request);
  const formData = await request.formData();
  const code = String(formData.get("code") ?? "");
  const parsed = ClaimSchema.safeParse({ code });
  if (!parsed.success) return data({ error: t("producer.errors.claimInvalid"), code }, { status: 400 });
  const limit = await hitRateLimit(CLAIM_LIMIT, user.id);
  if (!limit.allowed) {
    return data(
      { error: t("errors.tooManyAttempts", { minutes: Math.ceil(limit.retryAfterSeconds / 60) }), code },
      { status: 429 },
    );
  }
  try {
    const producer = await claimProducer(user, parsed.data.code);
    return redirect(`/producer/${producer.id}/helpers`, {
      headers: {
        "Set-Cookie": await setFlash(request, {
          kind: "success",
          message: t("producer.claim.done", { name: producer.name }),
        }),
      },
    });
  } catch (error) {
    if (error instanceof ProducerError)
      return data({ error: t("producer.errors.claimInvalid"), code }, { status: 422 });
    throw error;
  }
}

export default function Claim() {
  const { isProducer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="form">
      <h1>{t("producer.claim.title")}</h1>
      {!isProducer ? (
        <p className="warning">
          {t("producer.claim.needProducer")} <Link to="/signup">{t("nav.signup")}</Link>
        </p>
      ) : null}
      <p>{t("producer.claim.lead")}</p>
      <Form method="post" className="card">
        <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
        <div className="field">
          <label htmlFor="code">{t("producer.claim.code")}</label>
          <input
            type="text"
            id="code"
            name="code"
            defaultValue={actionData?.code ?? ""}
            autoComplete="one-time-code"
            autoCapitalize="characters"
          />
        </div>
        <button type="submit" className="primary">
          {t("producer.claim.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
