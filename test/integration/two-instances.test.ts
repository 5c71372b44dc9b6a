// Two app instances, one PostgreSQL database, one media and mail directory: what a deployment with
// N instances behind a load balancer relies on. A session made on one instance works on the other
// and dies on both at logout; the login throttle counts tries on both; the scheduled jobs
// (certificate expiry, mail) and the marketplace push worker run in both, and still every
// suspension, notice, mail and marketplace call happens once.
//
// The instances are real production servers (`server/index.ts` on the build in build/, which
// scripts/test-all.sh makes before the tests). PostgreSQL only: an embedded PGlite database
// belongs to one process.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addMember,
  createProducer,
  createProduct,
  createUser,
  FACTORY_PASSWORD,
} from "../../prisma/seed/factories";
import { testDatabaseKind } from "../support/database";
import { requireBuild, startAppServer, stopAllAppServers, until, type AppServer } from "../support/faults";

const onPostgres = testDatabaseKind() === "postgres";
const PARTNER = "ocop-two-instances";
const SECRET = "two-instances-marketplace-secret";

const { prisma } = await import("~/utils/db.server");
const { startMarketplaceSimulator } = await import("../../scripts/marketplace-simulator/server");
const { enqueuePush } = await import("~/modules/marketplaces/outbox.server");

const shared = mkdtempSync(path.join(tmpdir(), "ocop-two-instances-"));
let sim: Awaited<ReturnType<typeof startMarketplaceSimulator>> | undefined;

const startInstance = (name: string) =>
  startAppServer(name, {
    SESSION_SECRETS: "two-instances-secret",
    MEDIA_DIR: path.join(shared, "media"),
    MAIL_OUTBOX_DIR: path.join(shared, "outbox"),
    JOBS_INTERVAL_MS: "1000",
    PUSH_WORKER: "1",
    MARKET_API_URL: sim!.url,
    MARKET_PARTNER_ID: PARTNER,
    MARKET_SECRET: SECRET,
  });

async function login(instance: AppServer, identifier: string, password: string) {
  return fetch(`${instance.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: instance.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier, password }),
  });
}

const sessionCookie = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("__session=") && c !== "__session=");

const account = (instance: AppServer, cookie: string) =>
  fetch(`${instance.url}/account`, { redirect: "manual", headers: { Cookie: cookie } });

let buyerEmail: string;
let producerId: string;
const productIds: string[] = [];
const expiringIds: string[] = [];

describe.skipIf(!onPostgres)("two instances on one PostgreSQL database", { timeout: 180_000 }, () => {
  let a: AppServer;
  let b: AppServer;

  beforeAll(async () => {
    requireBuild();
    sim = await startMarketplaceSimulator({ partnerId: PARTNER, secret: SECRET, approvalDelayMs: 50 });

    buyerEmail = (await createUser(prisma, { role: "BUYER", name: "Khách hai máy" })).email!;
    await prisma.province.create({ data: { code: "64", name: "Gia Lai", type: "tỉnh" } });
    await prisma.commune.create({ data: { code: "23600", name: "Ia Grai", type: "xã", provinceCode: "64" } });
    const owner = await createUser(prisma, { role: "PRODUCER" });
    const producer = await createProducer(prisma, { communeCode: "23600", name: "HTX Hai Máy" });
    producerId = producer.id;
    await addMember(prisma, producerId, owner.id, true);
    for (let i = 0; i < 12; i++) {
      const product = await createProduct(prisma, {
        producerId,
        name: `Cà phê Ia Grai số ${i + 1}`,
        description: "Cà phê Robusta rang mộc từ vườn đạt chuẩn VietGAP, đóng gói tại cơ sở.",
        priceVnd: 120_000,
        stock: 30,
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
      productIds.push(product.id);
    }
    // Three products whose OCOP certificate expired yesterday: the expiry job suspends them.
    const yesterday = new Date(Date.now() - 36 * 3600_000);
    for (const productId of productIds.slice(0, 3)) {
      await prisma.certificate.create({
        data: {
          producerId,
          productId,
          kind: "OCOP",
          number: `${productId.slice(0, 6)}/QĐ-UBND`,
          issuer: "UBND tỉnh Gia Lai",
          ocopStars: 3,
          issuedOn: new Date("2023-01-01T00:00:00Z"),
          expiresOn: new Date(`${yesterday.toISOString().slice(0, 10)}T00:00:00Z`),
          createdById: owner.id,
        },
      });
      expiringIds.push(productId);
    }
    [a, b] = await Promise.all([startInstance("A"), startInstance("B")]);
  }, 180_000);

  afterAll(async () => {
    await stopAllAppServers();
    await sim?.close();
    rmSync(shared, { recursive: true, force: true });
  });

  test("a session made on one instance works on the other; logging out on either ends it on both", async () => {
    const signedIn = await login(a, buyerEmail, FACTORY_PASSWORD);
    expect(signedIn.status).toBe(302);
    const cookie = sessionCookie(signedIn)!;
    expect(cookie).toBeTruthy();
    expect((await account(a, cookie)).status).toBe(200);
    const onB = await account(b, cookie);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("Khách hai máy");

    const logout = await fetch(`${b.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: b.url, Cookie: cookie },
    });
    expect(logout.status).toBe(302);
    expect((await account(a, cookie)).status).toBe(302);
    expect((await account(b, cookie)).status).toBe(302);
  });

  test("the login throttle counts the tries made on both instances", async () => {
    const target = (await createUser(prisma, { role: "BUYER" })).email!;
    // Eight wrong passwords per account per 15 minutes, wherever they land.
    for (let i = 0; i < 8; i++) {
      const response = await login(i % 2 ? b : a, target, "not-the-password");
      expect(response.status, `try ${i + 1}`).toBe(401);
    }
    expect((await login(a, target, "not-the-password")).status).toBe(429);
    expect((await login(b, target, FACTORY_PASSWORD)).status).toBe(429);
  });

  test("both schedulers run the expiry job: each product is suspended once, each notice and mail sent once", async () => {
    await until("the expiry job to suspend the three products", async () => {
      const suspended = await prisma.product.count({
        where: { id: { in: expiringIds }, status: "SUSPENDED" },
      });
      return suspended === 3;
    });
    // Give both schedulers a few more turns: nothing may be done twice.
    await new Promise((r) => setTimeout(r, 4_000));
    const audits = await prisma.auditLog.findMany({
      where: { action: "product.suspend", targetId: { in: expiringIds } },
    });
    expect(audits).toHaveLength(3);
    expect(new Set(audits.map((x) => x.targetId)).size).toBe(3);
    const notices = await prisma.certificateNotice.findMany({ where: { kind: "EXPIRED" } });
    expect(notices).toHaveLength(3);
    // Every notification mailed exactly once (one file per mail in the shared outbox).
    await until(
      "the mails to go out",
      async () => (await prisma.notification.count({ where: { emailPending: true } })) === 0,
    );
    const withEmail = await prisma.notification.count({ where: { user: { email: { not: null } } } });
    const outbox = path.join(shared, "outbox");
    const mails = existsSync(outbox) ? readdirSync(outbox) : [];
    expect(withEmail).toBeGreaterThan(0);
    expect(mails).toHaveLength(withEmail);
  });

  test("both push workers share the outbox: every product pushed once, no duplicate listing", async () => {
    const operator = await createUser(prisma, { role: "OPERATOR" });
    const pushable = productIds.slice(3);
    const push = await enqueuePush({
      operatorId: operator.id,
      channelIds: ["market-api"],
      productIds: pushable,
    });
    await until("the push to be delivered and answered", async () => {
      const open = await prisma.pushJob.count({
        where: { pushId: push.id, status: { in: ["QUEUED", "RUNNING"] } },
      });
      const waiting = await prisma.channelListing.count({
        where: { productId: { in: pushable }, state: { in: ["PENDING", "QUEUED", "AWAITING_APPROVAL"] } },
      });
      return open === 0 && waiting === 0;
    });
    const listings = await prisma.channelListing.findMany({ where: { productId: { in: pushable } } });
    expect(listings.map((l) => l.state)).toEqual(pushable.map(() => "APPROVED"));
    const seen = sim!.inspect();
    expect(seen.duplicates).toBe(0);
    expect(seen.listings.size).toBe(pushable.length);
    // Both instances' workers took part or one did: either way, each job was sent under one key.
    const jobs = await prisma.pushJob.findMany({ where: { pushId: push.id } });
    expect(jobs.every((j) => j.status === "DONE" && j.attempts === 1)).toBe(true);
  });
});
