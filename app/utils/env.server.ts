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
