import { nextStatus, type ProductStatus } from "~/modules/reviews/state-machine";
import { vnDateOf } from "~/modules/traceability/vn-time";

export type SubmissionProblem = "status" | "required" | "cover" | "ocopCertificate" | "certificateInvalid";

export interface SubmissionCandidate {
  status: string;
  name: string | null;
  unit: string | null;
  priceVnd: number | null;
  description: string | null;
  ocopStars: number | null;
  photoCount: number;
  certificates: { kind: string; ocopStars: number | null; expiresOn: Date | null; revokedAt: Date | null }[];
}

/** Whether a certificate still counts today in Vietnam (valid through its expiry day). */
export function certificateValid(
  cert: { expiresOn: Date | null; revokedAt: Date | null },
  now: Date,
): boolean {
  if (cert.revokedAt) return false;
  return !cert.expiresOn || cert.expiresOn.toISOString().slice(0, 10) >= vnDateOf(now);
}

/**
 * What stops a product from going to review: the state machine must let a producer submit it (a
 * draft, a product sent back, or a suspended one asking for re-review), it needs its required
 * fields and a cover photo, and every certificate it shows must be valid — an OCOP star claim needs
 * a valid OCOP certificate with those stars. An expired certificate that a valid one of the same
 * kind has renewed no longer blocks (it stays on file for the batches it covered).
 */
export function submissionProblems(p: SubmissionCandidate, now: Date): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  if (!nextStatus(p.status as ProductStatus, "submit", "PRODUCER", { listed: false }))
    problems.push("status");
  if (!p.name || !p.unit || !p.priceVnd || !p.description?.trim()) problems.push("required");
  if (p.photoCount === 0) problems.push("cover");
  if (
    p.ocopStars &&
    !p.certificates.some((c) => c.kind === "OCOP" && c.ocopStars === p.ocopStars && certificateValid(c, now))
  ) {
    problems.push("ocopCertificate");
  }
  const renewed = new Set(p.certificates.filter((c) => certificateValid(c, now)).map((c) => c.kind));
  if (p.certificates.some((c) => !c.revokedAt && !certificateValid(c, now) && !renewed.has(c.kind)))
    problems.push("certificateInvalid");
  return problems;
}
