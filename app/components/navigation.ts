import type { Role } from "~/generated/prisma/enums";

/** Each role's own work, first in its menu. The server guards these routes; this only shows them. */
export const ROLE_HOME: Record<Role, { to: string; label: string }> = {
  PRODUCER: { to: "/producer", label: "nav.producer" },
  HELPER: { to: "/helper", label: "nav.helper" },
  OFFICIAL: { to: "/review", label: "nav.review" },
  OPERATOR: { to: "/operator", label: "nav.operator" },
  ADMIN: { to: "/admin", label: "nav.admin" },
  BUYER: { to: "/orders", label: "nav.buyer" },
};
