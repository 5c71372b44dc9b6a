// The server the Playwright journeys run against: a production build on a fresh database
// (PGlite in a temp folder, or DATABASE_URL), migrated and seeded with the demo data and the
// journeys' own fixtures (test/e2e/fixtures/).
import { rmSync } from "node:fs";
import { teeOutputToFile } from "../../server/logging";

// All this server prints is also kept in data/e2e-logs/<port>.log, for scripts/check-logs.ts.
teeOutputToFile(`data/e2e-logs/${process.env.PORT ?? 3000}.log`);

process.env.NODE_ENV = "production";
process.env.SESSION_SECRETS ??= "e2e-secret-new,e2e-secret-old";
if (!process.env.DATABASE_URL && process.env.PGLITE_DIR)
  rmSync(process.env.PGLITE_DIR, { recursive: true, force: true });

// VNPay: the project's simulator, one per server (IPNs come back to this server's port).
const { startDemoVnpay } = await import("../../scripts/vnpay-simulator/demo");
const appPort = Number(process.env.PORT ?? 3000);
await startDemoVnpay({ appPort, simPort: appPort + 1000 });
const { startDemoMarketplace } = await import("../../scripts/marketplace-simulator/demo");
// Reviews take a few seconds, as on a real marketplace: the operator's journey sees the progress
// bar move rather than jump from empty to full.
process.env.MARKET_APPROVAL_DELAY_MS ??= "3000";
await startDemoMarketplace({ port: appPort + 1010 });

const { database } = await import("~/utils/db.server");
const { migrate, readMigrations } = await import("~/utils/migrations.server");
const { seedAdminUnits } = await import("../../prisma/seed/admin-units");
const { seedDemo } = await import("../../prisma/seed/demo");
await migrate(database().sql, await readMigrations());
await seedAdminUnits(database().prisma);
await seedDemo(database().prisma, { photoWidth: 800 });
const { seedMarketplaceFixture } = await import("./fixtures/marketplace");
await seedMarketplaceFixture(database().prisma, { photoWidth: 640 });
const { startServer } = await import("../../server/index");
const { url } = await startServer();
console.log(`e2e server ready at ${url}`);
