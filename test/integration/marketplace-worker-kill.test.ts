// A real `kill -9` of the push worker process (`scripts/push-worker.ts`) while its call to the
// marketplace is in flight, then a second worker process: every product still ends approved or
// rejected, the marketplace holds one listing per product, and the dead worker's call is resent
// under its own idempotency key (answered as a replay).
//
// PostgreSQL only: the worker is another process, and PGlite lives inside the test's process, so
// nothing else can open it.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { testDatabaseKind } from "../support/database";

const { startMarketplaceSimulator } = await import("../../scripts/marketplace-simulator/server");
const { prisma } = await import("~/utils/db.server");
const { enqueuePush } = await import("~/modules/marketplaces/outbox.server");

type Simulator = Awaited<ReturnType<typeof startMarketplaceSimulator>>;

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PARTNER = "ocop-kill-test";
const SECRET = "marketplace-kill-test-secret";
// The first call's answer is held this long: under the connector's 10 s timeout, and long
// enough for the test to see the call arrive and kill the worker before it is answered.
const FIRST_CALL_DELAY_MS = 8_000;
const LEASE_MS = 3_000;

interface Worker {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

const workers: Worker[] = [];

function startWorker(name: string, sim: Simulator): Worker {
  // node --import tsx, not the tsx CLI (which runs the script in a grandchild): the pid killed
  // is the worker's own.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/push-worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      // DATABASE_URL is this file's own database (test/support/database.ts sets it).
      MARKET_API_URL: sim.url,
      MARKET_PARTNER_ID: PARTNER,
      MARKET_SECRET: SECRET,
      WORKER_PAUSE_MS: "100",
      WORKER_LEASE_MS: String(LEASE_MS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString("utf8"));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const worker = { name, child, output, exited };
  workers.push(worker);
  return worker;
}

const alive = (w: Worker) => w.child.exitCode === null && w.child.signalCode === null;

const logs = () =>
  workers.map((w) => `--- ${w.name} worker ---\n${w.output.join("").slice(-3000)}`).join("\n");

/** Polls `check` until it holds; a loaded machine gets the whole `ms`. */
async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}\n${logs()}`);
}

describe.skipIf(testDatabaseKind() === "pglite")(
  "the push worker process killed mid-push (kill -9) and restarted",
  { timeout: 240_000 },
  () => {
    let sim: Simulator;
    let operatorId: string;
    const ids: string[] = [];

    beforeAll(async () => {
      sim = await startMarketplaceSimulator({
        partnerId: PARTNER,
        secret: SECRET,
        approvalDelayMs: 300,
        responseDelayMs: FIRST_CALL_DELAY_MS,
        seed: 11,
      });
      await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
      await prisma.commune.create({
        data: { code: "24800", name: "Đà Lạt", type: "phường", provinceCode: "68" },
      });
      const producer = await createProducer(prisma, { communeCode: "24800", name: "HTX Chè Thử nghiệm" });
      operatorId = (await createUser(prisma, { role: "OPERATOR" })).id;
      for (let i = 0; i < 30; i++) {
        // Three products the marketplace's review turns down (a short description).
        const description =
          i % 10 === 7 ? "Ngắn." : "Chè ô long trồng trên cao nguyên, đạt chuẩn VietGAP, đóng gói tại cơ sở.";
        const product = await createProduct(prisma, {
          producerId: producer.id,
          name: `Chè ô long Đà Lạt số ${i + 1}`,
          description,
          priceVnd: 150_000 + i * 1_000,
          stock: 10,
          status: "APPROVED",
        });
        await prisma.productPhoto.create({
          data: {
            productId: product.id,
            hash: `${"b".repeat(56)}${String(i).padStart(8, "0")}`,
            width: 800,
            height: 800,
            placeholder: "",
          },
        });
        ids.push(product.id);
      }
    });

    afterAll(async () => {
      // Whatever happened, no worker outlives the test (nor keeps its database open).
      for (const w of workers) if (alive(w)) w.child.kill("SIGKILL");
      await Promise.all(workers.map((w) => w.exited));
      await sim?.close();
    });

    test("nothing lost, nothing listed twice, the call in flight resent under its own key", async () => {
      const push = await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: ids });
      const jobsOf = () => prisma.pushJob.findMany({ where: { pushId: push.id } });

      const first = startWorker("first", sim);
      // The batch reached the marketplace (applied: its listings exist) and waits for its answer.
      await waitFor(
        "the first worker's call to reach the marketplace",
        async () =>
          sim.inspect().listings.size > 0 &&
          (await prisma.pushJob.count({ where: { pushId: push.id, status: "RUNNING" } })) > 0,
        120_000,
      );
      expect(alive(first), logs()).toBe(true);
      first.child.kill("SIGKILL");
      await first.exited;
      expect(first.child.signalCode).toBe("SIGKILL");

      // What the marketplace applied from the call in flight, and under which key.
      const applied = sim.inspect().listings;
      const inFlightKeys = new Set([...applied.values()].map((l) => l.lastIdempotencyKey));
      expect(inFlightKeys.size, "one call was in flight").toBe(1);
      const [inFlightKey] = inFlightKeys;

      // The dead worker left its jobs RUNNING under its lease, and wrote nothing back.
      const left = await jobsOf();
      const leased = left.filter((j) => j.status === "RUNNING");
      expect(leased.length).toBeGreaterThan(0);
      for (const job of leased) {
        expect(job.lockedBy).not.toBeNull();
        expect(job.lockedUntil).not.toBeNull();
        expect(job.attempts).toBe(1);
      }
      expect(new Set(leased.map((j) => j.productId))).toEqual(new Set(applied.keys()));
      expect(left.filter((j) => j.status !== "RUNNING").every((j) => j.status === "QUEUED")).toBe(true);
      expect(await prisma.channelListing.count({ where: { state: "PENDING" } })).toBe(30);

      // A second worker, answered quickly: it takes the rest, and the dead one's jobs once the
      // lease has run out.
      sim.setResponseDelay(50);
      startWorker("second", sim);
      await waitFor(
        "every job to be delivered and every listing decided",
        async () => {
          const open = await prisma.pushJob.count({
            where: { pushId: push.id, status: { in: ["QUEUED", "RUNNING"] } },
          });
          const waiting = await prisma.channelListing.count({
            where: { state: { in: ["PENDING", "QUEUED", "AWAITING_APPROVAL"] } },
          });
          return open === 0 && waiting === 0;
        },
        180_000,
      );

      const jobs = await jobsOf();
      expect(jobs).toHaveLength(30);
      for (const job of jobs) {
        expect(job.status).toBe("DONE");
        expect(job.lockedBy).toBeNull();
      }
      // The leased jobs were sent once by each worker; the others once.
      const leasedIds = new Set(leased.map((j) => j.id));
      for (const job of jobs) expect(job.attempts).toBe(leasedIds.has(job.id) ? 2 : 1);

      const listings = await prisma.channelListing.findMany({ where: { channelId: "market-api" } });
      expect(listings).toHaveLength(30);
      for (const l of listings) expect(["APPROVED", "REJECTED", "DEAD"]).toContain(l.state);
      expect(listings.filter((l) => l.state === "APPROVED")).toHaveLength(27);
      const rejected = listings.filter((l) => l.state === "REJECTED");
      expect(rejected).toHaveLength(3);
      for (const l of rejected) expect(l.reasons).toEqual(["Mô tả sản phẩm quá ngắn (tối thiểu 20 ký tự)."]);

      const seen = sim.inspect();
      expect(seen.duplicates).toBe(0);
      // One listing per product, each created once and never sent back for review.
      expect(new Set(seen.listings.keys())).toEqual(new Set(ids));
      for (const listing of seen.listings.values()) expect(listing.version).toBe(1);
      // The second worker resent the dead worker's call under the same key, and the marketplace
      // answered it as a replay: those listings still carry the key of the first call.
      const resent = seen.requests.filter((r) => r.idempotencyKey === inFlightKey && r.replayed);
      expect(resent.length, logs()).toBeGreaterThan(0);
      expect(resent.every((r) => r.status === 202)).toBe(true);
      for (const productId of applied.keys())
        expect(seen.listings.get(productId)!.lastIdempotencyKey).toBe(inFlightKey);
    });
  },
);
