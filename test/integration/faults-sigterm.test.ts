// A production server stopped with SIGTERM (a deploy, a scale-down) while it serves a steady load
// of public pages over kept-alive connections, as a load balancer's pool sends them: every
// request it had taken is answered in full with a 2xx, new connections are refused from then on
// (the load balancer sends them elsewhere), and the process exits 0 well before its 10 s deadline
// (server/index.ts), which would cut whatever is still in flight.
//
// On PostgreSQL with this file's database; on PGlite with a database directory made from the
// migrated snapshot (the server, another process, opens it once this file has closed it).
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createProducer, createProduct } from "../../prisma/seed/factories";
import { testDatabaseKind } from "../support/database";
import {
  logOf,
  until,
  openPgliteDir,
  requireBuild,
  startAppServer,
  stopAllAppServers,
  type AppServer,
} from "../support/faults";
import type { Database } from "~/utils/db.server";

const { database } = await import("~/utils/db.server");

const WORKERS = 16;
const root = mkdtempSync(path.join(tmpdir(), "ocop-faults-sigterm-"));
const pgliteDir = path.join(root, "db");
const pages: string[] = ["/"];

interface Outcome {
  path: string;
  sentAt: number;
  endedAt: number;
  reusedSocket: boolean;
  status?: number;
  complete?: boolean;
  error?: string;
}

/** One request on the pool's kept-alive connections; never rejects. */
function request(agent: http.Agent, app: AppServer, pathname: string): Promise<Outcome> {
  const outcome: Outcome = { path: pathname, sentAt: Date.now(), endedAt: 0, reusedSocket: false };
  return new Promise((resolve) => {
    const done = () => {
      outcome.endedAt = Date.now();
      resolve(outcome);
    };
    const req = http.get(
      `${app.url}${pathname}`,
      { agent, headers: { "Accept-Encoding": "gzip" } },
      (res) => {
        outcome.status = res.statusCode;
        res.resume();
        res.on("end", () => {
          outcome.complete = res.complete;
          done();
        });
        res.on("error", (error: NodeJS.ErrnoException) => {
          outcome.complete = false;
          outcome.error = error.code ?? error.message;
          done();
        });
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      outcome.reusedSocket = req.reusedSocket;
      outcome.error ??= error.code ?? error.message;
      if (outcome.endedAt === 0) done();
    });
  });
}

let app: AppServer;

beforeAll(async () => {
  requireBuild();
  // PGlite: this file's own directory, seeded here, then handed to the server.
  const db: Database = testDatabaseKind() === "pglite" ? await openPgliteDir(pgliteDir, true) : database();
  const prisma = db.prisma;
  await prisma.province.create({ data: { code: "66", name: "Đắk Lắk", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24400", name: "Ea Tu", type: "xã", provinceCode: "66" } });
  const producer = await createProducer(prisma, { communeCode: "24400", name: "HTX Cà phê Ea Tu" });
  for (let i = 1; i <= 6; i++) {
    const product = await createProduct(prisma, {
      producerId: producer.id,
      name: `Cà phê Robusta Ea Tu số ${i}`,
      description: "Cà phê Robusta rang mộc, trồng xen sầu riêng, đóng gói tại cơ sở.",
      priceVnd: 150_000,
      stock: 50,
      status: "APPROVED",
    });
    pages.push(`/san-pham/${product.slug}`);
  }
  if (testDatabaseKind() === "pglite") await db.close();
  // No page cache: every page is rendered, so requests are in flight when the signal comes.
  app = await startAppServer("app", {
    PAGE_CACHE_TTL_MS: "0",
    ...(testDatabaseKind() === "pglite" ? { PGLITE_DIR: pgliteDir, DATABASE_URL: undefined } : {}),
  });
}, 120_000);

afterAll(async () => {
  await stopAllAppServers();
  rmSync(root, { recursive: true, force: true });
});

test(
  "SIGTERM under load: every request taken is answered in full, new connections are refused, exit 0 in time",
  { timeout: 90_000 },
  async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });
    const outcomes: Outcome[] = [];
    let stopLoad = false;
    const worker = async (n: number) => {
      for (let i = n; !stopLoad; i++) {
        const outcome = await request(agent, app, pages[i % pages.length]!);
        outcomes.push(outcome);
        // A load balancer takes a refusing server out of its pool for a while.
        if (outcome.error === "ECONNREFUSED") await new Promise((r) => setTimeout(r, 50));
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, n) => worker(n));

    // Warm: every page rendered and answered under this load before the signal.
    await until(
      () => `the load to get going\n${logOf(app)}`,
      () => outcomes.length >= 5 * WORKERS,
      60_000,
    );
    expect(
      outcomes.every((o) => o.status === 200 && o.complete),
      logOf(app),
    ).toBe(true);
    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    const exited = app.exited.then((exit) => ({ ...exit, after: Date.now() - signalledAt }));

    // New connections are refused as soon as the server has taken the signal, while the load goes on.
    const direct = new http.Agent({ keepAlive: false });
    const closedAt = await until(
      "new connections to be refused",
      async () => {
        const probe = await request(direct, app, "/");
        return probe.error === "ECONNREFUSED" && probe.sentAt;
      },
      5_000,
    );

    const exit = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    stopLoad = true;
    await Promise.all(workers);
    agent.destroy();

    // In flight when the signal came: sent before it, answered after it.
    const inFlight = outcomes.filter((o) => o.sentAt < signalledAt && o.endedAt >= signalledAt);
    expect(inFlight.length).toBeGreaterThan(0);
    const answered = outcomes.filter((o) => o.status !== undefined);
    const failed = answered.filter((o) => o.status !== 200 || !o.complete);
    expect(failed, logOf(app)).toEqual([]);
    // Not answered: only what the server never took. Besides refused connections, a request may
    // meet a connection closing under it: a kept-alive one the server closed while idle (Node marks
    // it reusedSocket, for the client to retry; at most once per pooled connection), or, until the
    // listener closed, a new one still in its queue.
    const unanswered = outcomes.filter((o) => o.status === undefined && o.error !== "ECONNREFUSED");
    const lost = unanswered.filter(
      (o) => !(o.error === "ECONNRESET" && (o.reusedSocket || o.sentAt <= closedAt)),
    );
    expect(lost, logOf(app)).toEqual([]);
    expect(unanswered.length).toBeLessThanOrEqual(WORKERS);
    expect(exit, "exited").not.toBeNull();
    expect(exit).toMatchObject({ code: 0, signal: null });
    // Before the 10 s deadline that would have cut requests still running.
    expect(exit!.after).toBeLessThan(9_000);
  },
);
