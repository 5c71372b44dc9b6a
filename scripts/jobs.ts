// npm run jobs -- expiry [--now=2027-01-31]
// Runs a scheduled job once, now, under the same lease as the server's scheduler (so it never runs
// alongside another instance), and prints its summary. Migrations must already be applied
// (`npm run db:migrate`). On embedded PGlite, stop the server first: one process per data folder.
import { parseArgs } from "node:util";
import {
  isIsoDate,
  parseOffsetDateTime,
  toVnIsoDateTime,
  vnStartOfDay,
} from "~/modules/traceability/vn-time";
import { database } from "~/utils/db.server";
import { readMigrations } from "~/utils/migrations.server";

const USAGE =
  "usage: npm run jobs -- expiry|payments [--now=YYYY-MM-DD | --now=2027-01-31T08:00+07:00]";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { now: { type: "string" } } });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const [job, ...extra] = parsed.positionals;
if ((job !== "expiry" && job !== "payments") || extra.length > 0) fail(USAGE);

// A bare date is that day in Vietnam (00:00 GMT+7), whatever the machine's zone.
const nowArg = parsed.values.now;
const now =
  nowArg === undefined ? new Date() : isIsoDate(nowArg) ? vnStartOfDay(nowArg) : parseOffsetDateTime(nowArg);
if (!now) fail(`--now: not a date: ${nowArg}\n${USAGE}`);

const db = database();
let exitCode = 0;
try {
  const applied = await db.sql
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(() => []);
  const done = new Set(applied.map((r) => r.migration_name));
  const pending = (await readMigrations()).filter((m) => !done.has(m.name));
  if (pending.length > 0) {
    console.error(`${pending.length} migration(s) not applied: run \`npm run db:migrate\` first.`);
    exitCode = 1;
  } else if (job === "payments") {
    const { runPaymentsJob, PAYMENTS_JOB } = await import("~/modules/jobs/scheduler.server");
    const run = await runPaymentsJob(now);
    if (run.ran) {
      console.log(`${PAYMENTS_JOB} at ${toVnIsoDateTime(now)}:`);
      console.table(run.result);
    } else {
      console.error(`${PAYMENTS_JOB}: another instance holds the job lease; nothing done.`);
      exitCode = 1;
    }
  } else {
    const { drainPendingEmails, runExpiryJob, EXPIRY_JOB } = await import("~/modules/jobs/scheduler.server");
    const run = await runExpiryJob({ now });
    if (run.ran) {
      // The run mails the first 100 notices; the rest now rather than at the server's next round.
      const mails = await drainPendingEmails();
      console.log(`${EXPIRY_JOB} at ${toVnIsoDateTime(now)}:`);
      console.table({ ...run.result, mailsSent: mails.sent, mailsFailed: mails.failed });
    } else {
      console.error(`${EXPIRY_JOB}: another instance holds the job lease; nothing done.`);
      exitCode = 1;
    }
  }
} finally {
  await db.close();
}
process.exit(exitCode);
