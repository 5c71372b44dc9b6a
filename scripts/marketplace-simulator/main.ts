// npx tsx scripts/marketplace-simulator/main.ts
// Runs the marketplace simulator until interrupted. Environment:
//   MARKET_PARTNER_ID, MARKET_SECRET  the same values the app's HTTP marketplace channel uses
//   MARKET_SIM_PORT (8091), MARKET_SIM_HOST (127.0.0.1)
//   MARKET_FAILURE_RATE               0..1, share of calls answered with a random 500 (default 0)
//   MARKET_RPS                        calls per second before 429 + Retry-After (default: no limit)
//   MARKET_APPROVAL_DELAY_MS          queued → approved/rejected after this (default 2000)
//   MARKET_SEED                       seeds the failure draws
// Point the channel's baseUrl at http://127.0.0.1:8091; GET /_sim/listings shows what arrived.
import { startMarketplaceSimulator } from "./server";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function numberFromEnv(name: string, check: (n: number) => boolean): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) fail(`${name}: not a valid value: ${raw}`);
  return n;
}

const partnerId = process.env.MARKET_PARTNER_ID;
const secret = process.env.MARKET_SECRET;
if (!partnerId || !secret) fail("MARKET_PARTNER_ID and MARKET_SECRET must be set");

const port = numberFromEnv("MARKET_SIM_PORT", (n) => Number.isInteger(n) && n >= 0 && n <= 65535) ?? 8091;
const failureRate = numberFromEnv("MARKET_FAILURE_RATE", (n) => n >= 0 && n <= 1);
const rps = numberFromEnv("MARKET_RPS", (n) => n > 0);
const approvalDelayMs = numberFromEnv("MARKET_APPROVAL_DELAY_MS", (n) => Number.isInteger(n) && n >= 0);
const seed = numberFromEnv("MARKET_SEED", (n) => Number.isInteger(n));

let sim;
try {
  sim = await startMarketplaceSimulator({
    port,
    host: process.env.MARKET_SIM_HOST || "127.0.0.1",
    partnerId,
    secret,
    failureRate,
    rateLimit: rps === undefined ? undefined : { requestsPerSecond: rps },
    approvalDelayMs,
    seed,
    log: (line) => console.info(`[market-sim] ${line}`),
  });
} catch (error) {
  fail(`cannot start the marketplace simulator: ${(error as Error).message}`);
}
const running = sim;

console.info(`[market-sim] api      ${running.url}/v1/products/batch, ${running.url}/v1/products/status`);
console.info(`[market-sim] inspect  ${running.url}/_sim/listings (partner ${partnerId})`);
console.info(
  `[market-sim] failure rate ${failureRate ?? 0}, ${rps ?? "unlimited"} calls/s, approval after ${approvalDelayMs ?? 2000} ms`,
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await running.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
