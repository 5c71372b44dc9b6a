// Plumbing shared by the benchmark scripts that run the production server: a run's folders and
// clean-up (also on Ctrl-C), the copy of the build, child scripts that report a `RESULT {json}`
// line, the server started as a child (scripts/bench/lib/serve-snapshot.ts), and the section a
// script writes into BENCHMARKS.md.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { BenchDatabase } from "./bench-db";

export interface BenchRun {
  /** A temporary folder for logs, media and the mail outbox. */
  work: string;
  /** Where the build is copied: inside the project, so the bundle still finds node_modules. */
  runDir: string;
  log(line: string): void;
  /** Registers a clean-up step; they run in reverse order, once, also on SIGINT/SIGTERM. */
  onCleanUp(step: () => unknown): void;
  cleanUp(): Promise<void>;
}

export function createBenchRun(name: string): BenchRun {
  const work = mkdtempSync(path.join(tmpdir(), `ocop-bench-${name}-`));
  const runDir = path.resolve("data/bench", path.basename(work));
  const log = (line: string) => console.error(`${name}: ${line}`);
  const steps: (() => unknown)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`clean-up: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      rmSync(work, { recursive: true, force: true });
      rmSync(runDir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  return { work, runDir, log, onCleanUp: (step) => void steps.push(step), cleanUp };
}

/** Copies ./build into the run folder (`npm run build` first with `build`), waiting for one in progress. */
export async function copyBuild(run: BenchRun, options: { build?: boolean } = {}): Promise<void> {
  if (options.build) {
    run.log("npm run build");
    execFileSync("npm", ["run", "build"], { stdio: ["ignore", "inherit", "inherit"] });
  }
  // Another session may be rebuilding ./build: wait for a complete one, then copy it.
  for (let waited = 0; !existsSync("build/server/index.js") && waited < 180; waited += 5) {
    if (waited === 0) run.log("waiting for build/server/index.js (a build in progress?)");
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  if (!existsSync("build/server/index.js"))
    throw new Error("No production build: run `npm run build` (or pass --build)");
  mkdirSync(run.runDir, { recursive: true });
  cpSync("build", path.join(run.runDir, "build"), { recursive: true });
}

/**
 * Runs a TypeScript script in a child Node process; resolves with its `RESULT {json}` line. With
 * `run`, the run's clean-up kills it if it is still going (Ctrl-C while the child works).
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { run?: BenchRun; onLine?: (line: string) => void } = {},
): Promise<unknown> {
  const onLine = options.onLine ?? ((line: string) => console.error(`  ${line}`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    options.run?.onCleanUp(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let result: unknown;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7));
      else onLine(line);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(result) : reject(new Error(`${script} exited with code ${code}`)),
    );
  });
}

export interface SeedResult {
  skipped: boolean;
  loadSeconds?: number;
  totalSeconds?: number;
  seconds: number;
}

/** scripts/bench/seed-catalogue.ts on the database (nothing to do when it already holds them). */
export async function seedCatalogue(
  run: BenchRun,
  database: BenchDatabase,
  products: number,
  env: Record<string, string> = {},
): Promise<SeedResult> {
  const started = performance.now();
  const seeded = (await runScript(
    "scripts/bench/seed-catalogue.ts",
    [`--products=${products}`],
    { ...database.env, ...env },
    { run },
  )) as Omit<SeedResult, "seconds"> | undefined;
  return { skipped: false, ...seeded, seconds: (performance.now() - started) / 1000 };
}

export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface BenchServer {
  child: ChildProcess;
  pid: number;
  origin: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The production server on the run's copy of the build, as `npm run serve` runs it
 * (NODE_ENV=production, MALLOC_ARENA_MAX=2), scheduler off unless `env` sets JOBS_INTERVAL_MS;
 * resolves once /healthz answers. Stopped by the run's clean-up.
 */
export async function startBenchServer(
  run: BenchRun,
  options: { port: number; env: Record<string, string>; nodeArgs?: string[] },
): Promise<BenchServer> {
  const origin = `http://127.0.0.1:${options.port}`;
  const logFile = path.join(run.work, "server.log");
  const out = createWriteStream(logFile);
  // node --import tsx rather than the tsx CLI: the pid is the server's own, for /proc readings.
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", "tsx", "scripts/bench/lib/serve-snapshot.ts"],
    {
      env: {
        ...process.env,
        BENCH_RUN_DIR: run.runDir,
        NODE_ENV: "production",
        SESSION_SECRETS: randomBytes(32).toString("hex"),
        MALLOC_ARENA_MAX: "2",
        JOBS_INTERVAL_MS: "0",
        PORT: String(options.port),
        HOST: "127.0.0.1",
        MEDIA_DIR: path.join(run.work, "media"),
        MAIL_OUTBOX_DIR: path.join(run.work, "outbox"),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const stop = () => stopChild(child);
  run.onCleanUp(stop);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return { child, pid: child.pid!, origin, logFile, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(
    `The server did not become healthy; its log:\n${readFileSync(logFile, "utf8").slice(-4000)}`,
  );
}

/**
 * Puts `markdown` into BENCHMARKS.md between `<!-- bench:<key>:start -->` and its end marker,
 * replacing what was there, or at the end of the file the first time.
 */
export function writeBenchSection(key: string, markdown: string, file = "BENCHMARKS.md"): void {
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  let text = readFileSync(file, "utf8");
  const block = `${start}\n${markdown}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
