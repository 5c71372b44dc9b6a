import type { AuditOrigin } from "~/modules/audit/audit.server";
import type { ProducerAccess } from "~/modules/producers/access.server";
import { TransitionRefused, type Actor } from "~/modules/reviews/state-machine";
import { applyTransition } from "~/modules/reviews/transitions.server";
import { prisma } from "~/utils/db.server";
import { submissionProblems, type SubmissionProblem } from "./submission";

/** The producer side of a transition: a member, or a helper acting under the producer's consent. */
export function producerActor(access: ProducerAccess): { id: string; role: Actor } {
  return { id: access.user.id, role: access.viaHelper ? "HELPER" : "PRODUCER" };
}

/**
 * Sends a product to review (first time, after changes were requested, or a suspended product for
 * re-review) when nothing is missing. The move itself is applyTransition's: it refuses any state the
 * machine does not allow, and records the change, the audit entry and the officials' notice.
 */
export async function submitProduct(
  access: ProducerAccess,
  productId: string,
  origin?: AuditOrigin,
): Promise<SubmissionProblem[]> {
  try {
    return await prisma.$transaction(async (tx) => {
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
      await applyTransition(
        { productId, action: "submit", actor: producerActor(access), viaHelper: access.viaHelper, origin },
        tx,
      );
      return [];
    });
  } catch (error) {
    // Another request moved it first (an official claimed it, a second tab submitted it).
    if (error instanceof TransitionRefused) return ["status"];
    throw error;
  }
}

/**
 * Withdraws a product (it leaves the catalogue and the review queue) or reopens a withdrawn one as a
 * draft. Returns false when the state machine refuses the move for the product's current state.
 */
export async function moveProduct(
  access: ProducerAccess,
  productId: string,
  action: "withdraw" | "reopen",
  origin?: AuditOrigin,
): Promise<boolean> {
  const own = await prisma.product.findFirst({
    where: { id: productId, producerId: access.producer.id },
    select: { id: true },
  });
  if (!own) throw new Response("Not found", { status: 404 });
  try {
    await applyTransition({
      productId,
      action,
      actor: producerActor(access),
      viaHelper: access.viaHelper,
      origin,
    });
    return true;
  } catch (error) {
    if (error instanceof TransitionRefused) return false;
    throw error;
  }
}
