import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AutosaveStatus, skipAutosaveRevalidation, useAutosave } from "~/components/autosave";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import { ProductFields, type ProductFieldSet } from "~/components/product-fields";
import { BUTTONS, ReviewReasons, ReviewStatusPanel, type ButtonAction } from "~/components/review-reasons";
import { auditOrigin } from "~/modules/audit/audit.server";
import { notFound, requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";
import { listCommunes } from "~/modules/producers/producers.server";
import { draftFromForm, loadDraft, saveDraft } from "~/modules/products/drafts.server";
import { productSchema, type ProductForm } from "~/modules/products/product-schema";
import {
  getProductForEdit,
  isEditable,
  ProductConflict,
  ProductLocked,
  updateProduct,
} from "~/modules/products/registration.server";
import type { SubmissionProblem } from "~/modules/products/submission";
import { moveProduct, producerActor, submitProduct } from "~/modules/products/submit.server";
import { allowedActions } from "~/modules/reviews/state-machine";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await getProductForEdit(access, params.productId ?? "").catch(() => null);
  if (!product) throw notFound();
  const editable = isEditable(product.status);
  const [communes, draft] = await Promise.all([
    listCommunes(access.producer.provinceCode),
    // A frozen product shows what is under review, not a draft typed meanwhile (kept for later).
    editable ? loadDraft(access, product.id) : null,
  ]);
  const { _count, status, publicId, submittedAt, ocopStars, id, listedAt, suspensionCause, ...rest } =
    product;
  const { pendingReview, review, ...values } = rest;
  const defaults = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v === null ? undefined : String(v)]),
  );
  const listed = listedAt !== null;
  const actions = allowedActions(status, producerActor(access).role, { listed }).filter(
    (a): a is ButtonAction => (BUTTONS as readonly string[]).includes(a),
  );
  return {
    producerId: access.producer.id,
    product: {
      id,
      status,
      listed,
      publicId,
      submittedAt,
      ocopStars,
      suspensionCause,
      pendingReview,
      counts: _count,
    },
    editable,
    actions,
    review,
    defaults,
    draft,
    communes,
  };
}

const intentSchema = z.object({
  intent: z.enum(["save", ...BUTTONS]).default("save"),
  confirm: z.string().optional(),
});

interface ActionData {
  result?: SubmissionResult<string[]>;
  problems?: SubmissionProblem[];
  error?: string;
  confirmWithdraw?: boolean;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, {
    id: true,
    status: true,
    listedAt: true,
  });
  const { t } = await getT(request);
  const formData = await request.formData();
  const base = `/producer/${access.producer.id}/products/${product.id}`;
  const origin = auditOrigin(context);
  const done = async (message: string) =>
    redirect(base, { headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) } });

  // Only these intents exist: a crafted "approve" (or a posted status) changes nothing.
  const parsed = intentSchema.safeParse({
    intent: formData.get("intent") ?? undefined,
    confirm: formData.get("confirm") ?? undefined,
  });
  if (!parsed.success) return data<ActionData>({ error: t("errors.badRequest") }, { status: 400 });
  const { intent, confirm } = parsed.data;

  if (intent === "submit") {
    const problems = await submitProduct(access, product.id, origin);
    if (problems.length)
      return data<ActionData>({ problems }, { status: problems.includes("status") ? 409 : 422 });
    return done(t("products.submit.done"));
  }
  if (intent === "withdraw" || intent === "reopen") {
    const refused = (status: string) =>
      data<ActionData>(
        { error: t("products.lifecycle.refused", { status: t(`status.${status}`) }) },
        { status: 409 },
      );
    // Withdrawing asks first (a second POST carries confirm=yes): works without JavaScript.
    if (intent === "withdraw" && confirm !== "yes") {
      const listed = product.listedAt !== null;
      if (!allowedActions(product.status, producerActor(access).role, { listed }).includes("withdraw"))
        return refused(product.status);
      return data<ActionData>({ confirmWithdraw: true });
    }
    if (await moveProduct(access, product.id, intent, origin))
      return done(t(intent === "withdraw" ? "products.lifecycle.withdrawn" : "products.lifecycle.reopened"));
    return refused((await requireOwnProduct(access, product.id, { status: true })).status);
  }

  const submission = parseWithZod(formData, { schema: productSchema(t) });
  // Whatever was typed is kept as the product's draft when it cannot be saved now.
  const keep = () => saveDraft(access, product.id, draftFromForm(formData));
  const locked = async (status: string) => {
    await keep();
    const message =
      status === "IN_REVIEW" || status === "REJECTED"
        ? t(`products.lifecycle.locked.${status}`)
        : t("products.lifecycle.refused", { status: t(`status.${status}`) });
    return data<ActionData>({ result: submission.reply({ formErrors: [message] }) }, { status: 409 });
  };
  if (!isEditable(product.status)) return locked(product.status);
  if (submission.status !== "success") {
    await keep();
    return data<ActionData>({ result: submission.reply() }, { status: 400 });
  }
  try {
    const { pendingReview } = await updateProduct(access, product.id, submission.value, origin);
    if (!pendingReview.length) return done(t("products.saved"));
    return done(
      t(
        product.status === "APPROVED" ? "products.lifecycle.savedRevised" : "products.lifecycle.savedPending",
      ),
    );
  } catch (error) {
    if (error instanceof ProductLocked) return locked(error.status);
    if (error instanceof ProductConflict) {
      await keep();
      const message = error.field === "gtin" ? t("products.errors.gtinTaken") : t("products.errors.skuTaken");
      return data<ActionData>(
        { result: submission.reply({ fieldErrors: { [error.field]: [message] } }) },
        { status: 409 },
      );
    }
    throw error;
  }
}

export default function EditProduct() {
  const { producerId, product, editable, actions, review, defaults, draft, communes } =
    useLoaderData<typeof loader>();
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
      <p className="meta">{t("products.publicId", { id: product.publicId })}</p>
      <ReviewStatusPanel product={product} actions={actions} base={base} outcome={actionData} />
      {review ? (
        <ReviewReasons
          decision={review.decision}
          decidedAt={review.decidedAt}
          reasons={review.reasons}
          base={base}
        />
      ) : null}
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

      {draft && !actionData ? (
        <p className="notice">
          {t("products.draftRestored", {
            time: formatDateTime(draft.updatedAt, i18n.language === "en" ? "en" : "vi"),
          })}
        </p>
      ) : null}
      <Form method="post" className="card" {...getFormProps(form)} noValidate>
        <FormErrors errors={form.errors} />
        {editable ? null : (
          <p className="notice" id="read-only">
            {t(`products.lifecycle.readOnly.${product.status}`)}
          </p>
        )}
        <fieldset
          className="plain"
          disabled={!editable}
          aria-describedby={editable ? undefined : "read-only"}
        >
          <input type="hidden" name="productId" value={product.id} />
          <ProductFields
            fields={fields as unknown as ProductFieldSet}
            communes={communes}
            reviewReasons={review?.reasons}
          />
          {editable ? (
            <>
              <AutosaveStatus savedAt={savedAt} />
              <button type="submit" name="intent" value="save" className="primary">
                {t("products.save")}
              </button>
            </>
          ) : null}
        </fieldset>
      </Form>
    </div>
  );
}

export const shouldRevalidate = skipAutosaveRevalidation;

export const ErrorBoundary = RouteErrorBoundary;
