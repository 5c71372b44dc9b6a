import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The one error page, in the user's language. Routes export it as their ErrorBoundary so an error
 * shows inside their layout (a producer's navigation stays on screen); the root uses it last.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFoundBody")]
      : status === 403
        ? [t("errors.forbiddenTitle"), t("errors.forbiddenBody")]
        : status === 429
          ? [t("errors.tooManyTitle"), t("errors.tooManyAttempts", { minutes: 15 })]
          : status >= 400 && status < 500
            ? [t("errors.badRequest"), ""]
            : [t("errors.serverTitle"), t("errors.serverBody")];
  return (
    <section className="error-page">
      <p className="error-status">{status}</p>
      <h1>{title}</h1>
      {body ? <p>{body}</p> : null}
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
