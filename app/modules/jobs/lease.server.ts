// Job leases: at most one app instance runs a given job at a time. PGlite has one connection, so a
// lock held by an open transaction (advisory lock, SELECT … FOR UPDATE) would stall every request
// for the whole run; a lease row is taken in one statement and the work runs outside it.
import { randomUUID } from "node:crypto";
import { prisma } from "~/utils/db.server";

/** Longer than any run: a holder that crashed blocks the job for at most this long. */
export const DEFAULT_LEASE_MS = 30 * 60_000;

/**
 * Takes the lease `name` if it is free or expired: one atomic upsert, so of two instances asking at
 * once exactly one gets it. Times come from the database clock (instances' clocks may differ).
 * Returns the holder token to release it with, or null when another holder has it.
 */
export async function acquireLease(name: string, ttlMs = DEFAULT_LEASE_MS): Promise<string | null> {
  const holder = randomUUID();
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  const taken = await prisma.$executeRaw`
    INSERT INTO "JobLease" ("name", "holder", "expiresAt")
    VALUES (${name}, ${holder}, now() + make_interval(secs => ${seconds}::int))
    ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
    WHERE "JobLease"."expiresAt" < now()`;
  return taken === 1 ? holder : null;
}

/** Gives the lease back (only if this holder still has it: an expired one may have moved on). */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await prisma.jobLease.deleteMany({ where: { name, holder } });
}

export type LeasedRun<T> = { ran: true; result: T } | { ran: false };

/** Runs `work` under the lease `name`, or not at all when another instance holds it. */
export async function withLease<T>(
  name: string,
  work: () => Promise<T>,
  ttlMs = DEFAULT_LEASE_MS,
): Promise<LeasedRun<T>> {
  const holder = await acquireLease(name, ttlMs);
  if (!holder) return { ran: false };
  try {
    return { ran: true, result: await work() };
  } finally {
    // A failed release must not hide the work's own error: the lease then simply expires.
    await releaseLease(name, holder).catch((error: unknown) =>
      console.warn(`[jobs] lease ${name} not released: ${(error as Error).name}`),
    );
  }
}
