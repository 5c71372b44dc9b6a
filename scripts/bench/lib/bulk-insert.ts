// Set-based inserts of the benchmark catalogue (as app/modules/imports/bulk.server.ts does): one
// statement per table and chunk, the rows passed as a single JSONB parameter. Works the same on
// PGlite and PostgreSQL.
import type { SqlClient } from "~/utils/db.server";
import type {
  BatchRow,
  CertificateRow,
  EventRow,
  PhotoRow,
  ProducerRow,
  ProductChunk,
} from "./catalogue-rows";

const INSERT_PRODUCERS = `
  INSERT INTO "Producer" ("id", "slug", "kind", "name", "provinceCode", "communeCode", "street",
    "description", "representative", "createdAt", "updatedAt")
  SELECT v."id", v."slug", v."kind"::"ProducerKind", v."name", v."provinceCode", v."communeCode", v."street",
    v."description", v."representative", v."createdAt", v."createdAt"
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "slug" text, "kind" text, "name" text,
    "provinceCode" text, "communeCode" text, "street" text, "description" text, "representative" text,
    "createdAt" timestamptz)`;

const INSERT_PRODUCTS = `
  INSERT INTO "Product" ("id", "publicId", "slug", "producerId", "name", "description", "ocopGroup",
    "ocopStars", "unit", "priceVnd", "stock", "gtin", "status", "sku", "category", "packSize",
    "minOrder", "weightGrams", "shelfLifeDays", "storage", "originCommuneCode", "submittedAt",
    "listedAt", "createdAt", "updatedAt")
  SELECT v."id", v."publicId", v."slug", v."producerId", v."name", v."description", v."ocopGroup"::"OcopGroup",
    v."ocopStars", v."unit", v."priceVnd", v."stock", v."gtin", 'APPROVED', v."sku", v."category", v."packSize",
    1, v."weightGrams", v."shelfLifeDays", v."storage", v."originCommuneCode", v."submittedAt",
    v."listedAt", v."createdAt", v."listedAt"
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "publicId" text, "slug" text, "producerId" uuid,
    "name" text, "description" text, "ocopGroup" text, "ocopStars" smallint, "unit" text, "priceVnd" int,
    "stock" int, "gtin" text, "sku" text, "category" text, "packSize" text, "weightGrams" int,
    "shelfLifeDays" int, "storage" text, "originCommuneCode" text, "submittedAt" timestamptz,
    "listedAt" timestamptz, "createdAt" timestamptz)`;

const INSERT_PHOTOS = `
  INSERT INTO "ProductPhoto" ("id", "productId", "hash", "width", "height", "placeholder", "position", "alt")
  SELECT v."id", v."productId", v."hash", v."width", v."height", v."placeholder", 0, v."alt"
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "productId" uuid, "hash" text, "width" int,
    "height" int, "placeholder" text, "alt" text)`;

const INSERT_CERTIFICATES = `
  INSERT INTO "Certificate" ("id", "producerId", "productId", "kind", "number", "issuer", "issuerLevel",
    "ocopStars", "ocopGroup", "issuedOn", "expiresOn", "createdById", "updatedAt")
  SELECT v."id", v."producerId", v."productId", 'OCOP', v."number", v."issuer", v."issuerLevel",
    v."ocopStars", v."ocopGroup"::"OcopGroup", v."issuedOn", v."expiresOn", v."createdById", CURRENT_TIMESTAMP
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "producerId" uuid, "productId" uuid, "number" text,
    "issuer" text, "issuerLevel" text, "ocopStars" smallint, "ocopGroup" text, "issuedOn" date,
    "expiresOn" date, "createdById" uuid)`;

const INSERT_BATCHES = `
  INSERT INTO "Batch" ("id", "productId", "lotNumber", "growingAreaCode", "producedOn", "harvestedOn",
    "expiresOn", "quantity", "uom", "createdById")
  SELECT v."id", v."productId", v."lotNumber", v."growingAreaCode", v."producedOn", v."harvestedOn",
    v."expiresOn", v."quantity", v."uom", v."createdById"
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "productId" uuid, "lotNumber" text,
    "growingAreaCode" text, "producedOn" date, "harvestedOn" date, "expiresOn" date,
    "quantity" double precision, "uom" text, "createdById" uuid)`;

const INSERT_EVENTS = `
  INSERT INTO "DiaryEvent" ("id", "batchId", "seq", "kind", "occurredAt", "place", "quantity", "uom",
    "note", "chemical", "phiDays", "recordedById", "prevHash", "hash")
  SELECT v."id", v."batchId", v."seq", v."kind"::"DiaryEventKind", v."occurredAt", v."place", v."quantity",
    v."uom", v."note", v."chemical", v."phiDays", v."recordedById", v."prevHash", v."hash"
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "batchId" uuid, "seq" int, "kind" text,
    "occurredAt" timestamptz, "place" text, "quantity" double precision, "uom" text, "note" text,
    "chemical" text, "phiDays" int, "recordedById" uuid, "prevHash" text, "hash" text)`;

export async function insertProducers(sql: SqlClient, rows: ProducerRow[]): Promise<void> {
  await sql.query(INSERT_PRODUCERS, [JSON.stringify(rows)]);
}

export type TableTimes = Record<"products" | "photos" | "certificates" | "batches" | "events", number>;

/** Inserts one chunk in one transaction; adds each table's time (ms) to `times`. */
export async function insertChunk(sql: SqlClient, chunk: ProductChunk, times: TableTimes): Promise<void> {
  const steps: [keyof TableTimes, string, (ProductChunk[keyof ProductChunk][number] | undefined)[]][] = [
    ["products", INSERT_PRODUCTS, chunk.products],
    ["photos", INSERT_PHOTOS, chunk.photos satisfies PhotoRow[]],
    ["certificates", INSERT_CERTIFICATES, chunk.certificates satisfies CertificateRow[]],
    ["batches", INSERT_BATCHES, chunk.batches satisfies BatchRow[]],
    ["events", INSERT_EVENTS, chunk.events satisfies EventRow[]],
  ];
  await sql.transaction(async (tx) => {
    for (const [table, statement, rows] of steps) {
      if (!rows.length) continue;
      const started = performance.now();
      await tx.query(statement, [JSON.stringify(rows)]);
      times[table] += performance.now() - started;
    }
  });
}
