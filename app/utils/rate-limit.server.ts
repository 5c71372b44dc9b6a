// Per-IP limits stay generous: a commune office or a mobile carrier (CGNAT) puts many farmers
// behind one address. Per-account limits are what protect an account against guessing.
import { prisma } from "./db.server";

export interface RateLimitRule {
  /** e.g. "login:ip" — combined with the subject into the counter's key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export const RATE_LIMITS = {
  loginPerIp: { name: "login:ip", limit: 100, windowSeconds: 15 * 60 },
  loginPerAccount: { name: "login:account", limit: 8, windowSeconds: 15 * 60 },
  signupPerIp: { name: "signup:ip", limit: 10, windowSeconds: 60 * 60 },
  signupPerAccount: { name: "signup:account", limit: 10, windowSeconds: 60 * 60 },
  resetPerIp: { name: "reset:ip", limit: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { name: "reset:account", limit: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts one hit in a fixed window kept in the database, so every app instance shares the count.
 * One atomic upsert: concurrent hits cannot both slip under the limit.
 */
export async function hitRateLimit(rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject}`;
  const rows = await prisma.$queryRaw<{ hits: number; retry: number }[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "hits") VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "hits" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${rule.windowSeconds}::int)
                    THEN 1 ELSE "RateLimit"."hits" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${rule.windowSeconds}::int)
                    THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING "hits",
      CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${rule.windowSeconds}::int) - now())))::int AS "retry"`;
  const row = rows[0]!;
  return { allowed: row.hits <= rule.limit, retryAfterSeconds: Math.max(1, row.retry) };
}

export async function clearRateLimit(rule: RateLimitRule, subject: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: `${rule.name}:${subject}` } });
}
