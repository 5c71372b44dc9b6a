import { recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { prisma } from "~/utils/db.server";
import { submissionProblems, type SubmissionProblem } from "./submission";

/** DRAFT/CHANGES_REQUESTED → SUBMITTED when nothing is missing; the status check is in the UPDATE. */
export async function submitProduct(access: ProducerAccess, productId: string): Promise<SubmissionProblem[]> {
  return prisma.$transaction(async (tx) => {
    const product = await tx.product.findFirstOrThrow({
      where: { id: productId, producerId: access.producer.id },
      select: {
        status: true,
        name: true,
        unit: true,
        priceVnd: true,
        description: true,
        ocopStars: true,
        _count: { select: { photos: true } },
        certificates: { select: { kind: true, ocopStars: true, expiresOn: true, revokedAt: true } },
      },
    });
    const problems = submissionProblems({ ...product, photoCount: product._count.photos }, new Date());
    if (problems.length) return problems;
    const moved = await tx.product.updateMany({
      where: {
        id: productId,
        producerId: access.producer.id,
        status: { in: ["DRAFT", "CHANGES_REQUESTED"] },
      },
      data: { status: "SUBMITTED", submittedAt: new Date() },
    });
    if (moved.count !== 1) return ["status"];
    await recordChange(
      access,
      { entity: "Product", entityId: productId, action: "submitted", summary: { from: product.status } },
      tx,
    );
    return [];
  });
}
