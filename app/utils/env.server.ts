import { z } from "zod";

// Validated once; a misconfigured server refuses to start instead of failing on the first request.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional(),
  PGLITE_DIR: z.string().default("./data/db"),
  SESSION_SECRETS: z.string().optional(),
  APP_ORIGIN: z.string().url().optional(),
  MEDIA_DIR: z.string().default("./data/media"),
  MAIL_OUTBOX_DIR: z.string().default("./data/outbox"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Cổng OCOP <no-reply@ocop.local>"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  JOBS_INTERVAL_MS: z.coerce.number().int().min(0).default(900_000), // 15 min; 0 turns the scheduler off
  // The marketplace with a product API (market-api channel); unset = that channel is off. `npm
  // start` points it at the project's marketplace simulator (scripts/marketplace-simulator).
  MARKET_API_URL: z.string().url().optional(),
  MARKET_PARTNER_ID: z.string().min(1).optional(),
  MARKET_SECRET: z.string().min(8).optional(),
  // 0 keeps the marketplace push worker out of this server process (run `npm run worker` instead).
  PUSH_WORKER: z.enum(["0", "1"]).default("1"),
  // Anonymous visitors' public pages kept in memory this long (and dropped when the catalogue
  // changes); 0 turns the page cache off.
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
  PAGE_CACHE_MB: z.coerce.number().int().min(1).max(1024).default(32),
  // VNPay (PAY API 2.1.0). Unset: VNPay is not offered at checkout. `npm start` points them at the
  // project's simulator (scripts/vnpay-simulator) so a demo purchase works offline.
  VNPAY_TMN_CODE: z.string().min(1).max(32).optional(),
  VNPAY_HASH_SECRET: z.string().min(8).optional(),
  VNPAY_PAY_URL: z.string().url().default("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"),
  VNPAY_API_URL: z
    .string()
    .url()
    .default("https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"),
  // Where VNPay sends the buyer back; default APP_ORIGIN + /payments/vnpay/return.
  VNPAY_RETURN_URL: z.string().url().optional(),
  // How long one payment attempt (and the checkout's stock reservation) stays open.
  PAYMENT_WINDOW_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  // A bank transfer must arrive within this many hours, or its orders expire and the stock returns.
  BANK_TRANSFER_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(48),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests that set variables after something read the environment: read it again. */
export function rereadEnv(): void {
  cached = undefined;
}

export const isProduction = () => env().NODE_ENV === "production";

/** Session secrets, newest first: the first signs, all verify, so secrets rotate without logouts. */
export function sessionSecrets(): string[] {
  const raw = env().SESSION_SECRETS;
  if (raw)
    return raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (isProduction()) throw new Error("SESSION_SECRETS must be set in production");
  return ["dev-only-secret-change-me"];
}
