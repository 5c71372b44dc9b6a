import { type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import {
  AddCertificate,
  CertificateTable,
  KindChooser,
  type CertificateRow,
} from "~/components/certificate-views";
import {
  attachDocument,
  createCertificate,
  listCertificates,
  readCertificateForm,
  RequestTooLargeError,
  revokeCertificate,
  type DocumentUpload,
} from "~/modules/certificates/certificates.server";
import {
  certificateSchema,
  certificateStatus,
  isCertificateKind,
  withDefaults,
} from "~/modules/certificates/status";
import { RouteErrorBoundary } from "~/components/error-page";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { toVnDate } from "~/modules/traceability/vn-time";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, {
    id: true,
    name: true,
    ocopStars: true,
    ocopGroup: true,
  });
  const kindParam = new URL(request.url).searchParams.get("kind");
  const now = new Date();
  const certificates = (await listCertificates(access.producer.id, product.id)).map((c): CertificateRow => ({
    id: c.id,
    kind: c.kind,
    number: c.number,
    issuer: c.issuer,
    issuerLevel: c.issuerLevel,
    standard: c.standard,
    ocopStars: c.ocopStars,
    scores: c.scoreA != null && c.scoreB != null && c.scoreC != null ? [c.scoreA, c.scoreB, c.scoreC] : null,
    issuedOn: toVnDate(c.issuedOn),
    expiresOn: c.expiresOn ? toVnDate(c.expiresOn) : null,
    revokedReason: c.revokedReason,
    hasDocument: c.documentMime !== null,
    producerWide: c.productId === null,
    ...certificateStatus(c, now),
  }));
  return {
    base: `/producer/${access.producer.id}/products/${product.id}`,
    product,
    certificates,
    kind: isCertificateKind(kindParam) ? kindParam : null,
  };
}

type ActionData =
  | { intent: "create"; result: SubmissionResult<string[]> }
  | { intent: "revoke" | "attach"; certificateId: string; error: string };

/** The scan's problem, if any, with its status (413 too large, 415 not a PDF/image). */
function documentProblem(t: TFunction, document: DocumentUpload): { status: number; message: string } | null {
  if (document.kind === "too-large") return { status: 413, message: t("certificates.errors.fileTooLarge") };
  if (document.kind === "file" && !document.mime)
    return { status: 415, message: t("certificates.errors.fileType") };
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true });
  const { t } = await getT(request);
  const here = `/producer/${access.producer.id}/products/${product.id}/certificates`;
  let form: Awaited<ReturnType<typeof readCertificateForm>>;
  try {
    form = await readCertificateForm(request);
  } catch (error) {
    if (!(error instanceof RequestTooLargeError)) throw error;
    const result: SubmissionResult<string[]> = {
      status: "error",
      error: { document: [t("certificates.errors.fileTooLarge")] },
    };
    return data<ActionData>({ intent: "create", result }, { status: 413 });
  }
  const { formData, document } = form;
  const intent = formData.get("intent");
  const done = async (message: string) =>
    redirect(here, { headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) } });

  if (intent === "revoke" || intent === "attach") {
    const certificateId = String(formData.get("certificateId") ?? "");
    const fail = (status: number, error: string) =>
      data<ActionData>({ intent, certificateId, error }, { status });
    if (intent === "revoke") {
      const reason = String(formData.get("reason") ?? "").trim();
      if (!reason || reason.length > 500) return fail(400, t("certificates.errors.reason"));
      const outcome = await revokeCertificate(access, product.id, certificateId, reason);
      if (outcome === "already-revoked") return fail(409, t("certificates.errors.alreadyRevoked"));
      return done(t("certificates.revoked"));
    }
    const problem = documentProblem(t, document);
    if (problem) return fail(problem.status, problem.message);
    if (document.kind !== "file" || !document.mime) return fail(400, t("certificates.errors.fileMissing"));
    await attachDocument(access, product.id, certificateId, { bytes: document.bytes, mime: document.mime });
    return done(t("certificates.attached"));
  }

  const submission = parseWithZod(formData, { schema: certificateSchema(t) });
  const problem = documentProblem(t, document);
  if (submission.status !== "success" || problem) {
    // A browser never re-fills a file input: say so when a good file was sent with bad fields.
    const fileError =
      problem?.message ?? (document.kind === "file" ? t("certificates.errors.fileAgain") : null);
    const result = submission.reply(fileError ? { fieldErrors: { document: [fileError] } } : {});
    const status = submission.status !== "success" ? 400 : (problem?.status ?? 400);
    return data<ActionData>({ intent: "create", result }, { status });
  }
  const scan =
    document.kind === "file" && document.mime ? { bytes: document.bytes, mime: document.mime } : null;
  await createCertificate(access, product.id, withDefaults(submission.value), scan);
  return done(t("certificates.added"));
}

export const meta: MetaFunction = () => [{ title: "Chứng nhận · Cổng OCOP" }];

export default function Certificates() {
  const { base, product, certificates, kind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to={base}>← {t("certificates.backToProduct")}</Link>
      </p>
      <h1>{t("certificates.title")}</h1>
      <p>{t("certificates.lead", { product: product.name })}</p>
      {certificates.length === 0 ? (
        <p className="notice">{t("certificates.empty")}</p>
      ) : (
        <CertificateTable
          base={base}
          certificates={certificates}
          rowError={actionData && actionData.intent !== "create" ? actionData : null}
        />
      )}
      <h2 id="add">{t("certificates.addTitle")}</h2>
      {kind ? (
        <AddCertificate
          kind={kind}
          productGroup={product.ocopGroup}
          lastResult={actionData?.intent === "create" ? actionData.result : undefined}
        />
      ) : (
        <KindChooser />
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
