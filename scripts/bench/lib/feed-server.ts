// A child of scripts/bench/feed.ts: serves the Google feed through its own route module
// (app/routes/marketplaces/feed.tsx, token check included) and the operators' downloads through
// streamExport (what app/routes/marketplaces/export.tsx returns, without its sign-in), on Express
// with compression() and the Remix adapter's stream writer, as server/app.ts serves them. No
// build needed. Prints `READY {"port":…}`; SIGTERM closes the database and exits.
//   GET /feeds/google.xml | /feeds/google.tsv    (the channel's secret token is looked up here)
//   GET /export/postmart.xlsx | voso.xlsx | …
// and, to see where the time goes, two answers that are only a JSON summary:
//   GET /products            every listed product read as connectors see them, nothing written
//   GET /direct/google.xml   the feed written in this process to a stream that discards it
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { listedChannelProducts } from "~/modules/marketplaces/channels.server";
import { googleFeedRss, googleFeedTsv } from "~/modules/marketplaces/feeds";
import { streamExport } from "~/modules/marketplaces/operator.server";
import { loader as feedLoader } from "~/routes/marketplaces/feed";
import { database, prisma } from "~/utils/db.server";

const origin = process.env.APP_ORIGIN ?? "https://ocop.example.vn";
const channel = await prisma.channel.findUniqueOrThrow({
  where: { id: "google" },
  select: { feedToken: true },
});
if (!channel.feedToken) throw new Error("The google channel has no feed token");
const token = channel.feedToken;

async function send(res: express.Response, response: Response) {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

const app = express();
app.use(compression());
app.get("/feeds/:file", async (req, res, next) => {
  try {
    const request = new Request(new URL(`/feeds/${token}/${req.params.file}`, origin));
    const context = { cspNonce: "", requestId: "bench", clientIp: "127.0.0.1" };
    await send(res, await feedLoader({ request, params: { token, file: req.params.file }, context }));
  } catch (error) {
    next(error);
  }
});
app.get("/export/:file", async (req, res, next) => {
  try {
    const download = streamExport(req.params.file, origin);
    if (!download) return void res.status(404).end();
    await send(
      res,
      new Response(createReadableStreamFromReadable(download.body), {
        headers: {
          "Content-Type": download.contentType,
          "Content-Disposition": `attachment; filename="${download.filename}"`,
        },
      }),
    );
  } catch (error) {
    next(error);
  }
});

app.get("/products", async (_req, res, next) => {
  try {
    let items = 0;
    for await (const _product of listedChannelProducts()) items++;
    res.json({ items, bytes: 0 });
  } catch (error) {
    next(error);
  }
});
app.get("/direct/:file", async (req, res, next) => {
  try {
    const connector = req.params.file === "google.tsv" ? googleFeedTsv : googleFeedRss;
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    // As operator.server.ts's validOnly: only what the channel takes.
    async function* valid() {
      for await (const product of listedChannelProducts())
        if (connector.validate(product).length === 0) yield product;
    }
    const { count } = await connector.write(valid(), sink);
    res.json({ items: count, bytes });
  } catch (error) {
    next(error);
  }
});

const server = app.listen(0, "127.0.0.1", () => {
  console.log(`READY ${JSON.stringify({ port: (server.address() as AddressInfo).port })}`);
});
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void database()
    .close()
    .finally(() => process.exit(0));
});
