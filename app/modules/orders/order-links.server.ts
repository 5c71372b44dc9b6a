// Private order links for buyers without an account: /don-hang/{code}/{token}. The token is an
// HMAC of the order id under the session secret, so the portal can give the same link again (on
// the payment return page, in every mail) while the database keeps only its SHA-256 for lookup.
import { createHmac } from "node:crypto";
import { hashToken } from "~/utils/session.server";
import { sessionSecrets } from "~/utils/env.server";

export function orderToken(orderId: string, secret = sessionSecrets()[0]!): string {
  return createHmac("sha256", secret).update(`order:${orderId}`).digest("base64url").slice(0, 32);
}

export const orderTokenHash = (orderId: string) => hashToken(orderToken(orderId));

/** The order's private link; with a rotated secret, the one whose hash the order still has. */
export function privateOrderPath(order: { id: string; code: string; accessTokenHash: string }): string {
  const token =
    sessionSecrets()
      .map((secret) => orderToken(order.id, secret))
      .find((t) => hashToken(t) === order.accessTokenHash) ?? orderToken(order.id);
  return `/don-hang/${order.code}/${token}`;
}

/** The account holder's link (no token: the server checks the signed-in buyer). */
export const orderPath = (code: string) => `/don-hang/${code}`;
