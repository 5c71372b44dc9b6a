// Set-based writes for bulk import: one statement per table whatever the row count, the rows passed
// as a single JSONB parameter. Prisma's createMany/update bind one parameter per value or run one
// statement per row: 5,000 rows took 5–8 s on PGlite that way (its one connection blocked for as
// long), against well under a second here. Column names come from the constants below, never from
// input; test/integration/imports.test.ts and the schema-drift test keep them honest.
import type { Prisma } from "~/generated/prisma/client";
import type { ProducerAccess } from "~/modules/producers/access.server";
import type { ImportField } from "./columns";

type Kind = "text" | "int" | "ocop";
export type WritableField = Exclude<ImportField, "sku">;

const FIELD_KINDS: Record<WritableField, Kind> = {
  name: "text",
  ocopGroup: "ocop",
  category: "text",
  description: "text",
  unit: "text",
  packSize: "text",
  priceVnd: "int",
  minOrder: "int",
  stock: "int",
  weightGrams: "int",
  lengthMm: "int",
  widthMm: "int",
  heightMm: "int",
  shelfLifeDays: "int",
  storage: "text",
  ingredients: "text",
  originCommuneCode: "text",
  gtin: "text",
};
const FIELDS = Object.keys(FIELD_KINDS) as WritableField[];

const q = (name: string) => `"${name}"`;
const recordType = (field: WritableField) => `${q(field)} ${FIELD_KINDS[field] === "int" ? "int" : "text"}`;
const valueOf = (field: WritableField) =>
  FIELD_KINDS[field] === "ocop" ? `v.${q(field)}::"OcopGroup"` : `v.${q(field)}`;

export type NewProduct = { id: string; publicId: string; slug: string; sku: string } & Record<
  WritableField,
  string | number | null
>;

const INSERT_PRODUCTS = `
  INSERT INTO "Product" ("id", "publicId", "slug", "producerId", "sku", "status", "updatedAt", ${FIELDS.map(q).join(", ")})
  SELECT v."id", v."publicId", v."slug", $2::uuid, v."sku", 'DRAFT', CURRENT_TIMESTAMP, ${FIELDS.map(valueOf).join(", ")}
  FROM jsonb_to_recordset($1::jsonb)
    AS v("id" uuid, "publicId" text, "slug" text, "sku" text, ${FIELDS.map(recordType).join(", ")})`;

export function insertProducts(tx: Prisma.TransactionClient, producerId: string, rows: NewProduct[]) {
  return tx.$executeRawUnsafe(INSERT_PRODUCTS, JSON.stringify(rows), producerId);
}

/** Only the fields given (not null) change; the others keep their value. */
export type ProductChange = { id: string } & Partial<Record<WritableField, string | number>>;

const UPDATE_PRODUCTS = `
  UPDATE "Product" AS p
  SET "updatedAt" = CURRENT_TIMESTAMP, ${FIELDS.map((f) => `${q(f)} = COALESCE(${valueOf(f)}, p.${q(f)})`).join(", ")}
  FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, ${FIELDS.map(recordType).join(", ")})
  WHERE p."id" = v."id" AND p."producerId" = $2::uuid`;

export function updateProducts(tx: Prisma.TransactionClient, producerId: string, rows: ProductChange[]) {
  return tx.$executeRawUnsafe(UPDATE_PRODUCTS, JSON.stringify(rows), producerId);
}

export interface ProductChangeRecord {
  entityId: string;
  action: string;
  summary: Prisma.InputJsonValue;
}

const INSERT_CHANGES = `
  INSERT INTO "ChangeRecord" ("id", "producerId", "actorId", "viaHelper", "entity", "entityId", "action", "summary")
  SELECT gen_random_uuid(), $2::uuid, $3::uuid, $4::boolean, 'Product', v."entityId", v."action", v."summary"
  FROM jsonb_to_recordset($1::jsonb) AS v("entityId" text, "action" text, "summary" jsonb)`;

/** recordChange (access.server.ts) for many products at once: same actor, helper flag, producer. */
export function recordProductChanges(
  tx: Prisma.TransactionClient,
  access: ProducerAccess,
  rows: ProductChangeRecord[],
) {
  return tx.$executeRawUnsafe(
    INSERT_CHANGES,
    JSON.stringify(rows),
    access.producer.id,
    access.user.id,
    access.viaHelper,
  );
}
