import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AutosaveStatus, useAutosave } from "~/components/autosave";
import { FormErrors } from "~/components/forms";
import { ProductFields, type ProductFieldSet } from "~/components/product-fields";
import { notFound, requireProducerAccess } from "~/modules/producers/access.server";
import { listCommunes } from "~/modules/producers/producers.server";
import { draftFromForm, loadDraft, saveDraft } from "~/modules/products/drafts.server";
import { productSchema, type ProductForm } from "~/modules/products/product-schema";
import { getProductForEdit, ProductConflict, updateProduct } from "~/modules/products/registration.server";
import { submitProduct } from "~/modules/products/submit.server";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { skipAutosaveRevalidation } from "~/components/autosave";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await getProductForEdit(access, params.productId ?? "").catch(() => null);
  if (!product) throw notFound();
  const [communes, draft] = await Promise.all([
    listCommunes(access.producer.provinceCode),
    loadDraft(access, product.id),
  ]);
  const { _count, status, publicId, submittedAt, ocopStars, id, ...values } = product;
  const defaults = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v === null ? undefined : String(v)]),
  );
  return {
    producerId: access.producer.id,
    product: { id, status, publicId, submittedAt, ocopStars, counts: _count },
    defaults,
    draft,
    communes,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await getProductForEdit(access, params.productId ?? "").catch(() => null);
  if (!product) throw notFound();
  const { t } = await getT(request);
  const formData = await request.formData();
  const base = `/producer/${access.producer.id}/products/${product.id}`;

  if (formData.get("intent") === "submit") {
    const problems = await submitProduct(access, product.id);
    if (problems.length) return data({ result: undefined, problems }, { status: 422 });
    return redirect(base, {
      headers: {
        "Set-Cookie": await setFlash(request, { kind: "success", message: t("products.submit.done") }),
      },
    });
  }

  const submission = parseWithZod(formData, { schema: productSchema(t) });
  if (submission.status !== "success") {
    await saveDraft(access, product.id, draftFromForm(formData));
    return data({ result: submission.reply(), problems: [] }, { status: 400 });
  }
  try {
    await updateProduct(access, product.id, submission.value);
  } catch (error) {
    if (error instanceof ProductConflict) {
      await saveDraft(access, product.id, draftFromForm(formData));
      const message = error.field === "gtin" ? t("products.errors.gtinTaken") : t("products.errors.skuTaken");
      return data(
        { result: submission.reply({ fieldErrors: { [error.field]: [message] } }), problems: [] },
        { status: 409 },
      );
    }
    throw error;
  }
  return redirect(base, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("products.saved") }) },
  });
}

export default function EditProduct() {
  const { producerId, product, defaults, draft, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm<ProductForm>({
    id: "product-form",
    lastResult: actionData?.result,
    defaultValue: (draft?.data ?? defaults) as Record<string, string>,
    shouldValidate: "onSubmit",
  });
  const savedAt = useAutosave(form.id, `/producer/${producerId}/products/draft`);
  const base = `/producer/${producerId}/products/${product.id}`;
  return (
    <div className="form-wide">
      <h1>{t("products.editTitle")}</h1>
      <p>
        <span className="pill">{t("products.status", { status: t(`status.${product.status}`) })}</span>{" "}
        <span className="meta">{t("products.publicId", { id: product.publicId })}</span>
      </p>
      <nav className="actions" aria-label={t("products.editTitle")}>
        <Link className="button secondary" to={`${base}/photos`}>
          {t("products.manage.photos", { count: product.counts.photos })}
        </Link>
        <Link className="button secondary" to={`${base}/certificates`}>
          {t("products.manage.certificates", { count: product.counts.certificates })}
        </Link>
        <Link className="button secondary" to={`${base}/batches`}>
          {t("products.manage.batches", { count: product.counts.batches })}
        </Link>
        <Link className="button secondary" to={`${base}/labels`}>
          {t("products.manage.labels")}
        </Link>
      </nav>

      {product.status === "DRAFT" || product.status === "CHANGES_REQUESTED" ? (
        <section className="card submit-box">
          <h2>{t("products.submit.title")}</h2>
          <p>{t("products.submit.lead")}</p>
          {actionData?.problems?.length ? (
            <ul className="warning" role="alert">
              {actionData.problems.map((p) => (
                <li key={p}>{t(`products.submit.problems.${p}`)}</li>
              ))}
            </ul>
          ) : null}
          <Form method="post">
            <button type="submit" name="intent" value="submit" className="primary">
              {t("products.submit.button")}
            </button>
          </Form>
        </section>
      ) : null}

      {draft && !actionData ? (
        <p className="notice">
          {t("products.draftRestored", {
            time: formatDateTime(draft.updatedAt, i18n.language === "en" ? "en" : "vi"),
          })}
        </p>
      ) : null}
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="productId" value={product.id} />
        <ProductFields fields={fields as unknown as ProductFieldSet} communes={communes} />
        <AutosaveStatus savedAt={savedAt} />
        <button type="submit" name="intent" value="save" className="primary">
          {t("products.save")}
        </button>
      </Form>
    </div>
  );
}

export const shouldRevalidate = skipAutosaveRevalidation;

export const ErrorBoundary = RouteErrorBoundary;
