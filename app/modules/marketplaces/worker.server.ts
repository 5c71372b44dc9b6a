// The push worker: delivers the outbox (PushJob) to API marketplaces, and reads back what they
// decided. Safe with several workers on several instances and with workers that die:
// - a job is claimed by one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) with a lease
//   (lockedUntil); a worker killed mid-call leaves it RUNNING until the lease ends, then another
//   claims it and sends it again under the same idempotency key (the marketplace answers a replay
//   with its first answer, and holds one listing per product id: never two);
// - every result is written only while the job's lease is still this worker's;
// - each channel's rate is one row (Channel.nextSlotAt) that every worker takes its turn from;
// - transient failures (5xx, 429, timeouts) come back after an exponential backoff with full
//   jitter (or the marketplace's Retry-After), until maxAttempts: then the job is dead-lettered
//   (DEAD) for an operator to retry.
import { createHash, randomUUID } from "node:crypto";
import { prisma, database } from "~/utils/db.server";
import type { ApiConnector, PushOutcome, RemoteState } from "./connector";
import { apiConnectorFor, channelProducts } from "./channels.server";
import { API_CHANNELS } from "./outbox.server";

export interface WorkerOptions {
  workerId?: string;
  maxAttempts?: number;
  leaseMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /** Look a channel's connector up (tests pass their own). */
  connectorFor?: (channelId: string) => ApiConnector | null;
  signal?: AbortSignal;
}

const HELD = ["QUEUED", "AWAITING_APPROVAL", "APPROVED"];
const sentHashOf = (product: unknown) => createHash("sha256").update(JSON.stringify(product)).digest("hex");

export interface RoundResult {
  claimed: number;
  accepted: number;
  /** Not sent: the marketplace already holds this very product. */
  unchanged: number;
  rejected: number;
  retried: number;
  dead: number;
  polled: number;
}

interface ClaimedJob {
  id: string;
  productId: string;
  action: "upsert" | "delist";
  idempotencyKey: string;
  attempts: number;
}

const LISTING_STATE: Record<RemoteState["state"], string> = {
  queued: "QUEUED",
  awaitingApproval: "AWAITING_APPROVAL",
  approved: "APPROVED",
  rejected: "REJECTED",
  delisted: "DELISTED",
  unknown: "PENDING",
};

export function backoffMs(attempt: number, options: WorkerOptions = {}): number {
  const base = options.baseBackoffMs ?? 1000;
  const cap = options.maxBackoffMs ?? 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  // Full jitter: retries from many jobs spread out instead of arriving together.
  return Math.round((options.random ?? Math.random)() * ceiling);
}

const DUE = `(("status" = 'QUEUED' AND "runAt" <= now()) OR ("status" = 'RUNNING' AND "lockedUntil" < now()))`;

/**
 * Claims the next due call: the jobs of the earliest due job's batch (a retry resends exactly the
 * jobs it was sent with), or up to `limit` jobs never sent yet, which then become a batch.
 */
async function claim(
  channelId: string,
  workerId: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const jobs = await database().sql.query<ClaimedJob & { batchId: string | null }>(
    `WITH "head" AS (
       SELECT "batchId" FROM "PushJob" WHERE "channelId" = $3 AND ${DUE} ORDER BY "runAt", "id" LIMIT 1)
     UPDATE "PushJob" SET "status" = 'RUNNING', "lockedBy" = $1,
            "lockedUntil" = now() + ($2::int * interval '1 millisecond'),
            "attempts" = "attempts" + 1, "updatedAt" = now()
      WHERE "id" IN (
        SELECT "id" FROM "PushJob"
         WHERE "channelId" = $3 AND ${DUE}
           AND EXISTS (SELECT 1 FROM "head")
           AND "batchId" IS NOT DISTINCT FROM (SELECT "batchId" FROM "head")
         ORDER BY "runAt", "id"
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
      RETURNING "id", "productId", "action", "idempotencyKey", "attempts", "batchId"`,
    [workerId, leaseMs, channelId, limit],
  );
  const fresh = jobs.filter((j) => j.batchId === null).map((j) => j.id);
  if (fresh.length)
    await prisma.pushJob.updateMany({ where: { id: { in: fresh } }, data: { batchId: randomUUID() } });
  return jobs;
}

/** Waits for the channel's next free slot (shared by every worker through the Channel row). */
async function takeSlot(channelId: string, requestsPerSecond: number, signal?: AbortSignal) {
  const gapMs = Math.ceil(1000 / requestsPerSecond);
  const [row] = await database().sql.query<{ waitMs: number }>(
    `UPDATE "Channel" SET "nextSlotAt" = greatest("nextSlotAt", now()) + ($2::int * interval '1 millisecond')
      WHERE "id" = $1
      RETURNING greatest(0, extract(epoch FROM ("nextSlotAt" - now())) * 1000 - $2::int)::int AS "waitMs"`,
    [channelId, gapMs],
  );
  const wait = row?.waitMs ?? 0;
  if (wait > 0) await sleep(wait, signal);
}

// The abort listener goes when the timer fires: a worker sleeps every round, for days.
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Writes a job's result only while this worker still holds its lease. */
async function finish(job: ClaimedJob, workerId: string, data: Record<string, unknown>) {
  const { count } = await prisma.pushJob.updateMany({
    where: { id: job.id, lockedBy: workerId, status: "RUNNING" },
    data: { ...data, lockedBy: null, lockedUntil: null },
  });
  return count === 1;
}

async function setListing(channelId: string, productId: string, data: Record<string, unknown>) {
  await prisma.channelListing.updateMany({ where: { channelId, productId }, data });
}

/** One round on one channel: claim a batch, push it, record each item's outcome. */
async function deliver(
  channelId: string,
  connector: ApiConnector,
  options: WorkerOptions,
  result: RoundResult,
) {
  const workerId = options.workerId!;
  const jobs = await claim(channelId, workerId, connector.limits.batchSize, options.leaseMs ?? 60_000);
  if (jobs.length === 0) return false;
  result.claimed += jobs.length;
  // One item per product per call: a later job for the same product waits for the next round.
  const seen = new Set<string>();
  const batch: ClaimedJob[] = [];
  for (const job of jobs) {
    if (seen.has(job.productId)) {
      await finish(job, workerId, { status: "QUEUED", attempts: { decrement: 1 }, runAt: new Date() });
      continue;
    }
    seen.add(job.productId);
    batch.push(job);
  }
  const products = new Map((await channelProducts(batch.map((j) => j.productId))).map((p) => [p.id, p]));
  const held = new Map(
    (
      await prisma.channelListing.findMany({
        where: { channelId, productId: { in: batch.map((j) => j.productId) } },
        select: { productId: true, state: true, sentHash: true },
      })
    ).map((l) => [l.productId, l]),
  );
  const items: { job: ClaimedJob; product: NonNullable<ReturnType<typeof products.get>>; hash: string }[] =
    [];
  for (const job of batch) {
    const product = products.get(job.productId);
    if (!product) continue;
    const hash = sentHashOf(product);
    const listing = held.get(job.productId);
    // The marketplace holds this very product already (pushed twice, or by an earlier push still
    // being delivered): sending it under this job's new key would list it twice where a
    // marketplace only creates. A retry of the same job keeps its key and is sent as before.
    if (
      job.action === "upsert" &&
      job.attempts === 1 &&
      listing?.sentHash === hash &&
      HELD.includes(listing.state)
    ) {
      if (await finish(job, workerId, { status: "DONE", outcome: "unchanged", lastError: null }))
        result.unchanged++;
      continue;
    }
    items.push({ job, product, hash });
  }
  if (items.length === 0) return true;
  // Items in a fixed order, and a call key from the jobs' keys and what is sent: the same jobs
  // resent after a crash or a 5xx make the very same call (the marketplace answers it as a replay);
  // a product changed meanwhile makes a new call (an update, never a second listing).
  items.sort((x, y) => (x.job.idempotencyKey < y.job.idempotencyKey ? -1 : 1));
  const idempotencyKey = createHash("sha256")
    .update(JSON.stringify(items.map((i) => [i.job.idempotencyKey, i.job.action, i.product])))
    .digest("hex")
    .slice(0, 40);
  await takeSlot(channelId, connector.limits.requestsPerSecond, options.signal);
  let outcomes: PushOutcome[];
  try {
    outcomes = await connector.push(
      { idempotencyKey, items: items.map(({ job, product }) => ({ product, action: job.action })) },
      options.signal,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown error";
    outcomes = items.map(({ job }) => ({ productId: job.productId, result: "retry" as const, reason }));
  }
  const byProduct = new Map(outcomes.map((o) => [o.productId, o]));
  // A call that failed comes back as one call: one delay for all its jobs.
  const worst = Math.max(...items.map((i) => i.job.attempts));
  const retryAt = new Date(
    Date.now() +
      Math.max(
        backoffMs(worst, options),
        ...outcomes.map((o) => (o.result === "retry" ? (o.retryAfterMs ?? 0) : 0)),
      ),
  );
  for (const { job, hash } of items) {
    const outcome = byProduct.get(job.productId) ?? {
      productId: job.productId,
      result: "retry" as const,
      reason: "no answer for this item",
    };
    await record(channelId, job, outcome, options, result, retryAt, hash);
  }
  return true;
}

async function record(
  channelId: string,
  job: ClaimedJob,
  outcome: PushOutcome,
  options: WorkerOptions,
  result: RoundResult,
  retryAt: Date,
  sentHash: string,
) {
  const workerId = options.workerId!;
  if (outcome.result === "accepted") {
    if (!(await finish(job, workerId, { status: "DONE", outcome: "accepted", lastError: null }))) return;
    result.accepted++;
    const remote = outcome.remote;
    await setListing(channelId, job.productId, {
      state: job.action === "delist" ? "DELISTED" : LISTING_STATE[remote.state],
      reasons: remote.state === "rejected" ? remote.reasons : [],
      sentHash: job.action === "delist" ? null : sentHash,
      ...(remote.state === "approved" ? { remoteId: remote.remoteId, url: remote.url ?? null } : {}),
    });
  } else if (outcome.result === "rejected") {
    if (
      !(await finish(job, workerId, {
        status: "DONE",
        outcome: "rejected",
        lastError: outcome.reasons.join("; "),
      }))
    )
      return;
    result.rejected++;
    await setListing(channelId, job.productId, {
      state: "REJECTED",
      reasons: outcome.reasons,
      sentHash: null,
    });
  } else if (job.attempts >= (options.maxAttempts ?? 8)) {
    if (!(await finish(job, workerId, { status: "DEAD", lastError: outcome.reason }))) return;
    result.dead++;
    await setListing(channelId, job.productId, { state: "DEAD", reasons: [outcome.reason] });
  } else {
    if (!(await finish(job, workerId, { status: "QUEUED", runAt: retryAt, lastError: outcome.reason })))
      return;
    result.retried++;
  }
}

/** Reads back the state of products the channel has not decided on yet. */
async function poll(channelId: string, connector: ApiConnector, result: RoundResult, signal?: AbortSignal) {
  const pending = await prisma.channelListing.findMany({
    where: { channelId, state: { in: ["QUEUED", "AWAITING_APPROVAL"] } },
    orderBy: { updatedAt: "asc" },
    take: connector.limits.batchSize * 5,
    select: { productId: true },
  });
  if (pending.length === 0) return;
  // One status call per rate slot, each answer written before the next call: a marketplace that
  // allows few calls a second answers 429 to a burst, and a burst's earlier answers were lost.
  const ids = pending.map((p) => p.productId);
  for (let start = 0; start < ids.length && !signal?.aborted; start += connector.limits.batchSize) {
    await takeSlot(channelId, connector.limits.requestsPerSecond, signal);
    let states: Map<string, RemoteState>;
    try {
      states = await connector.readState(ids.slice(start, start + connector.limits.batchSize), signal);
    } catch {
      return; // the marketplace is down or busy: ask again next round
    }
    for (const [productId, remote] of states) {
      if (remote.state === "queued" || remote.state === "unknown") continue;
      result.polled++;
      await prisma.channelListing.updateMany({
        where: { channelId, productId, state: { in: ["QUEUED", "AWAITING_APPROVAL"] } },
        data: {
          state: LISTING_STATE[remote.state],
          reasons: remote.state === "rejected" ? remote.reasons : [],
          ...(remote.state === "approved" ? { remoteId: remote.remoteId, url: remote.url ?? null } : {}),
        },
      });
    }
  }
}

/** One round over every API channel: deliver what is due (several batches), then poll. */
export async function runPushRound(options: WorkerOptions = {}): Promise<RoundResult> {
  const opts = { ...options, workerId: options.workerId ?? `w-${randomUUID().slice(0, 8)}` };
  const result: RoundResult = {
    claimed: 0,
    accepted: 0,
    unchanged: 0,
    rejected: 0,
    retried: 0,
    dead: 0,
    polled: 0,
  };
  const connectorFor = options.connectorFor ?? apiConnectorFor;
  for (const channelId of API_CHANNELS) {
    const connector = connectorFor(channelId);
    if (!connector) continue;
    for (let i = 0; i < 10 && !options.signal?.aborted; i++)
      if (!(await deliver(channelId, connector, opts, result))) break;
    if (!options.signal?.aborted) await poll(channelId, connector, result, options.signal);
  }
  return result;
}

/** The worker loop (in the server process, or `npm run worker`): a round, then a short pause. */
export function startPushWorker(options: WorkerOptions & { pauseMs?: number } = {}) {
  const controller = new AbortController();
  const workerId = options.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const done = (async () => {
    while (!controller.signal.aborted) {
      try {
        const r = await runPushRound({ ...options, workerId, signal: controller.signal });
        if (r.claimed + r.polled > 0) console.info(`[worker] ${JSON.stringify(r)}`);
      } catch (error) {
        console.error(`[worker] round failed: ${error instanceof Error ? error.message : "unknown"}`);
      }
      await sleep(options.pauseMs ?? 1000, controller.signal);
    }
  })();
  return {
    workerId,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
