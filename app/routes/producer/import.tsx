import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  getImportJob,
  listImportJobs,
  MAX_FILE_BYTES,
  runImport,
  type ImportJobView,
} from "~/modules/imports/imports.server";
import { notFound, requireProducerAccess } from "~/modules/producers/access.server";
import { TIME_ZONE } from "~/utils/i18n";
import { getT } from "~/utils/locale.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t, locale } = await getT(request);
  const jobId = new URL(request.url).searchParams.get("job");
  const job = jobId ? await getImportJob(access, jobId, t) : null;
  if (jobId && !job) throw notFound();
  const when = new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    timeZone: TIME_ZONE,
    dateStyle: "short",
    timeStyle: "short",
  });
  const recent = await listImportJobs(access);
  return {
    base: `/producer/${access.producer.id}`,
    job: job && {
      ...job,
      createdAt: when.format(job.createdAt),
      finishedAt: job.finishedAt && when.format(job.finishedAt),
      sameFileAt: job.sameFileAt && when.format(job.sameFileAt),
    },
    recent: recent.map((r) => ({ ...r, createdAt: when.format(r.createdAt) })),
  };
}

const uploadSchema = (message: string) =>
  z.object({ file: z.instanceof(File, { error: message }).refine((file) => file.size > 0, message) });

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
  const tooLarge = () => data({ error: t("imports.errors.tooLarge") }, { status: 413 });
  // Refuse an announced oversize body before reading it (the form's other fields are tiny).
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_FILE_BYTES + 64 * 1024) return tooLarge();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    return data({ error: t("errors.badRequest") }, { status: 400 });
  }
  const upload = uploadSchema(t("imports.errors.noFile")).safeParse({ file: form.get("file") });
  if (!upload.success) return data({ error: t("imports.errors.noFile") }, { status: 400 });
  const started = await runImport(access, upload.data.file, t);
  if (!started.ok) return data({ error: started.message }, { status: started.status });
  return redirect(`/producer/${access.producer.id}/import?job=${started.jobId}`);
}

export default function ImportProducts() {
  const { base, job, recent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const submitting = navigation.state === "submitting";
  return (
    <div className="form-wide">
      <h1>{t("imports.title")}</h1>
      <p>{t("imports.lead")}</p>

      {job ? <JobResult job={job} /> : null}

      <section className="card">
        <h2>{t("imports.templateHeading")}</h2>
        <p className="actions">
          <a className="button" href={`${base}/import/template`} download>
            {t("imports.templateXlsx")}
          </a>
          <a className="button secondary" href={`${base}/import/template?format=csv`} download>
            {t("imports.templateCsv")}
          </a>
        </p>
        <p>{t("imports.templateHint")}</p>
        <p className="hint">{t("imports.csvHint")}</p>
      </section>

      {/* Keyed by the job shown, so the file input is cleared once an upload has gone through. */}
      <Form key={job?.id ?? "new"} method="post" encType="multipart/form-data" className="card" replace>
        <h2>{t("imports.uploadHeading")}</h2>
        <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
        <div className="field">
          <label htmlFor="import-file">{t("imports.file")}</label>
          <input
            id="import-file"
            type="file"
            name="file"
            required
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          />
        </div>
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? t("imports.submitting") : t("imports.submit")}
        </button>
      </Form>

      <section>
        <h2>{t("imports.historyHeading")}</h2>
        {recent.length === 0 ? (
          <p>{t("imports.historyEmpty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("imports.when")}</th>
                <th scope="col">{t("imports.fileName")}</th>
                <th scope="col">{t("imports.state")}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td>{r.createdAt}</td>
                  <td>
                    <Link to={`?job=${r.id}`}>{r.fileName}</Link> (
                    {t("imports.rowCount", { count: r.totalRows })})
                  </td>
                  <td>
                    {r.status === "DONE"
                      ? t("imports.doneSummary", { created: r.createdRows, updated: r.updatedRows })
                      : t(`imports.status.${statusOf(r.status)}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

const statusOf = (status: string): ImportJobView["status"] =>
  status === "VALIDATING" || status === "SAVING" || status === "DONE" ? status : "FAILED";

type JobData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["job"]>;

function JobResult({ job }: { job: JobData }) {
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  const inProgress = job.status === "VALIDATING" || job.status === "SAVING";
  // With JavaScript: poll the job. Without: the <noscript> refresh below reloads the page.
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [inProgress, revalidator]);

  const number = new Intl.NumberFormat(i18n.language);
  const notes = job.issues.filter((i) => i.row === 0);
  const cells = job.issues.filter((i) => i.row > 0);
  if (inProgress) {
    const checked = job.createdRows + job.updatedRows + job.invalidRows;
    return (
      <section className="notice" aria-live="polite">
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
        <h2>
          {t(`imports.status.${job.status}`)}: {job.fileName}
        </h2>
        <progress value={job.status === "SAVING" ? job.totalRows : checked} max={job.totalRows} />
        <p>
          {job.status === "SAVING"
            ? t("imports.saving", { count: job.createdRows + job.updatedRows })
            : t("imports.progress", { done: number.format(checked), total: number.format(job.totalRows) })}
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-live="polite">
      <h2>{t("imports.resultHeading", { fileName: job.fileName })}</h2>
      <p>
        {t(`imports.status.${job.status}`)} · {job.createdAt}
      </p>
      {notes.map((note, i) => (
        <p
          key={i}
          className={job.status === "FAILED" ? "warning" : "notice"}
          role={job.status === "FAILED" ? "alert" : undefined}
        >
          {note.message}
        </p>
      ))}
      {job.sameFileAt ? <p className="notice">{t("imports.sameFile", { when: job.sameFileAt })}</p> : null}
      {job.status === "DONE" ? (
        <>
          <table className="table">
            <tbody>
              <tr>
                <th scope="row">{t("imports.created")}</th>
                <td>{number.format(job.createdRows)}</td>
              </tr>
              <tr>
                <th scope="row">{t("imports.updated")}</th>
                <td>{number.format(job.updatedRows)}</td>
              </tr>
              <tr>
                <th scope="row">{t("imports.unchanged")}</th>
                <td>{number.format(job.unchangedRows)}</td>
              </tr>
              <tr>
                <th scope="row">{t("imports.invalid")}</th>
                <td>{number.format(job.invalidRows)}</td>
              </tr>
            </tbody>
          </table>
          {job.createdRows > 0 ? <p>{t("imports.createdAsDraft")}</p> : null}
          {job.invalidRows === 0 ? <p>{t("imports.allGood")}</p> : null}
        </>
      ) : null}
      {cells.length ? (
        <>
          <h3>{t("imports.errorsHeading")}</h3>
          <p>{t("imports.errorsLead")}</p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("imports.row")}</th>
                <th scope="col">{t("imports.column")}</th>
                <th scope="col">{t("imports.message")}</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((issue, i) => (
                <tr key={i}>
                  <td>{issue.row}</td>
                  <td>{issue.column}</td>
                  <td>{issue.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {job.moreIssues > 0 ? <p>{t("imports.moreErrors", { count: job.moreIssues })}</p> : null}
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Nhập sản phẩm · Cổng OCOP" }];

export const ErrorBoundary = RouteErrorBoundary;
