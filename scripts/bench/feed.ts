// Marketplace benchmark (issue 7): `npm run bench:feed -- [--db=postgres|pglite] [--products=100000]`
//
// 1. A database as scripts/bench/catalogue.ts makes it (lib/bench-db.ts, then
//    scripts/bench/seed-catalogue.ts in a child): N listed products; --reuse keeps it.
// 2. Files: for each of the Google feed (RSS and TSV, plain and gzip as server/app.ts's
//    compression() sends it) and the postmart.vn spreadsheet, a fresh child process
//    (lib/feed-server.ts: the feed's route module, or streamExport, on Express) answers one GET
//    over loopback. Measured: time to the first and the last byte, bytes, the child's CPU and its
//    peak RSS (VmHWM), and on PostgreSQL the CPU of its backends. The file is then read back
//    (streamed): every feed item parsed and checked against the required-attribute rules
//    (validateGoogleFeedItem), the spreadsheet's rows counted.
// 3. Push: the marketplace simulator runs in this process; for each scenario a child
//    (lib/push-run.ts) queues --push-products listed products with enqueuePush and runs the
//    worker loop (startPushWorker) until every job is delivered and every listing decided.
// 4. One Markdown report with the machine and the command; --write puts it into BENCHMARKS.md
//    under "## Marketplaces (issue 7)", between markers of this database kind.
//
// Options: --db=postgres|pglite  --products=100000  --reuse  --write  --push-products=2000
//          --files=google.xml,google.xml.gz,google.xml.heap128,google.tsv,google.tsv.gz,postmart.xlsx,
//                  products,google.xml.direct (the last two: where the time goes)
//          --push-timeout=300 (seconds per push scenario)  --skip-push  --skip-files
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import ExcelJS from "exceljs";
import {
  GOOGLE_NS,
  parseGoogleRss,
  parseGoogleTsv,
  validateGoogleFeedItem,
} from "~/modules/marketplaces/feeds";
import { startMarketplaceSimulator, type MarketplaceSimulator } from "../marketplace-simulator/server";
import { intOption, parseArgs } from "./lib/args";
import { openBenchDatabase, type BenchDatabase, type DbKind } from "./lib/bench-db";
import { describeMachine } from "./lib/machine";
import { cpuMs, loadAverage, peakRssMb, rssMb } from "./lib/proc";

const options = parseArgs();
const dbKind = (options.get("db") ?? "postgres") as DbKind;
if (dbKind !== "postgres" && dbKind !== "pglite") throw new Error("--db must be postgres or pglite");
const products = intOption(options, "products", 100_000);
const pushProducts = intOption(options, "push-products", 2000);
const pushTimeout = intOption(options, "push-timeout", 300);
const reuse = options.has("reuse");

interface FileRow {
  /** Its name for --files. */
  name: string;
  label: string;
  /** Path on lib/feed-server.ts. */
  path: string;
  gzip: boolean;
  /** Only a JSON summary comes back (the rows that show where the time goes). */
  summary: boolean;
  nodeArgs: string[];
}

const row = (name: string, label: string, path: string, more: Partial<FileRow> = {}): FileRow => ({
  name,
  label,
  path,
  gzip: false,
  summary: false,
  nodeArgs: [],
  ...more,
});
const FILE_ROWS: FileRow[] = [
  row("google.xml", "`google.xml` (RSS) at its secret URL", "/feeds/google.xml"),
  row("google.xml.gz", "`google.xml`, gzip (as compression() sends it)", "/feeds/google.xml", { gzip: true }),
  row("google.xml.heap128", "`google.xml`, V8 heap capped: `--max-old-space-size=128`", "/feeds/google.xml", {
    nodeArgs: ["--max-old-space-size=128"],
  }),
  row("google.tsv", "`google.tsv` at its secret URL", "/feeds/google.tsv"),
  row("google.tsv.gz", "`google.tsv`, gzip", "/feeds/google.tsv", { gzip: true }),
  row("postmart.xlsx", "`postmart.xlsx` (operators' download)", "/export/postmart.xlsx"),
  row(
    "products",
    "where the time goes: the listed products read only (`listedChannelProducts`)",
    "/products",
    {
      summary: true,
    },
  ),
  row(
    "google.xml.direct",
    "where the time goes: the RSS written in-process to a discarding stream",
    "/direct/google.xml",
    {
      summary: true,
    },
  ),
];
const files = (options.get("files") ?? FILE_ROWS.map((r) => r.name).join(",")).split(",").map((name) => {
  const found = FILE_ROWS.find((r) => r.name === name);
  if (!found) throw new Error(`Unknown file ${name} (${FILE_ROWS.map((r) => r.name).join(", ")})`);
  return found;
});

const work = mkdtempSync(path.join(tmpdir(), "ocop-bench-feed-"));
const log = (line: string) => console.error(`feed: ${line}`);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const thousands = (n: number) => n.toLocaleString("en");
const PARTNER = "ocop-bench";
const SECRET = "bench-only-marketplace-secret";

let database: BenchDatabase | undefined;
let sim: MarketplaceSimulator | undefined;
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) child.kill("SIGKILL");
    await sim?.close();
    await database?.dispose().catch((error: Error) => log(`could not remove the database: ${error.message}`));
    rmSync(work, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function spawnScript(
  script: string,
  args: string[],
  nodeArgs: string[],
  env: Record<string, string>,
): ChildProcess {
  // node --import tsx rather than the tsx CLI: the pid is the script's own, for /proc readings.
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Runs a script to its end; resolves with its `RESULT {json}` line. */
function runScript(script: string, args: string[], env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawnScript(script, args, [], env);
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

/**
 * Reads the database backends' CPU every second until stopped: a pooled connection may close
 * before the last reading, and backendCpuMs() keeps what it last saw of each backend.
 */
function readBackends(db: BenchDatabase): () => Promise<void> {
  let reading: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading.then(() => db.backendCpuMs()).catch(() => undefined);
  }, 1000);
  return async () => {
    clearInterval(timer);
    await reading;
  };
}

// ---- files ----

interface Check {
  items: number;
  uniqueIds: number;
  withProblems: number;
  examples: string[];
  wellFormed: boolean;
}

interface FileResult {
  row: FileRow;
  status: number;
  headersSeconds: number;
  firstByteSeconds: number;
  lastByteSeconds: number;
  wireBytes: number;
  bytes: number;
  cpuSeconds: number | null;
  dbCpuSeconds: number | null;
  idleRssMb: number;
  startupPeakMb: number;
  peakRssMb: number;
  check: Check;
}

const counter = (onChunk: (chunk: Buffer) => void) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onChunk(chunk);
      done(null, chunk);
    },
  });

/** Items between `</item>` boundaries, a piece at a time: the whole feed is never in memory. */
async function checkRss(file: string): Promise<Check> {
  const check: Check = { items: 0, uniqueIds: 0, withProblems: 0, examples: [], wellFormed: true };
  const ids = new Set<string>();
  const fail = (why: string) => {
    check.wellFormed = false;
    if (check.examples.length < 5) check.examples.push(why);
  };
  let pending = "";
  let first = true;
  const take = (piece: string) => {
    if (first) {
      first = false;
      const start = piece.indexOf("<item>");
      const head = start === -1 ? piece : piece.slice(0, start);
      if (
        !head.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="${GOOGLE_NS}">`)
      )
        fail("unexpected XML declaration or <rss> element");
      piece = start === -1 ? "" : piece.slice(start);
    }
    if (piece.replace(/<item>[\s\S]*?<\/item>/g, "").trim()) fail("markup between items");
    for (const item of parseGoogleRss(`<rss xmlns:g="${GOOGLE_NS}"><channel>${piece}</channel>\n</rss>\n`)) {
      check.items++;
      ids.add(item.id ?? "");
      const problems = validateGoogleFeedItem(item);
      if (problems.length) {
        check.withProblems++;
        if (check.examples.length < 5) check.examples.push(`${item.id}: ${problems.join(" ")}`);
      }
    }
  };
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    pending += chunk as string;
    const end = pending.lastIndexOf("</item>");
    if (end === -1) continue;
    take(pending.slice(0, end + 7));
    pending = pending.slice(end + 7);
  }
  if (first) take(pending.replace(/<\/channel>[\s\S]*$/, ""));
  if (pending.trim() !== "</channel>\n</rss>") fail(`unexpected end: ${pending.trim().slice(-60)}`);
  check.uniqueIds = ids.size;
  return check;
}

async function checkTsv(file: string): Promise<Check> {
  const check: Check = { items: 0, uniqueIds: 0, withProblems: 0, examples: [], wellFormed: true };
  const ids = new Set<string>();
  let header: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (!header || lines.length === 0) return;
    for (const item of parseGoogleTsv(`${header}\n${lines.join("\n")}\n`)) {
      check.items++;
      ids.add(item.id ?? "");
      const problems = validateGoogleFeedItem(item);
      if (problems.length) {
        check.withProblems++;
        if (check.examples.length < 5) check.examples.push(`${item.id}: ${problems.join(" ")}`);
      }
    }
    lines = [];
  };
  for await (const line of createInterface({ input: createReadStream(file, { encoding: "utf8" }) })) {
    if (header === undefined) header = line;
    else if (line !== "") lines.push(line);
    if (lines.length >= 1000) flush();
  }
  flush();
  check.uniqueIds = ids.size;
  return check;
}

async function checkXlsx(file: string): Promise<Check> {
  const check: Check = { items: 0, uniqueIds: 0, withProblems: 0, examples: [], wellFormed: true };
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  check.items = Math.max(0, rows - 1); // the header row
  check.uniqueIds = check.items;
  return check;
}

async function measureFile(
  row: FileRow,
  db: BenchDatabase,
  env: Record<string, string>,
): Promise<FileResult> {
  const file = path.basename(row.path);
  const child = spawnScript("scripts/bench/lib/feed-server.ts", [], row.nodeArgs, {
    ...env,
    NODE_ENV: "production",
    SESSION_SECRETS: randomBytes(32).toString("hex"),
    MALLOC_ARENA_MAX: "2",
    APP_ORIGIN: "https://ocop.example.vn",
  });
  const pid = child.pid!;
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) resolve((JSON.parse(line.slice(6)) as { port: number }).port);
      else console.error(`  ${line}`);
    });
    child.once("exit", (code) => reject(new Error(`feed-server.ts exited with code ${code}`)));
  });
  const idleRssMb = rssMb(pid) ?? 0;
  const startupPeakMb = peakRssMb(pid) ?? 0;
  const cpuBefore = cpuMs(pid);
  const dbBefore = await db.backendCpuMs();
  const stopReading = readBackends(db);
  const out = path.join(work, file);
  let wireBytes = 0;
  let bytes = 0;
  let headersAt = 0;
  let firstByteAt = 0;
  const started = performance.now();
  const status = await new Promise<number>((resolve, reject) => {
    const url = `http://127.0.0.1:${port}${row.path}`;
    const headers = { "accept-encoding": row.gzip ? "gzip" : "identity" };
    const request = http.get(url, { headers }, (res) => {
      headersAt = performance.now();
      const stages = [
        res,
        counter((chunk) => {
          if (wireBytes === 0) firstByteAt = performance.now();
          wireBytes += chunk.length;
        }),
        ...(res.headers["content-encoding"] === "gzip" ? [createGunzip()] : []),
        counter((chunk) => (bytes += chunk.length)),
        createWriteStream(out),
      ];
      pipeline(stages).then(() => resolve(res.statusCode ?? 0), reject);
    });
    request.on("error", reject);
  });
  const lastByteAt = performance.now();
  const cpuAfter = cpuMs(pid);
  await stopReading();
  const dbAfter = await db.backendCpuMs();
  const peak = peakRssMb(pid) ?? 0;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  log(`${row.name}: ${round((lastByteAt - started) / 1000, 1)} s, peak RSS ${round(peak)} MB`);
  let check: Check;
  if (row.summary) {
    const summary = JSON.parse(readFileSync(out, "utf8")) as { items: number; bytes: number };
    check = { items: summary.items, uniqueIds: 0, withProblems: 0, examples: [], wellFormed: true };
    bytes = summary.bytes;
    wireBytes = 0;
  } else {
    check = file.endsWith(".xml")
      ? await checkRss(out)
      : file.endsWith(".tsv")
        ? await checkTsv(out)
        : await checkXlsx(out);
  }
  rmSync(out, { force: true });
  return {
    row,
    status,
    headersSeconds: (headersAt - started) / 1000,
    firstByteSeconds: (firstByteAt - started) / 1000,
    lastByteSeconds: (lastByteAt - started) / 1000,
    wireBytes,
    bytes,
    cpuSeconds: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / 1000 : null,
    dbCpuSeconds: dbBefore !== null && dbAfter !== null ? (dbAfter - dbBefore) / 1000 : null,
    idleRssMb,
    startupPeakMb,
    peakRssMb: peak,
    check,
  };
}

function filesTable(results: FileResult[]): string {
  const header =
    "| what | items (rows) | read back | MB | MB on the wire | first byte s | last byte s | items/s | process CPU s | DB CPU s | RSS idle / peak MB (peak − idle) |";
  const rule = "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|";
  const mb = (n: number) => round(n / 1024 ** 2, 1);
  const rows = results.map((r) => {
    const checked = r.row.summary
      ? "–"
      : r.row.path.endsWith(".xlsx")
        ? `${r.status}, opens in exceljs`
        : `${r.status}, ${r.check.wellFormed ? "well-formed" : "MALFORMED"}, ${thousands(r.check.uniqueIds)} distinct ids, ${r.check.withProblems} breaking a rule`;
    return [
      r.row.label,
      thousands(r.check.items),
      checked,
      r.bytes ? mb(r.bytes) : "–",
      r.wireBytes ? mb(r.wireBytes) : "–",
      r.row.summary ? "–" : round(r.firstByteSeconds, 2),
      round(r.lastByteSeconds, 1),
      thousands(round(r.check.items / r.lastByteSeconds)),
      r.cpuSeconds === null ? "–" : round(r.cpuSeconds, 1),
      r.dbCpuSeconds === null ? "–" : round(r.dbCpuSeconds, 1),
      `${round(r.idleRssMb)} / ${round(r.peakRssMb)} (${round(r.peakRssMb - r.idleRssMb)})`,
    ].join(" | ");
  });
  return [header, rule, ...rows.map((r) => `| ${r} |`)].join("\n");
}

// ---- push ----

interface Scenario {
  label: string;
  batch: number;
  rps: number;
  pause: number;
  simRps: number | null;
}

const SCENARIOS: Scenario[] = [
  {
    label:
      "as `npm run worker` runs: 20 per call, paced at 5 calls/s, 1 s between rounds; no marketplace limit",
    batch: 20,
    rps: 5,
    pause: 1000,
    simRps: null,
  },
  {
    label: "the worker's ceiling: 100 per call, unpaced, no pause; no marketplace limit",
    batch: 100,
    rps: 1000,
    pause: 0,
    simRps: null,
  },
  {
    label: "as `npm run worker` runs, to a marketplace that allows 2 calls/s (429 + Retry-After)",
    batch: 20,
    rps: 5,
    pause: 1000,
    simRps: 2,
  },
];

interface PushChildResult {
  products: number;
  enqueueSeconds: number;
  deliveredSeconds: number | null;
  settledSeconds: number | null;
  states: Record<string, number>;
  attempts: number;
  maxAttempts: number;
  workerCpuSeconds: number;
}

interface PushResult extends PushChildResult {
  scenario: Scenario;
  batchCalls: number;
  statusCalls: number;
  limited: number;
  replays: number;
  duplicates: number;
  marketplaceListings: number;
  simulatorCpuSeconds: number;
  dbCpuSeconds: number | null;
}

async function measurePush(scenario: Scenario, db: BenchDatabase, simulator: MarketplaceSimulator) {
  simulator.reset();
  simulator.setRateLimit(scenario.simRps);
  const cpuBefore = process.cpuUsage();
  const dbBefore = await db.backendCpuMs();
  const stopReading = readBackends(db);
  const result = (await runScript(
    "scripts/bench/lib/push-run.ts",
    [
      `--products=${pushProducts}`,
      `--batch=${scenario.batch}`,
      `--rps=${scenario.rps}`,
      `--pause=${scenario.pause}`,
      `--timeout=${pushTimeout}`,
    ],
    { ...db.env, MARKET_API_URL: simulator.url, MARKET_PARTNER_ID: PARTNER, MARKET_SECRET: SECRET },
  )) as PushChildResult;
  const cpu = process.cpuUsage(cpuBefore);
  await stopReading();
  const dbAfter = await db.backendCpuMs();
  const seen = simulator.inspect();
  if (seen.requests.length >= 5000) log("the simulator's request log is full (5,000): call counts are low");
  const requests = seen.requests;
  return {
    ...result,
    scenario,
    batchCalls: requests.filter((r) => r.path.startsWith("/v1/products/batch")).length,
    statusCalls: requests.filter((r) => r.path.startsWith("/v1/products/status")).length,
    limited: requests.filter((r) => r.status === 429).length,
    replays: requests.filter((r) => r.replayed).length,
    duplicates: seen.duplicates,
    marketplaceListings: seen.listings.size,
    simulatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
    dbCpuSeconds: dbBefore !== null && dbAfter !== null ? (dbAfter - dbBefore) / 1000 : null,
  } satisfies PushResult;
}

function pushTable(results: PushResult[]): string {
  const header =
    "| scenario | products | enqueue s | delivered s (after the enqueue) | products/s delivered | all decided s | calls: batch / status / 429 | calls/s | sends per product | outcome | duplicates | CPU s: worker / simulator / DB |";
  const rule = "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|";
  const rows = results.map((r) => {
    const calls = r.batchCalls + r.statusCalls;
    const states = Object.entries(r.states)
      .map(([state, n]) => `${thousands(n)} ${state.toLowerCase()}`)
      .join(", ");
    return [
      r.scenario.label,
      thousands(r.products),
      round(r.enqueueSeconds, 1),
      r.deliveredSeconds ?? `not in ${pushTimeout} s`,
      r.deliveredSeconds ? round(r.products / r.deliveredSeconds) : "–",
      r.settledSeconds ?? `not in ${pushTimeout} s`,
      `${r.batchCalls} / ${r.statusCalls} / ${r.limited}`,
      r.settledSeconds ? round(calls / r.settledSeconds, 1) : "–",
      round(r.attempts / r.products, 2),
      states,
      r.duplicates,
      `${round(r.workerCpuSeconds, 1)} / ${round(r.simulatorCpuSeconds, 1)} / ${r.dbCpuSeconds === null ? "–" : round(r.dbCpuSeconds, 1)}`,
    ].join(" | ");
  });
  return [header, rule, ...rows.map((r) => `| ${r} |`)].join("\n");
}

// ---- BENCHMARKS.md ----

const SECTION = "## Marketplaces (issue 7)";

function writeSection(markdown: string) {
  const file = "BENCHMARKS.md";
  const start = `<!-- bench:feed:${dbKind}:start -->`;
  const end = `<!-- bench:feed:${dbKind}:end -->`;
  const block = `${start}\n${markdown}\n${end}`;
  let text = readFileSync(file, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) {
    text = text.slice(0, from) + block + text.slice(to + end.length);
  } else if (text.includes(`\n${SECTION}\n`)) {
    // At the end of our section: before the next "## " heading, if another was added after it.
    const at = text.indexOf(`\n${SECTION}\n`) + SECTION.length + 2;
    const next = text.indexOf("\n## ", at);
    text =
      next === -1
        ? `${text.trimEnd()}\n\n${block}\n`
        : `${text.slice(0, next).trimEnd()}\n\n${block}\n${text.slice(next)}`;
  } else {
    text = `${text.trimEnd()}\n\n${SECTION}\n\n${block}\n`;
  }
  writeFileSync(file, text);
  log(`BENCHMARKS.md updated (${dbKind} block)`);
}

// ---- run ----

try {
  const loadBefore = loadAverage();
  database = await openBenchDatabase(dbKind, { reuse, products });
  log(database.label);
  const mediaEnv = { MEDIA_DIR: path.join(work, "media") };
  const seedStarted = performance.now();
  const seeded = (await runScript("scripts/bench/seed-catalogue.ts", [`--products=${products}`], {
    ...database.env,
    ...mediaEnv,
  })) as { skipped: boolean; loadSeconds?: number } | undefined;
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const [{ n: listed } = { n: 0 }] = await database.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Product" WHERE "listedAt" IS NOT NULL`,
  );

  const fileResults: FileResult[] = [];
  if (!options.has("skip-files"))
    for (const row of files)
      fileResults.push(await measureFile(row, database, { ...database.env, ...mediaEnv }));

  const pushResults: PushResult[] = [];
  if (!options.has("skip-push")) {
    sim = await startMarketplaceSimulator({ partnerId: PARTNER, secret: SECRET, approvalDelayMs: 0 });
    for (const scenario of SCENARIOS) {
      log(`push: ${scenario.label}`);
      const result = await measurePush(scenario, database, sim);
      log(`  delivered in ${result.deliveredSeconds} s, all decided in ${result.settledSeconds} s`);
      pushResults.push(result);
    }
  }
  const loadAfter = loadAverage();
  await cleanUp();

  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const command = `npm run bench:feed -- --db=${dbKind} --products=${products}${reuse ? " --reuse" : ""}${pushProducts !== 2000 ? ` --push-products=${pushProducts}` : ""}${options.has("files") ? ` --files=${options.get("files")}` : ""}${options.has("skip-files") ? " --skip-files" : ""}${options.has("skip-push") ? " --skip-push" : ""}${pushTimeout !== 300 ? ` --push-timeout=${pushTimeout}` : ""}`;
  const rss = fileResults.find((r) => r.row.name === "google.xml");
  const capped = fileResults.find((r) => r.row.name === "google.xml.heap128");
  const targets = rss
    ? [
        "",
        `- ${rss.lastByteSeconds <= 10 ? "met" : "NOT met"}: the Google feed (RSS) for ${thousands(rss.check.items)} products in ≤ 10 s (${round(rss.lastByteSeconds, 1)} s to the last byte; the process's CPU alone ${rss.cpuSeconds === null ? "?" : round(rss.cpuSeconds, 1)} s)`,
        `- ${rss.peakRssMb <= 200 ? "met" : "NOT met"}: peak RSS ≤ 200 MB for the process serving it (${round(rss.peakRssMb)} MB, of which ${round(rss.idleRssMb)} MB before the request: the app's modules under tsx and Prisma's query compiler); the feed added ${round(rss.peakRssMb - rss.idleRssMb)} MB` +
          (capped
            ? `, and ${round(capped.peakRssMb - capped.idleRssMb)} MB with V8's heap capped at 128 MB (same feed, ${thousands(capped.check.items)} items, ${round(capped.lastByteSeconds, 1)} s)`
            : ""),
      ]
    : [];
  const seedLine = seeded?.skipped
    ? "catalogue reused (--reuse), not seeded in this run"
    : `seeded in ${round(seedSeconds)} s`;
  const markdown = [
    `**${dbKind === "postgres" ? "PostgreSQL" : "PGlite"}**, run of ${date} UTC: \`${command}\``,
    "",
    `- Machine: ${describeMachine()}; Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after`,
    `- Database: ${dbKind === "postgres" ? "PostgreSQL (local server)" : "PGlite (embedded, in the process that writes the file)"}; ${thousands(Number(listed))} listed products; ${seedLine}`,
    ...(fileResults.length
      ? [
          "- Files: each from a fresh process (`scripts/bench/lib/feed-server.ts`: the feed's route module or `streamExport`, on Express with `compression()`, `NODE_ENV=production`, `MALLOC_ARENA_MAX=2`), one GET over loopback; times from sending the request; peak RSS is the process's VmHWM (its whole life, start-up included); read back streamed, every feed item checked with `validateGoogleFeedItem`",
          "",
          filesTable(fileResults),
          ...targets,
        ]
      : []),
    ...(pushResults.length
      ? [
          "",
          `- Push: ${thousands(pushProducts)} listed products valid for the channel, queued by \`enqueuePush\` and delivered by the worker loop (\`startPushWorker\`, one worker, \`scripts/bench/lib/push-run.ts\`) to the project's simulator (another process, HTTP over loopback, HMAC-signed; no failures; approval at the first status read); "delivered" = every job DONE, "all decided" = every listing approved or rejected (read back by the worker's polls); calls/s over "all decided"`,
          "",
          pushTable(pushResults),
        ]
      : []),
  ].join("\n");
  console.log(markdown);
  if (options.has("write")) writeSection(markdown);
} catch (error) {
  await cleanUp();
  throw error;
}
