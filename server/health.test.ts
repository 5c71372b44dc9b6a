import { describe, expect, test } from "vitest";
import { newPglite, pgliteDatabase, postgresDatabase } from "~/utils/db.server";
import { checkHealth } from "./health";

describe("/healthz", () => {
  test("reports the database up, with its kind and latency", async () => {
    const db = globalThis.__ocopDatabase!;
    const { httpStatus, body } = await checkHealth(db);
    expect(httpStatus).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: { status: "up", kind: db.sql.kind } });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test("answers 503 when the database is gone", async () => {
    const closed = pgliteDatabase(newPglite());
    await closed.close();
    expect(await checkHealth(closed)).toEqual({
      httpStatus: 503,
      body: { status: "unavailable", database: { status: "down", kind: "pglite" } },
    });
  });

  test("answers 503 within its timeout when a PostgreSQL server does not answer", async () => {
    // Nothing listens on port 9 (discard): the connection is refused or times out.
    const unreachable = postgresDatabase("postgresql://postgres@127.0.0.1:9/none?connect_timeout=1");
    const started = Date.now();
    const { httpStatus, body } = await checkHealth(unreachable, 1500);
    expect(httpStatus).toBe(503);
    expect(body.database).toEqual({ status: "down", kind: "postgres" });
    expect(Date.now() - started).toBeLessThan(3000);
    await unreachable.close().catch(() => undefined);
  });
});
