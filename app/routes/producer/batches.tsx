import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/forms";
import { batchSchema, LABEL_SIZES, MAX_LABEL_COPIES, type BatchInput } from "~/modules/batches/batch-schema";
import { createBatch, listBatches } from "~/modules/batches/batches.server";
import { InputField } from "~/components/form-controls";
import { RouteErrorBoundary } from "~/components/error-page";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { formatVnDate } from "~/modules/traceability/vn-time";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true, name: true });
  const batches = await listBatches(product.id);
  return {
    base: `/producer/${access.producer.id}/products/${product.id}`,
    product,
    batches: batches.map((b) => ({
      id: b.id,
      lotNumber: b.lotNumber,
      producedOn: b.producedOn ? formatVnDate(b.producedOn) : null,
      harvestedOn: b.harvestedOn ? formatVnDate(b.harvestedOn) : null,
      expiresOn: b.expiresOn ? formatVnDate(b.expiresOn) : null,
      quantity: b.quantity,
      uom: b.uom,
      events: b._count.events,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true, shelfLifeDays: true });
  const { t } = await getT(request);
  const submission = parseWithZod(await request.formData(), { schema: batchSchema(t) });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const created = await createBatch(access, product, submission.value);
  if (!created.ok) {
    const lot = submission.value.lotNumber;
    return data(
      { result: submission.reply({ fieldErrors: { lotNumber: [t("batches.errors.lotTaken", { lot })] } }) },
      { status: 409 },
    );
  }
  const flash = await setFlash(request, {
    kind: "success",
    message: t("batches.created", { lot: submission.value.lotNumber }),
  });
  return redirect(`/producer/${access.producer.id}/products/${product.id}/batches/${created.id}`, {
    headers: { "Set-Cookie": flash },
  });
}

export const meta: MetaFunction = () => [{ title: "Lô hàng · Cổng OCOP" }];

type BatchForm = { [K in keyof BatchInput]?: string };

export default function Batches() {
  const { base, product, batches } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<BatchForm>({ lastResult: actionData?.result, shouldValidate: "onSubmit" });
  return (
    <>
      <p>
        <Link to={base}>← {t("batches.backToProduct")}</Link>
      </p>
      <h1>{t("batches.title")}</h1>
      <p>{t("batches.lead", { product: product.name })}</p>
      {batches.length === 0 ? (
        <p className="notice">{t("batches.empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("batches.columns.lot")}</th>
              <th>{t("batches.columns.dates")}</th>
              <th>{t("batches.columns.quantity")}</th>
              <th>{t("batches.columns.diary")}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link to={`${base}/batches/${b.id}`}>{b.lotNumber}</Link>
                </td>
                <td>{[b.producedOn, b.harvestedOn, b.expiresOn].map((d) => d ?? "—").join(" / ")}</td>
                <td>{b.quantity != null ? `${b.quantity.toLocaleString("vi-VN")} ${b.uom ?? ""}` : "—"}</td>
                <td>{t("batches.eventCount", { count: b.events })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="add">{t("batches.addTitle")}</h2>
      <Form method="post" className="card form-wide" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <div className="cols">
          <InputField
            field={fields.lotNumber}
            label={t("batches.fields.lotNumber")}
            hint={t("batches.hints.lotNumber")}
          />
          <InputField
            field={fields.growingAreaCode}
            label={t("batches.fields.growingAreaCode")}
            hint={t("batches.hints.growingAreaCode")}
          />
        </div>
        <div className="cols">
          <InputField field={fields.producedOn} label={t("batches.fields.producedOn")} type="date" />
          <InputField field={fields.harvestedOn} label={t("batches.fields.harvestedOn")} type="date" />
          <InputField
            field={fields.expiresOn}
            label={t("batches.fields.expiresOn")}
            type="date"
            hint={t("batches.hints.expiresOn")}
          />
        </div>
        <div className="cols">
          <InputField field={fields.quantity} label={t("batches.fields.quantity")} inputMode="decimal" />
          <InputField field={fields.uom} label={t("batches.fields.uom")} hint={t("batches.hints.uom")} />
        </div>
        <button type="submit" className="primary">
          {t("batches.save")}
        </button>
      </Form>

      <h2 id="labels">{t("batches.labels.title")}</h2>
      {batches.length === 0 ? (
        <p className="notice">{t("batches.labels.noBatches")}</p>
      ) : (
        // A GET that changes nothing: the PDF comes back as a document (reloadDocument), not as data.
        <Form method="get" action={`${base}/labels`} reloadDocument className="card form-wide">
          <p>{t("batches.labels.lead")}</p>
          <fieldset className="choices">
            <legend>{t("batches.labels.batches")}</legend>
            {batches.map((b, i) => (
              <label key={b.id} className="choice">
                <input type="checkbox" name="batch" value={b.id} defaultChecked={i === 0} /> {b.lotNumber}
              </label>
            ))}
          </fieldset>
          <fieldset className="choices">
            <legend>{t("batches.labels.size")}</legend>
            {LABEL_SIZES.map((size) => (
              <label key={size} className="choice">
                <input type="radio" name="size" value={size} defaultChecked={size === "medium"} />{" "}
                {t(`batches.labels.sizes.${size}`)}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="copies">{t("batches.labels.copies")}</label>
            <input
              id="copies"
              name="copies"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_LABEL_COPIES}
              defaultValue={21}
            />
          </div>
          <button type="submit" className="primary">
            {t("batches.labels.submit")}
          </button>
        </Form>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
