// prisma/schema.prisma and the hand-written migrations must describe the same database: this file's
// database was built by running the migrations, and it must match the schema exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEmptyDatabase, type DisposableDatabase, testDatabase } from "../support/database";
import {
  type Datamodel,
  diffSchema,
  expectedSchema,
  parseDatamodel,
  readDatamodel,
} from "../support/schema-drift";

class Rollback extends Error {}

// Partial and expression indexes of the catalogue search (migration 20261201020000_catalogue_search):
// Prisma's schema language cannot express them.
const CATALOGUE_INDEXES = [
  "Product_listed_searchText_trgm_idx",
  "Product_listed_price_idx",
  "Product_listed_newest_idx",
  "Product_listed_stars_idx",
  "Product_listed_group_stars_idx",
];

let datamodel: Datamodel;
const schema = async () => (datamodel ??= await readDatamodel());

describe("schema drift", () => {
  it("the migrated database matches prisma/schema.prisma", async () => {
    const differences = await diffSchema(testDatabase().sql, await schema(), {
      allowExtraIndexes: CATALOGUE_INDEXES,
    });
    expect(differences, `Migrations and schema.prisma disagree:\n${differences.join("\n")}`).toEqual([]);
  });

  it("reports every kind of difference (checked inside a rolled-back transaction)", async () => {
    const { sql } = testDatabase();
    let differences: string[] = [];
    await sql
      .transaction(async (tx) => {
        await tx.exec(`
          ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL;
          ALTER TABLE "Product" ADD COLUMN "colourName" INTEGER;
          ALTER TABLE "ProductPhoto" DROP COLUMN "alt";
          ALTER TABLE "Session" ALTER COLUMN "id" TYPE VARCHAR(128);
          ALTER TABLE "Product" ALTER COLUMN "stock" SET DEFAULT 1;
          ALTER TABLE "User" ALTER COLUMN "updatedAt" SET DEFAULT now();
          DROP INDEX "Product_status_idx";
          CREATE UNIQUE INDEX "Producer_name_key" ON "Producer"("name");
          DROP INDEX "ProductPhoto_productId_position_idx";
          CREATE INDEX "ProductPhoto_productId_position_idx" ON "ProductPhoto"("position", "productId");
          ALTER TABLE "Session" DROP CONSTRAINT "Session_userId_fkey";
          ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId")
            REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
          ALTER TYPE "Role" ADD VALUE 'GUEST';
          CREATE TABLE "Stray" ("id" INTEGER PRIMARY KEY);
        `);
        differences = await diffSchema(tx, await schema(), { allowExtraIndexes: CATALOGUE_INDEXES });
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    // Compared as sets: the report's order follows the schema's column order, which is not the point.
    expect([...differences].sort()).toEqual(
      [
        'enum "Role": values (PRODUCER, HELPER, OFFICIAL, OPERATOR, BUYER, ADMIN, GUEST), expected (PRODUCER, HELPER, OFFICIAL, OPERATOR, BUYER, ADMIN)',
        'column "Product"."stock": default 1, expected 0',
        'column "Product"."colourName": in the database but not in schema.prisma',
        'column "ProductPhoto"."alt": missing in the database',
        'column "Session"."id": type character varying(128), expected character varying(64)',
        'table "Stray": in the database but not in schema.prisma',
        'column "User"."name": nullable, expected NOT NULL',
        'column "User"."updatedAt": default now(), expected none',
        'index "Producer_name_key": in the database but not in schema.prisma: UNIQUE btree on "Producer" (name)',
        'index "ProductPhoto_productId_position_idx": btree on "ProductPhoto" (position, productId), expected btree on "ProductPhoto" (productId, position)',
        'index "Product_status_idx": missing in the database, expected btree on "Product" (status)',
        'foreign key "Session_userId_fkey": "Session" (userId) → "User" (id) ON DELETE RESTRICT ON UPDATE CASCADE, expected "Session" (userId) → "User" (id) ON DELETE CASCADE ON UPDATE CASCADE',
      ].sort(),
    );
    // The transaction was rolled back: the database matches again.
    expect(await diffSchema(sql, await schema(), { allowExtraIndexes: CATALOGUE_INDEXES })).toEqual([]);
  });
});

// The real schema uses only part of what the differ maps; this pins the rest (Prisma's SQL for
// each construct, written as `prisma migrate diff` renders it) on a new empty database.
describe("schema drift differ", () => {
  let empty: DisposableDatabase;
  beforeAll(async () => {
    empty = await createEmptyDatabase();
  });
  afterAll(() => empty.dispose());
  beforeEach(() => empty.db.sql.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`));
  const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Color {
  RED
  GREEN @map("green")

  @@map("colour")
}

model Thing {
  id     Int      @id @default(autoincrement())
  big    BigInt   @default(-5)
  f      Float    @default(1.5)
  d      Decimal  @default(2.25)
  d2     Decimal  @db.Decimal(10, 2)
  real   Float?   @db.Real
  b      Bytes?
  tags   String[] @default([])
  cols   Color[]  @default([RED, GREEN])
  c      Color    @default(GREEN)
  j      Json     @default("{\\"b\\": [1, 2], \\"a\\": true}")
  jj     Json?    @db.Json
  g      String   @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  n      String   @map("the_name") @db.Char(3)
  dt     DateTime @db.Date
  ts     DateTime @default("2020-01-01T00:00:00Z")
  tz     DateTime @default(now()) @db.Timestamptz(6)
  s      String   @default("it's")
  flag   Boolean  @default(true)
  other  Other?   @relation(fields: [otherA, otherB], references: [a, b], onDelete: NoAction, onUpdate: Restrict)
  otherA Int?
  otherB Int?

  @@unique([otherA, otherB], map: "ab_uq")
  @@index([n(sort: Desc), f], map: "custom_idx")
  @@index([s(ops: raw("gin_trgm_ops"))], type: Gin)
  @@map("things")
}

model Other {
  a      Int
  b      Int
  things Thing[]

  @@id([a, b], map: "other_pk")
}
`;

  const SQL = `
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
CREATE TYPE "colour" AS ENUM ('RED', 'green');
CREATE TABLE "things" (
    "id" SERIAL NOT NULL,
    "big" BIGINT NOT NULL DEFAULT -5,
    "f" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "d" DECIMAL(65,30) NOT NULL DEFAULT 2.25,
    "d2" DECIMAL(10,2) NOT NULL,
    "real" REAL,
    "b" BYTEA,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cols" "colour"[] DEFAULT ARRAY['RED', 'green']::"colour"[],
    "c" "colour" NOT NULL DEFAULT 'green',
    "j" JSONB NOT NULL DEFAULT '{"b": [1, 2], "a": true}',
    "jj" JSON,
    "g" UUID NOT NULL DEFAULT gen_random_uuid(),
    "the_name" CHAR(3) NOT NULL,
    "dt" DATE NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL DEFAULT '2020-01-01 00:00:00 +00:00',
    "tz" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "s" TEXT NOT NULL DEFAULT 'it''s',
    "flag" BOOLEAN NOT NULL DEFAULT true,
    "otherA" INTEGER,
    "otherB" INTEGER,

    CONSTRAINT "things_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Other" (
    "a" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,

    CONSTRAINT "other_pk" PRIMARY KEY ("a","b")
);
CREATE UNIQUE INDEX "ab_uq" ON "things"("otherA", "otherB");
CREATE INDEX "custom_idx" ON "things"("the_name" DESC, "f");
CREATE INDEX "things_s_idx" ON "things" USING GIN ("s" gin_trgm_ops);
ALTER TABLE "things" ADD CONSTRAINT "things_otherA_otherB_fkey" FOREIGN KEY ("otherA", "otherB") REFERENCES "Other"("a", "b") ON DELETE NO ACTION ON UPDATE RESTRICT;
`;

  it("maps every type, default, index option and referential action it claims to", async () => {
    await empty.db.sql.exec(SQL);
    const model = await parseDatamodel(SCHEMA);
    expect(await diffSchema(empty.db.sql, model)).toEqual([]);

    await empty.db.sql.exec(`
      ALTER TABLE "things" ALTER COLUMN "j" SET DEFAULT '{"a": false}';
      ALTER TABLE "things" ALTER COLUMN "cols" SET DEFAULT ARRAY['RED']::"colour"[];
      ALTER TABLE "things" ALTER COLUMN "ts" SET DEFAULT '2020-01-01 00:00:01';
      DROP INDEX "custom_idx";
      CREATE INDEX "custom_idx" ON "things"("the_name", "f");
      DROP INDEX "things_s_idx";
      CREATE INDEX "things_s_idx" ON "things" USING GIN ("s" gin_trgm_ops) WHERE "flag";
      CREATE INDEX "things_lower_s_idx" ON "things" (lower("s"));
    `);
    expect(await diffSchema(empty.db.sql, model, { allowExtraIndexes: ["things_lower_s_idx"] })).toEqual([
      'column "things"."cols": default ["RED"], expected ["RED", "green"]',
      'column "things"."j": default json {"a":false}, expected json {"a":true,"b":[1,2]}',
      'column "things"."ts": default time 2020-01-01T00:00:01.000Z, expected time 2020-01-01T00:00:00.000Z',
      'index "custom_idx": btree on "things" (the_name, f), expected btree on "things" (the_name DESC, f)',
      'index "things_s_idx": gin on "things" (s gintrgmops) (expression or partial), expected gin on "things" (s gintrgmops)',
    ]);
  });

  it("fails loudly on a type it does not map", async () => {
    const model = await parseDatamodel(`
datasource db {
  provider = "postgresql"
}

model Place {
  id    Int    @id
  flags String @db.Bit(8)
}
`);
    expect(expectedSchema(model).problems).toEqual([
      "Place.flags: no database type mapped for String @db.Bit(8): extend expectedColumnType in test/support/schema-drift.ts",
    ]);
  });

  it("reports a column of an Unsupported(…) type as unknown (the DMMF leaves such fields out)", async () => {
    await empty.db.sql.exec(
      `CREATE TABLE "Place" ("id" INTEGER NOT NULL, "where" POINT NOT NULL, CONSTRAINT "Place_pkey" PRIMARY KEY ("id"));`,
    );
    const model = await parseDatamodel(`
datasource db {
  provider = "postgresql"
}

model Place {
  id    Int                  @id
  where Unsupported("point")
}
`);
    expect(await diffSchema(empty.db.sql, model)).toEqual([
      'column "Place"."where": in the database but not in schema.prisma',
    ]);
  });
});
