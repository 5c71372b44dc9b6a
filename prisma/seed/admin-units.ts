// Loads Vietnam's 34 provinces and 3,321 communes (prisma/data/vn-admin-units, see SOURCE.md).
// One INSERT … ON CONFLICT per table: new codes are added, renamed or re-typed units are updated,
// unchanged rows are not touched (a second run writes nothing).
import { readFile } from "node:fs/promises";
import type { Db } from "./factories";

export interface ProvinceRow {
  code: string;
  name: string;
  type: string;
}

export interface CommuneRow extends ProvinceRow {
  provinceCode: string;
}

const DATA_DIR = new URL("../data/vn-admin-units/", import.meta.url);

async function readJson<T>(name: string): Promise<T[]> {
  const rows: unknown = JSON.parse(await readFile(new URL(name, DATA_DIR), "utf8"));
  if (!Array.isArray(rows)) throw new Error(`${name}: expected an array`);
  return rows as T[];
}

export function loadProvinces(): Promise<ProvinceRow[]> {
  return readJson<ProvinceRow>("provinces.json");
}

export function loadCommunes(): Promise<CommuneRow[]> {
  return readJson<CommuneRow>("communes.json");
}

/** Returns how many rows were inserted or changed (0 on a database that is already current). */
export async function seedAdminUnits(db: Db): Promise<{ provinces: number; communes: number }> {
  const [provinces, communes] = await Promise.all([loadProvinces(), loadCommunes()]);
  const provinceRows = provinces.map(({ code, name, type }) => ({ code, name, type }));
  const communeRows = communes.map(({ code, name, type, provinceCode }) => ({
    code,
    name,
    type,
    provinceCode,
  }));

  const provinceCount = await db.$executeRawUnsafe(
    `INSERT INTO "Province" ("code", "name", "type")
     SELECT code, name, type FROM jsonb_to_recordset($1::jsonb) AS v(code text, name text, type text)
     ON CONFLICT ("code") DO UPDATE SET "name" = EXCLUDED."name", "type" = EXCLUDED."type"
     WHERE ("Province"."name", "Province"."type") IS DISTINCT FROM (EXCLUDED."name", EXCLUDED."type")`,
    JSON.stringify(provinceRows),
  );
  const communeCount = await db.$executeRawUnsafe(
    `INSERT INTO "Commune" ("code", "name", "type", "provinceCode")
     SELECT code, name, type, "provinceCode"
     FROM jsonb_to_recordset($1::jsonb) AS v(code text, name text, type text, "provinceCode" text)
     ON CONFLICT ("code") DO UPDATE
       SET "name" = EXCLUDED."name", "type" = EXCLUDED."type", "provinceCode" = EXCLUDED."provinceCode"
     WHERE ("Commune"."name", "Commune"."type", "Commune"."provinceCode")
       IS DISTINCT FROM (EXCLUDED."name", EXCLUDED."type", EXCLUDED."provinceCode")`,
    JSON.stringify(communeRows),
  );
  return { provinces: provinceCount, communes: communeCount };
}
