// Personal-data rights (Law 91/2025): the shapes and rules shared by the server and the pages.
import type { TFunction } from "i18next";
import { z } from "zod";

/** What an erased account's name becomes. Its email, phone and password are gone. */
export const ERASED_NAME = "Người dùng đã xoá";

/**
 * Staff accounts are not closed by their holder: officials' decisions, operators' refunds and
 * admins' appointments must stay attributable to a named person while they hold the office. An
 * admin first gives the account back an ordinary role; its holder may then delete it.
 */
export const STAFF_ROLES = ["OFFICIAL", "OPERATOR", "ADMIN"] as const;

/**
 * Orders that still need the buyer's address or contact: not yet paid, paid, confirmed, on their
 * way, or with a refund in flight. Delivered, completed, cancelled, expired and refunded orders
 * need nothing more from the buyer (a later refund goes back to the payment, not to a person).
 */
export const OPEN_ORDER_STATUSES = [
  "PENDING_PAYMENT",
  "PAID",
  "CONFIRMED",
  "SHIPPED",
  "REFUND_PENDING",
] as const;

/** Why an account cannot be deleted now; the page shows each with the way out. */
export type DeletionBlocker =
  | { kind: "staff" }
  | { kind: "openOrders"; codes: string[] }
  | { kind: "handOver"; producer: string }
  | { kind: "liveProducer"; producer: string; products: number; orders: number };

export const deleteAccountSchema = (t: TFunction) =>
  z.object({
    password: z
      .string({ error: t("errors.required", { field: t("fields.password").toLowerCase() }) })
      .max(128, t("errors.passwordLong")),
    confirm: z.literal("on", { error: t("personalData.delete.confirmRequired") }),
  });
export type DeleteAccountForm = z.input<ReturnType<typeof deleteAccountSchema>>;

/** Revoke as a member of the producer that granted it, or withdraw as the helper it was given to. */
export const consentActionSchema = z.object({
  intent: z.enum(["revoke", "withdraw"]),
  consentId: z.uuid(),
});

/** The JSON file's name: the portal, what it is, the day (Vietnam) it was taken. */
export function exportFileName(day: string): string {
  return `cong-ocop-du-lieu-ca-nhan-${day}.json`;
}
