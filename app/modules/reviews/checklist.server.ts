// The default items are inserted by the migration 20261201000000_reviews; admins edit the list.
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

export function activeChecklist(db: Prisma.TransactionClient = prisma) {
  return db.reviewChecklistItem.findMany({
    where: { active: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, labelVi: true, labelEn: true },
  });
}

export function listChecklist() {
  return prisma.reviewChecklistItem.findMany({
    orderBy: [{ active: "desc" }, { position: "asc" }, { createdAt: "asc" }],
  });
}

export function addChecklistItem(item: { labelVi: string; labelEn: string }) {
  return prisma.$transaction(async (tx) => {
    const last = await tx.reviewChecklistItem.aggregate({ _max: { position: true } });
    return tx.reviewChecklistItem.create({ data: { ...item, position: (last._max.position ?? -1) + 1 } });
  });
}

/** Items are retired, not deleted: past reviews keep pointing at what was ticked. */
export function setChecklistItemActive(id: string, active: boolean) {
  return prisma.reviewChecklistItem.updateMany({ where: { id }, data: { active } });
}
