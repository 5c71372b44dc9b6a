// Certificate expiry (issue 4): reminders 30 and 7 days ahead, and at expiry or revocation the
// listing is suspended until the producer renews and an official re-reviews. Run by the scheduler
// (app/modules/jobs) and by `npm run jobs -- expiry`; officials' revocations take the same path.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit, SYSTEM_ACTOR, type AuditOrigin } from "~/modules/audit/audit.server";
import {
  deliverPendingEmails,
  notify,
  producerRecipients,
  type Notice,
} from "~/modules/notifications/notifications.server";
import { certificateValid } from "~/modules/products/submission";
import { nextStatus, type ProductStatus } from "~/modules/reviews/state-machine";
import { applyTransition } from "~/modules/reviews/transitions.server";
import { addDays, formatVnDate, vnDateOf } from "~/modules/traceability/vn-time";
import { prisma } from "~/utils/db.server";
import { dbDate, syncOcopStars } from "./certificates.server";
import { certificateStatus, EXPIRING_WITHIN_DAYS } from "./status";

/** What the job records in CertificateNotice: each happens once per certificate. */
export type NoticeStep = "D30" | "D7" | "EXPIRED" | "REVOKED";
/** The last reminder goes out this many days ahead (the first at EXPIRING_WITHIN_DAYS). */
export const FINAL_REMINDER_DAYS = 7;

export interface ExpirySummary {
  noticed30: number;
  noticed7: number;
  expired: number;
  revoked: number;
  /** Listings suspended. */
  suspended: number;
  /** Certificates whose transaction failed (rolled back, retried on the next run). */
  failed: number;
}

export interface ExpiryOptions {
  /** The clock (tests, `npm run jobs -- expiry --now=…`): Vietnam's calendar day of this instant counts. */
  now?: Date;
  /**
   * Fault injection, for tests only: throw after this many certificates have been committed, as a
   * crash or restart mid-run would stop the loop. Never set in production code.
   */
  failAfter?: number;
}

/** Thrown by the `failAfter` fault injection. */
export class InjectedFault extends Error {}

interface DatedCertificate {
  expiresOn: Date | null;
  revokedAt: Date | null;
}

/**
 * The step due for a certificate on `now`'s day in Vietnam, given the steps already done. A
 * certificate is valid through its expiry day; a reminder window missed (first seen at 5 days
 * left) is not caught up: only the step of the current window goes out.
 */
export function dueStep(cert: DatedCertificate, done: ReadonlySet<string>, now: Date): NoticeStep | null {
  const step = currentStep(cert, now);
  return step && !done.has(step) ? step : null;
}

function currentStep(cert: DatedCertificate, now: Date): NoticeStep | null {
  if (cert.revokedAt) return "REVOKED";
  const { daysLeft } = certificateStatus(cert, now);
  if (daysLeft === null || daysLeft > EXPIRING_WITHIN_DAYS) return null;
  if (daysLeft < 0) return "EXPIRED";
  return daysLeft <= FINAL_REMINDER_DAYS ? "D7" : "D30";
}

/** Ids of certificates with a step due (the same windows as currentStep, as a query). */
async function dueCertificateIds(now: Date): Promise<string[]> {
  const today = vnDateOf(now);
  const notDone = (kind: NoticeStep) => ({ notices: { none: { kind } } });
  const rows = await prisma.certificate.findMany({
    where: {
      OR: [
        { revokedAt: { not: null }, ...notDone("REVOKED") },
        { revokedAt: null, expiresOn: { lt: dbDate(today) }, ...notDone("EXPIRED") },
        {
          revokedAt: null,
          expiresOn: { gte: dbDate(today), lte: dbDate(addDays(today, FINAL_REMINDER_DAYS)) },
          ...notDone("D7"),
        },
        {
          revokedAt: null,
          expiresOn: {
            gte: dbDate(addDays(today, FINAL_REMINDER_DAYS + 1)),
            lte: dbDate(addDays(today, EXPIRING_WITHIN_DAYS)),
          },
          ...notDone("D30"),
        },
      ],
    },
    select: { id: true },
    orderBy: [{ expiresOn: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => r.id);
}

const certificateSelect = {
  id: true,
  kind: true,
  number: true,
  ocopStars: true,
  expiresOn: true,
  revokedAt: true,
  revokedReason: true,
  producerId: true,
  productId: true,
  producer: { select: { name: true } },
  product: { select: { name: true } },
  notices: { select: { kind: true } },
} as const satisfies Prisma.CertificateSelect;

type LoadedCertificate = Prisma.CertificateGetPayload<{ select: typeof certificateSelect }>;

export interface StepOutcome {
  step: NoticeStep;
  /** Ids of the products whose listing was suspended. */
  suspended: string[];
}

/**
 * Does the step due for one certificate, inside the caller's transaction: the CertificateNotice row,
 * the notices, the suspension and the stars commit together or not at all. The row is inserted
 * first and skipped on conflict, so of two runs racing on a certificate only one goes on.
 */
export async function processCertificate(
  tx: Prisma.TransactionClient,
  certificateId: string,
  now: Date,
): Promise<StepOutcome | null> {
  const cert = await tx.certificate.findUnique({ where: { id: certificateId }, select: certificateSelect });
  if (!cert) return null;
  const step = dueStep(cert, new Set(cert.notices.map((n) => n.kind)), now);
  if (!step) return null;
  const claimed = await tx.certificateNotice.createMany({
    data: [{ certificateId: cert.id, kind: step }],
    skipDuplicates: true,
  });
  if (claimed.count !== 1) return null;

  await notify(await producerRecipients(cert.producerId, tx), noticeFor(cert, step, now), tx);
  if (step === "D30" || step === "D7" || !cert.productId) return { step, suspended: [] };

  const suspended = (await suspendListing(tx, cert, cert.productId, step, now)) ? [cert.productId] : [];
  if (cert.kind === "OCOP") await syncOcopStars(tx, cert.productId, now);
  return { step, suspended };
}

/**
 * Suspends the product's listing, unless it is not listed, the state machine does not allow it, or
 * the producer already holds a valid certificate of the same kind (same stars for OCOP): a renewal
 * keeps the listing.
 */
async function suspendListing(
  tx: Prisma.TransactionClient,
  cert: LoadedCertificate,
  productId: string,
  step: "EXPIRED" | "REVOKED",
  now: Date,
): Promise<boolean> {
  const product = await tx.product.findUnique({
    where: { id: productId },
    select: {
      status: true,
      listedAt: true,
      certificates: {
        where: { kind: cert.kind, id: { not: cert.id } },
        select: { expiresOn: true, revokedAt: true, ocopStars: true },
      },
    },
  });
  if (!product || product.listedAt === null) return false;
  const renewed = product.certificates.some(
    (c) => certificateValid(c, now) && (cert.kind !== "OCOP" || c.ocopStars === cert.ocopStars),
  );
  if (renewed) return false;
  if (!nextStatus(product.status as ProductStatus, "suspend", "SYSTEM", { listed: true })) return false;
  await applyTransition(
    {
      productId,
      action: "suspend",
      actor: { id: SYSTEM_ACTOR.id, role: "SYSTEM" },
      cause: step === "EXPIRED" ? "CERTIFICATE_EXPIRED" : "CERTIFICATE_REVOKED",
    },
    tx,
  );
  return true;
}

function noticeFor(cert: LoadedCertificate, step: NoticeStep, now: Date): Notice {
  const link = cert.productId
    ? `/producer/${cert.producerId}/products/${cert.productId}/certificates`
    : `/producer/${cert.producerId}`;
  // A producer-wide certificate (packing house) names the producer: "of the product …" does not fit.
  const params = {
    number: cert.number,
    kind: cert.kind,
    ...(cert.product ? { product: cert.product.name } : { producer: cert.producer.name }),
  };
  const date = cert.expiresOn ? formatVnDate(cert.expiresOn) : "";
  switch (step) {
    case "D30":
    case "D7":
      return {
        kind: "certificateExpiring",
        params: { ...params, days: certificateStatus(cert, now).daysLeft ?? 0, date },
        link,
      };
    case "EXPIRED":
      return { kind: "certificateExpired", params: { ...params, date }, link };
    case "REVOKED":
      return { kind: "certificateRevoked", params: { ...params, reason: cert.revokedReason ?? "" }, link };
  }
}

/**
 * One pass over every certificate with a step due, one transaction per certificate: a crash loses
 * at most the certificate in flight, and a rerun does the rest without repeating what committed.
 * Does not take the job lease (see app/modules/jobs/scheduler.server.ts).
 */
export async function runCertificateExpiry({
  now = new Date(),
  failAfter,
}: ExpiryOptions = {}): Promise<ExpirySummary> {
  const summary: ExpirySummary = {
    noticed30: 0,
    noticed7: 0,
    expired: 0,
    revoked: 0,
    suspended: 0,
    failed: 0,
  };
  let committed = 0;
  for (const id of await dueCertificateIds(now)) {
    if (failAfter !== undefined && committed >= failAfter)
      throw new InjectedFault(`failAfter: stopped after ${committed} certificate(s)`);
    let outcome: StepOutcome | null;
    try {
      outcome = await prisma.$transaction((tx) => processCertificate(tx, id, now), { timeout: 30_000 });
    } catch (error) {
      // One bad certificate must not block the others forever; it is retried on the next run.
      summary.failed++;
      console.error(`[jobs] certificate ${id} not processed: ${describeError(error)}`);
      continue;
    }
    if (!outcome) continue;
    committed++;
    summary.suspended += outcome.suspended.length;
    if (outcome.step === "D30") summary.noticed30++;
    else if (outcome.step === "D7") summary.noticed7++;
    else if (outcome.step === "EXPIRED") summary.expired++;
    else summary.revoked++;
  }
  await deliverPendingEmails().catch((error: unknown) =>
    console.error(`[jobs] mail delivery failed: ${describeError(error)}`),
  );
  return summary;
}

/** Name, code and message only: never the stack or a driver's detail (they can carry values). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message.split("\n")[0]}`;
}

// ---- revocation by an official ----

/** A revocation the current state refuses (already revoked: 409; no reason given: 422). */
export class CertificateRevokeError extends Error {
  constructor(public readonly code: "alreadyRevoked" | "reasonRequired") {
    super(code);
  }

  get status(): number {
    return this.code === "alreadyRevoked" ? 409 : 422;
  }
}

export interface RevokeRequest {
  certificateId: string;
  official: { id: string; provinceCode?: string | null };
  reason: string;
  origin?: AuditOrigin;
  /** The clock (tests). */
  now?: Date;
}

const Reason = z.string().trim().min(1).max(1000);

/**
 * An official of the producer's province revokes a certificate. The revocation, its audit record
 * and the job's step for it (REVOKED notice, listing suspended unless renewed) commit together, so
 * buyers stop seeing the listing at once. Throws a 404/403 Response, or a CertificateRevokeError.
 */
export async function revokeCertificate({
  certificateId,
  official,
  reason,
  origin,
  now = new Date(),
}: RevokeRequest): Promise<StepOutcome> {
  if (!z.uuid().safeParse(certificateId).success) throw new Response("Not found", { status: 404 });
  return prisma.$transaction(
    async (tx) => {
      const before = await tx.certificate.findUnique({
        where: { id: certificateId },
        select: {
          id: true,
          kind: true,
          number: true,
          productId: true,
          expiresOn: true,
          revokedAt: true,
          revokedReason: true,
          producer: { select: { provinceCode: true } },
        },
      });
      if (!before) throw new Response("Not found", { status: 404 });
      const provinceCode = before.producer.provinceCode;
      if (!official.provinceCode || official.provinceCode !== provinceCode)
        throw new Response("Forbidden", { status: 403 });
      const parsedReason = Reason.safeParse(reason);
      if (!parsedReason.success) throw new CertificateRevokeError("reasonRequired");
      if (before.revokedAt) throw new CertificateRevokeError("alreadyRevoked");
      // Guarded by revokedAt: of two officials revoking at once, the second is refused.
      const updated = await tx.certificate.updateMany({
        where: { id: certificateId, revokedAt: null },
        data: { revokedAt: now, revokedReason: parsedReason.data },
      });
      if (updated.count !== 1) throw new CertificateRevokeError("alreadyRevoked");
      const { producer: _producer, ...snapshot } = before;
      await recordAudit(
        {
          actor: { id: official.id, role: "OFFICIAL" },
          action: "certificate.revoke",
          target: { type: "Certificate", id: certificateId },
          provinceCode,
          before: snapshot,
          after: { ...snapshot, revokedAt: now, revokedReason: parsedReason.data },
          details: { kind: before.kind, reason: parsedReason.data },
          origin,
        },
        tx,
      );
      return (await processCertificate(tx, certificateId, now)) ?? { step: "REVOKED", suspended: [] };
    },
    { timeout: 30_000 },
  );
}
