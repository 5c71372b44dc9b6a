// Catalogue benchmark (issue 5): `npm run bench:catalogue -- [--db=postgres|pglite] [--products=100000]`
//
// 1. A database: a throwaway PostgreSQL database on TEST_POSTGRES_URL's server (default
//    postgresql://postgres@127.0.0.1:5432), or PGlite in a temp folder; with --reuse a kept one
//    (ocop_bench_<N> / data/bench/pglite-<N>) that is seeded only once.
// 2. scripts/bench/seed-catalogue.ts in a child process: migrations, admin units, demo data and N
//    listed products with batches and hash-chained diaries.
// 3. The production server (`npm run build` first, or --build) in a child process, as
//    `npm run serve` runs it: NODE_ENV=production, MALLOC_ARENA_MAX=2, scheduler off.
// 4. For each page type, a warm-up then --duration seconds of autocannon at --connections
//    connections over loopback, each request to a random URL of the type's pool (1,000 product
//    pages, 1,000 trace pages, search queries in three classes); the bare /bench/floor page (the
//    framework floor) first and last. Records requests/s, p50/p95/p99, non-2xx, errors, bytes per
//    response, the server's CPU per request and peak RSS, and on PostgreSQL the CPU per request of
//    the database backends serving it.
// 5. One Markdown table (ratios to the floor's throughput) with the machine, Node, database and
//    product count; --write puts it into BENCHMARKS.md between markers of this database kind.
//
// Options: --db=postgres|pglite  --products=100000  --duration=20  --warmup=5  --connections=50
//          --port=3950  --timeout=10 (seconds before a request counts as an error)
//          --solo=5 (seconds of the same URLs at 1 connection after each row: latency without
//          queueing; 0 skips)
//          --pages=floor,home,search-words,search-typos,search-filters,product,trace
//          --reuse  --build  --write
//          --skip-page-weight (by default scripts/bench/page-weight.ts, when present, measures the
//          pages of the same server before the load, and its table joins the report)
//          --cpu-prof (profiles the server into data/bench/profiles and prints where its time went;
//          best with one page type: --pages=product)
// The server and a throwaway database are removed at the end, also on Ctrl-C.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { intOption, parseArgs } from "./lib/args";
import { summariseProfile, type ProfileLine } from "./lib/cpu-profile";
import { openBenchDatabase, type BenchDatabase, type DbKind } from "./lib/bench-db";
import { BROWSER_HEADERS, runLoad, type LoadResult } from "./lib/load";
import { describeMachine } from "./lib/machine";
import { cpuMs, loadAverage, sampleRss } from "./lib/proc";
import { createRandom } from "./lib/random";
import { SEARCH_URLS } from "./lib/search-queries";

const options = parseArgs();
const dbKind = (options.get("db") ?? "postgres") as DbKind;
if (dbKind !== "postgres" && dbKind !== "pglite") throw new Error("--db must be postgres or pglite");
const products = intOption(options, "products", 100_000);
const duration = intOption(options, "duration", 20);
const warmup = intOption(options, "warmup", 5);
const connections = intOption(options, "connections", 50);
const port = intOption(options, "port", 3950);
const timeout = intOption(options, "timeout", 10);
const solo = intOption(options, "solo", 5);
const reuse = options.has("reuse");
const ALL_PAGES = ["floor", "home", "search-words", "search-typos", "search-filters", "product", "trace"];
const pages = (options.get("pages") ?? ALL_PAGES.join(",")).split(",");
for (const page of pages) if (!ALL_PAGES.includes(page)) throw new Error(`Unknown page type ${page}`);

const origin = `http://127.0.0.1:${port}`;
const work = mkdtempSync(path.join(tmpdir(), "ocop-bench-catalogue-"));
// The build is copied here (inside the project, so the bundle still finds node_modules).
const runDir = path.resolve("data/bench", path.basename(work));
const log = (line: string) => console.error(`catalogue: ${line}`);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

let server: ChildProcess | undefined;
let database: BenchDatabase | undefined;
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server!.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await database?.dispose().catch((error: Error) => log(`could not remove the database: ${error.message}`));
    rmSync(work, { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** scripts/bench/page-weight.ts (another script's figures) against the bench server: its stdout. */
function pageWeight(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/page-weight.ts", origin], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.on("error", (error) => resolve(`page-weight.ts could not run: ${error.message}`));
    // Exit code 1 = a budget is exceeded: the table says which; still a result.
    child.on("exit", (code) =>
      resolve(code === 0 || code === 1 ? out.trim() : `page-weight.ts failed (exit ${code})`),
    );
  });
}

/** Runs a TypeScript script in a child Node process; resolves with its `RESULT {json}` line. */
function runScript(script: string, args: string[], env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let result: unknown;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7));
      else console.error(`  ${line}`);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(result) : reject(new Error(`${script} exited with code ${code}`)),
    );
  });
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const logFile = path.join(work, "server.log");
  const out = createWriteStream(logFile);
  // node --import tsx rather than the tsx CLI: the pid is the server's own, for /proc readings.
  const profile = options.has("cpu-prof")
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve("data/bench/profiles")}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, "--import", "tsx", "scripts/bench/lib/serve-snapshot.ts"],
    {
      env: {
        ...process.env,
        ...env,
        BENCH_RUN_DIR: runDir,
        NODE_ENV: "production",
        SESSION_SECRETS: randomBytes(32).toString("hex"),
        MALLOC_ARENA_MAX: "2",
        JOBS_INTERVAL_MS: "0",
        PORT: String(port),
        HOST: "127.0.0.1",
        MAIL_OUTBOX_DIR: path.join(work, "outbox"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(
    `The server did not become healthy; its log:\n${readFileSync(logFile, "utf8").slice(-4000)}`,
  );
}

interface Pools {
  product: string[];
  trace: string[];
  productNames: Map<string, string>;
}

async function samplePools(db: BenchDatabase): Promise<Pools> {
  const productRows = await db.query<{ slug: string; name: string }>(
    `SELECT "slug", "name" FROM "Product" WHERE "listedAt" IS NOT NULL ORDER BY random() LIMIT 1000`,
  );
  const traceRows = await db.query<{ gtin: string | null; publicId: string; lotNumber: string }>(
    `SELECT p."gtin", p."publicId", b."lotNumber" FROM "Batch" b JOIN "Product" p ON p."id" = b."productId"
     WHERE p."listedAt" IS NOT NULL ORDER BY random() LIMIT 1000`,
  );
  return {
    product: productRows.map((r) => `/san-pham/${encodeURIComponent(r.slug)}`),
    productNames: new Map(productRows.map((r) => [`/san-pham/${encodeURIComponent(r.slug)}`, r.name])),
    trace: traceRows.map((r) =>
      r.gtin
        ? `/01/${r.gtin.padStart(14, "0")}/10/${encodeURIComponent(r.lotNumber)}`
        : `/t/${encodeURIComponent(r.publicId)}/${encodeURIComponent(r.lotNumber)}`,
    ),
  };
}

interface Phase {
  name: string;
  label: string;
  paths: string[];
}

interface PhaseResult extends LoadResult {
  phase: Phase;
  serverCpuMsPerRequest: number | null;
  dbCpuMsPerRequest: number | null;
  queriesPerRequest: number | null;
  peakRssMb: number;
  /** How long the server still worked on queued requests after the load stopped. */
  drainSeconds: number;
  /** The same URLs at one connection (--solo seconds): latency without queueing. */
  alone: LoadResult | null;
}

/** One GET per page type before the load: status, size and whether it shows what it should. */
async function checkPages(phases: Phase[], pools: Pools): Promise<string[]> {
  const lines: string[] = [];
  for (const phase of phases) {
    const url = phase.paths[0]!;
    const response = await fetch(`${origin}${url}`, { headers: { "accept-language": "vi" } });
    const body = await response.text();
    const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? "";
    const expected = pools.productNames.get(url);
    const shows = expected
      ? body.includes(expected)
        ? ", shows the product's name"
        : ", WITHOUT the product's name"
      : "";
    lines.push(
      `${phase.label}: ${url} → ${response.status}, ${body.length} characters, title "${title}"${shows}`,
    );
  }
  return lines;
}

/**
 * Waits until the server has answered what was still queued (its CPU idle, no query running):
 * autocannon stops sending when its time is up, but the server works through its backlog.
 * Returns the seconds it took (at most 5 minutes).
 */
async function drain(serverPid: number, db: BenchDatabase): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 300_000) {
    const before = cpuMs(serverPid, true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = cpuMs(serverPid, true);
    if (before === null || after === null) break;
    if (after - before < 50 && !(await db.busy())) break;
  }
  return (performance.now() - started) / 1000 - 1;
}

async function measure(phase: Phase, serverPid: number, db: BenchDatabase): Promise<PhaseResult> {
  const random = createRandom(phase.name.length * 7919);
  if (warmup > 0) {
    await runLoad({
      origin,
      paths: phase.paths,
      connections,
      durationSeconds: warmup,
      random,
      timeoutSeconds: timeout,
    });
    await drain(serverPid, db);
  }
  const rss = sampleRss(serverPid);
  const cpuBefore = cpuMs(serverPid);
  const dbBefore = await db.backendCpuMs();
  const transactionsBefore = await db.transactions();
  const result = await runLoad({
    origin,
    paths: phase.paths,
    connections,
    durationSeconds: duration,
    random,
    timeoutSeconds: timeout,
  });
  const cpuAfter = cpuMs(serverPid);
  const dbAfter = await db.backendCpuMs();
  const peakRssMb = rss.stop();
  const transactionsAfter = await db.transactions();
  const drainSeconds = await drain(serverPid, db);
  // The same pages one at a time: the time a request takes when it does not queue behind others.
  const alone =
    solo > 0
      ? await runLoad({
          origin,
          paths: phase.paths,
          connections: 1,
          durationSeconds: solo,
          random,
          timeoutSeconds: timeout,
        })
      : null;
  if (alone) await drain(serverPid, db);
  const per = (before: number | null, after: number | null) =>
    before !== null && after !== null && result.requests ? (after - before) / result.requests : null;
  return {
    ...result,
    phase,
    serverCpuMsPerRequest: per(cpuBefore, cpuAfter),
    dbCpuMsPerRequest: per(dbBefore, dbAfter),
    queriesPerRequest: per(transactionsBefore, transactionsAfter),
    peakRssMb,
    drainSeconds,
    alone,
  };
}

/** Answers that were not a success: non-2xx by status, connection errors, still waiting at the end. */
function failures(r: PhaseResult): string {
  const parts = Object.entries(r.statusCounts)
    .filter(([status]) => !status.startsWith("2"))
    .map(([status, n]) => `${n} × ${status}`);
  if (r.errors) parts.push(`${r.errors} errors (${r.timeouts} timeouts)`);
  // One request per connection is always in flight when the time is up: news only when one of them
  // had waited longer than any answered request (the percentiles count them at their wait so far).
  if (r.oldestWaitingMs > r.maxAnswered)
    parts.push(`${r.waiting} still waiting at the end (oldest ${round(r.oldestWaitingMs / 1000, 1)} s)`);
  if (r.drainSeconds > 2) parts.push(`backlog took ${round(r.drainSeconds)} s to clear`);
  return parts.length ? parts.join(", ") : "0";
}

function table(results: PhaseResult[], floorRps: number): string {
  const header =
    "| page | URLs | requests/s | × floor | p50 ms | p95 ms | p99 ms | failed | alone: p50 / p95 ms | KB/response | server CPU ms/request | DB CPU ms/request | DB queries/request | server RSS peak |";
  const rule = "|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|";
  const rows = results.map((r) =>
    [
      r.phase.label,
      r.phase.paths.length,
      round(r.requestsPerSecond),
      `${round((r.requestsPerSecond / floorRps) * 100)} %`,
      round(r.p50, 1),
      round(r.p95, 1),
      round(r.p99, 1),
      failures(r),
      r.alone ? `${round(r.alone.p50, 1)} / ${round(r.alone.p95, 1)}` : "–",
      round(r.bytesPerResponse / 1024, 1),
      r.serverCpuMsPerRequest === null ? "–" : round(r.serverCpuMsPerRequest, 1),
      r.dbCpuMsPerRequest === null ? "–" : round(r.dbCpuMsPerRequest, 1),
      r.queriesPerRequest === null ? "–" : round(r.queriesPerRequest, 1),
      `${round(r.peakRssMb)} MB`,
    ].join(" | "),
  );
  return [header, rule, ...rows.map((r) => `| ${r} |`)].join("\n");
}

function targets(results: PhaseResult[], floorRps: number): string[] {
  const lines: string[] = [];
  const check = (label: string, ok: boolean, detail: string) =>
    lines.push(`- ${ok ? "met" : "NOT met"}: ${label} (${detail})`);
  for (const r of results) {
    if (r.phase.name.startsWith("floor")) continue;
    const share = r.requestsPerSecond / floorRps;
    const limit =
      r.phase.name === "product" || r.phase.name === "trace"
        ? 50
        : r.phase.name.startsWith("search")
          ? 100
          : null;
    const clean = r.non2xx === 0 && r.errors === 0;
    if (limit !== null)
      check(
        `${r.phase.label}: p95 ≤ ${limit} ms`,
        r.p95 <= limit && clean,
        `${round(r.p95, 1)} ms${clean ? "" : ", with failed requests"}`,
      );
    check(
      `${r.phase.label}: ≥ 40 % of the floor's throughput`,
      share >= 0.4 && clean,
      `${round(share * 100)} %`,
    );
  }
  return lines;
}

/** The server's main-thread profile (written when it exits), summed up. */
function printProfile(pid: number) {
  const dir = path.resolve("data/bench/profiles");
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (1 is tsx's loader).
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.includes(`.${pid}.0.`)) : undefined;
  if (!file) return log("no CPU profile was written");
  const { self, total, ms } = summariseProfile(path.join(dir, file), 30);
  const show = (lines: ProfileLine[]) =>
    lines
      .map(
        (l) => `  ${l.ms.toFixed(0).padStart(7)} ms ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.name}`,
      )
      .join("\n");
  console.error(
    `\nServer CPU profile ${path.join(dir, file)} (main thread, ${ms.toFixed(0)} ms busy, start-up included)\n` +
      `Self time:\n${show(self)}\nTotal time (with callees):\n${show(total)}`,
  );
}

// The page cache (server/page-cache.ts) is on unless the environment turns it off: both are reported.
const pageCacheOff = process.env.PAGE_CACHE_TTL_MS === "0";
const sectionKey = `${dbKind}${pageCacheOff ? "-nocache" : ""}`;

function writeSection(markdown: string) {
  const file = "BENCHMARKS.md";
  const start = `<!-- bench:catalogue:${sectionKey}:start -->`;
  const end = `<!-- bench:catalogue:${sectionKey}:end -->`;
  let text = readFileSync(file, "utf8");
  const block = `${start}\n${markdown}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
  log(`BENCHMARKS.md updated (${sectionKey} block)`);
}

try {
  if (options.has("build")) {
    log("npm run build");
    execFileSync("npm", ["run", "build"], { stdio: ["ignore", "inherit", "inherit"] });
  }
  // Another session may be rebuilding ./build: wait for a complete one, then copy it.
  for (let waited = 0; !existsSync("build/server/index.js") && waited < 180; waited += 5) {
    if (waited === 0) log("waiting for build/server/index.js (a build in progress?)");
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  if (!existsSync("build/server/index.js"))
    throw new Error("No production build: run `npm run build` (or pass --build)");
  mkdirSync(runDir, { recursive: true });
  cpSync("build", path.join(runDir, "build"), { recursive: true });

  const loadBefore = loadAverage();
  database = await openBenchDatabase(dbKind, { reuse, products });
  log(database.label);
  const mediaEnv = { MEDIA_DIR: path.join(work, "media") };
  const seedStarted = performance.now();
  const seeded = (await runScript("scripts/bench/seed-catalogue.ts", [`--products=${products}`], {
    ...database.env,
    ...mediaEnv,
  })) as { skipped: boolean; loadSeconds?: number; totalSeconds?: number } | undefined;
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const [{ n: listed } = { n: 0 }] = await database.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Product" WHERE "listedAt" IS NOT NULL`,
  );
  const pools = await samplePools(database);

  const phases: Phase[] = [];
  const add = (name: string, label: string, paths: string[]) => {
    if (pages.includes(name.replace(/-end$/, ""))) phases.push({ name, label, paths });
  };
  add("floor", "floor `/bench/floor`", ["/bench/floor"]);
  add("home", "home `/`", ["/"]);
  add("search-words", "search: words", SEARCH_URLS.words);
  add("search-typos", "search: typos", SEARCH_URLS.typos);
  add("search-filters", "search: filters", SEARCH_URLS.filters);
  add("product", "product `/san-pham/…`", pools.product);
  add("trace", "trace `/01/…/10/…`, `/t/…/…`", pools.trace);
  add("floor-end", "floor again (last)", ["/bench/floor"]);

  const serverStarted = performance.now();
  server = await startServer({ ...database.env, ...mediaEnv });
  const serverPid = server.pid!;
  log(`server pid ${serverPid} healthy in ${round((performance.now() - serverStarted) / 1000, 1)} s`);
  const checks = await checkPages(phases, pools);
  for (const line of checks) log(line);
  const weight =
    !options.has("skip-page-weight") && existsSync("scripts/bench/page-weight.ts")
      ? await pageWeight()
      : null;
  if (weight) console.error(weight);

  const results: PhaseResult[] = [];
  for (const phase of phases) {
    log(`${phase.label}: ${warmup} s warm-up, ${duration} s at ${connections} connections…`);
    const result = await measure(phase, serverPid, database);
    log(
      `  ${round(result.requestsPerSecond)} req/s, p50 ${round(result.p50, 1)} ms, p95 ${round(result.p95, 1)} ms, ` +
        `p99 ${round(result.p99, 1)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    results.push(result);
  }
  const loadAfter = loadAverage();
  await cleanUp();
  if (options.has("cpu-prof")) printProfile(serverPid);

  const floors = results.filter((r) => r.phase.name.startsWith("floor"));
  const floorRps = floors.length
    ? floors.reduce((sum, r) => sum + r.requestsPerSecond, 0) / floors.length
    : NaN;
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const command = `${pageCacheOff ? "PAGE_CACHE_TTL_MS=0 " : ""}npm run bench:catalogue -- --db=${dbKind} --products=${products} --duration=${duration}${connections !== 50 ? ` --connections=${connections}` : ""}`;
  const seedLine = seeded?.skipped
    ? "catalogue reused (--reuse), not seeded in this run"
    : `seeded in ${round(seedSeconds)} s (the ${products.toLocaleString("en")} bench products in ${seeded?.loadSeconds ?? "?"} s, the rest is migrations, admin units and demo data)`;
  const markdown = [
    `**${dbKind === "postgres" ? "PostgreSQL" : "PGlite"}**, run of ${date} UTC: \`${command}\``,
    "",
    `- Machine: ${describeMachine()}; Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after`,
    pageCacheOff
      ? "- Page cache: off (`PAGE_CACHE_TTL_MS=0`): every request renders its page"
      : "- Page cache: on (the default: anonymous visitors' public pages kept ≤ 5 min in memory (then served a minute more while rendered again), dropped when the catalogue changes; the floor is `no-store`, never cached)",
    `- Database: ${dbKind === "postgres" ? "PostgreSQL (local server, the app's pool of 10 connections)" : "PGlite (embedded, one connection, in the server process)"}; ${Number(listed).toLocaleString("en")} listed products; ${seedLine}`,
    `- Load: autocannon, ${connections} connections over loopback, ${warmup} s warm-up then ${duration} s per row, a random URL of the row's pool per request, headers of a phone browser (\`accept-encoding: ${BROWSER_HEADERS["accept-encoding"]}\`); "× floor" is against the mean of the two floor rows (${round(floorRps)} requests/s)${solo > 0 ? `; "alone" is the same URLs for ${solo} s at 1 connection, after the row (the latency without queueing)` : ""}; "failed" counts non-2xx answers, connection errors and timeouts (> ${timeout} s), and requests still waiting when the time was up that had waited longer than any answered one`,
    "",
    table(results, floorRps),
    "",
    ...(dbKind === "postgres" ? ["Targets (PostgreSQL):", "", ...targets(results, floorRps)] : []),
    ...(weight && dbKind === "postgres"
      ? [
          "",
          "Page weight, by `scripts/bench/page-weight.ts` against the same server before the load:",
          "",
          weight,
        ]
      : []),
  ].join("\n");
  console.log(markdown);
  if (options.has("write")) writeSection(markdown);
} catch (error) {
  await cleanUp();
  throw error;
}
