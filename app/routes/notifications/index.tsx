import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import { decodeCursor, listInbox, markAllRead, openNotice } from "~/modules/notifications/inbox.server";
import { unreadCount } from "~/modules/notifications/notifications.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { translator } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { setFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request, user.locale);
  const t = translator(locale);
  const raw = new URL(request.url).searchParams.get("cursor");
  const cursor = raw ? decodeCursor(raw) : null;
  const unread = await unreadCount(user.id);
  if (raw && !cursor) {
    return data(
      { items: [], nextCursor: null, paged: true, unread, error: t("notifications.errors.badPage") },
      { status: 400 },
    );
  }
  const page = await listInbox(user.id, locale, { cursor });
  return {
    items: page.items.map((item) => ({ ...item, createdAt: formatDateTime(item.createdAt, locale) })),
    nextCursor: page.nextCursor,
    paged: Boolean(cursor),
    unread,
    error: null,
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: z.uuid() }),
  z.object({ intent: z.literal("readAll") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = translator(await getLocale(request, user.locale));
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("errors.badRequest") }, { status: 400 });
  if (parsed.data.intent === "readAll") {
    await markAllRead(user.id);
    return redirect("/notifications", {
      headers: {
        "Set-Cookie": await setFlash(request, { kind: "success", message: t("notifications.allRead") }),
      },
    });
  }
  // Looked up by id and user together: someone else's notice is simply not found.
  const opened = await openNotice(user.id, parsed.data.id);
  if (!opened) return data({ error: t("notifications.errors.notFound") }, { status: 404 });
  return redirect(opened.link ?? "/notifications");
}

export const meta: MetaFunction = () => [{ title: "Thông báo · Cổng OCOP" }];

export default function Notifications() {
  const { items, nextCursor, paged, unread, error } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = [error, actionData?.error].filter((e): e is string => Boolean(e));
  return (
    <div className="form-wide">
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.lead")}</p>
      <FormErrors errors={errors} />
      {unread > 0 ? (
        <Form method="post" className="actions">
          <p className="inbox-count">{t("notifications.unreadCount", { count: unread })}</p>
          <button type="submit" name="intent" value="readAll" className="button secondary">
            {t("notifications.markAllRead")}
          </button>
        </Form>
      ) : null}
      {items.length === 0 && !error ? <p>{t("notifications.empty")}</p> : null}
      <ul className="inbox">
        {items.map((item) => (
          <li key={item.id} className={item.read ? "card inbox-item" : "card inbox-item unread"}>
            <p className="inbox-title">
              {item.read ? null : <span className="pill">{t("notifications.unread")}</span>}{" "}
              <strong>{item.title}</strong>
            </p>
            {item.body ? <p>{item.body}</p> : null}
            <p className="meta">{item.createdAt}</p>
            {item.hasLink || !item.read ? (
              <Form method="post">
                <input type="hidden" name="id" value={item.id} />
                <button type="submit" name="intent" value="open" className="button secondary">
                  {item.hasLink ? t("notifications.open") : t("notifications.markRead")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="actions">
        {paged ? <Link to="/notifications">{t("notifications.first")}</Link> : null}
        {nextCursor ? (
          <Link to={`/notifications?${new URLSearchParams({ cursor: nextCursor })}`}>
            {t("notifications.next")}
          </Link>
        ) : null}
      </p>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
