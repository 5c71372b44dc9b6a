// A user's own inbox. Every query is keyed on the user's id as well as the notice's, so a guessed or
// replayed id never reads or marks someone else's notification.
import { prisma } from "~/utils/db.server";
import { safeRedirect } from "~/utils/redirect";
import type { Locale } from "~/utils/i18n";
import { noticeText } from "./notifications.server";

export const INBOX_PAGE_SIZE = 20;

/** Keyset position: the last notice of the previous page (newest first by createdAt, then id). */
export interface InboxCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString("base64url");
}

/** Null for anything that is not a cursor this module wrote. */
export function decodeCursor(value: string): InboxCursor | null {
  const [iso, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !id || !UUID.test(id) || !iso) return null;
  const createdAt = new Date(iso);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso ? null : { createdAt, id };
}

export interface InboxItem {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  read: boolean;
  hasLink: boolean;
}

/** One page of the user's notices, newest first, written in `locale`. */
export async function listInbox(
  userId: string,
  locale: Locale,
  options: { cursor?: InboxCursor | null; take?: number } = {},
): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
  const take = options.take ?? INBOX_PAGE_SIZE;
  const { cursor } = options;
  const rows = await prisma.notification.findMany({
    where: {
      userId,
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: { id: true, kind: true, params: true, link: true, readAt: true, createdAt: true },
  });
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return {
    items: page.map((n) => ({
      id: n.id,
      ...noticeText(locale, n.kind, n.params),
      createdAt: n.createdAt,
      read: n.readAt !== null,
      hasLink: internalLink(n.link) !== null,
    })),
    nextCursor: rows.length > take && last ? encodeCursor(last) : null,
  };
}

/** A stored link only if it is a path on this site ("/x", not "//evil" or "/\\evil"). */
export function internalLink(link: string | null | undefined): string | null {
  if (!link) return null;
  const safe = safeRedirect(link, "");
  return safe === "" ? null : safe;
}

/**
 * Marks the user's notice read and says where it leads (an internal path, or null). Null as a
 * whole when the notice does not exist or is not this user's.
 */
export async function openNotice(userId: string, id: string): Promise<{ link: string | null } | null> {
  if (!UUID.test(id)) return null;
  const notice = await prisma.notification.findFirst({
    where: { id, userId },
    select: { link: true, readAt: true },
  });
  if (!notice) return null;
  if (!notice.readAt)
    await prisma.notification.updateMany({
      where: { id, userId, readAt: null },
      data: { readAt: new Date() },
    });
  return { link: internalLink(notice.link) };
}

export async function markAllRead(userId: string): Promise<number> {
  const { count } = await prisma.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}
