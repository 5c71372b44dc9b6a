// The push outbox: deliveries written in the same transaction as the decision that causes them.
// An operator's push queues one job per (channel, product); a product leaving the catalogue
// (suspended, withdrawn) queues a delisting on every API channel that holds it. The worker
// (worker.server.ts) delivers them.
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

export const API_CHANNELS = ["market-api"] as const;

/** Queues an operator's push of these products to these API channels; returns the push. */
export async function enqueuePush(
  input: { operatorId: string; channelIds: string[]; productIds: string[]; scope?: Prisma.InputJsonValue },
  db: Prisma.TransactionClient = prisma,
) {
  const channels = input.channelIds.filter((id) => (API_CHANNELS as readonly string[]).includes(id));
  const run = async (tx: Prisma.TransactionClient) => {
    const push = await tx.push.create({
      data: {
        operatorId: input.operatorId,
        channelIds: channels,
        scope: input.scope ?? {},
        total: channels.length * input.productIds.length,
      },
      select: { id: true },
    });
    for (const channelId of channels) {
      await tx.pushJob.createMany({
        data: input.productIds.map((productId) => ({
          pushId: push.id,
          channelId,
          productId,
          action: "upsert",
          // One key per delivery: a retry (after a crash, a 5xx) resends it unchanged.
          idempotencyKey: `${push.id}:${channelId}:${productId}`,
        })),
      });
      // One statement for every product: an upsert per product made a push of a province's
      // 2,000 products outlast the transaction's time limit.
      await tx.$executeRawUnsafe(
        `INSERT INTO "ChannelListing" ("channelId", "productId", "desired", "state", "reasons", "updatedAt")
         SELECT $1, p, 'LISTED', 'PENDING', '[]'::jsonb, now() FROM unnest($2::uuid[]) AS p
         ON CONFLICT ("channelId", "productId")
         DO UPDATE SET "desired" = 'LISTED', "updatedAt" = now(),
           -- Already delivered and still held there: it stays as it is unless the worker finds
           -- the product changed since (then it is sent and goes back to review).
           "state" = CASE WHEN "ChannelListing"."sentHash" IS NOT NULL
                           AND "ChannelListing"."state" IN ('QUEUED', 'AWAITING_APPROVAL', 'APPROVED')
                          THEN "ChannelListing"."state" ELSE 'PENDING' END,
           "reasons" = CASE WHEN "ChannelListing"."sentHash" IS NOT NULL
                             AND "ChannelListing"."state" IN ('QUEUED', 'AWAITING_APPROVAL', 'APPROVED')
                            THEN "ChannelListing"."reasons" ELSE '[]'::jsonb END`,
        channelId,
        input.productIds,
      );
    }
    return push;
  };
  // Large pushes (every listed product of a province) write thousands of rows: room beyond the
  // default 5 s, still bounded.
  return db === prisma ? prisma.$transaction(run, { timeout: 60_000, maxWait: 10_000 }) : run(db);
}

/**
 * A product left the catalogue: queue its delisting on every channel that holds it or is about to
 * (call inside the transaction that unlists it). Feeds and spreadsheets only ever hold listed
 * products, so they need nothing.
 */
export async function enqueueDelisting(tx: Prisma.TransactionClient, productId: string, reason: string) {
  const held = await tx.channelListing.findMany({
    where: { productId, desired: "LISTED" },
    select: { channelId: true },
  });
  if (held.length === 0) return 0;
  const stamp = Date.now().toString(36);
  await tx.pushJob.createMany({
    data: held.map(({ channelId }) => ({
      channelId,
      productId,
      action: "delist",
      idempotencyKey: `delist:${channelId}:${productId}:${stamp}`,
      lastError: null,
    })),
  });
  // Upserts still waiting for this product must not list it after the delisting.
  await tx.pushJob.updateMany({
    where: { productId, action: "upsert", status: { in: ["QUEUED", "DEAD"] } },
    data: { status: "DONE", outcome: "superseded", lastError: reason },
  });
  await tx.channelListing.updateMany({ where: { productId }, data: { desired: "DELISTED" } });
  return held.length;
}

/**
 * An operator retries products a channel rejected (once fixed) or gave up on (dead-lettered).
 * Dead deliveries go again under their own key (the same call, if nothing changed); a rejected
 * product is sent anew under a new key (what is sent is different now).
 */
export async function retryListings(channelId: string, productIds: string[]) {
  const listings = await prisma.channelListing.findMany({
    where: {
      channelId,
      productId: { in: productIds },
      state: { in: ["REJECTED", "DEAD"] },
      desired: "LISTED",
    },
    select: { productId: true, state: true },
  });
  const stamp = Date.now().toString(36);
  for (const listing of listings)
    await prisma.$transaction(async (tx) => {
      const dead = await tx.pushJob.updateMany({
        where: { channelId, productId: listing.productId, status: "DEAD" },
        data: { status: "QUEUED", attempts: 0, runAt: new Date(), lastError: null },
      });
      if (dead.count === 0)
        await tx.pushJob.create({
          data: {
            channelId,
            productId: listing.productId,
            action: "upsert",
            idempotencyKey: `retry:${channelId}:${listing.productId}:${stamp}`,
          },
        });
      await tx.channelListing.update({
        where: { channelId_productId: { channelId, productId: listing.productId } },
        data: { state: "PENDING", reasons: [] },
      });
    });
  return listings.length;
}
