// npm run dev: Vite dev server with hot reload inside the same Express app as production.
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "vite";
import { database } from "~/utils/db.server";
import { migrate, readMigrations } from "~/utils/migrations.server";
import { createApp } from "../server/app";

await migrate(database().sql, await readMigrations());
const vite = await createServer({ server: { middlewareMode: true } });
const app = createApp({
  build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
  production: false,
  before: [vite.middlewares],
});
const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? "0.0.0.0", () => console.log(`Dev server: http://localhost:${port}`));
