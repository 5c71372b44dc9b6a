// The in-process scheduler: every app instance runs it, the job lease lets one of them do the work.
// No cron daemon to install for the embedded mode; `npm run jobs` runs the same jobs by hand.
import {
  describeError,
  runCertificateExpiry,
  type ExpiryOptions,
} from "~/modules/certificates/expiry.server";
import { deliverPendingEmails } from "~/modules/notifications/notifications.server";
import { reconcilePayments } from "~/modules/payments/payments.server";
import { env } from "~/utils/env.server";
import { withLease } from "./lease.server";

export const EXPIRY_JOB = "certificate-expiry";
export const PAYMENTS_JOB = "payment-reconciliation";
const MAIL_INTERVAL_MS = 60_000;

/** The certificate expiry job under its lease: `{ ran: false }` when another instance runs it. */
export function runExpiryJob(options: ExpiryOptions = {}) {
  return withLease(EXPIRY_JOB, () => runCertificateExpiry(options));
}

/** Payment reconciliation (querydr, expiry of unpaid checkouts) under its lease. */
export function runPaymentsJob(now = new Date()) {
  return withLease(PAYMENTS_JOB, () => reconcilePayments(now));
}

/** Mails every pending notice, 100 at a time (stops at the first batch with a failed send). */
export async function drainPendingEmails(maxBatches = 20): Promise<{ sent: number; failed: number }> {
  const total = { sent: 0, failed: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const { sent, failed } = await deliverPendingEmails(100);
    total.sent += sent;
    total.failed += failed;
    if (failed > 0 || sent < 100) break;
  }
  return total;
}

export interface Scheduler {
  /** Clears the timer and resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Between the end of one run and the start of the next; 0 disables. Default: JOBS_INTERVAL_MS. */
  intervalMs?: number;
  /** The first run, shortly after start (after the server is up, not during its start-up). */
  firstRunDelayMs?: number;
}

/**
 * Runs the jobs now and then, never two runs of this process at once (the next run is scheduled
 * when the previous one ends). Timers are unref'd, so the scheduler never keeps a process alive.
 */
export function startScheduler({
  intervalMs = env().JOBS_INTERVAL_MS,
  firstRunDelayMs = 5_000,
}: SchedulerOptions = {}): Scheduler {
  if (intervalMs <= 0) return { stop: async () => undefined };
  // Mail and payment reconciliation at least every minute (people and stock wait for them); the
  // certificate expiry job every intervalMs.
  const tickMs = Math.min(intervalMs, MAIL_INTERVAL_MS);
  let lastExpiry = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      const expiryDue = Date.now() - lastExpiry >= intervalMs;
      if (expiryDue) lastExpiry = Date.now();
      running = tick(expiryDue).finally(() => {
        running = undefined;
        schedule(tickMs);
      });
    }, delay);
    timer.unref();
  };

  schedule(Math.min(firstRunDelayMs, intervalMs));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** One round: each job's failure is logged (no personal data) and does not stop the others. */
async function tick(expiryDue: boolean): Promise<void> {
  if (expiryDue)
    try {
      const run = await runExpiryJob();
      if (run.ran && Object.values(run.result).some((n) => n > 0))
        console.info(`[jobs] ${EXPIRY_JOB}: ${JSON.stringify(run.result)}`);
    } catch (error) {
      console.error(`[jobs] ${EXPIRY_JOB} failed: ${describeError(error)}`);
    }
  try {
    const run = await runPaymentsJob();
    if (run.ran && Object.values(run.result).some((n) => n > 0))
      console.info(`[jobs] ${PAYMENTS_JOB}: ${JSON.stringify(run.result)}`);
  } catch (error) {
    console.error(`[jobs] ${PAYMENTS_JOB} failed: ${describeError(error)}`);
  }
  try {
    await drainPendingEmails();
  } catch (error) {
    console.error(`[jobs] mail delivery failed: ${describeError(error)}`);
  }
}
