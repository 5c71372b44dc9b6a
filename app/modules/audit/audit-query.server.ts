// Reading the audit log: one filter schema for the page and the CSV export, one scope rule (an
// official sees only records of their province, an admin all), keyset pages newest first.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { addDays, isIsoDate, vnStartOfDay } from "~/modules/traceability/vn-time";
import { requireRole, type SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

export const AUDIT_PAGE_SIZE = 50;
import { ACTOR_ROLES, KNOWN_ACTIONS } from "./vocabulary";

export { ACTOR_ROLES, KNOWN_ACTIONS };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who is looking: decides the scope. */
export interface AuditViewer {
  role: string;
  provinceCode?: string | null;
}

export class AuditScopeError extends Error {}

/** Officials of a province and admins read the log; anyone else (an official without a province too) gets 403. */
export async function requireAuditViewer(request: Request): Promise<SessionUser> {
  const user = await requireRole(request, "OFFICIAL", "ADMIN");
  if (user.role === "OFFICIAL" && !user.provinceCode) throw new Response("Forbidden", { status: 403 });
  return user;
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
const trimmed = (max: number) => z.string().trim().max(max);
const day = z.string().trim().refine(isIsoDate, { message: "date" });

/** The filters as they travel in the URL. Dates are calendar days in Vietnam. */
export const AuditFilterSchema = z
  .object({
    action: optional(trimmed(80).regex(/^[A-Za-z0-9_.:*-]+$/)),
    role: optional(z.enum(ACTOR_ROLES)),
    targetType: optional(trimmed(40).regex(/^[A-Za-z0-9_]+$/)),
    targetId: optional(trimmed(100)),
    actorId: optional(z.string().trim().regex(UUID)),
    province: optional(
      z
        .string()
        .trim()
        .regex(/^\d{2}$/),
    ),
    from: optional(day),
    to: optional(day),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "range", path: ["to"] });

export type AuditFilters = z.infer<typeof AuditFilterSchema>;

const FILTER_KEYS = [
  "action",
  "role",
  "targetType",
  "targetId",
  "actorId",
  "province",
  "from",
  "to",
] as const;

/** Parses the URL's filters; errors by field, each a key under `audit.errors` (translated by the route). */
export function parseAuditFilters(
  params: URLSearchParams,
):
  | { ok: true; filters: AuditFilters }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> } {
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<
    string,
    string
  >;
  const parsed = AuditFilterSchema.safeParse(values);
  if (parsed.success) return { ok: true, filters: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "to");
    const dateField = field === "from" || field === "to";
    errors[field] ??= dateField ? (issue.message === "range" ? "range" : "date") : field;
  }
  return { ok: false, errors, values };
}

/** The filters back as URL parameters (for "next page" and export links). */
export function filtersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** Keyset position: the last record of the previous page. */
export interface AuditCursor {
  at: Date;
  id: string;
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeAuditCursor(value: string): AuditCursor | null {
  const [iso, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !iso || !id || !UUID.test(id)) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) || at.toISOString() !== iso ? null : { at, id };
}

/** The records a viewer may see: an official only their province's, an admin any (or one province). */
export function auditScope(viewer: AuditViewer, province?: string): Prisma.AuditLogWhereInput {
  if (viewer.role === "OFFICIAL") {
    if (!viewer.provinceCode) throw new AuditScopeError("official without a province");
    return { provinceCode: viewer.provinceCode };
  }
  if (viewer.role === "ADMIN") return province ? { provinceCode: province } : {};
  throw new AuditScopeError(`role ${viewer.role} may not read the audit log`);
}

export function auditWhere(viewer: AuditViewer, filters: AuditFilters): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [auditScope(viewer, filters.province)];
  if (filters.action) {
    // "product." (or "product.*") means every action of that family; anything else is exact.
    const prefix = filters.action.endsWith(".*") ? filters.action.slice(0, -1) : filters.action;
    and.push(prefix.endsWith(".") ? { action: { startsWith: prefix } } : { action: prefix });
  }
  if (filters.role) and.push({ actorRole: filters.role });
  if (filters.targetType) and.push({ targetType: filters.targetType });
  if (filters.targetId) and.push({ targetId: filters.targetId });
  if (filters.actorId) and.push({ actorId: filters.actorId });
  if (filters.from) and.push({ at: { gte: vnStartOfDay(filters.from) } });
  if (filters.to) and.push({ at: { lt: vnStartOfDay(addDays(filters.to, 1)) } });
  return { AND: and };
}

const rowSelect = {
  id: true,
  at: true,
  actorId: true,
  actorRole: true,
  action: true,
  targetType: true,
  targetId: true,
  provinceCode: true,
  beforeHash: true,
  afterHash: true,
  details: true,
  ip: true,
  requestId: true,
} as const satisfies Prisma.AuditLogSelect;

export type AuditRow = Prisma.AuditLogGetPayload<{ select: typeof rowSelect }> & {
  /** The actor's current name; "—" for a deleted account, null for the system. */
  actorName: string | null;
};

export const DELETED_ACTOR = "—";

/** One page, newest first by (at, id). `nextCursor` is null on the last page. */
export async function listAudit(
  viewer: AuditViewer,
  filters: AuditFilters,
  options: { cursor?: AuditCursor | null; take?: number } = {},
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const take = options.take ?? AUDIT_PAGE_SIZE;
  const { cursor } = options;
  const where = auditWhere(viewer, filters);
  if (cursor) {
    (where.AND as Prisma.AuditLogWhereInput[]).push({
      OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }],
    });
  }
  const found = await prisma.auditLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
    select: rowSelect,
  });
  const page = found.slice(0, take);
  // No foreign key on actorId (records outlive accounts): names come from a second, small query.
  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => Boolean(id)))];
  const users = actorIds.length
    ? await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      ...r,
      actorName: r.actorId ? (names.get(r.actorId) ?? DELETED_ACTOR) : null,
    })),
    nextCursor: found.length > take && last ? encodeAuditCursor(last) : null,
  };
}

/** Every matching record, page by page (constant memory whatever the log's size). */
export async function* iterateAudit(
  viewer: AuditViewer,
  filters: AuditFilters,
  pageSize = 500,
): AsyncGenerator<AuditRow[]> {
  let cursor: AuditCursor | null = null;
  for (;;) {
    const { rows, nextCursor } = await listAudit(viewer, filters, { cursor, take: pageSize });
    if (rows.length > 0) yield rows;
    if (!nextCursor) return;
    cursor = decodeAuditCursor(nextCursor);
  }
}
