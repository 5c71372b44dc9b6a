import type { Role } from "~/generated/prisma/enums";
import { recordAudit, type AuditOrigin } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";

export function listUsers(take = 200) {
  return prisma.user.findMany({
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      role: true,
      provinceCode: true,
      createdAt: true,
    },
    orderBy: { createdAt: "asc" },
    take,
  });
}

export class RoleChangeError extends Error {}

/**
 * Officials must have a province (they act only within it); other roles carry none. The change,
 * the audit record (role and province before/after, never contact details) and the revocation of
 * the user's sessions commit together.
 */
export async function changeRole(
  actorId: string,
  userId: string,
  role: Role,
  provinceCode: string | null,
  origin?: AuditOrigin,
) {
  if (role === "OFFICIAL" && !provinceCode) throw new RoleChangeError("province-required");
  if (actorId === userId) throw new RoleChangeError("self");
  const after = { role, provinceCode: role === "OFFICIAL" ? provinceCode : null };
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({
      where: { id: userId },
      select: { role: true, provinceCode: true },
    });
    if (!before) throw new Response("Not found", { status: 404 });
    await tx.user.update({ where: { id: userId }, data: after });
    if (before.role !== after.role || before.provinceCode !== after.provinceCode) {
      await recordAudit(
        {
          actor: { id: actorId, role: "ADMIN" },
          action: "user.roleChanged",
          target: { type: "User", id: userId },
          // The province concerned: the new official's, or the one a former official leaves.
          provinceCode: after.provinceCode ?? before.provinceCode,
          before: { role: before.role, provinceCode: before.provinceCode },
          after,
          details: after,
          origin,
        },
        tx,
      );
    }
    // A changed role takes effect at once: the user signs in again with the new permissions.
    await tx.session.deleteMany({ where: { userId } });
  });
}

export function listProvinces() {
  return prisma.province.findMany({ select: { code: true, name: true }, orderBy: { name: "asc" } });
}
