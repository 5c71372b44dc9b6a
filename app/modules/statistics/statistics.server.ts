// Province statistics for the trade department's reports: a handful of grouped queries, no N+1.
// Everything is "as of now" except the review lead time, which takes an optional period.
import { Prisma } from "~/generated/prisma/client";
import { EXPIRING_WITHIN_DAYS } from "~/modules/certificates/status";
import { PRODUCT_STATUSES, type ProductStatus } from "~/modules/reviews/state-machine";
import { addDays, daysBetween, vnDateOf, type IsoDate } from "~/modules/traceability/vn-time";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { prisma } from "~/utils/db.server";
import { LEAD_TIME_ACTIONS, pairSubmissions, summariseLeadTimes, vnDayPeriod } from "./lead-time";

export type OcopGroup = (typeof OCOP_GROUPS)[number];
export const OCOP_STAR_LEVELS = [3, 4, 5] as const;
/** The longer look-ahead for certificate expiry (the shorter one is the 30-day notice). */
export const EXPIRY_HORIZON_DAYS = 60;
export const EXPIRY_NOTICE_DAYS = EXPIRING_WITHIN_DAYS;

export interface CommuneCount {
  code: string;
  /** "xã Đắk Mil": type and name, as written in addresses. */
  name: string;
  count: number;
}

export interface CommuneStatusRow {
  code: string;
  name: string;
  total: number;
  byStatus: Record<ProductStatus, number>;
}

export interface ExpiringCertificate {
  id: string;
  kind: string;
  number: string;
  expiresOn: IsoDate;
  daysLeft: number;
  product: string | null;
  producer: string;
}

export interface ProvinceStatistics {
  province: { code: string; name: string; type: string };
  /** When the numbers were read, and the Vietnam calendar day that "today" means below. */
  generatedAt: string;
  today: IsoDate;
  producers: {
    total: number;
    byCommune: CommuneCount[];
    /** Created by a community helper on the producer's behalf (Producer.onboardedById). */
    onboardedByHelpers: number;
    /** … of which the producer has since taken over with a claim code (Producer.claimedAt). */
    claimed: number;
  };
  products: {
    total: number;
    byStatus: Record<ProductStatus, number>;
    /** By the producer's registered commune. */
    byCommune: CommuneStatusRow[];
  };
  ocop: {
    /** Listed (public) products with OCOP stars. */
    total: number;
    byStars: { stars: number; count: number }[];
    byGroup: { group: OcopGroup; count: number }[];
  };
  trace: {
    /** Listed products, and those of them with complete trace data (see TRACE_COMPLETE_SQL). */
    listed: number;
    complete: number;
  };
  leadTime: {
    period: { from: IsoDate | null; to: IsoDate | null };
    count: number;
    p50Ms: number | null;
    p90Ms: number | null;
  };
  certificates: {
    /** Not revoked, expiring from today through today + 60 days, soonest first. */
    expiring: ExpiringCertificate[];
    within30: number;
    within60: number;
    /** Not revoked and past their expiry date. */
    expired: number;
    revoked: number;
  };
}

const zeroStatuses = (): Record<ProductStatus, number> =>
  Object.fromEntries(PRODUCT_STATUSES.map((s) => [s, 0])) as Record<ProductStatus, number>;

const communeName = (type: string, name: string) => `${type} ${name}`;

/**
 * Complete trace data, for a listed product: at least one batch (lot) with its production or
 * harvest date and at least one farm-diary event. That is what the public trace page needs to
 * answer "when and how was this made" (TCVN 12850: master data + event data). Growing-area codes
 * and expiry dates are not required: they do not apply to every OCOP group (handicrafts, tourism).
 */
const TRACE_COMPLETE_SQL = Prisma.sql`EXISTS (
  SELECT 1 FROM "Batch" b
  WHERE b."productId" = pr."id"
    AND (b."producedOn" IS NOT NULL OR b."harvestedOn" IS NOT NULL)
    AND EXISTS (SELECT 1 FROM "DiaryEvent" e WHERE e."batchId" = b."id"))`;

export interface StatisticsOptions {
  /** Lead-time period, Vietnam calendar days, both ends included. */
  from?: IsoDate | null;
  to?: IsoDate | null;
  now?: Date;
}

export async function provinceStatistics(
  provinceCode: string,
  options: StatisticsOptions = {},
): Promise<ProvinceStatistics | null> {
  const now = options.now ?? new Date();
  const today = vnDateOf(now);
  const horizon = addDays(today, EXPIRY_HORIZON_DAYS);
  const period = { from: options.from ?? null, to: options.to ?? null };
  const bounds = vnDayPeriod(period.from, period.to);

  const province = await prisma.province.findUnique({
    where: { code: provinceCode },
    select: { code: true, name: true, type: true },
  });
  if (!province) return null;

  const [producerRows, helperRows, productRows, ocopRows, traceRows, auditRows, expiring, certRows] =
    await Promise.all([
      prisma.$queryRaw<{ code: string; type: string; name: string; count: number }[]>`
        SELECT c."code", c."type", c."name", count(*)::int AS "count"
        FROM "Producer" p JOIN "Commune" c ON c."code" = p."communeCode"
        WHERE p."provinceCode" = ${provinceCode}
        GROUP BY c."code", c."type", c."name"`,
      prisma.$queryRaw<{ onboarded: number; claimed: number }[]>`
        SELECT count(*) FILTER (WHERE "onboardedById" IS NOT NULL)::int AS "onboarded",
               count(*) FILTER (WHERE "onboardedById" IS NOT NULL AND "claimedAt" IS NOT NULL)::int AS "claimed"
        FROM "Producer" WHERE "provinceCode" = ${provinceCode}`,
      prisma.$queryRaw<{ code: string; type: string; name: string; status: ProductStatus; count: number }[]>`
        SELECT c."code", c."type", c."name", pr."status"::text AS "status", count(*)::int AS "count"
        FROM "Product" pr
        JOIN "Producer" p ON p."id" = pr."producerId"
        JOIN "Commune" c ON c."code" = p."communeCode"
        WHERE p."provinceCode" = ${provinceCode}
        GROUP BY c."code", c."type", c."name", pr."status"`,
      prisma.product.groupBy({
        by: ["ocopStars", "ocopGroup"],
        where: { listedAt: { not: null }, ocopStars: { not: null }, producer: { provinceCode } },
        _count: { _all: true },
      }),
      prisma.$queryRaw<{ listed: number; complete: number }[]>`
        SELECT count(*)::int AS "listed", count(*) FILTER (WHERE ${TRACE_COMPLETE_SQL})::int AS "complete"
        FROM "Product" pr JOIN "Producer" p ON p."id" = pr."producerId"
        WHERE p."provinceCode" = ${provinceCode} AND pr."listedAt" IS NOT NULL`,
      // Every submission before the period's end can pair with a decision inside it.
      prisma.auditLog.findMany({
        where: {
          provinceCode,
          targetType: "Product",
          action: { in: [...LEAD_TIME_ACTIONS] },
          ...(bounds.to ? { at: { lt: bounds.to } } : {}),
        },
        select: { targetId: true, action: true, at: true },
        orderBy: { at: "asc" },
      }),
      prisma.certificate.findMany({
        where: {
          producer: { provinceCode },
          revokedAt: null,
          expiresOn: { gte: dateOnly(today), lte: dateOnly(horizon) },
        },
        select: {
          id: true,
          kind: true,
          number: true,
          expiresOn: true,
          product: { select: { name: true } },
          producer: { select: { name: true } },
        },
        orderBy: [{ expiresOn: "asc" }, { number: "asc" }],
      }),
      prisma.$queryRaw<{ expired: number; revoked: number }[]>`
        SELECT count(*) FILTER (WHERE c."revokedAt" IS NULL AND c."expiresOn" < ${today}::date)::int AS "expired",
               count(*) FILTER (WHERE c."revokedAt" IS NOT NULL)::int AS "revoked"
        FROM "Certificate" c JOIN "Producer" p ON p."id" = c."producerId"
        WHERE p."provinceCode" = ${provinceCode}`,
    ]);

  const byCommune = producerRows
    .map((r) => ({ code: r.code, name: communeName(r.type, r.name), count: r.count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "vi"));

  const productsByStatus = zeroStatuses();
  const communes = new Map<string, CommuneStatusRow>();
  for (const r of productRows) {
    productsByStatus[r.status] += r.count;
    let row = communes.get(r.code);
    if (!row) {
      row = { code: r.code, name: communeName(r.type, r.name), total: 0, byStatus: zeroStatuses() };
      communes.set(r.code, row);
    }
    row.byStatus[r.status] += r.count;
    row.total += r.count;
  }

  const stars = new Map<number, number>(OCOP_STAR_LEVELS.map((s) => [s, 0]));
  const groups = new Map<OcopGroup, number>(OCOP_GROUPS.map((g) => [g, 0]));
  for (const r of ocopRows) {
    stars.set(r.ocopStars!, (stars.get(r.ocopStars!) ?? 0) + r._count._all);
    groups.set(r.ocopGroup, (groups.get(r.ocopGroup) ?? 0) + r._count._all);
  }

  const lead = summariseLeadTimes(
    pairSubmissions(auditRows.map((r) => ({ productId: r.targetId, action: r.action, at: r.at }))),
    bounds,
  );

  const expiringList = expiring.map((c) => {
    // A @db.Date comes back as midnight UTC of its calendar date.
    const expiresOn = c.expiresOn!.toISOString().slice(0, 10);
    return {
      id: c.id,
      kind: c.kind,
      number: c.number,
      expiresOn,
      daysLeft: daysBetween(today, expiresOn),
      product: c.product?.name ?? null,
      producer: c.producer.name,
    };
  });

  return {
    province,
    generatedAt: now.toISOString(),
    today,
    producers: {
      total: byCommune.reduce((sum, r) => sum + r.count, 0),
      byCommune,
      onboardedByHelpers: helperRows[0]?.onboarded ?? 0,
      claimed: helperRows[0]?.claimed ?? 0,
    },
    products: {
      total: Object.values(productsByStatus).reduce((a, b) => a + b, 0),
      byStatus: productsByStatus,
      byCommune: [...communes.values()].sort(
        (a, b) => b.total - a.total || a.name.localeCompare(b.name, "vi"),
      ),
    },
    ocop: {
      total: [...stars.values()].reduce((a, b) => a + b, 0),
      byStars: [...stars].sort(([a], [b]) => a - b).map(([s, count]) => ({ stars: s, count })),
      byGroup: [...groups].map(([group, count]) => ({ group, count })),
    },
    trace: { listed: traceRows[0]?.listed ?? 0, complete: traceRows[0]?.complete ?? 0 },
    leadTime: { period, ...lead },
    certificates: {
      expiring: expiringList,
      within30: expiringList.filter((c) => c.daysLeft <= EXPIRY_NOTICE_DAYS).length,
      within60: expiringList.length,
      expired: certRows[0]?.expired ?? 0,
      revoked: certRows[0]?.revoked ?? 0,
    },
  };
}

/** A calendar date as Prisma sends it to a `@db.Date` column (midnight UTC of that date). */
function dateOnly(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Provinces an admin can choose from, with how many producers each has. */
export async function provinceChoices() {
  const [provinces, counts] = await Promise.all([
    prisma.province.findMany({ select: { code: true, name: true }, orderBy: { code: "asc" } }),
    prisma.producer.groupBy({ by: ["provinceCode"], _count: { _all: true } }),
  ]);
  const byCode = new Map(counts.map((c) => [c.provinceCode, c._count._all]));
  return provinces.map((p) => ({ ...p, producers: byCode.get(p.code) ?? 0 }));
}
