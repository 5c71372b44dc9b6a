// Production server: `npm run serve` (after `npm run build`); `npm start` wraps it with set-up.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startScheduler } from "~/modules/jobs/scheduler.server";
import { startPushWorker } from "~/modules/marketplaces/worker.server";
import { env } from "~/utils/env.server";
import { database } from "~/utils/db.server";
import { createApp } from "./app";
import { installLogRedaction } from "./logging";

export async function startServer(options: { port?: number; host?: string } = {}) {
  // Before anything can log: stack traces and job reports must not carry secrets or phone numbers.
  installLogRedaction();
  const buildDir = path.resolve("build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const app = createApp({ build, production: true, clientDir: path.join(buildDir, "client") });
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });

  // Absolute URLs (mailed links, cached pages) need a trusted origin: without one, only loopback
  // hosts are served (server/security.ts, hostCheck).
  if (!env().APP_ORIGIN)
    console.warn("[security] APP_ORIGIN is not set: only localhost is served. Set it in production.");

  // Scheduled jobs (certificate expiry, mail retries); stopped with the server.
  const scheduler = startScheduler();
  server.once("close", () => void scheduler.stop());
  // The marketplace push worker (several instances may run one: they share the outbox).
  const worker = env().PUSH_WORKER === "1" ? startPushWorker() : null;
  server.once("close", () => void worker?.stop());

  // Graceful stop: finish in-flight requests and a job run in progress, then close the database.
  // Answers from then on close their connection: a kept-alive client (a proxy's pool) would
  // otherwise keep sending on it, and the deadline below would cut its requests.
  let stopping = false;
  const answering = new Set<ServerResponse>();
  const lastOnConnection = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
  };
  server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) return lastOnConnection(res);
    answering.add(res);
    res.once("close", () => answering.delete(res));
  });
  const stop = () => {
    stopping = true;
    answering.forEach(lastOnConnection);
    const jobsStopped = Promise.all([scheduler.stop(), worker?.stop()]);
    server.close(() => void jobsStopped.then(() => database().close()).finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return { server, scheduler, url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startServer();
  console.log(`Cổng OCOP đang chạy tại ${url}`);
}
