import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AutosaveStatus, useAutosave } from "~/components/autosave";
import { FormErrors } from "~/components/forms";
import { ProductFields, type ProductFieldSet } from "~/components/product-fields";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { listCommunes } from "~/modules/producers/producers.server";
import { draftFromForm, loadDraft, saveDraft } from "~/modules/products/drafts.server";
import { productSchema, type ProductForm } from "~/modules/products/product-schema";
import { createProduct, ProductConflict } from "~/modules/products/registration.server";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";
import { skipAutosaveRevalidation } from "~/components/autosave";
import { RouteErrorBoundary } from "~/components/error-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const [communes, draft] = await Promise.all([
    listCommunes(access.producer.provinceCode),
    loadDraft(access, null),
  ]);
  return { communes, draft, producerId: access.producer.id, defaultCommune: access.producer.communeCode };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const { t } = await getT(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: productSchema(t) });
  if (submission.status !== "success") {
    await saveDraft(access, null, draftFromForm(formData));
    return data({ result: submission.reply() }, { status: 400 });
  }
  try {
    const product = await createProduct(access, submission.value);
    return redirect(`/producer/${access.producer.id}/products/${product.id}`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("products.saved") }) },
    });
  } catch (error) {
    if (error instanceof ProductConflict) {
      await saveDraft(access, null, draftFromForm(formData));
      const message = error.field === "gtin" ? t("products.errors.gtinTaken") : t("products.errors.skuTaken");
      return data(
        { result: submission.reply({ fieldErrors: { [error.field]: [message] } }) },
        { status: 409 },
      );
    }
    throw error;
  }
}

export default function NewProduct() {
  const { communes, draft, producerId, defaultCommune } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm<ProductForm>({
    id: "product-form",
    lastResult: actionData?.result,
    defaultValue: (draft?.data ?? { originCommuneCode: defaultCommune, minOrder: "1" }) as Record<
      string,
      string
    >,
    shouldValidate: "onSubmit",
  });
  const savedAt = useAutosave(form.id, `/producer/${producerId}/products/draft`);
  return (
    <div className="form-wide">
      <h1>{t("products.newTitle")}</h1>
      {draft && !actionData ? (
        <p className="notice">
          {t("products.draftRestored", {
            time: formatDateTime(draft.updatedAt, i18n.language === "en" ? "en" : "vi"),
          })}
        </p>
      ) : null}
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        <ProductFields fields={fields as unknown as ProductFieldSet} communes={communes} />
        <AutosaveStatus savedAt={savedAt} />
        <button type="submit" className="primary">
          {t("products.save")}
        </button>
      </Form>
    </div>
  );
}

export const shouldRevalidate = skipAutosaveRevalidation;

export const ErrorBoundary = RouteErrorBoundary;
