// Who may read which province's statistics, and the page's query (?province=68&from=…&to=…),
// shared by the page and its downloads.
import { z } from "zod";
import { isIsoDate, type IsoDate } from "~/modules/traceability/vn-time";
import { requireRole, type SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const isoDate = z.preprocess(
  blankToUndefined,
  z.string().refine(isIsoDate, { message: "invalidDate" }).optional(),
);

export const statisticsQuerySchema = z
  .object({
    province: z.preprocess(blankToUndefined, z.string().optional()),
    from: isoDate,
    to: isoDate,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "invalidPeriod", path: ["to"] });

export interface StatisticsScope {
  user: SessionUser;
  provinceCode: string;
  from: IsoDate | null;
  to: IsoDate | null;
  /** What was wrong with the period, if anything: the period is then ignored. */
  periodError: "invalidDate" | "invalidPeriod" | null;
}

/**
 * Officials read their own province only (none without a province; another province's code is
 * refused, not silently replaced). Admins choose any province, by default the first (by code)
 * that has producers. Everyone else: 403; signed out: to the login page.
 */
export async function requireStatisticsScope(request: Request): Promise<StatisticsScope> {
  const user = await requireRole(request, "OFFICIAL", "ADMIN");
  const params = new URL(request.url).searchParams;
  const raw = { province: params.get("province"), from: params.get("from"), to: params.get("to") };
  const parsed = statisticsQuerySchema.safeParse(raw);
  let periodError: StatisticsScope["periodError"] = null;
  let query: z.infer<typeof statisticsQuerySchema>;
  if (parsed.success) {
    query = parsed.data;
  } else {
    periodError = parsed.error.issues.some((i) => i.message === "invalidDate")
      ? "invalidDate"
      : "invalidPeriod";
    query = { province: blankToUndefined(raw.province) as string | undefined };
  }
  const period = { from: query.from ?? null, to: query.to ?? null };

  if (user.role === "OFFICIAL") {
    if (!user.provinceCode) throw new Response("Forbidden", { status: 403 });
    if (query.province && query.province !== user.provinceCode)
      throw new Response("Forbidden", { status: 403 });
    return { user, provinceCode: user.provinceCode, ...period, periodError };
  }

  if (query.province) {
    const known = /^\d{2}$/.test(query.province)
      ? await prisma.province.findUnique({ where: { code: query.province }, select: { code: true } })
      : null;
    if (!known) throw new Response("Not found", { status: 404 });
    return { user, provinceCode: known.code, ...period, periodError };
  }
  const first =
    (await prisma.producer.findFirst({ orderBy: { provinceCode: "asc" }, select: { provinceCode: true } }))
      ?.provinceCode ??
    (await prisma.province.findFirst({ orderBy: { code: "asc" }, select: { code: true } }))?.code;
  if (!first) throw new Response("Not found", { status: 404 });
  return { user, provinceCode: first, ...period, periodError };
}

/** The query string that reproduces a scope (for the download links). */
export function scopeQuery(scope: {
  provinceCode: string;
  from: IsoDate | null;
  to: IsoDate | null;
}): string {
  const params = new URLSearchParams({ province: scope.provinceCode });
  if (scope.from) params.set("from", scope.from);
  if (scope.to) params.set("to", scope.to);
  return params.toString();
}
