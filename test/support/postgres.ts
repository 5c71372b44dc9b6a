// PostgreSQL helpers for the test harness and scripts/with-test-postgres.ts (no Vitest imports:
// the global setup and plain scripts use them too).
import { randomBytes } from "node:crypto";
import pg from "pg";

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

export function templateDatabaseName(url: string): string {
  return checkName(`${databaseName(url)}_template`);
}

export function uniqueDatabaseName(url: string): string {
  return checkName(`${databaseName(url)}_${randomBytes(5).toString("hex")}`);
}

function checkName(name: string): string {
  if (Buffer.byteLength(name) > 63) throw new Error(`Database name too long for PostgreSQL: ${name}`);
  return name;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE need one). */
export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(url: string, name: string, template?: string): Promise<void> {
  await withAdminClient(url, (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`),
  );
}

export async function dropPostgresDatabase(url: string, name: string): Promise<void> {
  await withAdminClient(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

/** Drops `name` and every database named `name_…` (templates and per-file copies of one run). */
export async function dropDatabaseFamily(url: string, name: string): Promise<string[]> {
  return withAdminClient(url, async (client) => {
    const pattern = `${name.replace(/[\\_%]/g, (c) => `\\${c}`)}\\_%`;
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2 ORDER BY datname DESC`,
      [name, pattern],
    );
    for (const { datname } of rows) {
      // Templates must lose their flag before they can be dropped.
      await client.query(`ALTER DATABASE ${quoteIdent(datname)} IS_TEMPLATE false`).catch(() => undefined);
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    }
    return rows.map((r) => r.datname);
  });
}
