// npx tsx scripts/vnpay-simulator/main.ts
// Runs the VNPay simulator until interrupted. Environment:
//   VNPAY_TMN_CODE, VNPAY_HASH_SECRET  the same values the app is configured with
//   VNPAY_IPN_URL                      the app's IPN route, e.g. http://localhost:3000/api/vnpay/ipn
//   SIM_PORT (8090), SIM_HOST (127.0.0.1)
//   SIM_IPN_RETRY_DELAYS_MS            "300000" (10 retries at that delay, VNPay's default) or a
//                                      comma list such as "1000,5000,30000"
// Point the app at it with VNPay payUrl http://127.0.0.1:8090/paymentv2/vpcpay.html and apiUrl
// http://127.0.0.1:8090/merchant_webapi/api/transaction.
import { startVnpaySimulator } from "./server";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const tmnCode = process.env.VNPAY_TMN_CODE;
const hashSecret = process.env.VNPAY_HASH_SECRET;
const ipnUrl = process.env.VNPAY_IPN_URL;
if (!tmnCode || !hashSecret || !ipnUrl) {
  fail("VNPAY_TMN_CODE, VNPAY_HASH_SECRET and VNPAY_IPN_URL must be set");
}

const port = Number(process.env.SIM_PORT ?? 8090);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`SIM_PORT: not a port: ${process.env.SIM_PORT}`);

let ipnRetryDelaysMs: number | number[] | undefined;
const delays = process.env.SIM_IPN_RETRY_DELAYS_MS;
if (delays) {
  const list = delays.split(",").map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 0)) fail(`SIM_IPN_RETRY_DELAYS_MS: not delays: ${delays}`);
  ipnRetryDelaysMs = list.length === 1 ? list[0] : list;
}

let sim;
try {
  sim = await startVnpaySimulator({
    port,
    host: process.env.SIM_HOST || "127.0.0.1",
    tmnCode,
    hashSecret,
    ipnUrl,
    ipnRetryDelaysMs,
    log: (line) => console.info(`[vnpay-sim] ${line}`),
  });
} catch (error) {
  fail(`cannot start the VNPay simulator: ${(error as Error).message}`);
}
const running = sim;

console.info(`[vnpay-sim] payment  ${running.payUrl}`);
console.info(`[vnpay-sim] api      ${running.apiUrl}`);
console.info(`[vnpay-sim] inspect  ${running.url}/_sim/transactions`);
console.info(`[vnpay-sim] IPN  →   ${ipnUrl} (tmnCode ${tmnCode})`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await running.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
