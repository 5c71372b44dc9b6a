import path from "node:path";
import { randomUUID } from "node:crypto";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { database } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import type { AppContext } from "~/utils/load-context";
import { checkHealth } from "./health";
import { PageCache } from "./page-cache";
import { cachingRequestHandler } from "./http-cache";
import { cspNonce, hostCheck, originCheck, securityHeaders } from "./security";

export interface CreateAppOptions {
  /** The Remix server build, or a loader of it (the dev server passes Vite's). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  production: boolean;
  /** Where the client build lives (hashed assets under assets/). */
  clientDir?: string;
  /** Extra middleware mounted before Remix (Vite's dev middleware). */
  before?: express.RequestHandler[];
}

export function createApp(options: CreateAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  if (env().TRUST_PROXY === "1") app.set("trust proxy", 1);

  app.use((req, res, next) => {
    res.locals.requestId = req.get("x-request-id")?.slice(0, 64) || randomUUID();
    res.set("X-Request-Id", res.locals.requestId);
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const { httpStatus, body } = await checkHealth(database());
    res.status(httpStatus).set("Cache-Control", "no-store").json(body);
  });

  // After /healthz: a load balancer's health check may use any host.
  if (options.production) app.use(hostCheck(env().APP_ORIGIN));

  app.use(compression());
  app.use(cspNonce);
  app.use(securityHeaders(options.production));

  for (const handler of options.before ?? []) app.use(handler);

  if (options.clientDir) {
    // Vite fingerprints everything under assets/: cache it forever.
    app.use(
      "/assets",
      express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y" }),
    );
    // favicon.svg and the like keep their names: an hour, then revalidated (ETag/Last-Modified).
    // Only paths that look like files reach it: a page request would cost a failed stat().
    const publicFiles = express.static(options.clientDir, { maxAge: "1h" });
    app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  }
  // Photo variants (and cached Open Graph images) are named by content hash: they never change.
  app.use(
    "/media",
    express.static(path.resolve(env().MEDIA_DIR), { immutable: true, maxAge: "1y", index: false }),
  );

  app.use(originCheck({ allowedOrigins: env().APP_ORIGIN ? [env().APP_ORIGIN!] : undefined }));

  // Remix, with conditional GET (ETag / 304) for cacheable answers: see http-cache.ts.
  app.all(
    "*",
    cachingRequestHandler({
      handle: createRequestHandler(options.build, options.production ? "production" : "development"),
      pageCache: options.production ? pageCache() : undefined,
      getLoadContext: (req, res): AppContext => ({
        cspNonce: res.locals.cspNonce,
        requestId: res.locals.requestId,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );
  return app;
}

/** PAGE_CACHE_TTL_MS=0 turns it off (the benchmark measures both). */
function pageCache(): PageCache | undefined {
  const { PAGE_CACHE_TTL_MS, PAGE_CACHE_MB } = env();
  if (PAGE_CACHE_TTL_MS <= 0) return undefined;
  return new PageCache({
    ttlMs: PAGE_CACHE_TTL_MS,
    // A minute more (and no longer than the pages' own stale-while-revalidate) while one request
    // renders it again.
    staleMs: 60_000,
    maxBytes: PAGE_CACHE_MB * 1024 * 1024,
    clock: async () => {
      const db = database();
      const [row] = await (db.side ?? db.sql).query<{ clock: string }>(
        `SELECT "last_value"::text AS "clock" FROM "catalogue_clock"`,
      );
      return row?.clock ?? "";
    },
  });
}
