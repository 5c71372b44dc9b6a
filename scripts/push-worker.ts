// npm run worker — the marketplace push worker on its own (the server runs one too unless
// PUSH_WORKER=0). Any number may run, on any instance: they share the outbox through the database.
// SIGTERM/SIGINT finish the call in flight, then exit; SIGKILL loses nothing (the lease runs out).
import { startPushWorker } from "~/modules/marketplaces/worker.server";
import { database } from "~/utils/db.server";

// WORKER_LEASE_MS: how long a claimed call stays this worker's (default 60 s); the kill -9 test
// shortens it so a second worker takes over the dead one's jobs in seconds.
const leaseMs = process.env.WORKER_LEASE_MS ? Number(process.env.WORKER_LEASE_MS) : undefined;
if (leaseMs !== undefined && !(Number.isInteger(leaseMs) && leaseMs > 0))
  throw new Error("WORKER_LEASE_MS must be a whole number of milliseconds > 0");
const worker = startPushWorker({ pauseMs: Number(process.env.WORKER_PAUSE_MS ?? 1000), leaseMs });
console.log(`push worker ${worker.workerId} started`);
const shutdown = async () => {
  await worker.stop();
  await database().close();
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
