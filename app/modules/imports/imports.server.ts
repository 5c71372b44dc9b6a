// Bulk import of products from a spreadsheet, as an ImportJob:
//   1. the file is read at once (parse.ts) and a job is created with its row count;
//   2. rows are validated in chunks of CHUNK_ROWS (schema, duplicates in the file, then the database:
//      commune codes, GTINs of other products); after each chunk the job's counters are saved, so
//      the page can show progress (createdRows/updatedRows count the rows that WILL be created or
//      updated until the job is DONE);
//   3. the valid rows are written in ONE transaction: all of them or none. A row whose code (sku)
//      the producer already has updates that product (never its review status); a new code creates
//      a DRAFT product. Unchanged rows are not written, so re-importing a file changes nothing.
// Files of up to BACKGROUND_ROWS rows are imported within the request; larger ones run in the
// background of this process and the page polls the job.
import { createHash, randomUUID } from "node:crypto";
import type { TFunction } from "i18next";
import { Prisma } from "~/generated/prisma/client";
import { recordChange, type ProducerAccess } from "~/modules/producers/access.server";
import { randomPublicId, uniqueSlug } from "~/utils/slug";
import { isValidGtin } from "~/modules/products/gtin";
import { REVIEWED_FIELDS } from "~/modules/products/product-schema";
import { producerActor } from "~/modules/products/submit.server";
import { EDITABLE_STATUSES, type ProductStatus } from "~/modules/reviews/state-machine";
import { applyTransition } from "~/modules/reviews/transitions.server";
import { prisma } from "~/utils/db.server";
import { IMPORT_FIELDS, type ImportField } from "./columns";
import {
  insertProducts,
  recordProductChanges,
  updateProducts,
  type NewProduct,
  type ProductChange,
  type ProductChangeRecord,
  type WritableField,
} from "./bulk.server";
import {
  createRowValidator,
  readSpreadsheet,
  type ImportedProduct,
  type ImportIssue,
  type RawRow,
} from "./parse";

export { MAX_FILE_BYTES } from "./parse";

export const BACKGROUND_ROWS = 500;
const CHUNK_ROWS = 200;
/** Beyond this many stored issues only the first issue of each further row is kept. */
const MAX_STORED_ISSUES = 1000;
/** A job still running after this long was cut off (the process stopped): shown as failed. */
const STALE_AFTER_MS = 15 * 60 * 1000;

export const IMPORT_STATUSES = ["VALIDATING", "SAVING", "DONE", "FAILED"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export type StartResult =
  { ok: true; jobId: string; background: boolean } | { ok: false; status: 413 | 415 | 422; message: string };

/** Jobs running in this process (tests and the stale check wait on them). */
const running = new Map<string, Promise<void>>();

export function waitForImport(jobId: string): Promise<void> {
  return running.get(jobId) ?? Promise.resolve();
}

export async function runImport(access: ProducerAccess, file: File, t: TFunction): Promise<StartResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const read = await readSpreadsheet(bytes, t);
  if (!read.ok) return read;
  const { sheet } = read;
  const job = await prisma.importJob.create({
    data: {
      producerId: access.producer.id,
      fileName: cleanFileName(file.name),
      fileHash: createHash("sha256").update(bytes).digest("hex"),
      status: "VALIDATING" satisfies ImportStatus,
      totalRows: sheet.rows.length,
      createdById: access.user.id,
    },
    select: { id: true },
  });
  const notes: ImportIssue[] = sheet.ignoredHeaders.length
    ? [
        {
          row: 0,
          column: "",
          message: t("imports.ignoredColumns", {
            columns: sheet.ignoredHeaders.map((h) => `“${h}”`).join(", "),
          }),
        },
      ]
    : [];
  const work = processJob(access, job.id, sheet.rows, sheet.columns, notes, t)
    .catch((error: unknown) => failJob(job.id, error, t))
    .finally(() => running.delete(job.id));
  running.set(job.id, work);
  const background = sheet.rows.length > BACKGROUND_ROWS;
  if (!background) await work;
  return { ok: true, jobId: job.id, background };
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

function cleanFileName(name: string) {
  const base = name.split(/[\\/]/).pop()!.replace(CONTROL_CHARACTERS, "").trim();
  return (base || "tep-san-pham").slice(0, 200);
}

type Columns = Parameters<typeof createRowValidator>[0];

async function processJob(
  access: ProducerAccess,
  jobId: string,
  rows: RawRow[],
  columns: Columns,
  notes: ImportIssue[],
  t: TFunction,
) {
  const validate = createRowValidator(columns, t);
  const headerOf = new Map(columns.map((c) => [c.field, c.header]));
  const indexOf = new Map(columns.map((c) => [c.header, c.index]));
  const valid: ImportedProduct[] = [];
  // Row 0: notes about the whole file, shown above the table of issues.
  const issues: ImportIssue[] = [...notes];
  let toCreate = 0;
  let toUpdate = 0;

  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const found = await databaseIssues(access.producer.id, chunk, headerOf, t);
    const chunkValid: ImportedProduct[] = [];
    chunk.forEach((raw) => {
      const { row } = raw;
      const result = validate(raw);
      const rowIssues = result.ok ? [] : [...result.issues];
      for (const issue of found.get(row) ?? []) {
        if (!rowIssues.some((other) => other.column === issue.column)) rowIssues.push(issue);
      }
      if (rowIssues.length === 0 && result.ok) {
        valid.push(result.product);
        chunkValid.push(result.product);
        return;
      }
      rowIssues.sort((a, b) => (indexOf.get(a.column) ?? 0) - (indexOf.get(b.column) ?? 0));
      issues.push(...(issues.length < MAX_STORED_ISSUES ? rowIssues : rowIssues.slice(0, 1)));
    });
    const existing = await prisma.product.count({
      where: { producerId: access.producer.id, sku: { in: chunkValid.map((p) => p.sku) } },
    });
    toUpdate += existing;
    toCreate += chunkValid.length - existing;
    await prisma.importJob.update({
      where: { id: jobId },
      data: {
        createdRows: toCreate,
        updatedRows: toUpdate,
        errors: issues as unknown as Prisma.InputJsonValue,
      },
    });
    // Let other requests in between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }

  await prisma.importJob.update({ where: { id: jobId }, data: { status: "SAVING" satisfies ImportStatus } });
  const saved = valid.length ? await saveRows(access, jobId, valid) : { created: 0, updated: 0 };
  await prisma.importJob.update({
    where: { id: jobId },
    data: {
      status: "DONE" satisfies ImportStatus,
      createdRows: saved.created,
      updatedRows: saved.updated,
      finishedAt: new Date(),
    },
  });
}

/** Checks that need the database: the commune exists, the GTIN is not another product's. */
async function databaseIssues(
  producerId: string,
  chunk: RawRow[],
  headerOf: Map<ImportField, string>,
  t: TFunction,
): Promise<Map<number, ImportIssue[]>> {
  const issues = new Map<number, ImportIssue[]>();
  const add = (row: number, field: ImportField, message: string) => {
    const column = headerOf.get(field);
    if (column) issues.set(row, [...(issues.get(row) ?? []), { row, column, message }]);
  };
  const codes = [
    ...new Set(chunk.map((r) => r.values.originCommuneCode).filter((c) => c && /^\d{5}$/.test(c))),
  ];
  const gtinOf = (r: RawRow) => r.values.gtin?.replace(/\s/g, "");
  const gtins = [...new Set(chunk.map(gtinOf).filter((g): g is string => !!g && isValidGtin(g)))];
  const [communes, owners] = await Promise.all([
    codes.length
      ? prisma.commune.findMany({ where: { code: { in: codes as string[] } }, select: { code: true } })
      : [],
    gtins.length
      ? prisma.product.findMany({
          where: { gtin: { in: gtins } },
          select: { gtin: true, producerId: true, sku: true },
        })
      : [],
  ]);
  const knownCodes = new Set(communes.map((c) => c.code));
  const ownerOf = new Map(owners.map((o) => [o.gtin, o]));
  for (const raw of chunk) {
    const code = raw.values.originCommuneCode;
    if (code && /^\d{5}$/.test(code) && !knownCodes.has(code)) {
      add(raw.row, "originCommuneCode", t("imports.errors.unknownCommune", { code }));
    }
    const owner = ownerOf.get(gtinOf(raw) ?? "");
    if (owner && !(owner.producerId === producerId && owner.sku === raw.values.sku)) {
      add(raw.row, "gtin", t("products.errors.gtinTaken"));
    }
  }
  return issues;
}

const currentSelect = Object.fromEntries([
  ["id", true],
  ["status", true],
  ["listedAt", true],
  ["revision", true],
  ...IMPORT_FIELDS.map((f) => [f, true]),
]) as Record<"id" | "status" | "listedAt" | "revision" | ImportField, true>;
const REVIEWED: ReadonlySet<string> = new Set(REVIEWED_FIELDS);
const WRITABLE = IMPORT_FIELDS.filter((f): f is WritableField => f !== "sku");

function newProduct(product: ImportedProduct): NewProduct {
  const row = {
    id: randomUUID(),
    publicId: randomPublicId(),
    slug: uniqueSlug(product.name, "san-pham"),
    sku: product.sku,
  } as NewProduct;
  for (const field of WRITABLE) row[field] = product[field] ?? null;
  // The columns' defaults, as the product form saves them.
  row.description ??= "";
  row.minOrder ??= 1;
  row.stock ??= 0;
  return row;
}

async function saveRows(access: ProducerAccess, jobId: string, products: ImportedProduct[]) {
  const producerId = access.producer.id;
  return prisma.$transaction(
    async (tx) => {
      // Two imports of one producer at once would both create the same new codes: one waits.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`import:${producerId}`}, 0))`;
      const current = await tx.product.findMany({
        where: { producerId, sku: { in: products.map((p) => p.sku) } },
        select: currentSelect,
      });
      const bySku = new Map(current.map((p) => [p.sku, p]));
      const creates: NewProduct[] = [];
      const updates: ProductChange[] = [];
      const changes: ProductChangeRecord[] = [];
      // Listed products keep their approved version: reviewed fields wait in a revision (as in the form).
      const revisions: { id: string; status: string; revision: Record<string, unknown> }[] = [];
      for (const product of products) {
        const before = bySku.get(product.sku);
        if (!before) {
          const row = newProduct(product);
          creates.push(row);
          changes.push({ entityId: row.id, action: "created", summary: { importJobId: jobId } });
          continue;
        }
        // A dossier under review (or rejected) is frozen, as in the form: the row is left alone.
        if (!EDITABLE_STATUSES.includes(before.status as ProductStatus)) continue;
        // An empty cell keeps the current value: an import never erases what the form saved.
        const change: ProductChange = { id: before.id };
        const fields: WritableField[] = [];
        const listed = before.listedAt !== null;
        const revision = { ...((before.revision ?? {}) as Record<string, unknown>) };
        let revised = false;
        for (const field of WRITABLE) {
          const value = product[field];
          if (value === undefined) continue;
          if (listed && REVIEWED.has(field)) {
            const proposed = field in revision ? revision[field] : before[field];
            if (value === proposed) continue;
            if (value === before[field]) delete revision[field];
            else revision[field] = value;
            revised = true;
            fields.push(field);
          } else if (value !== before[field]) {
            change[field] = value;
            fields.push(field);
          }
        }
        if (fields.length === 0) continue;
        if (Object.keys(change).length > 1) updates.push(change);
        if (revised) revisions.push({ id: before.id, status: before.status, revision });
        changes.push({ entityId: before.id, action: "updated", summary: { fields, importJobId: jobId } });
      }
      if (creates.length) await insertProducts(tx, producerId, creates);
      if (updates.length) await updateProducts(tx, producerId, updates);
      for (const { id, status, revision } of revisions) {
        const empty = Object.keys(revision).length === 0;
        await tx.product.update({
          where: { id },
          data: { revision: empty ? Prisma.DbNull : (revision as Prisma.InputJsonValue) },
        });
        if (!empty && status === "APPROVED")
          await applyTransition({ productId: id, action: "revise", actor: producerActor(access) }, tx);
      }
      if (changes.length) await recordProductChanges(tx, access, changes);
      await recordChange(
        access,
        {
          entity: "ImportJob",
          entityId: jobId,
          action: "imported",
          summary: { created: creates.length, updated: updates.length },
        },
        tx,
      );
      return { created: creates.length, updated: updates.length };
    },
    { maxWait: 30_000, timeout: 5 * 60_000 },
  );
}

async function failJob(jobId: string, error: unknown, t: TFunction) {
  const conflict = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
  if (!conflict) console.error(`Import ${jobId} failed`, error);
  await markFailed(jobId, t(conflict ? "imports.errors.conflict" : "imports.errors.failed")).catch(
    () => undefined,
  );
}

function markFailed(jobId: string, message: string) {
  return prisma.importJob.update({
    where: { id: jobId },
    data: {
      status: "FAILED" satisfies ImportStatus,
      createdRows: 0,
      updatedRows: 0,
      finishedAt: new Date(),
      errors: [{ row: 0, column: "", message }],
    },
  });
}

export interface ImportJobView {
  id: string;
  fileName: string;
  status: ImportStatus;
  totalRows: number;
  createdRows: number;
  updatedRows: number;
  /** Rows with at least one issue. */
  invalidRows: number;
  /** Valid rows that changed nothing (only meaningful once DONE). */
  unchangedRows: number;
  issues: ImportIssue[];
  /** Issues that are not in `issues` (the page shows the first ones). */
  moreIssues: number;
  createdAt: Date;
  finishedAt: Date | null;
  /** An earlier finished import of the very same file. */
  sameFileAt: Date | null;
}

function issuesOf(json: Prisma.JsonValue): ImportIssue[] {
  if (!Array.isArray(json)) return [];
  return (json as unknown[]).filter(
    (issue): issue is ImportIssue => typeof (issue as Partial<ImportIssue> | null)?.message === "string",
  );
}

const isStatus = (value: string): value is ImportStatus =>
  (IMPORT_STATUSES as readonly string[]).includes(value);

/** One job of the producer in the URL (never another producer's), with its issues. */
export async function getImportJob(
  access: ProducerAccess,
  jobId: string,
  t: TFunction,
  showIssues = 200,
): Promise<ImportJobView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) return null;
  let job = await prisma.importJob.findFirst({ where: { id: jobId, producerId: access.producer.id } });
  if (!job) return null;
  const stale =
    (job.status === "VALIDATING" || job.status === "SAVING") &&
    !running.has(job.id) &&
    Date.now() - job.createdAt.getTime() > STALE_AFTER_MS;
  if (stale) job = await markFailed(job.id, t("imports.errors.interrupted"));
  const issues = issuesOf(job.errors);
  const invalidRows = new Set(issues.filter((i) => i.row > 0).map((i) => i.row)).size;
  const earlier = await prisma.importJob.findFirst({
    where: {
      producerId: access.producer.id,
      fileHash: job.fileHash,
      status: "DONE",
      createdAt: { lt: job.createdAt },
    },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return {
    id: job.id,
    fileName: job.fileName,
    status: isStatus(job.status) ? job.status : "FAILED",
    totalRows: job.totalRows,
    createdRows: job.createdRows,
    updatedRows: job.updatedRows,
    invalidRows,
    unchangedRows: Math.max(0, job.totalRows - job.createdRows - job.updatedRows - invalidRows),
    issues: issues.slice(0, showIssues),
    moreIssues: Math.max(0, issues.length - showIssues),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    sameFileAt: earlier?.createdAt ?? null,
  };
}

export function listImportJobs(access: ProducerAccess, take = 10) {
  return prisma.importJob.findMany({
    where: { producerId: access.producer.id },
    select: {
      id: true,
      fileName: true,
      status: true,
      totalRows: true,
      createdRows: true,
      updatedRows: true,
      createdAt: true,
    },
    orderBy: { createdAt: "desc" },
    take,
  });
}
