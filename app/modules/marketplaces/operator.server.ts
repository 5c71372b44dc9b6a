// The operators' marketplace desk: what each channel holds, which listed products each channel
// would take (and why not), pushes to API channels through the outbox with their progress, and the
// file channels' downloads and the Google feed at its secret URL, streamed in constant memory.
import { createHash, timingSafeEqual } from "node:crypto";
import { PassThrough, pipeline, Readable } from "node:stream";
import type { Prisma } from "~/generated/prisma/client";
import { loadDiary } from "~/modules/batches/batches.server";
import { queryTokens } from "~/modules/catalogue/search-params";
import { vnDateOf } from "~/modules/traceability/vn-time";
import { database, prisma } from "~/utils/db.server";
import { apiConnectorFor, channelProducts, listedChannelProducts } from "./channels.server";
import type { ChannelProduct, FileConnector, ValidationProblem } from "./connector";
import { epcisDocumentForBatches, writeEpcisJson, type ExportBatch } from "./epcis-export";
import {
  feedStream,
  googleFeedRss,
  googleFeedTsv,
  validateForGoogle,
  type GoogleFeedConnector,
} from "./feeds";
import {
  CHANNEL_IDS,
  CHOICES_PAGE_SIZE,
  EXPORT_FILES,
  FEED_FILES,
  MAX_TABLE_ROWS,
  RETRYABLE_STATES,
  type ChannelId,
  type ExportFile,
} from "./marketplace-views";
import { API_CHANNELS, enqueuePush, retryListings } from "./outbox.server";
import { postmartXlsx, vosoXlsx } from "./spreadsheets";

/** A refusal the operator can act on: `key` names its message (marketplaces.errors.*). */
export class MarketplaceInputError extends Error {
  constructor(readonly key: "noApiChannel" | "apiNotConfigured" | "channelDisabled" | "nothingValid") {
    super(key);
    this.name = "MarketplaceInputError";
  }
}

export type PushScope =
  { kind: "products"; productIds: string[] } | { kind: "province"; provinceCode: string };

const isApiChannel = (id: string) => (API_CHANNELS as readonly string[]).includes(id);

type Validate = (product: ChannelProduct) => ValidationProblem[];

/** A channel's own rules, or null when it cannot take anything here (API not configured). */
function validatorFor(channelId: ChannelId): Validate | null {
  switch (channelId) {
    case "market-api":
      return apiConnectorFor(channelId)?.validate ?? null;
    case "google":
      return validateForGoogle;
    case "postmart":
      return postmartXlsx.validate;
    case "voso":
      return vosoXlsx.validate;
  }
}

function reasonList(value: Prisma.JsonValue): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

// ---- overview ----

export interface ChannelCard {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  /** API channels: whether this server has its credentials; others are always usable. */
  configured: boolean;
  counts: Record<string, number>;
  /** The Google feed's secret URLs (absolute). */
  feeds: { xml: string; tsv: string } | null;
}

export async function channelOverview(origin: string): Promise<ChannelCard[]> {
  const [channels, groups] = await Promise.all([
    prisma.channel.findMany({ select: { id: true, name: true, kind: true, enabled: true, feedToken: true } }),
    prisma.channelListing.groupBy({ by: ["channelId", "state"], _count: { _all: true } }),
  ]);
  const order = (id: string) => {
    const i = (CHANNEL_IDS as readonly string[]).indexOf(id);
    return i === -1 ? CHANNEL_IDS.length : i;
  };
  return channels
    .sort((a, b) => order(a.id) - order(b.id))
    .map((c) => {
      const counts: Record<string, number> = {};
      for (const g of groups) if (g.channelId === c.id) counts[g.state] = g._count._all;
      const feed = (file: string) => new URL(`/feeds/${c.feedToken}/${file}`, origin).href;
      return {
        id: c.id,
        name: c.name,
        kind: c.kind,
        enabled: c.enabled,
        configured: c.kind !== "api" || apiConnectorFor(c.id) !== null,
        counts,
        feeds: c.id === "google" && c.feedToken ? { xml: feed("google.xml"), tsv: feed("google.tsv") } : null,
      };
    });
}

// ---- the product chooser ----

/** Lower-case, without Vietnamese marks: how Product.searchText is stored. */
const unaccent = (word: string) =>
  word.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();

export async function productChoices(input: { provinceCode?: string; q?: string; cursor?: string }) {
  const tokens = queryTokens(input.q).map(unaccent);
  const where: Prisma.ProductWhereInput = {
    listedAt: { not: null },
    ...(input.provinceCode ? { producer: { provinceCode: input.provinceCode } } : {}),
    AND: tokens.map((t) => ({ searchText: { contains: t } })),
  };
  const after = input.cursor
    ? await prisma.product.findFirst({ where: { id: input.cursor }, select: { id: true, name: true } })
    : null;
  const [rows, total, provinces] = await Promise.all([
    prisma.product.findMany({
      where: after
        ? { AND: [where, { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }] }
        : where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: CHOICES_PAGE_SIZE + 1,
      select: {
        id: true,
        name: true,
        slug: true,
        ocopStars: true,
        producer: { select: { name: true, province: { select: { name: true } } } },
      },
    }),
    prisma.product.count({ where }),
    database().sql.query<{ code: string; name: string; count: number }>(
      `SELECT pv."code", pv."name", count(*)::int AS "count"
         FROM "Product" p
         JOIN "Producer" pr ON pr."id" = p."producerId"
         JOIN "Province" pv ON pv."code" = pr."provinceCode"
        WHERE p."listedAt" IS NOT NULL
        GROUP BY pv."code", pv."name"
        ORDER BY pv."name"`,
    ),
  ]);
  const page = rows.slice(0, CHOICES_PAGE_SIZE);
  return {
    items: page.map((p) => ({
      id: p.id,
      name: p.name,
      slug: p.slug,
      stars: p.ocopStars,
      producer: p.producer.name,
      province: p.producer.province.name,
    })),
    total,
    next: rows.length > CHOICES_PAGE_SIZE ? page.at(-1)!.id : null,
    provinces,
  };
}

async function* scopeProducts(scope: PushScope): AsyncGenerator<ChannelProduct> {
  if (scope.kind === "province") yield* listedChannelProducts({ provinceCode: scope.provinceCode });
  else yield* await channelProducts(scope.productIds);
}

// ---- preview ----

export interface PreviewRow {
  productId: string;
  name: string;
  slug: string;
  /** Per channel: its problems (Vietnamese), [] when the channel takes the product. */
  problems: Partial<Record<ChannelId, string[]>>;
}

export interface Preview {
  channelIds: ChannelId[];
  /** Chosen channels that cannot be checked here (API channel without credentials). */
  unavailable: ChannelId[];
  products: number;
  totals: Partial<Record<ChannelId, { valid: number; invalid: number }>>;
  /** Products every chosen API channel takes: what a push would queue. */
  pushable: number;
  /** Products with a problem first; at most MAX_TABLE_ROWS. */
  rows: PreviewRow[];
  truncated: boolean;
}

export async function previewPush(input: { channelIds: ChannelId[]; scope: PushScope }): Promise<Preview> {
  const checks = input.channelIds.map((id) => [id, validatorFor(id)] as const);
  const usable = checks.filter((c): c is readonly [ChannelId, Validate] => c[1] !== null);
  const apiChosen = usable.filter(([id]) => isApiChannel(id));
  const totals: Preview["totals"] = {};
  for (const [id] of usable) totals[id] = { valid: 0, invalid: 0 };
  const rows: PreviewRow[] = [];
  let pushable = 0;
  for await (const product of scopeProducts(input.scope)) {
    const problems: PreviewRow["problems"] = {};
    for (const [id, validate] of usable) {
      const found = validate(product).map((p) => p.message);
      problems[id] = found;
      totals[id]![found.length ? "invalid" : "valid"]++;
    }
    if (apiChosen.length && apiChosen.every(([id]) => problems[id]!.length === 0)) pushable++;
    rows.push({ productId: product.id, name: product.name, slug: product.slug, problems });
  }
  const bad = (r: PreviewRow) => Object.values(r.problems).some((p) => p.length > 0);
  const sorted = [...rows.filter(bad), ...rows.filter((r) => !bad(r))];
  return {
    channelIds: input.channelIds,
    unavailable: checks.filter(([, v]) => v === null).map(([id]) => id),
    products: rows.length,
    totals,
    pushable,
    rows: sorted.slice(0, MAX_TABLE_ROWS),
    truncated: sorted.length > MAX_TABLE_ROWS,
  };
}

// ---- pushes ----

/**
 * Queues the products every chosen API channel takes (file channels are downloads and feeds, not
 * pushes); the rest are left out and counted in the push's scope.
 */
export async function startPush(
  operator: { id: string },
  input: { channelIds: ChannelId[]; scope: PushScope },
): Promise<{ pushId: string; queued: number; skipped: number }> {
  const apiIds = input.channelIds.filter(isApiChannel);
  if (apiIds.length === 0) throw new MarketplaceInputError("noApiChannel");
  const rows = await prisma.channel.findMany({ where: { id: { in: apiIds } }, select: { enabled: true } });
  if (rows.length !== apiIds.length || rows.some((r) => !r.enabled))
    throw new MarketplaceInputError("channelDisabled");
  const validators = apiIds.map(validatorFor);
  if (validators.some((v) => v === null)) throw new MarketplaceInputError("apiNotConfigured");
  const valid: string[] = [];
  let skipped = 0;
  for await (const product of scopeProducts(input.scope)) {
    if (validators.every((v) => v!(product).length === 0)) valid.push(product.id);
    else skipped++;
  }
  if (valid.length === 0) throw new MarketplaceInputError("nothingValid");
  const push = await enqueuePush({
    operatorId: operator.id,
    channelIds: apiIds,
    productIds: valid,
    scope: {
      ...(input.scope.kind === "province"
        ? { kind: "province", provinceCode: input.scope.provinceCode }
        : { kind: "products", chosen: input.scope.productIds.length }),
      queued: valid.length,
      skipped,
      fileChannels: input.channelIds.filter((id) => !isApiChannel(id)),
    },
  });
  return { pushId: push.id, queued: valid.length, skipped };
}

export interface ProgressRow {
  channelId: string;
  productId: string;
  name: string;
  slug: string | null;
  jobStatus: string;
  attempts: number;
  outcome: string | null;
  lastError: string | null;
  listingState: string | null;
  reasons: string[];
  url: string | null;
  retryable: boolean;
}

/** Listing states in which the marketplace has not decided yet. */
const UNDECIDED_STATES = new Set(["PENDING", "QUEUED", "AWAITING_APPROVAL"]);

type Settled = "accepted" | "rejected" | "dead" | "superseded";

/**
 * How one delivery of a push ended, or null while it is on its way or the marketplace is still
 * reviewing it: a push is only done once every product has its verdict (a rejection on review
 * counts as a rejection), so the page keeps refreshing until the reasons are there. A retried
 * listing is PENDING again, so the push it came from follows the retry too.
 */
function settledAs(
  job: { status: string; outcome: string | null },
  listing: { state: string; desired: string } | undefined,
): Settled | null {
  if (job.status === "DEAD") return "dead";
  if (job.status !== "DONE") return null;
  if (job.outcome === "superseded") return "superseded";
  if (listing && listing.desired === "LISTED" && UNDECIDED_STATES.has(listing.state)) return null;
  if (listing?.state === "DEAD") return "dead";
  if (job.outcome === "rejected" || listing?.state === "REJECTED") return "rejected";
  return "accepted";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A push's progress, or null when there is no such push. */
export async function pushProgress(pushId: string | undefined) {
  if (!pushId || !UUID.test(pushId)) return null;
  const push = await prisma.push.findUnique({
    where: { id: pushId },
    select: { id: true, channelIds: true, total: true, createdAt: true },
  });
  if (!push) return null;
  const jobs = await prisma.pushJob.findMany({
    where: { pushId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      channelId: true,
      productId: true,
      status: true,
      attempts: true,
      outcome: true,
      lastError: true,
    },
  });
  const productIds = [...new Set(jobs.map((j) => j.productId))];
  const [products, listings] = await Promise.all([
    prisma.product.findMany({
      where: { id: { in: productIds } },
      select: { id: true, name: true, slug: true },
    }),
    prisma.channelListing.findMany({
      where: { productId: { in: productIds }, channelId: { in: push.channelIds } },
      select: { channelId: true, productId: true, state: true, desired: true, reasons: true, url: true },
    }),
  ]);
  const productById = new Map(products.map((p) => [p.id, p]));
  const listingOf = new Map(listings.map((l) => [`${l.channelId}:${l.productId}`, l]));
  const done = { accepted: 0, rejected: 0, dead: 0, superseded: 0 };
  let inFlight = 0;
  const listingCounts: Record<string, number> = {};
  const unsettled = new Set<ProgressRow>();
  const rows: ProgressRow[] = jobs.map((job) => {
    const listing = listingOf.get(`${job.channelId}:${job.productId}`);
    const settled = settledAs(job, listing);
    if (settled) done[settled]++;
    else inFlight++;
    if (listing) listingCounts[listing.state] = (listingCounts[listing.state] ?? 0) + 1;
    const product = productById.get(job.productId);
    const row: ProgressRow = {
      channelId: job.channelId,
      productId: job.productId,
      name: product?.name ?? job.productId,
      slug: product?.slug ?? null,
      jobStatus: job.status,
      attempts: job.attempts,
      outcome: job.outcome,
      lastError: job.lastError,
      listingState: listing?.state ?? null,
      reasons: listing ? reasonList(listing.reasons) : [],
      url: listing?.url ?? null,
      retryable: !!listing && listing.desired === "LISTED" && RETRYABLE_STATES.includes(listing.state),
    };
    if (!settled) unsettled.add(row);
    return row;
  });
  const finished = done.accepted + done.rejected + done.dead + done.superseded;
  const total = Math.max(push.total, jobs.length);
  const rank = (r: ProgressRow) => (r.retryable ? 0 : unsettled.has(r) ? 1 : 2);
  const sorted = [...rows].sort((a, b) => rank(a) - rank(b));
  return {
    push: {
      id: push.id,
      channelIds: push.channelIds,
      createdAt: push.createdAt.toISOString(),
    },
    total,
    finished,
    done,
    inFlight,
    percent: total === 0 ? 100 : Math.floor((finished * 100) / total),
    listingCounts,
    rows: sorted.slice(0, MAX_TABLE_ROWS),
    truncated: sorted.length > MAX_TABLE_ROWS,
  };
}

export type PushProgress = NonNullable<Awaited<ReturnType<typeof pushProgress>>>;

/** The latest pushes, newest first, with how far each got. */
export async function pushHistory(limit = 20) {
  const pushes = await prisma.push.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, channelIds: true, total: true, createdAt: true, operatorId: true },
  });
  const ids = pushes.map((p) => p.id);
  const [groups, operators] = await Promise.all([
    // Each job with its listing's state, counted: a rejection on review shows here as on the page.
    ids.length === 0
      ? []
      : database().sql.query<{
          pushId: string;
          status: string;
          outcome: string | null;
          state: string | null;
          desired: string | null;
          count: number;
        }>(
          `SELECT j."pushId"::text AS "pushId", j."status", j."outcome", l."state", l."desired",
                  count(*)::int AS "count"
             FROM "PushJob" j
             LEFT JOIN "ChannelListing" l ON l."channelId" = j."channelId" AND l."productId" = j."productId"
            WHERE j."pushId" IN (${ids.map((_, i) => `$${i + 1}::uuid`).join(", ")})
            GROUP BY 1, 2, 3, 4, 5`,
          ids,
        ),
    prisma.user.findMany({
      where: { id: { in: [...new Set(pushes.map((p) => p.operatorId))] } },
      select: { id: true, name: true },
    }),
  ]);
  const names = new Map(operators.map((o) => [o.id, o.name]));
  return pushes.map((p) => {
    const counts = { done: 0, rejected: 0, dead: 0, inFlight: 0 };
    for (const g of groups) {
      if (g.pushId !== p.id) continue;
      const settled = settledAs(g, g.state && g.desired ? { state: g.state, desired: g.desired } : undefined);
      if (settled === null) counts.inFlight += g.count;
      else if (settled === "dead") counts.dead += g.count;
      else {
        counts.done += g.count;
        if (settled === "rejected") counts.rejected += g.count;
      }
    }
    return {
      id: p.id,
      channelIds: p.channelIds,
      total: p.total,
      createdAt: p.createdAt.toISOString(),
      operator: names.get(p.operatorId) ?? "—",
      ...counts,
    };
  });
}

/**
 * Retries the rows an operator ticked on a push's page (only rows of that push; only rejected or
 * dead listings: retryListings checks). Returns how many were queued again.
 */
export async function retryFromPage(pushId: string, rows: { channelId: string; productId: string }[]) {
  const jobs = await prisma.pushJob.findMany({
    where: { pushId, OR: rows.map((r) => ({ channelId: r.channelId, productId: r.productId })) },
    select: { channelId: true, productId: true },
  });
  const byChannel = new Map<string, Set<string>>();
  for (const j of jobs)
    byChannel.set(j.channelId, (byChannel.get(j.channelId) ?? new Set()).add(j.productId));
  let count = 0;
  for (const [channelId, ids] of byChannel) count += await retryListings(channelId, [...ids]);
  return count;
}

// ---- downloads and the feed ----

export interface Download {
  body: Readable;
  contentType: string;
  filename: string;
}

const FILE_CONNECTORS: Record<
  Exclude<ExportFile, "epcis.json">,
  { connector: FileConnector; base: string }
> = {
  "postmart.xlsx": { connector: postmartXlsx, base: "postmart" },
  "voso.xlsx": { connector: vosoXlsx, base: "voso" },
  "google.xml": { connector: googleFeedRss, base: "google" },
  "google.tsv": { connector: googleFeedTsv, base: "google" },
};

const googleFeed = (file: string | undefined): GoogleFeedConnector | null =>
  file === "google.xml" ? googleFeedRss : file === "google.tsv" ? googleFeedTsv : null;

async function* validOnly(connector: FileConnector) {
  for await (const product of listedChannelProducts())
    if (connector.validate(product).length === 0) yield product;
}

/**
 * Runs a writer into a stream the route can return at once. The writer gets its own end of a
 * pipeline: a download cancelled half-way errors that end, so the writer stops instead of waiting
 * for a 'drain' that never comes.
 */
function streamed(write: (out: NodeJS.WritableStream) => Promise<unknown>): Readable {
  const body = new PassThrough();
  const sink = new PassThrough();
  pipeline(sink, body, () => {});
  write(sink).catch((error: unknown) => {
    sink.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return body;
}

/** The listed products' batches whose diary chain verifies, as the EPCIS export takes them. */
async function listedBatches(): Promise<ExportBatch[]> {
  const batches: ExportBatch[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await prisma.batch.findMany({
      where: { product: { listedAt: { not: null } }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: 200,
      select: {
        id: true,
        lotNumber: true,
        growingAreaCode: true,
        harvestedOn: true,
        expiresOn: true,
        quantity: true,
        uom: true,
        product: {
          select: {
            name: true,
            gtin: true,
            publicId: true,
            producer: {
              select: {
                id: true,
                name: true,
                street: true,
                province: { select: { name: true } },
                commune: { select: { name: true } },
              },
            },
          },
        },
      },
    });
    if (page.length === 0) return batches;
    for (const batch of page) {
      const diary = await loadDiary(batch.id);
      // An altered diary is never passed on as trace data.
      if (diary.rows.length === 0 || !diary.verification.ok) continue;
      const { product } = batch;
      batches.push({
        lotNumber: batch.lotNumber,
        gtin: product.gtin,
        publicId: product.publicId,
        productName: product.name,
        producer: {
          publicId: product.producer.id,
          name: product.producer.name,
          provinceName: product.producer.province.name,
          communeName: product.producer.commune.name,
          street: product.producer.street,
        },
        growingAreaCode: batch.growingAreaCode,
        harvestedOn: batch.harvestedOn,
        expiresOn: batch.expiresOn,
        quantity: batch.quantity,
        uom: batch.uom,
        events: diary.rows.map((row, i) => {
          const content = diary.chain[i]!.content;
          return {
            seq: content.seq,
            kind: content.kind,
            occurredAt: content.occurredAt,
            quantity: content.quantity,
            uom: content.uom,
            chemical: content.chemical,
            phiDays: content.phiDays,
            correctsSeq: content.correctsSeq,
            hash: row.hash,
            prevHash: row.prevHash,
            recordedAt: row.createdAt,
          };
        }),
      });
    }
    after = page.at(-1)!.id;
  }
}

export const isExportFile = (file: string | undefined): file is ExportFile =>
  (EXPORT_FILES as readonly string[]).includes(file ?? "");

/** A download for operators, or null for an unknown file name. Only valid products are written. */
export function streamExport(file: string | undefined, origin: string, now = new Date()): Download | null {
  if (!isExportFile(file)) return null;
  const day = vnDateOf(now);
  if (file === "epcis.json")
    return {
      contentType: "application/ld+json; charset=utf-8",
      filename: `ocop-epcis-${day}.json`,
      body: streamed(async (out) =>
        writeEpcisJson(epcisDocumentForBatches(await listedBatches(), { origin, createdAt: now }), out),
      ),
    };
  const { connector, base } = FILE_CONNECTORS[file];
  return {
    contentType: connector.contentType,
    filename: `ocop-${base}-${day}.${connector.fileExtension}`,
    body: googleFeed(file)
      ? // Pulled: the next page of products is read only when the client has taken what came before.
        Readable.from(googleFeed(file)!.chunks(validOnly(connector)), {
          objectMode: false,
          highWaterMark: 128 * 1024,
        })
      : streamed((out) => connector.write(validOnly(connector), out)),
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** The Google feed at its secret URL, or null (unknown token or file, channel disabled). */
export async function feedForToken(token: string | undefined, file: string | undefined) {
  if (!token || token.length > 64 || !(FEED_FILES as readonly string[]).includes(file ?? "")) return null;
  const channel = await prisma.channel.findUnique({
    where: { id: "google" },
    select: { enabled: true, feedToken: true },
  });
  // Compared in constant time: the token is the feed's only protection.
  if (!channel?.enabled || !channel.feedToken || !timingSafeEqual(digest(token), digest(channel.feedToken)))
    return null;
  const connector = googleFeed(file)!;
  return { contentType: connector.contentType, body: feedStream(connector.chunks(validOnly(connector))) };
}
