import type { Prisma } from "~/generated/prisma/client";
import { sendMail } from "~/utils/mail.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { translator, type Locale } from "~/utils/i18n";
import { formatVnDate } from "~/modules/traceability/vn-time";

/**
 * Every kind of notice. Its text is `notifications.kinds.<kind>.title|body` in each language,
 * interpolated with `params`; the mail uses the same text in the recipient's language.
 */
export const NOTIFICATION_KINDS = [
  "productSubmitted",
  "productApproved",
  "productChangesRequested",
  "productRejected",
  "productSuspended",
  "productReinstated",
  "productAssigned",
  "certificateExpiring",
  "certificateExpired",
  "certificateRevoked",
  // Orders: to the producer's people…
  "orderNewPaid",
  "orderNewCod",
  "orderNewTransfer",
  "orderCancelledProducer",
  "orderRefundedProducer",
  // …and to the buyer.
  "orderPlaced",
  "orderPaid",
  "orderConfirmed",
  "orderShipped",
  "orderDelivered",
  "orderCancelled",
  "orderExpired",
  "orderRefunded",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notice {
  kind: NotificationKind;
  /** Values for the message (product name, days left…): never passwords or tokens. */
  params: Record<string, string | number>;
  /** A path inside the portal where the recipient acts on it. */
  link?: string;
}

/**
 * Puts a notice in each recipient's inbox, inside the caller's transaction so a notice exists
 * exactly when the change it announces does. Mail goes out after commit (`deliverPendingEmails`),
 * and the scheduler retries what a failed send left pending.
 */
export async function notify(
  userIds: Iterable<string>,
  notice: Notice,
  db: Prisma.TransactionClient = prisma,
): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  const withEmail = new Set(
    (await db.user.findMany({ where: { id: { in: ids }, email: { not: null } }, select: { id: true } })).map(
      (u) => u.id,
    ),
  );
  const created = await db.notification.createMany({
    data: ids.map((userId) => ({
      userId,
      kind: notice.kind,
      params: notice.params,
      link: notice.link ?? null,
      emailPending: withEmail.has(userId),
    })),
  });
  return created.count;
}

/** The people who act for a producer: its members and the helpers it consented to. */
export async function producerRecipients(
  producerId: string,
  db: Prisma.TransactionClient = prisma,
): Promise<string[]> {
  // One after another: a transaction's connection runs one query at a time.
  const members = await db.producerMember.findMany({ where: { producerId }, select: { userId: true } });
  const consents = await db.consent.findMany({
    where: { producerId, revokedAt: null },
    select: { helperId: true },
  });
  return [...members.map((m) => m.userId), ...consents.map((c) => c.helperId)];
}

/** The officials of a province (they review its dossiers). */
export async function provinceOfficials(
  provinceCode: string,
  db: Prisma.TransactionClient = prisma,
): Promise<string[]> {
  const officials = await db.user.findMany({
    where: { role: "OFFICIAL", provinceCode },
    select: { id: true },
  });
  return officials.map((o) => o.id);
}

/**
 * A notice's title and body in one language. Beyond the stored params it fills in the pieces that
 * must themselves be translated: the suspension cause, the certificate kind, the reason line (only
 * when there is a reason), "of the product …" (certificates of a whole producer have none), dates
 * as dd/mm/yyyy in Vietnam's calendar, and `count` from `days` for plurals.
 */
export function noticeText(locale: Locale, kind: string, params: unknown) {
  const t = translator(locale);
  const raw = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  const text = (key: string) => (raw[key] === undefined || raw[key] === null ? "" : String(raw[key]));
  // Every placeholder the texts use gets a value, so a notice with missing params never shows "{{…}}".
  const values: Record<string, unknown> = { ...PLACEHOLDERS };
  for (const [name, value] of Object.entries(raw)) {
    // Params are values, never i18next options (a stored "lng" or "context" must not steer the lookup).
    if (!I18NEXT_OPTIONS.has(name) && (typeof value === "string" || typeof value === "number"))
      values[name] = value;
  }
  const cause = text("cause");
  if (cause) values.causeText = t(`notifications.causes.${cause}`, { defaultValue: "" });
  const reason = text("reason").trim();
  // The reason is the official's own words: end it as a sentence so the text after it reads on.
  const sentence = /[.!?…]$/.test(reason) ? reason : `${reason}.`;
  values.reasonText = reason ? t("notifications.reasonText", { reason: sentence }) : "";
  const product = text("product");
  values.ofProduct = product ? t("notifications.ofProduct", { product }) : "";
  const certificateKind = text("kind");
  if (certificateKind)
    values.kindLabel = t(`certificates.kinds.${certificateKind}`, { defaultValue: certificateKind });
  const date = text("date");
  if (date) values.date = displayDate(date);
  const days = Number(raw.days);
  if (raw.days !== undefined && raw.days !== "" && Number.isFinite(days)) values.count = days;
  const key = `notifications.kinds.${kind}`;
  const title = t(`${key}.title`, values);
  // An unknown kind (an old row after a rename) still shows something readable, never a key.
  if (title === `${key}.title`) return { title: kind, body: "" };
  let body = t(`${key}.body`, values);
  // A plural text asked without its count (no `days`): its general form.
  if (body === `${key}.body`) body = t(`${key}.body_other`, values);
  return { title: tidy(title), body: tidy(body) };
}

const I18NEXT_OPTIONS = new Set([
  "lng",
  "lngs",
  "ns",
  "context",
  "count",
  "ordinal",
  "defaultValue",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "postProcess",
  "interpolation",
  "keyPrefix",
  "replace",
  "fallbackLng",
]);

const PLACEHOLDERS = {
  product: "",
  reason: "",
  number: "",
  date: "",
  count: "",
  kindLabel: "",
  causeText: "",
  reasonText: "",
  ofProduct: "",
};

/** A 'YYYY-MM-DD' or ISO date-time as the Vietnamese calendar date dd/mm/yyyy; anything else as is. */
function displayDate(value: string): string {
  try {
    return formatVnDate(value);
  } catch {
    return value;
  }
}

/** Empty optional pieces leave double spaces or a space before a full stop behind. */
function tidy(text: string): string {
  return text
    .replace(/\{\{[^}]*\}\}/g, "")
    .replace(/ {2,}/g, " ")
    .replace(/ +([.,])/g, "$1")
    .trim();
}

/**
 * Mails every notice still pending, each in its recipient's language. A notice is marked sent
 * before the send is attempted only in its own row's update, so two instances never mail it twice;
 * a failed send puts it back for the next run.
 */
export async function deliverPendingEmails(limit = 100): Promise<{ sent: number; failed: number }> {
  const pending = await prisma.notification.findMany({
    where: { emailPending: true },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: {
      id: true,
      kind: true,
      params: true,
      link: true,
      user: { select: { email: true, locale: true } },
    },
  });
  let sent = 0;
  let failed = 0;
  const origin = env().APP_ORIGIN ?? "";
  for (const notice of pending) {
    // Claim the row: only the instance whose update matched sends it.
    const claimed = await prisma.notification.updateMany({
      where: { id: notice.id, emailPending: true },
      data: { emailPending: false, emailedAt: new Date() },
    });
    if (claimed.count !== 1 || !notice.user.email) continue;
    const { title, body } = noticeText(notice.user.locale, notice.kind, notice.params);
    try {
      await sendMail({
        to: notice.user.email,
        subject: title,
        text: notice.link ? `${body}\n\n${origin}${notice.link}` : body,
      });
      sent++;
    } catch (error) {
      failed++;
      await prisma.notification.update({
        where: { id: notice.id },
        data: { emailPending: true, emailedAt: null },
      });
      console.warn(`[mail] notice ${notice.id} not sent: ${(error as Error).message}`);
    }
  }
  return { sent, failed };
}

export function unreadCount(userId: string) {
  return prisma.notification.count({ where: { userId, readAt: null } });
}
