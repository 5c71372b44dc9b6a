// Job leases and the in-process scheduler, on this file's own database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createProducer, createUser } from "../../prisma/seed/factories";

const outbox = mkdtempSync(path.join(tmpdir(), "ocop-jobs-outbox-"));
process.env.MAIL_OUTBOX_DIR = outbox;
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

const { prisma } = await import("~/utils/db.server");
const { acquireLease, releaseLease, withLease } = await import("~/modules/jobs/lease.server");
const { startScheduler, EXPIRY_JOB } = await import("~/modules/jobs/scheduler.server");
const { addDays, vnDateOf } = await import("~/modules/traceability/vn-time");

afterEach(async () => {
  await prisma.jobLease.deleteMany({});
});

describe("leases", () => {
  test("one holder at a time; an expired lease is taken over, and its old holder cannot release it", async () => {
    const first = await acquireLease("demo");
    expect(first).toEqual(expect.any(String));
    expect(await acquireLease("demo")).toBeNull();
    expect(await acquireLease("other")).toEqual(expect.any(String)); // leases are per job

    // The first holder died: its lease runs out.
    await prisma.jobLease.update({
      where: { name: "demo" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const second = await acquireLease("demo");
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    await releaseLease("demo", first!);
    expect(await prisma.jobLease.findUnique({ where: { name: "demo" } })).toMatchObject({ holder: second });
    await releaseLease("demo", second!);
    expect(await prisma.jobLease.findUnique({ where: { name: "demo" } })).toBeNull();
  });

  test("the lease lasts longer than the run and is released even when the work fails", async () => {
    const run = withLease(
      "failing",
      async () => {
        const lease = await prisma.jobLease.findUniqueOrThrow({ where: { name: "failing" } });
        expect(lease.expiresAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
        throw new Error("boom");
      },
      10 * 60_000,
    );
    await expect(run).rejects.toThrow("boom");
    expect(await prisma.jobLease.count()).toBe(0);
    expect(await withLease("failing", async () => 42)).toEqual({ ran: true, result: 42 });
  });
});

describe("scheduler", () => {
  let certificateId: string;
  const noticeOf = () => prisma.certificateNotice.findMany({ where: { certificateId } });

  beforeAll(async () => {
    await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
    await prisma.commune.create({
      data: { code: "24001", name: "Xã Đạ Huoai", type: "xã", provinceCode: "68" },
    });
    const producer = await createProducer(prisma, { communeCode: "24001" });
    const creator = await createUser(prisma, { role: "PRODUCER", email: null });
    // Due for its 30-day reminder today (the scheduler runs on the real clock).
    const expiresOn = addDays(vnDateOf(new Date()), 20);
    const cert = await prisma.certificate.create({
      data: {
        producerId: producer.id,
        kind: "PHC",
        number: "45-001-2102",
        issuer: "Cục Bảo vệ thực vật",
        issuedOn: new Date("2024-01-01T00:00:00Z"),
        expiresOn: new Date(`${expiresOn}T00:00:00Z`),
        createdById: creator.id,
      },
    });
    certificateId = cert.id;
  });

  test("an interval of 0 disables it", async () => {
    const scheduler = startScheduler({ intervalMs: 0, firstRunDelayMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await scheduler.stop();
    expect(await noticeOf()).toEqual([]);
  });

  test("runs the expiry job soon after start, and stops cleanly", async () => {
    const scheduler = startScheduler({ intervalMs: 20, firstRunDelayMs: 0 });
    const deadline = Date.now() + 20_000;
    while ((await noticeOf()).length === 0) {
      if (Date.now() > deadline) throw new Error("the scheduler did not run");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await scheduler.stop();
    // Stopped: no run in flight holds the lease, and the reminder went out once.
    expect(await prisma.jobLease.findUnique({ where: { name: EXPIRY_JOB } })).toBeNull();
    expect((await noticeOf()).map((n) => n.kind)).toEqual(["D30"]);
  });
});
