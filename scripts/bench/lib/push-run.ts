// A child of scripts/bench/feed.ts: pushes N listed products to the marketplace at MARKET_API_URL
// (the simulator, run by the parent) through the outbox (enqueuePush) and the worker loop
// (startPushWorker), on the database of DATABASE_URL or PGLITE_DIR, and reports how long delivery
// (every job DONE or DEAD) and settling (every listing approved, rejected or dead) took, from
// the worker's start (the enqueue is timed on its own).
// The outbox tables are emptied before and after, so a kept (--reuse) database stays as it was.
//
// Options: --products=2000  --batch=20 (items per call)  --rps=5 (calls/s the worker paces at)
//          --pause=1000 (ms between worker rounds)  --timeout=600 (seconds)
// The last line is `RESULT {json}`.
import { createHttpConnector } from "~/modules/marketplaces/http-connector";
import { channelProducts } from "~/modules/marketplaces/channels.server";
import { enqueuePush } from "~/modules/marketplaces/outbox.server";
import { startPushWorker } from "~/modules/marketplaces/worker.server";
import { database, prisma } from "~/utils/db.server";
import { intOption, parseArgs } from "./args";

const options = parseArgs();
const count = intOption(options, "products", 2000);
const batchSize = intOption(options, "batch", 20);
const requestsPerSecond = intOption(options, "rps", 5);
const pauseMs = intOption(options, "pause", 1000);
const timeoutMs = intOption(options, "timeout", 600) * 1000;
const { MARKET_API_URL, MARKET_PARTNER_ID, MARKET_SECRET } = process.env;
if (!MARKET_API_URL || !MARKET_PARTNER_ID || !MARKET_SECRET)
  throw new Error("MARKET_API_URL, MARKET_PARTNER_ID and MARKET_SECRET must be set");

const connector = createHttpConnector({
  name: "market-api",
  baseUrl: MARKET_API_URL,
  partnerId: MARKET_PARTNER_ID,
  secret: MARKET_SECRET,
  batchSize,
  requestsPerSecond,
});
const { sql } = database();

async function clean() {
  await sql.query(`DELETE FROM "PushJob"`);
  await sql.query(`DELETE FROM "Push"`);
  await sql.query(`DELETE FROM "ChannelListing" WHERE "channelId" = 'market-api'`);
  await sql.query(`UPDATE "Channel" SET "nextSlotAt" = now() WHERE "id" = 'market-api'`);
}

/** The first `count` listed products (by id) the connector would take, as an operator's preview picks them. */
async function pickProducts(): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  while (ids.length < count) {
    const page = await prisma.product.findMany({
      where: { listedAt: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: 1000,
      select: { id: true },
    });
    if (page.length === 0) break;
    for (const product of await channelProducts(page.map((p) => p.id)))
      if (ids.length < count && connector.validate(product).length === 0) ids.push(product.id);
    after = page.at(-1)!.id;
  }
  if (ids.length < count) throw new Error(`Only ${ids.length} listed products are valid for the channel`);
  return ids;
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

try {
  await clean();
  const productIds = await pickProducts();
  const operator = await prisma.user.findFirstOrThrow({
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  const cpuBefore = process.cpuUsage();
  const enqueueStarted = performance.now();
  // Not enqueuePush's own transaction: it has Prisma's default 5 s limit, which a push of a few
  // hundred products already exceeds on a busy 2-core machine (P2028). Same statements, no limit.
  const push = await prisma.$transaction(
    (tx) => enqueuePush({ operatorId: operator.id, channelIds: ["market-api"], productIds }, tx),
    { timeout: timeoutMs, maxWait: 60_000 },
  );
  const enqueuedMs = performance.now() - enqueueStarted;
  // Delivery is timed from the worker's start: the enqueue is reported on its own.
  const started = performance.now();
  const worker = startPushWorker({
    connectorFor: (id) => (id === "market-api" ? connector : null),
    pauseMs,
  });
  let deliveredMs: number | null = null;
  let settledMs: number | null = null;
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (deliveredMs === null) {
      const open = await prisma.pushJob.count({
        where: { pushId: push.id, status: { in: ["QUEUED", "RUNNING"] } },
      });
      if (open === 0) deliveredMs = performance.now() - started;
    }
    const waiting = await prisma.channelListing.count({
      where: { channelId: "market-api", state: { in: ["PENDING", "QUEUED", "AWAITING_APPROVAL"] } },
    });
    if (deliveredMs !== null && waiting === 0) {
      settledMs = performance.now() - started;
      break;
    }
  }
  await worker.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const states = await prisma.channelListing.groupBy({
    by: ["state"],
    where: { channelId: "market-api" },
    _count: { _all: true },
  });
  const jobs = await prisma.pushJob.aggregate({
    where: { pushId: push.id },
    _sum: { attempts: true },
    _max: { attempts: true },
  });
  console.log(
    `RESULT ${JSON.stringify({
      products: productIds.length,
      enqueueSeconds: seconds(enqueuedMs),
      deliveredSeconds: deliveredMs === null ? null : seconds(deliveredMs),
      settledSeconds: settledMs === null ? null : seconds(settledMs),
      states: Object.fromEntries(states.map((s) => [s.state, s._count._all])),
      attempts: jobs._sum.attempts ?? 0,
      maxAttempts: jobs._max.attempts ?? 0,
      workerCpuSeconds: seconds((cpu.user + cpu.system) / 1000),
    })}`,
  );
} finally {
  await clean().catch(() => undefined);
  await database().close();
}
