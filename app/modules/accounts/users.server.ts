import type { Role } from "~/generated/prisma/enums";
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

/** Officials must have a province (they act only within it); other roles carry none. */
export async function changeRole(actorId: string, userId: string, role: Role, provinceCode: string | null) {
  if (role === "OFFICIAL" && !provinceCode) throw new RoleChangeError("province-required");
  if (actorId === userId) throw new RoleChangeError("self");
  const updated = await prisma.user.updateMany({
    where: { id: userId },
    data: { role, provinceCode: role === "OFFICIAL" ? provinceCode : null },
  });
  if (updated.count === 0) throw new Response("Not found", { status: 404 });
  // A changed role takes effect at once: the user signs in again with the new permissions.
  await prisma.session.deleteMany({ where: { userId } });
}

export function listProvinces() {
  return prisma.province.findMany({ select: { code: true, name: true }, orderBy: { name: "asc" } });
}
