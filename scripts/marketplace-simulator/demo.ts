// Demo and end-to-end mode: when no API marketplace is configured, run the project's marketplace
// simulator in this process and point the market-api channel at it. Call before anything reads
// the environment (env() is read once).
import { startMarketplaceSimulator } from "./server";

export async function startDemoMarketplace({ port }: { port: number }) {
  if (process.env.MARKET_API_URL) return null;
  const partnerId = "ocop-demo";
  const secret = "demo-only-marketplace-secret-change-me";
  const sim = await startMarketplaceSimulator({
    port,
    host: "127.0.0.1",
    partnerId,
    secret,
    approvalDelayMs: Number(process.env.MARKET_APPROVAL_DELAY_MS ?? 1500),
    failureRate: Number(process.env.MARKET_FAILURE_RATE ?? 0),
  });
  process.env.MARKET_API_URL = sim.url;
  process.env.MARKET_PARTNER_ID = partnerId;
  process.env.MARKET_SECRET = secret;
  return sim;
}
