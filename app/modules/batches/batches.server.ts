// Batches (lots) of a product and their farm diary: append-only, hash-chained events, their
// verification, and what is derived from them (trace URL, EPCIS document, label sheet).
import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { DiaryEventKind } from "~/generated/prisma/enums";
import { activeOcopStars } from "~/modules/certificates/status";
import { dbDate } from "~/modules/certificates/certificates.server";
import { labelSheetPdf } from "~/modules/labels/label-sheet";
import { notFound, recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { phiWarnings, type DiaryKind } from "~/modules/traceability/diary";
import { traceUrl } from "~/modules/traceability/digital-link";
import { batchToEpcisDocument } from "~/modules/traceability/epcis";
import {
  appendEvent,
  verifyChain,
  type ChainedEvent,
  type ChainVerification,
  type DiaryEventContent,
} from "~/modules/traceability/hash-chain";
import { addDays, toVnDate, toVnIsoDateTime } from "~/modules/traceability/vn-time";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { toVnLocal, type BatchInput, type DiaryEventInput, type LabelQuery } from "./batch-schema";

const UUID = z.uuid();

/** The portal's public origin for trace URLs: APP_ORIGIN, else the origin the request came to. */
export function publicOrigin(request: Request): string {
  return env().APP_ORIGIN ?? new URL(request.url).origin;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// ---- batches ----

const batchSelect = {
  id: true,
  lotNumber: true,
  growingAreaCode: true,
  producedOn: true,
  harvestedOn: true,
  expiresOn: true,
  quantity: true,
  uom: true,
  createdAt: true,
} as const;

export function listBatches(productId: string) {
  return prisma.batch.findMany({
    where: { productId },
    select: { ...batchSelect, _count: { select: { events: true } } },
    orderBy: [{ createdAt: "desc" }],
  });
}

/** A batch of this (already access-checked) product, or a 404. */
export async function requireBatch(productId: string, batchId: string | undefined) {
  const id = UUID.safeParse(batchId);
  if (!id.success) throw notFound();
  const batch = await prisma.batch.findFirst({ where: { id: id.data, productId }, select: batchSelect });
  if (!batch) throw notFound();
  return batch;
}

export async function createBatch(
  access: ProducerAccess,
  product: { id: string; shelfLifeDays: number | null },
  input: BatchInput,
): Promise<{ ok: true; id: string } | { ok: false; reason: "duplicate-lot" }> {
  // No expiry typed: the product's shelf life from the production (or harvest) day.
  const start = input.producedOn ?? input.harvestedOn;
  const expiresOn =
    input.expiresOn ?? (start && product.shelfLifeDays ? addDays(start, product.shelfLifeDays) : undefined);
  try {
    const batch = await prisma.$transaction(async (tx) => {
      const created = await tx.batch.create({
        data: {
          productId: product.id,
          lotNumber: input.lotNumber,
          growingAreaCode: input.growingAreaCode ?? null,
          producedOn: input.producedOn ? dbDate(input.producedOn) : null,
          harvestedOn: input.harvestedOn ? dbDate(input.harvestedOn) : null,
          expiresOn: expiresOn ? dbDate(expiresOn) : null,
          quantity: input.quantity ?? null,
          uom: input.uom ?? null,
          createdById: access.user.id,
        },
        select: { id: true },
      });
      await recordChange(
        access,
        {
          entity: "Batch",
          entityId: created.id,
          action: "create",
          summary: { productId: product.id, lotNumber: input.lotNumber },
        },
        tx,
      );
      return created;
    });
    return { ok: true, id: batch.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "duplicate-lot" };
    throw error;
  }
}

// ---- diary ----

const eventSelect = {
  id: true,
  batchId: true,
  seq: true,
  kind: true,
  occurredAt: true,
  place: true,
  quantity: true,
  uom: true,
  note: true,
  chemical: true,
  phiDays: true,
  photoHash: true,
  recordedById: true,
  actingForProducerId: true,
  correctsSeq: true,
  prevHash: true,
  hash: true,
  createdAt: true,
} as const;

type EventRow = Prisma.DiaryEventGetPayload<{ select: typeof eventSelect }>;

/**
 * The hashed content of a stored event. occurredAt is written back exactly as it was hashed: the
 * instant in Vietnam time with milliseconds (timestamptz(3) keeps them).
 */
export function rowContent(row: EventRow): DiaryEventContent {
  return {
    batchId: row.batchId,
    seq: row.seq,
    kind: row.kind as DiaryKind,
    occurredAt: toVnIsoDateTime(row.occurredAt),
    place: row.place,
    quantity: row.quantity,
    uom: row.uom,
    note: row.note,
    chemical: row.chemical,
    phiDays: row.phiDays,
    photoHash: row.photoHash,
    recordedById: row.recordedById,
    actingForProducerId: row.actingForProducerId,
    correctsSeq: row.correctsSeq,
  };
}

export interface Diary {
  rows: EventRow[];
  chain: ChainedEvent[];
  verification: ChainVerification;
}

export async function loadDiary(batchId: string, db: Prisma.TransactionClient = prisma): Promise<Diary> {
  const rows = await db.diaryEvent.findMany({
    where: { batchId },
    select: eventSelect,
    orderBy: { seq: "asc" },
  });
  const chain = rows.map((row) => ({ content: rowContent(row), prevHash: row.prevHash, hash: row.hash }));
  return { rows, chain, verification: verifyChain(chain) };
}

/** One event as the producer's own timeline shows it (all fields, who recorded it). */
export interface TimelineEvent {
  seq: number;
  kind: DiaryKind;
  /** For a correction, the kind of the event it (transitively) corrects. */
  standsFor: DiaryKind | null;
  occurredAt: string;
  place: string | null;
  quantity: number | null;
  uom: string | null;
  note: string | null;
  chemical: string | null;
  phiDays: number | null;
  photoHash: string | null;
  correctsSeq: number | null;
  correctedBy: number[];
  recordedBy: string | null;
  onBehalf: boolean;
}

export function diaryTimeline(diary: Diary, names: ReadonlyMap<string, string>): TimelineEvent[] {
  return diary.rows.map((row, i) => ({
    seq: row.seq,
    kind: row.kind as DiaryKind,
    standsFor: rootKind(diary.chain, diary.chain[i]!.content),
    occurredAt: row.occurredAt.toISOString(),
    place: row.place,
    quantity: row.quantity,
    uom: row.uom,
    note: row.note,
    chemical: row.chemical,
    phiDays: row.phiDays,
    photoHash: row.photoHash,
    correctsSeq: row.correctsSeq,
    correctedBy: diary.rows.filter((r) => r.correctsSeq === row.seq).map((r) => r.seq),
    recordedBy: names.get(row.recordedById) ?? null,
    onBehalf: row.actingForProducerId !== null,
  }));
}

export interface CorrectionDraft {
  seq: number;
  kind: Exclude<DiaryKind, "CORRECTION">;
  /** The diary form's values, pre-filled from the event being corrected. */
  values: Record<string, string | undefined>;
}

/** "Correct this event": the event's kind and values, for the form to start from. */
export function correctionDraft(events: readonly TimelineEvent[], seq: number): CorrectionDraft | null {
  const target = events.find((e) => e.seq === seq);
  const kind = target?.standsFor;
  if (!target || !kind || kind === "CORRECTION") return null;
  const text = (v: number | string | null) => (v == null ? undefined : String(v));
  return {
    seq,
    kind,
    values: {
      kind,
      correctsSeq: String(seq),
      occurredAt: toVnLocal(new Date(target.occurredAt)),
      place: text(target.place),
      quantity: text(target.quantity),
      uom: text(target.uom),
      note: text(target.note),
      chemical: text(target.chemical),
      phiDays: text(target.phiDays),
    },
  };
}

/** Display names of the people who recorded events (shown to the producer's own workspace only). */
export async function recorderNames(ids: readonly string[]): Promise<Map<string, string>> {
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Harvests inside a spraying's pre-harvest interval (on the corrected diary). */
export function diaryPhiWarnings(chain: readonly ChainedEvent[]) {
  try {
    return phiWarnings(chain.map((e) => e.content));
  } catch {
    return []; // a chain that does not read as a diary is reported by verification instead
  }
}

export class DiaryError extends Error {
  constructor(readonly reason: "bad-correction") {
    super(reason);
  }
}

const APPEND_ATTEMPTS = 5;

/**
 * Appends one event: in one transaction, read the chain, compute seq/prevHash/hash, insert. Two
 * writers racing for the same seq collide on unique(batchId, seq); the loser retries on the new head.
 * `photoHash` names a photo already stored (single-photo.server.ts); a correction without a new
 * photo keeps the corrected event's.
 */
export async function appendDiaryEvent(
  access: ProducerAccess,
  batchId: string,
  input: DiaryEventInput,
  photoHash: string | null = null,
): Promise<ChainedEvent> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const { chain } = await loadDiary(batchId, tx);
        let kind: DiaryKind = input.kind;
        let photo = photoHash;
        if (input.correctsSeq !== undefined) {
          const target = chain.find((e) => e.content.seq === input.correctsSeq);
          if (!target || rootKind(chain, target.content) !== input.kind)
            throw new DiaryError("bad-correction");
          kind = "CORRECTION";
          photo ??= target.content.photoHash ?? null;
        }
        const spraying = input.kind === "SPRAYING";
        const next = appendEvent(chain, {
          batchId,
          kind,
          occurredAt: toVnIsoDateTime(input.occurredAt),
          place: input.place ?? null,
          quantity: input.quantity ?? null,
          uom: input.quantity !== undefined ? (input.uom ?? null) : null,
          note: input.note ?? null,
          chemical: spraying ? (input.chemical ?? null) : null,
          phiDays: spraying ? (input.phiDays ?? null) : null,
          photoHash: photo,
          recordedById: access.user.id,
          actingForProducerId: access.viaHelper ? access.producer.id : null,
          correctsSeq: input.correctsSeq ?? null,
        });
        const { content } = next;
        const created = await tx.diaryEvent.create({
          data: {
            ...content,
            kind: content.kind as DiaryEventKind,
            occurredAt: input.occurredAt,
            prevHash: next.prevHash,
            hash: next.hash,
          },
          select: { id: true },
        });
        await recordChange(
          access,
          {
            entity: "DiaryEvent",
            entityId: created.id,
            action: kind === "CORRECTION" ? "correct" : "append",
            summary: {
              batchId,
              seq: content.seq,
              kind,
              correctsSeq: content.correctsSeq ?? null,
              photoHash: content.photoHash ?? null,
            },
          },
          tx,
        );
        return next;
      });
    } catch (error) {
      if (attempt < APPEND_ATTEMPTS && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** The kind an event stands for: a correction takes its (transitively) corrected event's kind. */
export function rootKind(chain: readonly ChainedEvent[], content: DiaryEventContent): DiaryKind | null {
  const bySeq = new Map(chain.map((e) => [e.content.seq, e.content]));
  let current = content;
  for (let hops = 0; hops <= chain.length; hops++) {
    if (current.kind !== "CORRECTION") return current.kind;
    const target = current.correctsSeq == null ? undefined : bySeq.get(current.correctsSeq);
    if (!target || target.seq >= current.seq) return null;
    current = target;
  }
  return null;
}

// ---- derived documents ----

export interface TraceProduct {
  gtin: string | null;
  publicId: string;
}

export function batchTraceUrl(
  origin: string,
  product: TraceProduct,
  batch: { lotNumber: string; expiresOn: Date | null },
): string {
  return traceUrl({
    origin,
    gtin: product.gtin,
    publicId: product.publicId,
    lot: batch.lotNumber,
    expiry: batch.expiresOn ? toVnDate(batch.expiresOn) : null,
  });
}

/** The batch's diary as an EPCIS 2.0 document (the caller has checked the chain). */
export async function batchEpcis(
  origin: string,
  productId: string,
  batch: Awaited<ReturnType<typeof requireBatch>>,
  diary: Diary,
) {
  const product = await prisma.product.findUniqueOrThrow({
    where: { id: productId },
    select: {
      name: true,
      gtin: true,
      publicId: true,
      producer: {
        select: {
          id: true,
          name: true,
          street: true,
          province: { select: { name: true } },
          commune: { select: { name: true } },
        },
      },
    },
  });
  return batchToEpcisDocument({
    origin,
    product: { name: product.name, gtin: product.gtin, publicId: product.publicId },
    producer: {
      // The producer's row id: stable and non-personal (never the tax code, which for a household
      // business is its owner's personal number).
      publicId: product.producer.id,
      name: product.producer.name,
      provinceName: product.producer.province.name,
      communeName: product.producer.commune.name,
      street: product.producer.street,
    },
    batch: {
      lotNumber: batch.lotNumber,
      growingAreaCode: batch.growingAreaCode,
      harvestedOn: batch.harvestedOn,
      expiresOn: batch.expiresOn,
      quantity: batch.quantity,
      uom: batch.uom,
    },
    events: diary.rows.map((row, i) => ({
      content: diary.chain[i]!.content,
      hash: row.hash,
      prevHash: row.prevHash,
      recordedAt: row.createdAt,
    })),
  });
}

/** A4 label sheet for some batches of one product (ids of other products are ignored). */
export async function labelSheet(
  origin: string,
  productId: string,
  query: LabelQuery,
  now = new Date(),
): Promise<Buffer | null> {
  const product = await prisma.product.findUniqueOrThrow({
    where: { id: productId },
    select: {
      name: true,
      gtin: true,
      publicId: true,
      producer: { select: { name: true } },
      certificates: {
        where: { kind: "OCOP" },
        select: { kind: true, ocopStars: true, issuedOn: true, expiresOn: true, revokedAt: true },
      },
    },
  });
  const batches = await prisma.batch.findMany({
    where: { productId, id: { in: query.batch } },
    select: { lotNumber: true, producedOn: true, harvestedOn: true, expiresOn: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  if (batches.length === 0) return null;
  // Stars print only while the OCOP certificate is in force today (a label outlives a page view).
  const ocopStars = activeOcopStars(product.certificates, now);
  return labelSheetPdf({
    size: query.size,
    copies: query.copies,
    labels: batches.map((b) => ({
      productName: product.name,
      producerName: product.producer.name,
      lot: b.lotNumber,
      producedOn: b.producedOn ?? b.harvestedOn,
      expiresOn: b.expiresOn,
      ocopStars,
      url: batchTraceUrl(origin, product, b),
    })),
  });
}
