// Pushing approved products to an API marketplace (the project's simulator on loopback) through the
// outbox and the worker, under faults: 30 % of calls fail (half of them after the marketplace
// applied the batch), a rate limit answers 429, a worker dies mid-push. Every product ends
// approved, rejected with reasons, or dead-lettered; the marketplace never holds two listings of
// one product; a suspended product is delisted everywhere.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";

const { startMarketplaceSimulator } = await import("../../scripts/marketplace-simulator/server");
const { createHttpConnector } = await import("~/modules/marketplaces/http-connector");
const { prisma } = await import("~/utils/db.server");
const { enqueuePush, retryListings } = await import("~/modules/marketplaces/outbox.server");
const { runPushRound } = await import("~/modules/marketplaces/worker.server");
const { applyTransition } = await import("~/modules/reviews/transitions.server");

const PARTNER = "ocop-test";
const SECRET = "marketplace-test-secret";
const sim = await startMarketplaceSimulator({
  partnerId: PARTNER,
  secret: SECRET,
  failureRate: 0.3,
  // Well below what the connector asks for (20 a second), so 429s happen even on a slow machine.
  rateLimit: { requestsPerSecond: 3 },
  approvalDelayMs: 40,
  seed: 7,
});
const connector = createHttpConnector({
  name: "market-api",
  baseUrl: sim.url,
  partnerId: PARTNER,
  secret: SECRET,
  batchSize: 10,
  // Faster than the marketplace allows: some calls get 429 and come back after Retry-After.
  requestsPerSecond: 20,
});
const worker = {
  connectorFor: (id: string) => (id === "market-api" ? connector : null),
  baseBackoffMs: 20,
  maxBackoffMs: 200,
  maxAttempts: 12,
};

afterAll(() => sim.close());

let operatorId: string;
const ids: string[] = [];
const more: string[] = [];
const photo = (productId: string, n: number) =>
  prisma.productPhoto.create({
    data: {
      productId,
      hash: `${"a".repeat(56)}${String(n).padStart(8, "0")}`,
      width: 800,
      height: 800,
      placeholder: "",
    },
  });

beforeAll(async () => {
  await prisma.province.create({ data: { code: "66", name: "Đắk Lắk", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24400", name: "Ea Tu", type: "xã", provinceCode: "66" } });
  const producer = await createProducer(prisma, { communeCode: "24400", name: "HTX Cà phê Thử nghiệm" });
  operatorId = (await createUser(prisma, { role: "OPERATOR" })).id;
  for (let i = 0; i < 40; i++) {
    // Three products the marketplace's review turns down (a short description).
    const description =
      i % 10 === 3 ? "Ngắn." : "Cà phê rang mộc từ vườn đạt chuẩn VietGAP, đóng gói tại cơ sở.";
    const p = await createProduct(prisma, {
      producerId: producer.id,
      name: `Cà phê Ea Tu số ${i + 1}`,
      description,
      priceVnd: 100_000 + i * 1_000,
      stock: 20,
      status: "APPROVED",
    });
    await photo(p.id, i);
    (i < 30 ? ids : more).push(p.id);
  }
});

/** Worker rounds until nothing is left to deliver or to read back (or the time is up). */
async function drain(deadlineMs = 100_000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    await runPushRound(worker);
    const open = await prisma.pushJob.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } });
    const waiting = await prisma.channelListing.count({
      where: { state: { in: ["PENDING", "QUEUED", "AWAITING_APPROVAL"] } },
    });
    if (open === 0 && waiting === 0) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("the push did not settle in time");
}

// Retries wait for backoffs and Retry-After: give a loaded machine time.
describe("push to an API marketplace under faults", { timeout: 120_000 }, () => {
  test("30 % failures and a rate limit: every product ends approved, rejected with reasons or dead; no duplicate listing", async () => {
    const push = await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: ids });
    expect(await prisma.pushJob.count({ where: { pushId: push.id } })).toBe(30);
    await drain();
    const listings = await prisma.channelListing.findMany({ where: { channelId: "market-api" } });
    expect(listings).toHaveLength(30);
    for (const l of listings) expect(["APPROVED", "REJECTED", "DEAD"]).toContain(l.state);
    const rejected = listings.filter((l) => l.state === "REJECTED");
    expect(rejected, JSON.stringify(rejected.map((r) => r.reasons))).toHaveLength(3);
    for (const l of rejected) expect(l.reasons).toEqual(["Mô tả sản phẩm quá ngắn (tối thiểu 20 ký tự)."]);
    const seen = sim.inspect();
    expect(seen.duplicates).toBe(0);
    // One listing per product on the marketplace, whatever the retries and replays.
    expect(new Set([...seen.listings.keys()]).size).toBe(seen.listings.size);
    expect(seen.listings.size).toBeLessThanOrEqual(30);
    // The faults really happened: 5xx and 429 answers, and retried jobs.
    const statuses = seen.requests.map((r: { status: number }) => r.status);
    expect(statuses.some((s: number) => s >= 500)).toBe(true);
    expect(statuses.some((s: number) => s === 429)).toBe(true);
    expect(await prisma.pushJob.count({ where: { pushId: push.id, attempts: { gt: 1 } } })).toBeGreaterThan(
      0,
    );
  });

  test("a worker that dies holding jobs: its lease runs out, another resends them under the same keys, nothing twice", async () => {
    const target = more;
    const push = await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: target });
    // A worker claims them (RUNNING, leased) and dies before writing anything back.
    const { database } = await import("~/utils/db.server");
    await database().sql.query(
      `UPDATE "PushJob" SET "status" = 'RUNNING', "lockedBy" = 'dead-worker', "attempts" = 1,
              "lockedUntil" = now() - interval '1 second' WHERE "pushId" = $1`,
      [push.id],
    );
    await drain();
    const jobs = await prisma.pushJob.findMany({ where: { pushId: push.id } });
    expect(jobs.every((j) => j.status === "DONE" || j.status === "DEAD")).toBe(true);
    expect(jobs.every((j) => j.lockedBy === null)).toBe(true);
    expect(sim.inspect().duplicates).toBe(0);
  });

  test("a rejected product, fixed, is retried under a new key and approved", async () => {
    const listing = await prisma.channelListing.findFirstOrThrow({ where: { state: "REJECTED" } });
    await prisma.product.update({
      where: { id: listing.productId },
      data: { description: "Mô tả đầy đủ: cà phê Robusta rang mộc, hương vị đậm đà, đóng gói 500 g." },
    });
    sim.setFailureRate(0);
    expect(await retryListings("market-api", [listing.productId])).toBe(1);
    await drain();
    const after = await prisma.channelListing.findUniqueOrThrow({
      where: { channelId_productId: { channelId: "market-api", productId: listing.productId } },
    });
    expect(after.state).toBe("APPROVED");
    expect(sim.inspect().duplicates).toBe(0);
  });

  test("a suspended product is delisted from the marketplace, in the same transaction as the suspension", async () => {
    sim.setFailureRate(0);
    const approved = await prisma.channelListing.findFirstOrThrow({ where: { state: "APPROVED" } });
    await applyTransition({
      productId: approved.productId,
      action: "suspend",
      actor: { id: null, role: "SYSTEM", provinceCode: null },
      cause: "CERTIFICATE_EXPIRED",
    });
    const queued = await prisma.pushJob.findFirstOrThrow({
      where: { productId: approved.productId, action: "delist" },
    });
    expect(queued.status).toBe("QUEUED");
    await drain();
    const listing = await prisma.channelListing.findUniqueOrThrow({
      where: { channelId_productId: { channelId: "market-api", productId: approved.productId } },
    });
    expect(listing).toMatchObject({ desired: "DELISTED", state: "DELISTED" });
    expect(sim.inspect().listings.get(approved.productId)!.status).toBe("delisted");
  });

  test("a marketplace allowing 2 calls a second: the worker keeps to it, and every listing still gets its verdict", async () => {
    sim.setFailureRate(0);
    sim.setRateLimit(2);
    const slow = createHttpConnector({
      name: "market-api",
      baseUrl: sim.url,
      partnerId: PARTNER,
      secret: SECRET,
      batchSize: 5,
      requestsPerSecond: 2,
    });
    const producer = await prisma.producer.findFirstOrThrow();
    const slowIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const p = await createProduct(prisma, {
        producerId: producer.id,
        name: `Cà phê chậm số ${i + 1}`,
        description: "Cà phê rang mộc từ vườn đạt chuẩn VietGAP, đóng gói tại cơ sở.",
        priceVnd: 90_000,
        stock: 5,
        status: "APPROVED",
      });
      await photo(p.id, 100 + i);
      slowIds.push(p.id);
    }
    await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: slowIds });
    const until = Date.now() + 100_000;
    const slowWorker = { ...worker, connectorFor: (id: string) => (id === "market-api" ? slow : null) };
    for (;;) {
      await runPushRound(slowWorker);
      const waiting = await prisma.channelListing.count({
        where: { productId: { in: slowIds }, state: { in: ["PENDING", "QUEUED", "AWAITING_APPROVAL"] } },
      });
      if (waiting === 0) break;
      if (Date.now() > until) throw new Error(`${waiting} listings never got a verdict`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const states = await prisma.channelListing.findMany({ where: { productId: { in: slowIds } } });
    expect(states.map((l) => l.state)).toEqual(slowIds.map(() => "APPROVED"));
    sim.setRateLimit(3);
  });
  test("pushed again, or by two pushes at once: an unchanged product is not sent twice; a changed one goes as an update", async () => {
    sim.setFailureRate(0);
    const producer = await prisma.producer.findFirstOrThrow();
    const twice: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await createProduct(prisma, {
        producerId: producer.id,
        name: `Cà phê đẩy hai lần số ${i + 1}`,
        description: "Cà phê rang mộc từ vườn đạt chuẩn VietGAP, đóng gói tại cơ sở.",
        priceVnd: 95_000,
        stock: 8,
        status: "APPROVED",
      });
      await photo(p.id, 200 + i);
      twice.push(p.id);
    }
    // Batches the marketplace took (not replays) since a moment.
    const sentSince = (at: number) =>
      sim
        .inspect()
        .requests.filter(
          (r: { at: number; method: string; status: number; replayed: boolean }) =>
            r.at >= at && r.method === "POST" && r.status === 202 && !r.replayed,
        ).length;
    // Two operators push the same products before the worker has sent the first push.
    await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: twice });
    await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: twice });
    await drain();
    expect(sim.inspect().duplicates).toBe(0);
    for (const id of twice) expect(sim.inspect().listings.get(id)!.version).toBe(1);
    expect(await prisma.pushJob.count({ where: { productId: { in: twice }, outcome: "unchanged" } })).toBe(6);

    // Pushed again a day later, unchanged: nothing is sent, the listings stay approved.
    const again = Date.now();
    await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: twice });
    const meanwhile = await prisma.channelListing.findMany({ where: { productId: { in: twice } } });
    expect(meanwhile.map((l) => l.state)).toEqual(twice.map(() => "APPROVED"));
    await drain();
    expect(sentSince(again)).toBe(0);
    expect(sim.inspect().duplicates).toBe(0);

    // One of them renamed since: that one is sent (an update of the same listing), the rest not.
    await prisma.product.update({ where: { id: twice[0] }, data: { name: "Cà phê đẩy hai lần (mới)" } });
    await enqueuePush({ operatorId, channelIds: ["market-api"], productIds: twice });
    await drain();
    expect(sentSince(again)).toBe(1);
    expect(sim.inspect().listings.get(twice[0]!)!).toMatchObject({ version: 2, status: "approved" });
    expect(sim.inspect().duplicates).toBe(0);
  });
});
