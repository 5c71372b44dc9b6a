// Load test (issue 8): `npm run bench:load -- [--db=postgres] [--products=100000] [--minutes=10]`
//
// A mixed workload for --minutes on the bench catalogue, over loopback, against the production
// server, with everything a busy day brings at once:
// 1. A database as scripts/bench/catalogue.ts makes it (lib/bench-db.ts, then
//    scripts/bench/seed-catalogue.ts in a child): N listed products; --reuse keeps it.
// 2. The VNPay simulator and the marketplace simulator in this process; the production server (a
//    copy of ./build, lib/serve-snapshot.ts) in a child, pointed at both, with its push worker
//    (PUSH_WORKER=1) and its scheduler every minute (JOBS_INTERVAL_MS=60000: expiry,
//    reconciliation by querydr, mail retries).
// 3. For the whole run, at the same time:
//    - one autocannon instance per page type (lib/load.ts), each with its share of --mix's
//      connections and its own latency record: home, category pages, producer pages, searches
//      (lib/search-queries.ts), 1,000 product pages, 1,000 QR scans (GS1 Digital Link and /t/…);
//      --rate paces them (requests/s over all of them, shared as the connections are), otherwise
//      each connection sends its next request as soon as the answer is in;
//    - --buyers virtual buyers (lib/buyer.ts), each checking out one product after another as a
//      browser without JavaScript does, paying through the VNPay simulator (which sends the IPN);
//    - an operator's push of --push-products products to the market-api channel, queued at the
//      start (lib/push-start.ts: startPush, as the operators' page does), delivered by the
//      server's worker to the marketplace simulator.
//    Every 10 s: the server's RSS and the PostgreSQL backends' CPU, and the push's progress.
// 4. After the run (server stopped): the database checked against what the buyers saw: every
//    completed checkout's order PAID once (one settlement, one PAID event, reservation consumed),
//    no other order of the run PAID, each product's stock down by exactly the units ordered.
// 5. A Markdown report (per page type: requests, requests/s, p50/p95/p99, errors; the checkout's
//    steps and end to end; the push; memory; CPU of the server and of the database; the targets
//    met or not); --write puts it into BENCHMARKS.md between `bench:load:<db>` markers.
//
// Options: --db=postgres  --products=100000  --minutes=10  --port=3990  --reuse  --build  --write
//          --mix=home:4,category:4,producer:4,search:8,product:12,trace:12 (connections per type)
//          --rate=0 (requests/s over the page types; 0 = unpaced)  --buyers=4
//          --push-products=2000  --timeout=10 (seconds before a request counts as failed)
// Bounded: the load stops at --minutes, then in-flight checkouts finish (each request ≤ --timeout).
// The server, the simulators and a throwaway database are removed at the end, also on Ctrl-C.
import { readFileSync } from "node:fs";
import pg from "pg";
import { CATEGORY_SLUGS } from "~/modules/catalogue/categories";
import { startMarketplaceSimulator } from "../marketplace-simulator/server";
import { startVnpaySimulator } from "../vnpay-simulator/server";
import { intOption, parseArgs } from "./lib/args";
import { openBenchDatabase } from "./lib/bench-db";
import {
  copyBuild,
  createBenchRun,
  runScript,
  seedCatalogue,
  startBenchServer,
  writeBenchSection,
} from "./lib/bench-run";
import {
  buyOnce,
  CHECKOUT_STEPS,
  CookieJar,
  SIMULATOR_STEPS,
  type Address,
  type CheckoutRecord,
  type Goods,
} from "./lib/buyer";
import { BROWSER_HEADERS, runLoad, type LoadResult } from "./lib/load";
import { describeMachine } from "./lib/machine";
import { cpuMs, loadAverage, peakRssMb, rssMb } from "./lib/proc";
import { createRandom } from "./lib/random";
import { SEARCH_URLS } from "./lib/search-queries";
import { latencies, mean, slope, type Latencies } from "./lib/stats";

const options = parseArgs();
const dbKind = options.get("db") ?? "postgres";
// The run reads the database while the server runs (push progress, backends' CPU): PGlite
// allows one process at a time.
if (dbKind !== "postgres") throw new Error("--db must be postgres (the load test needs PostgreSQL)");
const products = intOption(options, "products", 100_000);
const minutes = intOption(options, "minutes", 10);
const port = intOption(options, "port", 3990);
const rate = intOption(options, "rate", 0);
const buyerCount = intOption(options, "buyers", 4);
const pushProducts = intOption(options, "push-products", 2000);
const timeoutSeconds = intOption(options, "timeout", 10);
const reuse = options.has("reuse");
if (minutes < 1) throw new Error("--minutes must be at least 1");

const PAGE_TYPES = {
  home: "home `/`",
  category: "category `/danh-muc/…`",
  producer: "producer `/co-so/…`",
  search: "search `/tim-kiem?…`",
  product: "product `/san-pham/…`",
  trace: "QR scan `/01/…/10/…`, `/t/…/…`",
} as const;
type PageType = keyof typeof PAGE_TYPES;
const DEFAULT_MIX = "home:4,category:4,producer:4,search:8,product:12,trace:12";
const mix = (options.get("mix") ?? DEFAULT_MIX).split(",").map((part) => {
  const [type = "", n = ""] = part.split(":");
  if (!(type in PAGE_TYPES))
    throw new Error(`--mix: unknown page type ${type} (${Object.keys(PAGE_TYPES).join(", ")})`);
  const connections = Number(n);
  if (!Number.isInteger(connections) || connections < 1)
    throw new Error(`--mix: ${part} needs a connection count`);
  return { type: type as PageType, connections };
});
const totalConnections = mix.reduce((sum, m) => sum + m.connections, 0);

const TARGET_ERROR_RATE = 0.001;
const TARGET_P95_MS = 100;
/** Above this RSS slope over the run's second half, memory counts as growing. */
const GROWTH_MB_PER_MIN = 1;
const SAMPLE_EVERY_MS = 10_000;
const TMN_CODE = "BENCHLD1";
const HASH_SECRET = "bench-load-hash-secret-0123456789";
const PARTNER = "ocop-bench-load";
const MARKET_SECRET = "bench-load-marketplace-secret";

const run = createBenchRun("load");
const { log } = run;
const origin = `http://127.0.0.1:${port}`;
const round = (value: number, digits = 0) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : NaN);
const ms = (value: number) => (Number.isFinite(value) ? String(round(value, 1)) : "–");
const thousands = (n: number) => n.toLocaleString("en");
const percent = (value: number, digits = 2) => `${round(value * 100, digits)} %`;
const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

// ---- data ----

interface Pools {
  urls: Record<PageType, string[]>;
  goods: (Goods & { stock: number })[];
  addresses: Address[];
}

async function samplePools(pool: pg.Pool): Promise<Pools> {
  const rows = async <T>(text: string) => (await pool.query(text)).rows as T[];
  const productRows = await rows<{ slug: string }>(
    `SELECT "slug" FROM "Product" WHERE "listedAt" IS NOT NULL ORDER BY random() LIMIT 1000`,
  );
  const traceRows = await rows<{ gtin: string | null; publicId: string; lotNumber: string }>(
    `SELECT p."gtin", p."publicId", b."lotNumber" FROM "Batch" b JOIN "Product" p ON p."id" = b."productId"
     WHERE p."listedAt" IS NOT NULL ORDER BY random() LIMIT 1000`,
  );
  const producerRows = await rows<{ slug: string }>(
    `SELECT pr."slug" FROM "Producer" pr
     WHERE EXISTS (SELECT 1 FROM "Product" p WHERE p."producerId" = pr."id" AND p."listedAt" IS NOT NULL)
     ORDER BY random() LIMIT 1000`,
  );
  // Checkouts buy one unit of a product with stock to spare, at a price VNPay takes (≥ 5,000 đ).
  const goodsRows = await rows<{ id: string; slug: string; stock: number }>(
    `SELECT "id", "slug", "stock" FROM "Product"
     WHERE "listedAt" IS NOT NULL AND "stock" >= 100 AND "minOrder" <= 1 AND "priceVnd" >= 5000
     ORDER BY random() LIMIT 200`,
  );
  const addressRows = await rows<{ code: string; provinceCode: string }>(
    `SELECT "code", "provinceCode" FROM "Commune" ORDER BY random() LIMIT 50`,
  );
  if (!goodsRows.length || !addressRows.length) throw new Error("No products with stock or no communes");
  const productPath = (slug: string) => `/san-pham/${encodeURIComponent(slug)}`;
  return {
    urls: {
      home: ["/"],
      category: Object.values(CATEGORY_SLUGS).flatMap((slug) =>
        ["", "?sort=price-asc", "?sort=newest", "?stars=4"].map((query) => `/danh-muc/${slug}${query}`),
      ),
      producer: producerRows.map((r) => `/co-so/${encodeURIComponent(r.slug)}`),
      search: [...SEARCH_URLS.words, ...SEARCH_URLS.typos, ...SEARCH_URLS.filters],
      product: productRows.map((r) => productPath(r.slug)),
      trace: traceRows.map((r) =>
        r.gtin
          ? `/01/${r.gtin.padStart(14, "0")}/10/${encodeURIComponent(r.lotNumber)}`
          : `/t/${encodeURIComponent(r.publicId)}/${encodeURIComponent(r.lotNumber)}`,
      ),
    },
    goods: goodsRows.map((r) => ({ productId: r.id, path: productPath(r.slug), stock: Number(r.stock) })),
    addresses: addressRows.map((r) => ({ communeCode: r.code, provinceCode: r.provinceCode })),
  };
}

/** A few URLs of each page type before the load: each must answer 200. */
async function checkPages(pools: Pools): Promise<void> {
  for (const { type } of mix) {
    for (const url of pools.urls[type].slice(0, 5)) {
      const response = await fetch(`${origin}${url}`, { headers: BROWSER_HEADERS });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${PAGE_TYPES[type]}: ${url} answered ${response.status}`);
    }
  }
}

// ---- push progress ----

interface PushStart {
  pushId?: string;
  queued?: number;
  skipped?: number;
  seconds: number;
  /** Why startPush failed (the push was then queued by enqueuePush), or why nothing was queued. */
  error?: string;
  errorSeconds?: number;
}

interface PushProgress {
  jobs: Record<string, number>;
  listings: Record<string, number>;
}

const OPEN_JOBS = ["QUEUED", "RUNNING"];
const UNDECIDED = ["PENDING", "QUEUED", "AWAITING_APPROVAL"];

async function pushProgress(pool: pg.Pool, pushId: string): Promise<PushProgress> {
  const jobs = await pool.query<{ status: string; n: string }>(
    `SELECT "status", count(*) AS n FROM "PushJob" WHERE "pushId" = $1 GROUP BY "status"`,
    [pushId],
  );
  const listings = await pool.query<{ state: string; n: string }>(
    `SELECT l."state", count(*) AS n FROM "ChannelListing" l
     WHERE l."channelId" = 'market-api'
       AND l."productId" IN (SELECT "productId" FROM "PushJob" WHERE "pushId" = $1)
     GROUP BY l."state"`,
    [pushId],
  );
  return {
    jobs: Object.fromEntries(jobs.rows.map((r) => [r.status, Number(r.n)])),
    listings: Object.fromEntries(listings.rows.map((r) => [r.state, Number(r.n)])),
  };
}

const sum = (counts: Record<string, number>, keys?: string[]) =>
  Object.entries(counts)
    .filter(([key]) => !keys || keys.includes(key))
    .reduce((total, [, n]) => total + n, 0);

// ---- checks after the run ----

interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

async function checkDatabase(
  pool: pg.Pool,
  runStart: string,
  checkouts: CheckoutRecord[],
  goods: Pools["goods"],
): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (label: string, ok: boolean, detail: string) => checks.push({ label, ok, detail });
  const placed = checkouts.filter((c) => c.txnRef);
  const completed = new Set(checkouts.filter((c) => c.ok).map((c) => c.txnRef!));
  // Buyers that stopped waiting (--timeout) once "Pay" was clicked: the IPN may settle them later.
  const afterPay = new Set(
    checkouts.filter((c) => c.failed && ["pay", "return"].includes(c.failed.step)).map((c) => c.txnRef!),
  );

  const { rows } = await pool.query<{
    txnRef: string;
    status: string;
    settlements: string;
    orders: string;
    paid: string;
    paidEvents: string;
    openReservations: string;
  }>(
    `SELECT a."txnRef", a."status",
       (SELECT count(*) FROM "PaymentSettlement" s WHERE s."attemptId" = a."id") AS "settlements",
       (SELECT count(*) FROM "Order" o WHERE o."checkoutId" = a."checkoutId") AS "orders",
       (SELECT count(*) FROM "Order" o WHERE o."checkoutId" = a."checkoutId" AND o."status" = 'PAID'
          AND o."paidAt" IS NOT NULL) AS "paid",
       (SELECT count(*) FROM "OrderEvent" e JOIN "Order" o ON o."id" = e."orderId"
          WHERE o."checkoutId" = a."checkoutId" AND e."to" = 'PAID') AS "paidEvents",
       (SELECT count(*) FROM "StockReservation" r WHERE r."checkoutId" = a."checkoutId"
          AND r."consumedAt" IS NULL) AS "openReservations"
     FROM "PaymentAttempt" a WHERE a."txnRef" = ANY($1::text[])`,
    [placed.map((c) => c.txnRef!)],
  );
  const paidOnce = (r: (typeof rows)[number]) =>
    r.status === "SUCCEEDED" &&
    Number(r.settlements) === 1 &&
    Number(r.orders) === 1 &&
    Number(r.paid) === 1 &&
    Number(r.paidEvents) === 1 &&
    Number(r.openReservations) === 0;
  const completedRows = rows.filter((r) => completed.has(r.txnRef));
  const good = completedRows.filter(paidOnce);
  add(
    "every completed checkout's order PAID exactly once",
    good.length === completed.size,
    `${thousands(good.length)} of ${thousands(completed.size)} completed checkouts: attempt SUCCEEDED with one settlement, one order PAID with one PAID event, reservation consumed` +
      (completedRows.length !== completed.size
        ? `; ${completed.size - completedRows.length} attempts not found`
        : ""),
  );

  const [totals] = (
    await pool.query<{ checkouts: string; attempts: string; paid: string; paidEvents: string }>(
      `SELECT count(DISTINCT c."id") AS "checkouts", count(DISTINCT a."id") AS "attempts",
         count(DISTINCT o."id") FILTER (WHERE o."status" = 'PAID') AS "paid",
         (SELECT count(*) FROM "OrderEvent" e JOIN "Order" o2 ON o2."id" = e."orderId"
            JOIN "Checkout" c2 ON c2."id" = o2."checkoutId"
            WHERE c2."createdAt" >= $1::timestamptz AND e."to" = 'PAID') AS "paidEvents"
       FROM "Checkout" c JOIN "Order" o ON o."checkoutId" = c."id"
       LEFT JOIN "PaymentAttempt" a ON a."checkoutId" = c."id"
       WHERE c."createdAt" >= $1::timestamptz`,
      [runStart],
    )
  ).rows;
  const paid = Number(totals?.paid ?? 0);
  const paidLate = rows.filter((r) => afterPay.has(r.txnRef) && paidOnce(r)).length;
  add(
    "orders PAID in the database = checkouts completed",
    paid === good.length + paidLate && Number(totals?.paidEvents ?? 0) === paid,
    `${thousands(paid)} PAID orders (${thousands(Number(totals?.paidEvents ?? 0))} PAID events) from the ${thousands(Number(totals?.checkouts ?? 0))} checkouts of the run (${thousands(Number(totals?.attempts ?? 0))} VNPay attempts): ${thousands(good.length)} completed` +
      (afterPay.size
        ? `, ${paidLate} of the ${afterPay.size} whose buyer stopped waiting after “Pay” (settled by the IPN meanwhile)`
        : ""),
  );

  const ids = goods.map((g) => g.productId);
  // Units given back during the run (an expired reservation, e.g. of an earlier run on a --reuse
  // database) return to the stock: they count against the units ordered.
  const stock = await pool.query<{ id: string; stock: number; ordered: string; released: string }>(
    `SELECT p."id", p."stock",
       (SELECT coalesce(sum(oi."quantity"), 0) FROM "OrderItem" oi JOIN "Order" o ON o."id" = oi."orderId"
          JOIN "Checkout" c ON c."id" = o."checkoutId"
          WHERE oi."productId" = p."id" AND c."createdAt" >= $2::timestamptz) AS "ordered",
       (SELECT coalesce(sum(r."quantity"), 0) FROM "StockReservation" r
          WHERE r."productId" = p."id" AND r."releasedAt" >= $2::timestamptz) AS "released"
     FROM "Product" p WHERE p."id" = ANY($1::uuid[])`,
    [ids, runStart],
  );
  const before = new Map(goods.map((g) => [g.productId, g.stock]));
  const taken = (r: { id: string; stock: number }) => before.get(r.id)! - Number(r.stock);
  const wrong = stock.rows.filter((r) => taken(r) !== Number(r.ordered) - Number(r.released));
  const released = stock.rows.reduce((total, r) => total + Number(r.released), 0);
  const units = stock.rows.reduce((total, r) => total + taken(r), 0);
  const ordered = stock.rows.reduce((total, r) => total + Number(r.ordered), 0);
  // A buyer that gave up waiting (--timeout) on "place" does not know the order was placed.
  const unseen = ordered - placed.length;
  add(
    "stock taken once per unit ordered",
    wrong.length === 0,
    `${thousands(units)} units left the stock, ${thousands(ordered)} units ordered in the database${released ? ` and ${released} released` : ""}; ${wrong.length} products where the two differ` +
      (unseen ? `; ${unseen} orders placed after their buyer had stopped waiting` : ""),
  );
  return checks;
}

// ---- report ----

interface PageResult {
  type: PageType;
  connections: number;
  urls: number;
  result: LoadResult;
}

const errorsOf = (r: LoadResult) => r.non2xx + r.errors;

function failures(r: LoadResult): string {
  const parts = Object.entries(r.statusCounts)
    .filter(([status]) => !status.startsWith("2"))
    .map(([status, n]) => `${n} × ${status}`);
  if (r.errors) parts.push(`${r.errors} connection errors (${r.timeouts} timeouts)`);
  return parts.length ? parts.join(", ") : "0";
}

function pageTable(results: PageResult[]): string {
  const lines = [
    "| page type | URLs | connections | requests | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | error rate |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|",
  ];
  for (const { type, connections, urls, result: r } of results)
    lines.push(
      `| ${PAGE_TYPES[type]} | ${urls} | ${connections} | ${thousands(r.requests)} | ${round(r.requestsPerSecond)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${failures(r)} | ${percent(errorsOf(r) / Math.max(1, r.requests + r.errors))} |`,
    );
  return lines.join("\n");
}

function checkoutTable(checkouts: CheckoutRecord[]): string {
  const lines = [
    "| checkout step | requests | p50 ms | p95 ms | p99 ms | max ms | failed here |",
    "|---|--:|--:|--:|--:|--:|---|",
  ];
  for (const step of CHECKOUT_STEPS) {
    const times = checkouts.flatMap((c) => (c.steps[step.key] === undefined ? [] : [c.steps[step.key]!]));
    const failed = checkouts.filter((c) => c.failed?.step === step.key);
    const l = latencies(times);
    const why = failed.length
      ? `${failed.length}: ${[...new Set(failed.map((c) => c.failed!.reason))].slice(0, 2).join("; ").slice(0, 160)}`
      : "0";
    lines.push(
      `| ${step.label} | ${thousands(l.count)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} | ${why} |`,
    );
  }
  const ends = latencies(checkouts.filter((c) => c.ok).map((c) => c.totalMs));
  lines.push(
    `| **end to end** (completed checkouts) | ${thousands(ends.count)} | ${ms(ends.p50)} | ${ms(ends.p95)} | ${ms(ends.p99)} | ${ms(ends.max)} | |`,
  );
  return lines.join("\n");
}

// ---- the run ----

try {
  await copyBuild(run, { build: options.has("build") });
  const loadBefore = loadAverage();
  const database = await openBenchDatabase("postgres", { reuse, products });
  run.onCleanUp(() => database.dispose());
  log(database.label);
  const seeded = await seedCatalogue(run, database, products, { MEDIA_DIR: `${run.work}/media` });
  const pool = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 2 });
  run.onCleanUp(() => pool.end());
  const listed = Number(
    (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Product" WHERE "listedAt" IS NOT NULL`))
      .rows[0]?.n,
  );
  const pools = await samplePools(pool);
  const runStart = (await pool.query<{ now: string }>(`SELECT now()::text AS now`)).rows[0]!.now;

  const vnpay = await startVnpaySimulator({
    tmnCode: TMN_CODE,
    hashSecret: HASH_SECRET,
    ipnUrl: `${origin}/payments/vnpay/ipn`,
  });
  run.onCleanUp(() => vnpay.close());
  const market = await startMarketplaceSimulator({ partnerId: PARTNER, secret: MARKET_SECRET, seed: 1 });
  run.onCleanUp(() => market.close());
  // The server and the push's child both need the marketplace (startPush checks the channel's rules).
  const appEnv = {
    ...database.env,
    MARKET_API_URL: market.url,
    MARKET_PARTNER_ID: PARTNER,
    MARKET_SECRET,
  };

  // All buyers come from 127.0.0.1 without TRUST_PROXY: the per-IP limits
  // (app/utils/rate-limit.server.ts) cover login, signup and password resets, not buying.
  const server = await startBenchServer(run, {
    port,
    env: {
      ...appEnv,
      APP_ORIGIN: origin,
      JOBS_INTERVAL_MS: "60000",
      PUSH_WORKER: "1",
      VNPAY_TMN_CODE: TMN_CODE,
      VNPAY_HASH_SECRET: HASH_SECRET,
      VNPAY_PAY_URL: vnpay.payUrl,
      VNPAY_API_URL: vnpay.apiUrl,
    },
  });
  log(`server pid ${server.pid} healthy; ${thousands(listed)} listed products`);
  await checkPages(pools);

  // ---- load ----
  const seconds = minutes * 60;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const at = () => (performance.now() - started) / 1000;
  const serverCpuBefore = cpuMs(server.pid);
  const dbCpuBefore = await database.backendCpuMs();
  const benchCpuBefore = process.cpuUsage();
  const memory: { t: number; mb: number }[] = [{ t: 0, mb: rssMb(server.pid) ?? NaN }];

  let push: PushStart | undefined;
  let pushQueuedAt = NaN;
  const pushDone: { deliveredAt?: number; settledAt?: number; progress?: PushProgress } = {};
  const pushStarted = runScript("scripts/bench/lib/push-start.ts", [`--products=${pushProducts}`], appEnv, {
    run,
  }).then(
    (result) => {
      push = result as PushStart;
      pushQueuedAt = at();
      if (push.error) log(`startPush failed: ${push.error}`);
      if (push.pushId)
        log(
          `push ${push.pushId}: ${push.queued} products queued (${push.skipped} skipped) in ${push.seconds} s`,
        );
    },
    (error: Error) => {
      push = { error: error.message, seconds: round(at(), 1) };
    },
  );

  const checkouts: CheckoutRecord[] = [];
  async function buyer(index: number): Promise<void> {
    const random = createRandom(7000 + index);
    let jar = new CookieJar();
    for (let n = 1; performance.now() < deadline; n++) {
      const record = await buyOnce(
        {
          origin,
          payUrl: vnpay.payUrl,
          jar,
          random,
          goods: pools.goods,
          addresses: pools.addresses,
          timeoutMs: timeoutSeconds * 1000,
          buyer: index + 1,
        },
        n,
      );
      checkouts.push(record);
      if (!record.ok) {
        // A new browser (no half-filled cart), after a pause: a failing app is not hammered.
        jar = new CookieJar();
        await sleep(1000);
      }
    }
  }

  const sampler = setInterval(() => {
    void (async () => {
      const mb = rssMb(server.pid);
      if (mb !== null) memory.push({ t: at(), mb });
      // Backends come and go: reading them often keeps the CPU of those that closed meanwhile.
      await database.backendCpuMs();
      if (push?.pushId && pushDone.settledAt === undefined) {
        const progress = await pushProgress(pool, push.pushId);
        pushDone.progress = progress;
        if (
          pushDone.deliveredAt === undefined &&
          sum(progress.jobs) > 0 &&
          sum(progress.jobs, OPEN_JOBS) === 0
        )
          pushDone.deliveredAt = at();
        if (pushDone.deliveredAt !== undefined && sum(progress.listings, UNDECIDED) === 0)
          pushDone.settledAt = at();
      }
      const done = checkouts.filter((c) => c.ok).length;
      log(
        `${round(at())} s: server RSS ${round(mb ?? NaN)} MB; checkouts ${done} completed, ${checkouts.length - done} failed` +
          (pushDone.progress
            ? `; push jobs ${JSON.stringify(pushDone.progress.jobs)}, listings ${JSON.stringify(pushDone.progress.listings)}`
            : ""),
      );
    })().catch((error: Error) => log(`sampling: ${error.message}`));
  }, SAMPLE_EVERY_MS);
  run.onCleanUp(() => clearInterval(sampler));

  log(
    `${minutes} min: ${totalConnections} connections over ${mix.length} page types${rate ? ` at ${rate} requests/s` : ""}, ${buyerCount} buyers, a push of ${pushProducts} products`,
  );
  const loads = mix.map(async ({ type, connections }, i): Promise<PageResult> => {
    const urls = pools.urls[type];
    const result = await runLoad({
      origin,
      paths: urls,
      connections,
      durationSeconds: seconds,
      timeoutSeconds,
      random: createRandom(101 + i),
      ...(rate ? { overallRate: Math.max(1, Math.round((rate * connections) / totalConnections)) } : {}),
    });
    return { type, connections, urls: urls.length, result };
  });
  // Whether the page cache still serves the home page (on a quiet catalogue nearly always HIT).
  const cacheProbe: Record<string, number> = {};
  const probe = (async () => {
    while (performance.now() < deadline) {
      await sleep(2000);
      try {
        const response = await fetch(`${origin}/`, {
          headers: BROWSER_HEADERS,
          signal: AbortSignal.timeout(timeoutSeconds * 1000),
        });
        await response.arrayBuffer();
        const value = response.headers.get("x-cache") ?? "none";
        cacheProbe[value] = (cacheProbe[value] ?? 0) + 1;
      } catch {
        cacheProbe.error = (cacheProbe.error ?? 0) + 1;
      }
    }
  })();
  const buyers = Array.from({ length: buyerCount }, (_, i) => buyer(i));
  const pages = await Promise.all(loads);
  await Promise.all([...buyers, probe]);
  const elapsed = at();
  const serverCpuAfter = cpuMs(server.pid);
  const dbCpuAfter = await database.backendCpuMs();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const peakMb = peakRssMb(server.pid);
  memory.push({ t: elapsed, mb: rssMb(server.pid) ?? NaN });
  clearInterval(sampler);
  await pushStarted;
  if (push?.pushId) pushDone.progress = await pushProgress(pool, push.pushId);
  const marketView = market.inspect();
  const ipnFirst: Record<string, number> = {};
  for (const c of checkouts) {
    const txn = c.txnRef ? vnpay.transaction(c.txnRef) : undefined;
    const code = txn?.ipn.attempts[0]?.rspCode ?? (txn?.result ? "no answer yet" : undefined);
    if (code) ipnFirst[code] = (ipnFirst[code] ?? 0) + 1;
  }
  log(`load done in ${round(elapsed)} s; stopping the server`);
  await server.stop();
  const checks = await checkDatabase(pool, runStart, checkouts, pools.goods);
  const serverErrors = readFileSync(server.logFile, "utf8")
    .split("\n")
    .filter((line) => /\berror\b/i.test(line));
  for (const line of serverErrors.slice(0, 5)) log(`server log: ${line.slice(0, 300)}`);
  const loadAfter = loadAverage();

  // ---- figures ----
  const completed = checkouts.filter((c) => c.ok);
  const appCheckoutRequests = checkouts.reduce(
    (total, c) => total + Object.keys(c.steps).filter((k) => !SIMULATOR_STEPS.includes(k as never)).length,
    0,
  );
  const failedCheckoutRequests = checkouts.filter(
    (c) => c.failed && !SIMULATOR_STEPS.includes(c.failed.step),
  ).length;
  const pageRequests = pages.reduce((total, p) => total + p.result.requests + p.result.errors, 0);
  const pageErrors = pages.reduce((total, p) => total + errorsOf(p.result), 0);
  const allRequests = pageRequests + appCheckoutRequests;
  const errorRate = (pageErrors + failedCheckoutRequests) / Math.max(1, allRequests);
  const perSecond = (before: number | null, after: number | null) =>
    before !== null && after !== null ? (after - before) / elapsed : NaN;
  const serverCpuPerSecond = perSecond(serverCpuBefore, serverCpuAfter);
  const dbCpuPerSecond = perSecond(dbCpuBefore, dbCpuAfter);
  const benchCpuPerSecond = (benchCpu.user + benchCpu.system) / 1000 / elapsed;

  const firstMinute = mean(memory.filter((s) => s.t <= 60).map((s) => s.mb));
  const lastMinute = mean(memory.filter((s) => s.t >= elapsed - 60).map((s) => s.mb));
  const toMinutes = (points: typeof memory) => points.map((s) => ({ x: s.t / 60, y: s.mb }));
  const slopeAll = slope(toMinutes(memory));
  const slopeLate = slope(toMinutes(memory.filter((s) => s.t >= elapsed / 2)));
  const everyMinute = memory.filter(
    (s, i) => i === 0 || Math.floor(s.t / 60) > Math.floor(memory[i - 1]!.t / 60),
  );

  const pageGets: { label: string; l: Latencies | LoadResult }[] = [
    ...pages.map((p) => ({ label: PAGE_TYPES[p.type], l: p.result })),
    ...CHECKOUT_STEPS.filter((s) => s.page).map((s) => ({
      label: `checkout: ${s.label}`,
      l: latencies(checkouts.flatMap((c) => (c.steps[s.key] === undefined ? [] : [c.steps[s.key]!]))),
    })),
  ];
  const targets: Check[] = [
    {
      label: `errors < ${percent(TARGET_ERROR_RATE, 1)}`,
      ok: errorRate < TARGET_ERROR_RATE,
      detail: `${percent(errorRate, 3)}: ${thousands(pageErrors + failedCheckoutRequests)} of ${thousands(allRequests)} requests to the app`,
    },
    ...pageGets.map(({ label, l }) => ({
      label: `p95 ≤ ${TARGET_P95_MS} ms: ${label}`,
      ok: l.p95 <= TARGET_P95_MS,
      detail: `${ms(l.p95)} ms`,
    })),
    {
      label: "no memory growth",
      ok: slopeLate <= GROWTH_MB_PER_MIN,
      detail: `server RSS ${ms(slopeLate)} MB/min over the run's second half (limit ${GROWTH_MB_PER_MIN} MB/min)${minutes < 4 ? "; too short a run to tell" : ""}`,
    },
    {
      label: "the operator's push queued by `startPush`",
      ok: Boolean(push?.pushId) && !push?.error,
      detail: push?.error ?? `${thousands(push?.queued ?? 0)} products in ${push?.seconds} s`,
    },
    {
      label: "the push delivered, every listing decided, within the run",
      ok: pushDone.settledAt !== undefined,
      detail:
        pushDone.settledAt !== undefined
          ? `${round(pushDone.settledAt)} s after the start`
          : `jobs ${JSON.stringify(pushDone.progress?.jobs ?? {})}`,
    },
    ...checks,
  ];

  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const extra = [
    options.get("mix") ? `--mix=${options.get("mix")}` : "",
    rate ? `--rate=${rate}` : "",
    buyerCount !== 4 ? `--buyers=${buyerCount}` : "",
    pushProducts !== 2000 ? `--push-products=${pushProducts}` : "",
    timeoutSeconds !== 10 ? `--timeout=${timeoutSeconds}` : "",
  ].filter(Boolean);
  const command = [
    "npm run bench:load --",
    `--db=${dbKind}`,
    `--products=${products}`,
    `--minutes=${minutes}`,
    ...extra,
  ].join(" ");
  const seedLine = seeded.skipped
    ? "catalogue reused (--reuse), not seeded in this run"
    : `seeded in ${round(seeded.seconds)} s`;
  const progress = pushDone.progress;
  const jobsDone = sum(progress?.jobs ?? {}, ["DONE", "DEAD"]);
  const queuedBy = push?.error
    ? `\`startPush\` (the operators' page) FAILED after ${push.errorSeconds} s (${push.error}); queued instead by \`enqueuePush\` in a transaction without the 5 s limit, in ${push.seconds} s`
    : `queued by \`startPush\` (as the operators' page does) at the start in ${push?.seconds} s`;
  const pushLines = !push?.pushId
    ? [`- Push: NOT queued (${push?.error ?? "the child did not report"})`]
    : [
        `- Push of ${thousands(push.queued ?? 0)} products to \`market-api\` (${push.skipped} refused by the channel's rules), ${queuedBy}; ` +
          (pushDone.settledAt !== undefined
            ? `the server's worker delivered every job within ${round(pushDone.deliveredAt!)} s and every listing was decided within ${round(pushDone.settledAt)} s of the run's start (read every ${SAMPLE_EVERY_MS / 1000} s)`
            : `NOT finished by the end of the run: ${thousands(jobsDone)} jobs done, ${round((jobsDone / Math.max(1, elapsed - pushQueuedAt)) * 60)} per minute since queued`),
        `- Push at the end: jobs ${JSON.stringify(progress?.jobs ?? {})}, listings ${JSON.stringify(progress?.listings ?? {})}; the marketplace simulator holds ${thousands(marketView.listings.size)} listings (${thousands([...marketView.listings.values()].filter((l) => l.status === "approved").length)} approved) after ${thousands(marketView.requests.length)} API calls, ${marketView.duplicates} duplicates`,
      ];
  const markdown = [
    `**PostgreSQL**, run of ${date} UTC: \`${command}\``,
    "",
    `- Machine: ${describeMachine()}; Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after (the load generator, both simulators and the server share the machine)`,
    `- Database: PostgreSQL (local server, the app's pool of 10 connections); ${thousands(listed)} listed products; ${seedLine}`,
    `- Server: production build, page cache on, push worker in the server, scheduler every 60 s; VNPay and the marketplace are the project's simulators in the bench process`,
    `- Load: ${round(elapsed)} s; autocannon, ${totalConnections} keep-alive connections over loopback shared by page type as in the table, a random URL of the type's pool per request, a phone browser's headers, ${rate ? `paced at ${rate} requests/s in all` : "each connection sending its next request as soon as the answer is in"}; at the same time ${buyerCount} virtual buyers checking out one product after another (no pause) and paying through the VNPay simulator; errors are non-2xx answers, connection errors and timeouts (> ${timeoutSeconds} s)`,
    "",
    pageTable(pages),
    "",
    `Checkouts: ${thousands(completed.length)} completed (${round((completed.length / elapsed) * 60)} per minute), ${thousands(checkouts.length - completed.length)} failed; the simulator's first IPN to the app answered ${JSON.stringify(ipnFirst)}.`,
    "",
    checkoutTable(checkouts),
    "",
    ...pushLines,
    `- Page cache: the home page, fetched every 2 s besides the load, came ${Object.entries(cacheProbe)
      .map(([value, n]) => `${n} × ${value}`)
      .join(
        ", ",
      )} (\`X-Cache\`: a MISS is the first render after a catalogue change; a sale moves the change clock only when a stock reaches or leaves zero)`,
    `- Server log: ${serverErrors.length} lines mentioning an error${serverErrors.length ? ` (first: \`${serverErrors[0]!.slice(0, 160).replaceAll("`", "'")}\`)` : ""}`,
    `- Server memory (RSS, every ${SAMPLE_EVERY_MS / 1000} s): first minute ${ms(firstMinute)} MB, last minute ${ms(lastMinute)} MB, slope ${ms(slopeAll)} MB/min over the run and ${ms(slopeLate)} MB/min over its second half, peak ${ms(peakMb ?? NaN)} MB; by minute: ${everyMinute.map((s) => round(s.mb)).join(", ")} MB`,
    `- CPU: server ${ms(serverCpuPerSecond)} ms per second (${round(serverCpuPerSecond / 10)} % of a core), ${ms((serverCpuPerSecond * elapsed) / Math.max(1, allRequests))} ms per request; PostgreSQL backends of the database ${ms(dbCpuPerSecond)} ms per second (${round(dbCpuPerSecond / 10)} % of a core), ${ms((dbCpuPerSecond * elapsed) / Math.max(1, allRequests))} ms per request; the bench process (load generator, simulators) ${ms(benchCpuPerSecond)} ms per second`,
    "",
    "Targets:",
    "",
    ...targets.map((t) => `- ${t.ok ? "met" : "NOT met"}: ${t.label} (${t.detail})`),
  ].join("\n");
  console.log(markdown);
  if (options.has("write")) {
    writeBenchSection(`load:${dbKind}`, markdown);
    log(`BENCHMARKS.md updated (load:${dbKind} block)`);
  }
} finally {
  await run.cleanUp();
}
