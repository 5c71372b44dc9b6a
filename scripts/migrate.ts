// npm run db:migrate — applies prisma/migrations to the embedded database or DATABASE_URL.
import { database } from "~/utils/db.server";
import { migrate, readMigrations } from "~/utils/migrations.server";

const db = database();
try {
  const applied = await migrate(db.sql, await readMigrations());
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
      : "Database is up to date.",
  );
} finally {
  await db.close();
}
