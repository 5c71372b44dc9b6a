// Demo and end-to-end mode: when no VNPay merchant is configured, run the project's simulator in
// this process and point the app at it, so a whole purchase works offline. Call before anything
// reads the environment (env() is read once).
import { startVnpaySimulator } from "./server";

export async function startDemoVnpay({ appPort, simPort }: { appPort: number; simPort: number }) {
  if (process.env.VNPAY_TMN_CODE) return null;
  const tmnCode = "OCOPDEMO";
  const hashSecret = "demo-only-vnpay-hash-secret-change-me";
  const sim = await startVnpaySimulator({
    port: simPort,
    host: "127.0.0.1",
    tmnCode,
    hashSecret,
    ipnUrl: `http://127.0.0.1:${appPort}/payments/vnpay/ipn`,
    // VNPay waits 5 minutes between IPN retries; the demo and the tests cannot.
    ipnRetryDelaysMs: Number(process.env.SIM_IPN_RETRY_MS ?? 2_000),
  });
  process.env.VNPAY_TMN_CODE = tmnCode;
  process.env.VNPAY_HASH_SECRET = hashSecret;
  process.env.VNPAY_PAY_URL = sim.payUrl;
  process.env.VNPAY_API_URL = sim.apiUrl;
  return sim;
}
