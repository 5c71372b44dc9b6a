import { findByIdentifier } from "~/modules/accounts/accounts.server";
import type { Identifier } from "~/modules/accounts/identifiers";
import { prisma } from "~/utils/db.server";
import { recordChange, type ProducerAccess } from "./access.server";

export type MemberProblem = "notOwner" | "noAccount" | "notProducer" | "already" | "lastOwner" | "notMember";

export class MemberError extends Error {
  constructor(public readonly problem: MemberProblem) {
    super(problem);
  }
}

export function listMembers(producerId: string) {
  return prisma.producerMember.findMany({
    where: { producerId },
    select: {
      isOwner: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true, phone: true } },
    },
    orderBy: [{ isOwner: "desc" }, { createdAt: "asc" }],
  });
}

/** Members are managed by the producer's owners themselves, never by a helper. */
async function requireOwner(access: ProducerAccess) {
  if (access.viaHelper) throw new MemberError("notOwner");
  const me = await prisma.producerMember.findUnique({
    where: { producerId_userId: { producerId: access.producer.id, userId: access.user.id } },
    select: { isOwner: true },
  });
  if (!me?.isOwner) throw new MemberError("notOwner");
}

/** An owner adds an existing producer account as staff (or as another owner). */
export async function addMember(access: ProducerAccess, identifier: Identifier, isOwner: boolean) {
  await requireOwner(access);
  const found = await findByIdentifier(identifier);
  if (!found) throw new MemberError("noAccount");
  if (found.role !== "PRODUCER") throw new MemberError("notProducer");
  await prisma.$transaction(async (tx) => {
    const existing = await tx.producerMember.findUnique({
      where: { producerId_userId: { producerId: access.producer.id, userId: found.id } },
    });
    if (existing) throw new MemberError("already");
    await tx.producerMember.create({ data: { producerId: access.producer.id, userId: found.id, isOwner } });
    await recordChange(
      access,
      { entity: "ProducerMember", entityId: found.id, action: "added", summary: { isOwner } },
      tx,
    );
  });
}

/** An owner removes a member; the last owner cannot be removed (the business would be orphaned). */
export async function removeMember(access: ProducerAccess, userId: string) {
  await requireOwner(access);
  await prisma.$transaction(async (tx) => {
    const member = await tx.producerMember.findUnique({
      where: { producerId_userId: { producerId: access.producer.id, userId } },
    });
    if (!member) throw new MemberError("notMember");
    if (member.isOwner) {
      const owners = await tx.producerMember.count({
        where: { producerId: access.producer.id, isOwner: true },
      });
      if (owners <= 1) throw new MemberError("lastOwner");
    }
    await tx.producerMember.delete({
      where: { producerId_userId: { producerId: access.producer.id, userId } },
    });
    await recordChange(access, { entity: "ProducerMember", entityId: userId, action: "removed" }, tx);
  });
}
