// A child of scripts/bench/load.ts: an operator's push of N listed bench products to the
// market-api channel, started the way the operators' page starts one (startPush: the products the
// channel takes are queued in the outbox, in one transaction), on the database of DATABASE_URL
// with MARKET_API_URL, MARKET_PARTNER_ID and MARKET_SECRET set. The server's own worker
// (PUSH_WORKER=1) then delivers it.
//
// When startPush fails (under load its transaction can outlive Prisma's default 5 s limit), the
// same products are queued again with enqueuePush in a transaction without that limit, as
// lib/push-run.ts does, so the run still has a push going; the failure is reported.
//
// Options: --products=2000
// The last line is `RESULT {"pushId","queued","skipped","seconds","error"?,"errorSeconds"?}`,
// or `RESULT {"error","seconds"}` when nothing could be queued.
import { apiConnectorFor, channelProducts } from "~/modules/marketplaces/channels.server";
import { startPush } from "~/modules/marketplaces/operator.server";
import { enqueuePush } from "~/modules/marketplaces/outbox.server";
import { database, prisma } from "~/utils/db.server";
import { intOption, parseArgs } from "./args";

const count = intOption(parseArgs(), "products", 2000);
/** Prisma's messages quote the calling code: keep the error's name, code and the reason only. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const message = error.message.replace(/\s+/g, " ");
  const reason = /Transaction API error: .*$/.exec(message)?.[0] ?? message;
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${reason}`.slice(0, 200);
}

try {
  const operator = await prisma.user.findFirstOrThrow({
    where: { role: "OPERATOR" },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  // Bench products by id: an arbitrary but repeatable choice across the whole catalogue.
  const products = await prisma.product.findMany({
    where: { listedAt: { not: null }, sku: { startsWith: "BENCH-" } },
    orderBy: { id: "asc" },
    take: count,
    select: { id: true },
  });
  const productIds = products.map((p) => p.id);
  let started = performance.now();
  const seconds = () => Number(((performance.now() - started) / 1000).toFixed(2));
  try {
    const push = await startPush(operator, {
      channelIds: ["market-api"],
      scope: { kind: "products", productIds },
    });
    console.log(`RESULT ${JSON.stringify({ ...push, seconds: seconds() })}`);
  } catch (error) {
    const failure = { error: describe(error), errorSeconds: seconds() };
    const connector = apiConnectorFor("market-api");
    if (!connector) {
      console.log(`RESULT ${JSON.stringify({ ...failure, seconds: failure.errorSeconds })}`);
    } else {
      started = performance.now();
      const valid = (await channelProducts(productIds))
        .filter((p) => connector.validate(p).length === 0)
        .map((p) => p.id);
      const push = await prisma.$transaction(
        (tx) => enqueuePush({ operatorId: operator.id, channelIds: ["market-api"], productIds: valid }, tx),
        { timeout: 600_000, maxWait: 60_000 },
      );
      console.log(
        `RESULT ${JSON.stringify({
          pushId: push.id,
          queued: valid.length,
          skipped: productIds.length - valid.length,
          seconds: seconds(),
          ...failure,
        })}`,
      );
    }
  }
} finally {
  await database().close();
}
