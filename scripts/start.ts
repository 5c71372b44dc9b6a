// npm start: one command from a fresh clone to a running portal on the embedded database.
// Builds if needed, migrates, seeds the demo data (idempotent), prints the demo accounts, serves.
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const started = performance.now();
process.env.NODE_ENV = "production";

// A demo install needs no configuration: generate a session secret once and keep it in ./data.
if (!process.env.SESSION_SECRETS) {
  const file = "./data/session-secret";
  mkdirSync("./data", { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  process.env.SESSION_SECRETS = readFileSync(file, "utf8").trim();
}

if (!existsSync("build/server/index.js") || process.env.REBUILD === "1") {
  console.log("Building the portal…");
  execSync("npx remix vite:build", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}

// No VNPay merchant configured: the project's VNPay simulator stands in (demo mode).
const { startDemoVnpay } = await import("./vnpay-simulator/demo");
const appPort = Number(process.env.PORT ?? 3000);
const vnpaySimulator = await startDemoVnpay({
  appPort,
  simPort: Number(process.env.SIM_PORT ?? appPort + 5090),
});
// No API marketplace configured: the project's marketplace simulator stands in.
const { startDemoMarketplace } = await import("./marketplace-simulator/demo");
const marketSimulator = await startDemoMarketplace({
  port: Number(process.env.MARKET_SIM_PORT ?? appPort + 5091),
});

const { database } = await import("~/utils/db.server");
const { migrate, readMigrations } = await import("~/utils/migrations.server");
await migrate(database().sql, await readMigrations());
const { seedAdminUnits } = await import("../prisma/seed/admin-units");
const { seedDemo, DEMO_ACCOUNTS } = await import("../prisma/seed/demo");
await seedAdminUnits(database().prisma);
await seedDemo(database().prisma, { log: (line) => console.log(line) });

const { startServer } = await import("../server/index");
const { url } = await startServer();
console.log(
  `\nCổng OCOP / OCOP Portal: ${url}  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
console.log(
  `Database: ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${process.env.PGLITE_DIR ?? "./data/db"}`}`,
);
if (marketSimulator) console.log(`Marketplace API: demo simulator at ${marketSimulator.url}`);
if (vnpaySimulator)
  console.log(`VNPay: demo simulator at ${vnpaySimulator.url} (set VNPAY_TMN_CODE… for a real merchant)`);
console.log("Demo accounts (demo data only — change them before real use):");
console.table(
  DEMO_ACCOUNTS.map((a) => ({ role: a.role, login: a.email, phone: a.phone ?? "", password: a.password })),
);
