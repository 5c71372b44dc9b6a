import type { Database } from "~/utils/db.server";

export interface Health {
  status: "ok" | "unavailable";
  database: { status: "up" | "down"; kind: "pglite" | "postgres"; latencyMs?: number };
}

/** What /healthz answers: 200 when the database answers within the timeout, else 503. */
export async function checkHealth(
  db: Database,
  timeoutMs = 2000,
): Promise<{ httpStatus: number; body: Health }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.sql.query("SELECT 1"),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), timeoutMs))),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    return {
      httpStatus: 200,
      body: { status: "ok", database: { status: "up", kind: db.sql.kind, latencyMs } },
    };
  } catch {
    return {
      httpStatus: 503,
      body: { status: "unavailable", database: { status: "down", kind: db.sql.kind } },
    };
  } finally {
    clearTimeout(timer);
  }
}
