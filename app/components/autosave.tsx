import { useFetcher, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * With JavaScript, the form's content is posted to the draft endpoint a moment after each change,
 * so a dropped connection or a closed tab loses nothing. Without JavaScript the product action
 * itself keeps a draft whenever validation fails.
 */
export function useAutosave(formId: string, action: string) {
  const fetcher = useFetcher<{ savedAt?: string }>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const submit = fetcher.submit;
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const save = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => submit(new FormData(form), { method: "post", action }), 1500);
    };
    form.addEventListener("input", save);
    return () => {
      form.removeEventListener("input", save);
      clearTimeout(timer.current);
    };
  }, [formId, action, submit]);
  return fetcher.data?.savedAt ?? null;
}

export function AutosaveStatus({ savedAt }: { savedAt: string | null }) {
  const { t } = useTranslation();
  return (
    <p className="meta" aria-live="polite">
      {savedAt ? t("products.draftSaved") : t("products.autosaveHint")}
    </p>
  );
}

/** Autosaves change nothing on screen: no loader needs to run again after one. */
export const skipAutosaveRevalidation: ShouldRevalidateFunction = ({
  formAction,
  defaultShouldRevalidate,
}) => (formAction?.endsWith("/products/draft") ? false : defaultShouldRevalidate);
