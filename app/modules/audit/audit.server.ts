import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { Prisma } from "~/generated/prisma/client";
import { canonicalJson } from "~/modules/traceability/hash-chain";
import { prisma } from "~/utils/db.server";

/** Who acted: a signed-in user, or the system (scheduled jobs) with a null id. */
export interface AuditActor {
  id: string | null;
  role: string;
}

/** Where the request came from: kept with every record so an incident can be traced. */
export interface AuditOrigin {
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  target: { type: string; id: string };
  provinceCode?: string | null;
  /** The record before and after: only their hashes are stored (no personal data in the log). */
  before?: unknown;
  after?: unknown;
  /** Small, non-personal facts worth reading later (a decision's reasons, a role's new value). */
  details?: Prisma.InputJsonValue;
  origin?: AuditOrigin;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, role: "SYSTEM" };

/** SHA-256 of the canonical JSON of a value: equal content, equal hash, whatever the key order. */
export function contentHash(value: unknown): string {
  // Through JSON first so Dates and Prisma's JSON values hash as the strings they serialise to.
  const plain: unknown = JSON.parse(JSON.stringify(value ?? null));
  return createHash("sha256").update(canonicalJson(plain)).digest("hex");
}

export function auditOrigin(context: AppLoadContext | undefined): AuditOrigin {
  return { ip: context?.clientIp ?? null, requestId: context?.requestId ?? null };
}

/**
 * Appends one record. Pass the transaction that makes the change so the record and the change
 * commit together or not at all. The table refuses UPDATE, DELETE and TRUNCATE (trigger).
 */
export function recordAudit(entry: AuditEntry, db: Prisma.TransactionClient = prisma) {
  return db.auditLog.create({
    data: {
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      provinceCode: entry.provinceCode ?? null,
      beforeHash: entry.before === undefined ? null : contentHash(entry.before),
      afterHash: entry.after === undefined ? null : contentHash(entry.after),
      details: entry.details ?? {},
      ip: entry.origin?.ip ?? null,
      requestId: entry.origin?.requestId ?? null,
    },
    select: { id: true },
  });
}
