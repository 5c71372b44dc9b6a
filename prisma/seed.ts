// npm run db:seed — applies migrations, loads the administrative units and the demo data, then
// prints the demo accounts. Safe to run any number of times (see prisma/seed/demo.ts).
import { database } from "~/utils/db.server";
import { migrate, readMigrations } from "~/utils/migrations.server";
import { seedAdminUnits } from "./seed/admin-units";
import { DEMO_ACCOUNTS, seedDemo } from "./seed/demo";

function table(rows: Record<string, string | number>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
  return [
    line(columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => String(r[c] ?? "")))),
  ].join("\n");
}

const started = performance.now();
const db = database();
try {
  const applied = await migrate(db.sql, await readMigrations());
  if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);

  const units = await seedAdminUnits(db.prisma);
  const { created } = await seedDemo(db.prisma);

  const p = db.prisma;
  const [provinces, communes, users, producers, products, photos] = await Promise.all([
    p.province.count(),
    p.commune.count(),
    p.user.count(),
    p.producer.count(),
    p.product.count(),
    p.productPhoto.count(),
  ]);
  console.log(
    `\nSeeded in ${((performance.now() - started) / 1000).toFixed(1)} s (rows written this run: ` +
      `${units.provinces} provinces, ${units.communes} communes, ${created.users} users, ` +
      `${created.producers} producers, ${created.products} products, ${created.photos} photos).`,
  );
  console.log(table([{ provinces, communes, users, producers, products, photos }]));
  console.log("\nDemo accounts:");
  console.log(
    table(
      DEMO_ACCOUNTS.map((a) => ({
        role: a.role,
        email: a.email,
        phone: a.phone ?? "",
        password: a.password,
      })),
    ),
  );
} finally {
  await db.close();
}
