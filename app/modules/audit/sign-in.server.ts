import type { Role } from "~/generated/prisma/enums";
import { prisma } from "~/utils/db.server";
import { recordAudit, type AuditOrigin } from "./audit.server";

/** Roles whose every sign-in is evidence worth keeping (they decide, appoint and see personal data). */
const AUDITED_ROLES: readonly Role[] = ["ADMIN", "OFFICIAL"];

/**
 * Records a successful sign-in of an admin or official (others: nothing). An official's record
 * carries their province, so the province's officials see it in their log.
 */
export async function recordSignIn(user: { id: string; role: Role }, origin: AuditOrigin): Promise<void> {
  if (!AUDITED_ROLES.includes(user.role)) return;
  const account = await prisma.user.findUnique({ where: { id: user.id }, select: { provinceCode: true } });
  await recordAudit({
    actor: { id: user.id, role: user.role },
    action: "auth.login",
    target: { type: "User", id: user.id },
    provinceCode: user.role === "OFFICIAL" ? (account?.provinceCode ?? null) : null,
    origin,
  });
}
