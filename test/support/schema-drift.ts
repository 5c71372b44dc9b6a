// Compares a database against prisma/schema.prisma, the way `prisma migrate diff` would if its
// native engine could run here. The schema is read with Prisma's own parser (getDMMF, WASM), the
// database through pg_catalog, and every difference is reported at once, one line each.
//
// Checked: tables, columns (type incl. native type, nullability, default), primary keys, unique
// and plain indexes (name, columns and their order, method, sort order, operator class), foreign
// keys (name, columns, referenced table and columns, ON DELETE / ON UPDATE) and enums (values in
// order). Names follow Prisma's defaults (`Model_pkey`, `Model_a_b_key`, `Model_a_b_idx`,
// `Model_a_fkey`) unless the schema maps them. Things Prisma cannot express (CHECK constraints,
// triggers, views, functions) are not looked at; indexes it cannot express (on expressions,
// partial) must be named in `allowExtraIndexes`.
import { readFile } from "node:fs/promises";
import internals from "@prisma/internals";
import type { SqlClient } from "~/utils/db.server";

type Document = Awaited<ReturnType<typeof internals.getDMMF>>;
export type Datamodel = Document["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

const BOOKKEEPING_TABLE = "_prisma_migrations";
const MAX_IDENTIFIER = 63;

export async function readDatamodel(schemaPath = "prisma/schema.prisma"): Promise<Datamodel> {
  return parseDatamodel(await readFile(schemaPath, "utf8"));
}

export async function parseDatamodel(schema: string): Promise<Datamodel> {
  return (await internals.getDMMF({ datamodel: schema })).datamodel;
}

export interface DiffOptions {
  /** Index names present in the database on purpose although the schema cannot express them. */
  allowExtraIndexes?: string[];
}

/** Every difference between the database and the datamodel; empty when they match. */
export async function diffSchema(
  sql: SqlClient,
  datamodel: Datamodel,
  options: DiffOptions = {},
): Promise<string[]> {
  return compare(expectedSchema(datamodel), await introspect(sql), options);
}

// ---------------------------------------------------------------------------------------------
// A neutral description both sides are turned into.

interface ColumnShape {
  type: string;
  nullable: boolean;
  /** Canonical default (see canonicalDefault), or null for none. */
  default: string | null;
}

interface IndexShape {
  table: string;
  unique: boolean;
  columns: string[];
  method: string;
  descending: boolean[];
  /** Per column: a non-default operator class, or "" for the default one. */
  opclasses: string[];
  expressionOrPartial?: boolean;
}

interface ForeignKeyShape {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

interface SchemaShape {
  tables: Map<string, Map<string, ColumnShape>>;
  primaryKeys: Map<string, { name: string; columns: string[] }>;
  indexes: Map<string, IndexShape>;
  foreignKeys: Map<string, ForeignKeyShape>;
  enums: Map<string, string[]>;
  /** Problems found while reading the datamodel (an unmapped type or default). */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// Expected: from the DMMF.

const tableName = (model: Model) => model.dbName ?? model.name;
const columnName = (field: Field) => field.dbName ?? field.name;

/** Prisma's default constraint/index name, shortened the way Prisma does past 63 characters. */
function defaultName(table: string, columns: readonly string[], suffix: string): string {
  const base = [table, ...columns].join("_");
  const room = MAX_IDENTIFIER - suffix.length - 1;
  return `${base.length > room ? base.slice(0, room) : base}_${suffix}`;
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

const INDEX_METHODS: Record<string, string> = {
  BTree: "btree",
  Hash: "hash",
  Gist: "gist",
  Gin: "gin",
  SpGist: "spgist",
  Brin: "brin",
};

export function expectedSchema(datamodel: Datamodel): SchemaShape {
  const shape: SchemaShape = {
    tables: new Map(),
    primaryKeys: new Map(),
    indexes: new Map(),
    foreignKeys: new Map(),
    enums: new Map(),
    problems: [],
  };
  const enumNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enumValues = new Map(
    datamodel.enums.map((e) => [e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name]))]),
  );
  const modelsByName = new Map(datamodel.models.map((m) => [m.name, m]));
  for (const e of datamodel.enums) {
    shape.enums.set(
      e.dbName ?? e.name,
      e.values.map((v) => v.dbName ?? v.name),
    );
  }

  for (const model of datamodel.models) {
    const table = tableName(model);
    const columns = new Map<string, ColumnShape>();
    shape.tables.set(table, columns);
    const fieldColumn = (name: string) => {
      const field = model.fields.find((f) => f.name === name);
      if (!field) throw new Error(`${model.name} has no field ${name}`);
      return columnName(field);
    };

    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const where = `${table}.${columnName(field)}`;
      let type: string;
      try {
        type = expectedColumnType(field, enumNames);
      } catch (error) {
        shape.problems.push(`${where}: ${(error as Error).message}`);
        continue;
      }
      let dflt: string | null;
      try {
        const values = enumValues.get(field.type);
        dflt = expectedDefault(field, type, (v) => values?.get(v) ?? v);
      } catch (error) {
        shape.problems.push(`${where}: ${(error as Error).message}`);
        dflt = null;
      }
      // Prisma creates scalar-list columns without NOT NULL.
      columns.set(columnName(field), { type, nullable: field.isList || !field.isRequired, default: dflt });
    }

    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = modelsByName.get(field.type);
      if (!target) {
        shape.problems.push(`${table}.${field.name}: relation to unknown model ${field.type}`);
        continue;
      }
      const cols = field.relationFromFields.map(fieldColumn);
      const required = field.relationFromFields.every(
        (f) => model.fields.find((x) => x.name === f)?.isRequired,
      );
      const onDelete = field.relationOnDelete ?? (required ? "Restrict" : "SetNull");
      const onUpdate = field.relationOnUpdate ?? "Cascade";
      // The DMMF does not expose @relation(map: …): mapped foreign-key names are not supported.
      shape.foreignKeys.set(defaultName(table, cols, "fkey"), {
        table,
        columns: cols,
        refTable: tableName(target),
        refColumns: (field.relationToFields ?? []).map((name) => {
          const f = target.fields.find((x) => x.name === name);
          return f ? columnName(f) : name;
        }),
        onDelete: REFERENTIAL_ACTIONS[onDelete] ?? `unmapped action ${onDelete}`,
        onUpdate: REFERENTIAL_ACTIONS[onUpdate] ?? `unmapped action ${onUpdate}`,
      });
    }
  }

  for (const index of datamodel.indexes) {
    const model = modelsByName.get(index.model);
    if (!model) continue;
    const table = tableName(model);
    const columns = index.fields.map((f) => {
      const field = model.fields.find((x) => x.name === f.name);
      return field ? columnName(field) : f.name;
    });
    if (index.type === "id") {
      shape.primaryKeys.set(table, { name: index.dbName ?? defaultName(table, [], "pkey"), columns });
      continue;
    }
    if (index.type !== "unique" && index.type !== "normal") {
      shape.problems.push(`${table}: index type ${index.type} is not supported on PostgreSQL`);
      continue;
    }
    const unique = index.type === "unique";
    const method = index.algorithm ? INDEX_METHODS[index.algorithm] : "btree";
    if (!method) shape.problems.push(`${table}: unmapped index algorithm ${index.algorithm}`);
    shape.indexes.set(index.dbName ?? defaultName(table, columns, unique ? "key" : "idx"), {
      table,
      unique,
      columns,
      method: method ?? String(index.algorithm),
      descending: index.fields.map((f) => f.sortOrder === "desc"),
      opclasses: index.fields.map((f) => normalizeOpclass(f.operatorClass ?? "")),
    });
  }
  return shape;
}

/** `JsonbPathOps` (Prisma) and `jsonb_path_ops` (PostgreSQL) both become `jsonbpathops`. */
const normalizeOpclass = (name: string) =>
  name
    .replace(/^raw\((.*)\)$/, "$1")
    .replaceAll("_", "")
    .toLowerCase();

/** The column type as PostgreSQL's format_type() prints it (enums as `enum "Name"`). */
export function expectedColumnType(field: Field, enumNames: ReadonlyMap<string, string>): string {
  const array = field.isList ? "[]" : "";
  if (field.kind === "enum") {
    const name = enumNames.get(field.type);
    if (!name) throw new Error(`unknown enum ${field.type}`);
    return `enum "${name}"${array}`;
  }
  if (field.kind !== "scalar") throw new Error(`unmapped field kind ${field.kind} (${field.type})`);
  const [native, args = []] = field.nativeType ?? [undefined, []];
  const withArgs = (name: string) => (args.length ? `${name}(${args.join(",")})` : name);
  const precision = (name: string, zone: string) =>
    args.length ? `${name}(${args[0]}) ${zone}` : `${name} ${zone}`;
  const base = ((): string | undefined => {
    switch (`${field.type}:${native ?? ""}`) {
      case "String:":
      case "String:Text":
        return "text";
      case "String:VarChar":
        return withArgs("character varying");
      case "String:Char":
        return withArgs("character");
      case "String:Uuid":
        return "uuid";
      case "String:Inet":
        return "inet";
      case "String:Xml":
        return "xml";
      case "String:Citext":
        return "citext";
      case "Int:":
      case "Int:Integer":
        return "integer";
      case "Int:SmallInt":
        return "smallint";
      case "Int:Oid":
        return "oid";
      case "BigInt:":
      case "BigInt:BigInt":
        return "bigint";
      case "Float:":
      case "Float:DoublePrecision":
        return "double precision";
      case "Float:Real":
        return "real";
      case "Decimal:":
        return "numeric(65,30)";
      case "Decimal:Decimal":
        return withArgs("numeric");
      case "Decimal:Money":
        return "money";
      case "Boolean:":
      case "Boolean:Boolean":
        return "boolean";
      case "DateTime:":
        return "timestamp(3) without time zone";
      case "DateTime:Timestamp":
        return precision("timestamp", "without time zone");
      case "DateTime:Timestamptz":
        return precision("timestamp", "with time zone");
      case "DateTime:Date":
        return "date";
      case "DateTime:Time":
        return precision("time", "without time zone");
      case "DateTime:Timetz":
        return precision("time", "with time zone");
      case "Json:":
      case "Json:JsonB":
        return "jsonb";
      case "Json:Json":
        return "json";
      case "Bytes:":
      case "Bytes:ByteA":
        return "bytea";
      default:
        return undefined;
    }
  })();
  if (!base) {
    throw new Error(
      `no database type mapped for ${field.type}${native ? ` @db.${withArgs(native)}` : ""}: extend expectedColumnType in test/support/schema-drift.ts`,
    );
  }
  return base + array;
}

/** A field's expected database default in canonical form (see canonicalLiteral), or null. */
function expectedDefault(field: Field, type: string, enumValue: (name: string) => string): string | null {
  if (field.isUpdatedAt || field.default === undefined) return null;
  const d = field.default;
  const literal = (v: unknown, t: string) =>
    canonicalLiteral(field.kind === "enum" ? enumValue(String(v)) : String(v), t);
  if (Array.isArray(d)) return `[${d.map((v) => literal(v, type.replace(/\[\]$/, ""))).join(", ")}]`;
  if (typeof d === "object" && d !== null && "name" in d) {
    switch (d.name) {
      case "now":
        return "now()";
      case "autoincrement":
        return "autoincrement()";
      case "uuid":
      case "cuid":
      case "nanoid":
      case "ulid":
        return null; // generated by the Prisma client, not the database
      case "dbgenerated":
        return d.args.length ? `expression ${normalizeExpression(String(d.args[0]))}` : "dbgenerated()";
      default:
        throw new Error(`no database default mapped for @default(${d.name}(…)): extend expectedDefault`);
    }
  }
  return literal(d, type);
}

// ---------------------------------------------------------------------------------------------
// Canonical defaults, so `'BUYER'::"Role"` matches @default(BUYER) and `'-5'::bigint` matches -5.

function canonicalLiteral(value: string, type: string): string {
  const base = type.replace(/\(.*\)/, "");
  if (["integer", "smallint", "bigint", "oid"].includes(base) && /^-?\d+$/.test(value)) {
    return BigInt(value).toString();
  }
  if (
    ["double precision", "real", "numeric"].includes(base) &&
    value.trim() !== "" &&
    !Number.isNaN(Number(value))
  ) {
    return String(Number(value));
  }
  if (base === "boolean")
    return value.toLowerCase() === "true" ? "true" : value.toLowerCase() === "false" ? "false" : value;
  if (base === "jsonb" || base === "json") {
    try {
      return `json ${JSON.stringify(sortKeys(JSON.parse(value)))}`;
    } catch {
      return `json? ${value}`;
    }
  }
  if (base.startsWith("timestamp") || base === "date") {
    const iso = value.includes("T") || /[+-]\d\d(:?\d\d)?$|Z$/.test(value) ? value : `${value}Z`;
    const time = Date.parse(iso.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
    if (!Number.isNaN(time)) return `time ${new Date(time).toISOString()}`;
  }
  return JSON.stringify(value);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

const normalizeExpression = (expression: string) => expression.replace(/\s+/g, " ").trim().toLowerCase();

/** pg_get_expr() of a column default → canonical form for the column's type. */
function canonicalDatabaseDefault(expression: string | null, identity: string, type: string): string | null {
  if (identity) return "autoincrement()";
  if (expression === null) return null;
  const e = expression.trim();
  if (/^(CURRENT_TIMESTAMP|now\(\))$/i.test(e)) return "now()";
  if (/^nextval\('.*'::regclass\)$/.test(e)) return "autoincrement()";
  const elementType = type.replace(/\[\]$/, "");
  const array = /^ARRAY\[(.*?)\](?:::[\w\s".]+(?:\(\d+(?:,\d+)?\))?\[\])?$/s.exec(e);
  if (array) {
    const items = splitTopLevel(array[1]!).map((item) => literalText(item) ?? item);
    return `[${items.map((v) => canonicalLiteral(v, elementType)).join(", ")}]`;
  }
  const literal = literalText(e);
  if (literal !== undefined) {
    if (type.endsWith("[]") && /^\{.*\}$/s.test(literal)) {
      const inner = literal.slice(1, -1).trim();
      const items = inner ? inner.split(",").map((v) => v.trim().replace(/^"(.*)"$/, "$1")) : [];
      return `[${items.map((v) => canonicalLiteral(v, elementType)).join(", ")}]`;
    }
    return canonicalLiteral(literal, type);
  }
  return `expression ${normalizeExpression(e)}`;
}

/** `'it''s'::text` → it's; `42`, `-1.5`, `true` → themselves; anything else → undefined. */
function literalText(expression: string): string | undefined {
  const e = expression.trim().replace(/^\((.*)\)$/s, "$1");
  const quoted = /^'((?:[^']|'')*)'(?:::[\w\s".,()[\]]+)?$/s.exec(e);
  if (quoted) return quoted[1]!.replaceAll("''", "'");
  const number = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?:::[\w\s".,()[\]]+)?$/i.exec(e);
  if (number) return number[1]!;
  if (/^(true|false)$/i.test(e)) return e.toLowerCase();
  return undefined;
}

function splitTopLevel(list: string): string[] {
  const items: string[] = [];
  let current = "";
  let inQuote = false;
  let depth = 0;
  for (const ch of list) {
    if (ch === "'") inQuote = !inQuote;
    if (!inQuote && ch === "(") depth++;
    if (!inQuote && ch === ")") depth--;
    if (!inQuote && depth === 0 && ch === ",") {
      items.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

// ---------------------------------------------------------------------------------------------
// Actual: from pg_catalog (the same queries run on PGlite and PostgreSQL).

// Objects owned by an extension (pg_trgm, unaccent, …) are not the schema's business.
const notFromExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;

export async function introspect(sql: SqlClient): Promise<SchemaShape> {
  const shape: SchemaShape = {
    tables: new Map(),
    primaryKeys: new Map(),
    indexes: new Map(),
    foreignKeys: new Map(),
    enums: new Map(),
    problems: [],
  };

  const tables = await sql.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> $1 AND ${notFromExtension("pg_class", "c.oid")}`,
    [BOOKKEEPING_TABLE],
  );
  for (const t of tables) shape.tables.set(t.name, new Map());

  const columns = await sql.query<{
    table: string;
    column: string;
    type: string;
    typtype: string;
    typname: string;
    elemtyptype: string | null;
    elemtypname: string | null;
    notnull: boolean;
    default: string | null;
    identity: string;
    generated: string;
  }>(
    `SELECT c.relname AS "table", a.attname AS "column",
            format_type(a.atttypid, a.atttypmod) AS type,
            t.typtype::text AS typtype, t.typname::text AS typname,
            et.typtype::text AS elemtyptype, et.typname::text AS elemtypname,
            a.attnotnull AS notnull, pg_get_expr(ad.adbin, ad.adrelid) AS "default",
            a.attidentity::text AS identity, a.attgenerated::text AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
       LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  for (const c of columns) {
    const table = shape.tables.get(c.table);
    if (!table) continue;
    const type =
      c.typtype === "e"
        ? `enum "${c.typname}"`
        : c.elemtyptype === "e"
          ? `enum "${c.elemtypname}"[]`
          : c.type;
    table.set(c.column, {
      type,
      nullable: !c.notnull,
      default: c.generated
        ? `generated ${normalizeExpression(c.default ?? "")}`
        : canonicalDatabaseDefault(c.default, c.identity, type),
    });
  }

  const constraints = await sql.query<{
    name: string;
    table: string;
    type: string;
    columns: string[];
    ref_table: string | null;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname AS name, c.relname AS "table", con.contype::text AS type,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS columns,
            rc.relname::text AS ref_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS ref_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid
      WHERE n.nspname = current_schema() AND con.contype IN ('p', 'f') AND c.relname <> $1
      ORDER BY con.conname`,
    [BOOKKEEPING_TABLE],
  );
  const actions: Record<string, string> = {
    a: "NO ACTION",
    r: "RESTRICT",
    c: "CASCADE",
    n: "SET NULL",
    d: "SET DEFAULT",
  };
  for (const con of constraints) {
    if (con.type === "p") {
      shape.primaryKeys.set(con.table, { name: con.name, columns: con.columns });
    } else {
      shape.foreignKeys.set(con.name, {
        table: con.table,
        columns: con.columns,
        refTable: con.ref_table ?? "?",
        refColumns: con.ref_columns,
        onDelete: actions[con.on_delete] ?? con.on_delete,
        onUpdate: actions[con.on_update] ?? con.on_update,
      });
    }
  }

  const indexes = await sql.query<{
    name: string;
    table: string;
    unique: boolean;
    method: string;
    partial: boolean;
    expressions: boolean;
    columns: string[];
    options: number[];
    opclasses: string[];
  }>(
    `SELECT i.relname AS name, c.relname AS "table", ix.indisunique AS "unique", am.amname::text AS method,
            ix.indpred IS NOT NULL AS partial, ix.indexprs IS NOT NULL AS expressions,
            ARRAY(SELECT coalesce(a.attname::text, pg_get_indexdef(ix.indexrelid, k.ord::int, true))
                    FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
                   WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS columns,
            ARRAY(SELECT o::int FROM unnest(ix.indoption::int2[]) WITH ORDINALITY k(o, ord)
                   WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS options,
            ARRAY(SELECT CASE WHEN opc.opcdefault THEN '' ELSE opc.opcname::text END
                    FROM unnest(ix.indclass::oid[]) WITH ORDINALITY k(opc, ord)
                    JOIN pg_opclass opc ON opc.oid = k.opc
                   WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS opclasses
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class c ON c.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = current_schema() AND NOT ix.indisprimary AND c.relname <> $1
        AND ${notFromExtension("pg_class", "c.oid")}
      ORDER BY i.relname`,
    [BOOKKEEPING_TABLE],
  );
  for (const ix of indexes) {
    shape.indexes.set(ix.name, {
      table: ix.table,
      unique: ix.unique,
      columns: ix.columns,
      method: ix.method,
      descending: ix.options.map((o) => (o & 1) === 1),
      opclasses: ix.opclasses.map(normalizeOpclass),
      expressionOrPartial: ix.partial || ix.expressions,
    });
  }

  const enums = await sql.query<{ name: string; values: string[] }>(
    `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() AND ${notFromExtension("pg_type", "t.oid")}
      GROUP BY t.typname`,
  );
  for (const e of enums) shape.enums.set(e.name, e.values);
  return shape;
}

// ---------------------------------------------------------------------------------------------

const list = (values: readonly unknown[]) => `(${values.join(", ")})`;
const sorted = <T>(values: Iterable<T>) => [...values].sort();

function compare(expected: SchemaShape, actual: SchemaShape, options: DiffOptions): string[] {
  const out: string[] = [...expected.problems.map((p) => `schema.prisma: ${p}`), ...actual.problems];

  for (const name of sorted(new Set([...expected.enums.keys(), ...actual.enums.keys()]))) {
    const want = expected.enums.get(name);
    const have = actual.enums.get(name);
    if (!have) out.push(`enum "${name}": missing in the database`);
    else if (!want) out.push(`enum "${name}": in the database but not in schema.prisma`);
    else if (want.join() !== have.join())
      out.push(`enum "${name}": values ${list(have)}, expected ${list(want)}`);
  }

  for (const table of sorted(new Set([...expected.tables.keys(), ...actual.tables.keys()]))) {
    const want = expected.tables.get(table);
    const have = actual.tables.get(table);
    if (!have) {
      out.push(`table "${table}": missing in the database`);
      continue;
    }
    if (!want) {
      out.push(`table "${table}": in the database but not in schema.prisma`);
      continue;
    }
    for (const column of sorted(new Set([...want.keys(), ...have.keys()]))) {
      const w = want.get(column);
      const h = have.get(column);
      const where = `column "${table}"."${column}"`;
      if (!h) out.push(`${where}: missing in the database`);
      else if (!w) out.push(`${where}: in the database but not in schema.prisma`);
      else {
        if (w.type !== h.type) out.push(`${where}: type ${h.type}, expected ${w.type}`);
        if (w.nullable !== h.nullable) {
          out.push(
            `${where}: ${h.nullable ? "nullable" : "NOT NULL"}, expected ${w.nullable ? "nullable" : "NOT NULL"}`,
          );
        }
        if (w.default !== h.default && !(w.default === "dbgenerated()" && h.default !== null)) {
          out.push(`${where}: default ${h.default ?? "none"}, expected ${w.default ?? "none"}`);
        }
      }
    }
  }

  for (const table of sorted(new Set([...expected.primaryKeys.keys(), ...actual.primaryKeys.keys()]))) {
    if (!actual.tables.has(table) || !expected.tables.has(table)) continue;
    const w = expected.primaryKeys.get(table);
    const h = actual.primaryKeys.get(table);
    if (!h)
      out.push(`primary key of "${table}": missing in the database, expected ${w!.name} ${list(w!.columns)}`);
    else if (!w)
      out.push(
        `primary key of "${table}": ${h.name} ${list(h.columns)} in the database, none in schema.prisma`,
      );
    else if (w.name !== h.name || w.columns.join() !== h.columns.join()) {
      out.push(
        `primary key of "${table}": ${h.name} ${list(h.columns)}, expected ${w.name} ${list(w.columns)}`,
      );
    }
  }

  const allowed = new Set(options.allowExtraIndexes ?? []);
  for (const name of sorted(new Set([...expected.indexes.keys(), ...actual.indexes.keys()]))) {
    const w = expected.indexes.get(name);
    const h = actual.indexes.get(name);
    const describe = (i: IndexShape) =>
      `${i.unique ? "UNIQUE " : ""}${i.method} on "${i.table}" ${list(
        i.columns.map(
          (c, n) => `${c}${i.descending[n] ? " DESC" : ""}${i.opclasses[n] ? ` ${i.opclasses[n]}` : ""}`,
        ),
      )}${i.expressionOrPartial ? " (expression or partial)" : ""}`;
    if (!h) out.push(`index "${name}": missing in the database, expected ${describe(w!)}`);
    else if (!w) {
      if (!allowed.has(name))
        out.push(`index "${name}": in the database but not in schema.prisma: ${describe(h)}`);
    } else if (describe(w) !== describe(h))
      out.push(`index "${name}": ${describe(h)}, expected ${describe(w)}`);
  }

  for (const name of sorted(new Set([...expected.foreignKeys.keys(), ...actual.foreignKeys.keys()]))) {
    const w = expected.foreignKeys.get(name);
    const h = actual.foreignKeys.get(name);
    const describe = (f: ForeignKeyShape) =>
      `"${f.table}" ${list(f.columns)} → "${f.refTable}" ${list(f.refColumns)} ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`;
    if (!h) out.push(`foreign key "${name}": missing in the database, expected ${describe(w!)}`);
    else if (!w) out.push(`foreign key "${name}": in the database but not in schema.prisma: ${describe(h)}`);
    else if (describe(w) !== describe(h))
      out.push(`foreign key "${name}": ${describe(h)}, expected ${describe(w)}`);
  }
  return out;
}
