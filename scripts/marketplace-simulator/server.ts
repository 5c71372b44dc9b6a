// A local marketplace with a seller product API, for development, tests and the demo. It speaks
// the protocol of app/modules/marketplaces/http-connector.ts (HMAC-signed JSON, Idempotency-Key on
// writes, asynchronous approval) but shares none of its code: it checks every request itself, so a
// connector bug shows up as a refusal here rather than being agreed with.
//
// Behaviour (all visible in GET /_sim/listings and inspect()):
//  - Every /v1 request: X-Partner-Id, X-Timestamp (±5 min) and X-Signature are checked → 401.
//    Then the rate limit (sliding one-second window over authenticated calls) → 429 + Retry-After.
//    Then the body and query are checked → 400 (never a crash). Then failureRate injects a 500:
//    a share of them (failuresAfterProcessing, default half) after the batch was applied and its
//    answer stored, as when an answer is lost on the way back — only an Idempotency-Key replay
//    tells the client what happened.
//  - POST /v1/products/batch: Idempotency-Key required; the same key and the same body replay the
//    first answer (header Idempotent-Replayed: true), the same key with another body → 422. Items
//    that break the listing rules are rejected at once with Vietnamese reasons and leave the
//    listing as it was; the others are queued. One listing per sku: an upsert updates it and sends
//    it back for review. `duplicates` counts upserts that a create-only marketplace would have
//    turned into a second listing: the same sku twice in one batch, or an unchanged product sent
//    again under a new key while its listing is still queued, awaiting approval or approved (a
//    retry that should have reused its key). A change of stock or price only updates the listing
//    in place; any other change sends it back for review. A delist of an unknown sku is accepted
//    and ignored; an upsert of a delisted sku lists it again (same remoteId).
//  - Review runs on the clock: queued → awaiting_approval after half of approvalDelayMs →
//    approved or rejected (rejectRule, decided at submission) after approvalDelayMs.
//  - GET /v1/products/status?skus=a,b,c (comma-separated, each percent-encoded): every sku, "unknown"
//    when never listed.
//  - responseDelayMs holds every /v1 answer that long after the work is done (a slow marketplace):
//    a call stays in flight, so a client can die between the batch being applied and its answer.
//  - Test endpoints, unsigned: GET /_sim/listings, POST /_sim/reset (data, not settings),
//    POST /_sim/settings { failureRate?: 0..1, rps?: number | null }, GET /p/<remoteId> (listing page).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

export interface SimProduct {
  name: string;
  description: string;
  price: number;
  stock: number;
  images: string[];
  category: string;
  brand: string;
  gtin: string | null;
  url: string;
  weight: number | null;
}

export interface SimItem {
  sku: string;
  action: "upsert";
  product: SimProduct;
}

export type SimListingStatus = "queued" | "awaiting_approval" | "approved" | "rejected" | "delisted";

export interface SimListing {
  sku: string;
  remoteId: string;
  status: SimListingStatus;
  /** Review reasons once rejected. */
  reasons: string[];
  product: SimProduct;
  /** The public page (meaningful once approved). */
  url: string;
  createdAt: number;
  updatedAt: number;
  /** When the current version went into review. */
  submittedAt: number;
  /** 1 on creation, +1 per update or delisting. */
  version: number;
  lastIdempotencyKey: string;
}

export interface SimRequest {
  at: number;
  method: string;
  path: string;
  status: number;
  idempotencyKey: string | null;
  replayed: boolean;
  /** A 500 injected by failureRate: before anything happened, or after the batch was applied. */
  injectedFailure: "before" | "after" | null;
}

export interface MarketplaceSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  partnerId: string;
  secret: string;
  /** 0..1: share of /v1 calls answered with a random 500. Default 0. */
  failureRate?: number;
  /** 0..1: share of those failures that happen after a batch was applied. Default 0.5. */
  failuresAfterProcessing?: number;
  /** Calls beyond this per second get 429 with Retry-After. Default: no limit. */
  rateLimit?: { requestsPerSecond: number };
  /** Queued → awaiting_approval at half of it → approved/rejected. Default 2000 ms. */
  approvalDelayMs?: number;
  /** Review verdict: reasons to reject (Vietnamese), or null to approve. */
  rejectRule?: (item: SimItem) => string[] | null;
  /** Categories the marketplace has; default those of the connector's default map. */
  categories?: readonly string[];
  /** Every /v1 answer waits this long after the work is done; default 0. */
  responseDelayMs?: number;
  /** Most items per batch and skus per status call; default 100. */
  maxBatchSize?: number;
  /** Seeds the failure draws, so a test sees the same failures every run. */
  seed?: number;
  /** Milliseconds; default Date.now. */
  now?: () => number;
  /** One line per event; never given signatures or the secret. */
  log?: (line: string) => void;
}

export interface MarketplaceSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  inspect(): { listings: Map<string, SimListing>; requests: SimRequest[]; duplicates: number };
  setFailureRate(rate: number): void;
  setRateLimit(requestsPerSecond: number | null): void;
  setResponseDelay(ms: number): void;
  /** Forgets listings, requests, idempotency keys and duplicates; keeps the settings. */
  reset(): void;
}

export const DEFAULT_CATEGORIES = ["thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe", "cay-canh"];
export const REJECT_MARKER = "[TỪ CHỐI]";

/** Default review: a marked name, or a description under 20 characters. */
export function defaultRejectRule(item: SimItem): string[] | null {
  const reasons: string[] = [];
  if (item.product.name.includes(REJECT_MARKER)) {
    reasons.push("Tên sản phẩm chứa nội dung vi phạm chính sách đăng bán.");
  }
  if ([...item.product.description.trim()].length < 20) {
    reasons.push("Mô tả sản phẩm quá ngắn (tối thiểu 20 ký tự).");
  }
  return reasons.length > 0 ? reasons : null;
}

const BATCH_PATH = "/v1/products/batch";
const STATUS_PATH = "/v1/products/status";
const MAX_BODY_BYTES = 1024 * 1024;
const TIMESTAMP_WINDOW_S = 5 * 60;
const MAX_REQUEST_LOG = 5_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** mulberry32: small, seedable, good enough for failure draws. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function gtinOk(gtin: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(gtin)) return false;
  let sum = 0;
  for (let i = gtin.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(gtin[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(gtin.at(-1));
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Keep reading and discarding rather than destroying the socket, so the 413 gets out.
      req.off("data", onData);
      req.resume();
      reject(new HttpError(413, "Yêu cầu quá lớn."));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** The listing rules checked on arrival; every broken rule, in Vietnamese. */
function checkProduct(
  raw: unknown,
  categories: ReadonlySet<string>,
): { product: SimProduct } | { reasons: string[] } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    return { reasons: ["Thiếu thông tin sản phẩm."] };
  const p = raw as Record<string, unknown>;
  const reasons: string[] = [];
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const name = str(p.name)?.trim() ?? "";
  if (!name) reasons.push("Thiếu tên sản phẩm.");
  else if ([...name].length > 120) reasons.push("Tên sản phẩm dài quá 120 ký tự.");
  const description = str(p.description);
  if (description === null) reasons.push("Thiếu mô tả sản phẩm.");
  const price = p.price;
  if (typeof price !== "number" || !Number.isInteger(price) || price < 1_000 || price > 500_000_000) {
    reasons.push("Giá bán phải là số nguyên từ 1.000 đến 500.000.000 đồng.");
  }
  const stock = p.stock;
  if (typeof stock !== "number" || !Number.isInteger(stock) || stock < 0) {
    reasons.push("Tồn kho phải là số nguyên không âm.");
  }
  const images = Array.isArray(p.images) ? p.images : null;
  if (!images || images.length === 0) reasons.push("Cần ít nhất một ảnh sản phẩm.");
  else if (!images.every((u) => typeof u === "string" && /^https?:\/\/\S+$/.test(u))) {
    reasons.push("Ảnh sản phẩm phải là đường dẫn http(s).");
  }
  const category = str(p.category);
  if (!category) reasons.push("Thiếu ngành hàng.");
  else if (!categories.has(category)) reasons.push(`Ngành hàng "${category}" không có trên sàn.`);
  const brand = str(p.brand);
  if (brand === null) reasons.push("Thiếu thương hiệu.");
  const gtin = p.gtin ?? null;
  if (gtin !== null && (typeof gtin !== "string" || !gtinOk(gtin))) reasons.push("Mã GTIN không hợp lệ.");
  const url = str(p.url);
  if (!url || !/^https?:\/\/\S+$/.test(url)) reasons.push("Thiếu đường dẫn trang sản phẩm.");
  const weight = p.weight ?? null;
  if (weight !== null && (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0)) {
    reasons.push("Khối lượng phải là số gam nguyên không âm.");
  }
  if (reasons.length > 0) return { reasons };
  return {
    product: {
      name,
      description: description as string,
      price: price as number,
      stock: stock as number,
      images: images as string[],
      category: category as string,
      brand: brand as string,
      gtin: gtin as string | null,
      url: url as string,
      weight: weight as number | null,
    },
  };
}

function sameApartFromStockAndPrice(a: SimProduct, b: SimProduct): boolean {
  return JSON.stringify({ ...a, stock: 0, price: 0 }) === JSON.stringify({ ...b, stock: 0, price: 0 });
}

const batchEnvelope = (max: number) =>
  z.object({
    items: z
      .array(
        z.object({
          sku: z.string().min(1).max(128),
          action: z.enum(["upsert", "delist"]),
          product: z.unknown().optional(),
        }),
      )
      .min(1)
      .max(max),
  });

const settingsSchema = z
  .object({
    failureRate: z.number().min(0).max(1).optional(),
    rps: z.number().positive().nullable().optional(),
  })
  .strict();

function checkRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError("failureRate must be between 0 and 1");
  return rate;
}

function checkDelay(ms: number): number {
  if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError("responseDelayMs must be a finite number ≥ 0");
  return ms;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function startMarketplaceSimulator(
  options: MarketplaceSimulatorOptions,
): Promise<MarketplaceSimulator> {
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const approvalDelayMs = options.approvalDelayMs ?? 2000;
  const rejectRule = options.rejectRule ?? defaultRejectRule;
  const categories = new Set(options.categories ?? DEFAULT_CATEGORIES);
  const maxBatchSize = options.maxBatchSize ?? 100;
  const afterShare = checkRate(options.failuresAfterProcessing ?? 0.5);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const envelope = batchEnvelope(maxBatchSize);

  let failureRate = checkRate(options.failureRate ?? 0);
  let rps: number | null = options.rateLimit?.requestsPerSecond ?? null;
  let responseDelayMs = checkDelay(options.responseDelayMs ?? 0);
  const delayed = new Set<NodeJS.Timeout>();
  let random = prng(seed);
  let listings = new Map<string, SimListing>();
  let verdicts = new Map<string, string[] | null>();
  let requests: SimRequest[] = [];
  let idempotency = new Map<string, { bodyHash: string; status: number; body: string }>();
  let duplicates = 0;
  let nextRemoteId = 1;
  let window: number[] = [];
  let base = "";

  function advance(listing: SimListing): void {
    if (listing.status !== "queued" && listing.status !== "awaiting_approval") return;
    const elapsed = now() - listing.submittedAt;
    if (elapsed >= approvalDelayMs) {
      const reasons = verdicts.get(listing.sku) ?? null;
      listing.status = reasons ? "rejected" : "approved";
      listing.reasons = reasons ?? [];
      log(`${listing.sku} ${listing.status}`);
    } else if (elapsed >= approvalDelayMs / 2) {
      listing.status = "awaiting_approval";
    }
  }

  function record(entry: Omit<SimRequest, "at">): void {
    requests.push({ at: now(), ...entry });
    if (requests.length > MAX_REQUEST_LOG) requests.splice(0, requests.length - MAX_REQUEST_LOG);
  }

  function authenticate(req: http.IncomingMessage, target: string, body: Buffer): void {
    const partnerId = req.headers["x-partner-id"];
    const timestamp = req.headers["x-timestamp"];
    const signature = req.headers["x-signature"];
    if (typeof partnerId !== "string" || typeof timestamp !== "string" || typeof signature !== "string") {
      throw new HttpError(401, "Thiếu X-Partner-Id, X-Timestamp hoặc X-Signature.");
    }
    if (partnerId !== options.partnerId) throw new HttpError(401, "Đối tác không tồn tại.");
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_S) {
      throw new HttpError(401, "X-Timestamp lệch quá 5 phút so với giờ của sàn.");
    }
    const payload = [partnerId, timestamp, req.method ?? "", target, sha256Hex(body)].join("\n");
    const expected = createHmac("sha256", options.secret).update(payload, "utf8").digest();
    const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, "hex") : null;
    if (!given || !timingSafeEqual(given, expected)) throw new HttpError(401, "Chữ ký không hợp lệ.");
  }

  function rateLimit(): void {
    if (rps === null) return;
    const t = now();
    window = window.filter((at) => at > t - 1000);
    if (window.length >= rps) {
      const wait = Math.max(1, Math.ceil(((window[0] ?? t) + 1000 - t) / 1000));
      throw new HttpError(429, "Vượt giới hạn số lần gọi mỗi giây.", { "Retry-After": String(wait) });
    }
    window.push(t);
  }

  function applyBatch(items: z.infer<typeof envelope>["items"], key: string) {
    const seen = new Set<string>();
    const t = now();
    return items.map(({ sku, action, product: raw }) => {
      const existing = listings.get(sku);
      if (action === "delist") {
        if (existing && existing.status !== "delisted") {
          existing.status = "delisted";
          existing.updatedAt = t;
          existing.version += 1;
          existing.lastIdempotencyKey = key;
          verdicts.delete(sku);
          log(`${sku} delisted`);
        }
        seen.add(sku);
        return { sku, status: "queued" as const };
      }
      const checked = checkProduct(raw, categories);
      if ("reasons" in checked) return { sku, status: "rejected" as const, reasons: checked.reasons };
      const { product } = checked;
      if (existing) advance(existing);
      const active =
        existing !== undefined &&
        (existing.status === "queued" ||
          existing.status === "awaiting_approval" ||
          existing.status === "approved");
      const unchanged =
        existing !== undefined && JSON.stringify(existing.product) === JSON.stringify(product);
      if (seen.has(sku) || (active && unchanged && existing.lastIdempotencyKey !== key)) {
        duplicates += 1;
        log(`${sku} would have been listed twice (key ${key})`);
      }
      seen.add(sku);
      if (active && unchanged) return { sku, status: "queued" as const };
      // Stock and price move without a new review, as on real marketplaces; anything else is re-reviewed.
      if (active && sameApartFromStockAndPrice(existing.product, product)) {
        Object.assign(existing, {
          product,
          updatedAt: t,
          version: existing.version + 1,
          lastIdempotencyKey: key,
        } satisfies Partial<SimListing>);
        log(`${sku} stock/price updated`);
        return { sku, status: "queued" as const };
      }
      verdicts.set(sku, rejectRule({ sku, action: "upsert", product }));
      if (existing) {
        Object.assign(existing, {
          product,
          status: "queued",
          reasons: [],
          updatedAt: t,
          submittedAt: t,
          version: existing.version + 1,
          lastIdempotencyKey: key,
        } satisfies Partial<SimListing>);
      } else {
        const remoteId = `SIM-${String(nextRemoteId++).padStart(6, "0")}`;
        listings.set(sku, {
          sku,
          remoteId,
          status: "queued",
          reasons: [],
          product,
          url: `${base}/p/${remoteId}`,
          createdAt: t,
          updatedAt: t,
          submittedAt: t,
          version: 1,
          lastIdempotencyKey: key,
        });
      }
      log(`${sku} queued`);
      return { sku, status: "queued" as const };
    });
  }

  function parseSkus(search: string): string[] {
    // Split the raw query on commas before decoding, so a sku may itself hold an encoded comma.
    const raw = search
      .replace(/^\?/, "")
      .split("&")
      .find((part) => part.startsWith("skus="));
    if (raw === undefined) throw new HttpError(400, "Thiếu tham số skus.");
    const skus = raw
      .slice(5)
      .split(",")
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          throw new HttpError(400, "Mã sku không hợp lệ.");
        }
      });
    if (skus.some((s) => s.length === 0 || s.length > 128)) throw new HttpError(400, "Mã sku không hợp lệ.");
    if (skus.length > maxBatchSize) throw new HttpError(400, `Tối đa ${maxBatchSize} sku mỗi lần.`);
    return skus;
  }

  function statusOf(sku: string) {
    const listing = listings.get(sku);
    if (!listing) return { sku, status: "unknown" as const };
    advance(listing);
    return {
      sku,
      status: listing.status,
      remoteId: listing.remoteId,
      ...(listing.status === "rejected" ? { reasons: listing.reasons } : {}),
      ...(listing.status === "approved" ? { url: listing.url } : {}),
    };
  }

  async function handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    target: string,
  ): Promise<void> {
    const method = req.method ?? "";
    const route =
      url.pathname === BATCH_PATH && method === "POST"
        ? "batch"
        : url.pathname === STATUS_PATH && method === "GET"
          ? "status"
          : null;
    if (!route) {
      throw new HttpError(
        url.pathname === BATCH_PATH || url.pathname === STATUS_PATH ? 405 : 404,
        "Không có.",
      );
    }
    const keyHeader = req.headers["idempotency-key"];
    const key = typeof keyHeader === "string" ? keyHeader : null;
    const entry: Omit<SimRequest, "at"> = {
      method,
      path: target,
      status: 0,
      idempotencyKey: key,
      replayed: false,
      injectedFailure: null,
    };
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const send = () => {
        entry.status = status;
        record(entry);
        // A client that gave up (or was killed) meanwhile: the call is recorded all the same.
        if (!res.destroyed && !res.writableEnded) sendJson(res, status, body, headers);
      };
      if (responseDelayMs <= 0) return send();
      const timer = setTimeout(() => {
        delayed.delete(timer);
        send();
      }, responseDelayMs);
      delayed.add(timer);
    };
    try {
      const body = await readBody(req);
      authenticate(req, target, body);
      rateLimit();

      if (route === "status") {
        const skus = parseSkus(url.search);
        if (random() < failureRate) {
          entry.injectedFailure = "before";
          return reply(500, { error: "Lỗi hệ thống (giả lập)." });
        }
        return reply(200, { items: skus.map(statusOf) });
      }

      if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
        throw new HttpError(400, "Thiếu hoặc sai Idempotency-Key.");
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        throw new HttpError(400, "Nội dung không phải JSON.");
      }
      const parsed = envelope.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError(
          400,
          `Yêu cầu sai cấu trúc: ${issue?.path.join(".") || "(gốc)"} ${issue?.message ?? ""}`.trim(),
        );
      }
      let failure: "before" | "after" | null = null;
      if (random() < failureRate) failure = random() < afterShare ? "after" : "before";
      if (failure === "before") {
        entry.injectedFailure = failure;
        return reply(500, { error: "Lỗi hệ thống (giả lập)." });
      }

      const bodyHash = sha256Hex(body);
      const stored = idempotency.get(key);
      if (stored && stored.bodyHash !== bodyHash) {
        throw new HttpError(422, "Idempotency-Key đã được dùng cho một yêu cầu khác.");
      }
      if (stored) {
        entry.replayed = true;
        entry.injectedFailure = failure;
        if (failure === "after") return reply(500, { error: "Lỗi hệ thống (giả lập)." });
        return reply(stored.status, stored.body, { "Idempotent-Replayed": "true" });
      }
      const results = applyBatch(parsed.data.items, key);
      const answer = JSON.stringify({ results });
      idempotency.set(key, { bodyHash, status: 202, body: answer });
      if (failure === "after") {
        entry.injectedFailure = failure;
        return reply(500, { error: "Lỗi hệ thống (giả lập)." });
      }
      return reply(202, answer);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // An unread body would be taken for the next request on a kept-alive connection.
      if (!req.complete) res.setHeader("Connection", "close");
      return reply(error.status, { error: error.message }, error.headers);
    }
  }

  function snapshot(): SimListing[] {
    return [...listings.values()].map((listing) => {
      advance(listing);
      return structuredClone(listing);
    });
  }

  function reset(): void {
    listings = new Map();
    verdicts = new Map();
    requests = [];
    idempotency = new Map();
    duplicates = 0;
    nextRemoteId = 1;
    window = [];
    random = prng(seed);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    let url: URL;
    try {
      url = new URL(target, "http://simulator.invalid");
    } catch {
      throw new HttpError(400, "URL không hợp lệ.");
    }
    const method = req.method ?? "GET";
    if (url.pathname.startsWith("/v1/")) return handleApi(req, res, url, target);

    if (url.pathname === "/_sim/health" && method === "GET") return sendJson(res, 200, { ok: true });
    if (url.pathname === "/_sim/listings" && method === "GET") {
      return sendJson(res, 200, {
        listings: snapshot(),
        duplicates,
        requestCount: requests.length,
        settings: { failureRate, rps, approvalDelayMs },
      });
    }
    if (url.pathname === "/_sim/reset" && method === "POST") {
      await readBody(req);
      reset();
      return sendJson(res, 200, { ok: true });
    }
    if (url.pathname === "/_sim/settings" && method === "POST") {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)).toString("utf8"));
      } catch {
        throw new HttpError(400, "Nội dung không phải JSON.");
      }
      const parsed = settingsSchema.safeParse(body);
      if (!parsed.success) throw new HttpError(400, "Cần { failureRate?: 0..1, rps?: số > 0 | null }.");
      if (parsed.data.failureRate !== undefined) failureRate = parsed.data.failureRate;
      if (parsed.data.rps !== undefined) rps = parsed.data.rps;
      log(`settings: failureRate ${failureRate}, rps ${rps ?? "unlimited"}`);
      return sendJson(res, 200, { failureRate, rps });
    }
    const page = /^\/p\/([\w-]+)$/.exec(url.pathname);
    if (page && method === "GET") {
      const listing = [...listings.values()].find((l) => l.remoteId === page[1]);
      if (listing) advance(listing);
      if (!listing || listing.status !== "approved") throw new HttpError(404, "Không có sản phẩm.");
      const p = listing.product;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${escapeHtml(p.name)}</title>` +
          `<h1>${escapeHtml(p.name)}</h1><p>${escapeHtml(p.brand)} · ${p.price.toLocaleString("vi-VN")} đ · còn ${p.stock}</p>` +
          `<p>${escapeHtml(p.description)}</p>${p.images.map((src) => `<img src="${escapeHtml(src)}" width="240" alt="">`).join("")}` +
          `<p><a href="${escapeHtml(p.url)}">Trang sản phẩm trên Cổng OCOP</a></p></html>`,
      );
      return;
    }
    throw new HttpError(404, "Không có.");
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof URIError ? 400 : 500;
      if (status === 500) log(`internal error: ${errorMessage(error)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (!req.complete) res.setHeader("Connection", "close");
      sendJson(
        res,
        status,
        {
          error:
            error instanceof HttpError
              ? error.message
              : status === 400
                ? "Yêu cầu không hợp lệ."
                : "Lỗi hệ thống.",
        },
        error instanceof HttpError ? error.headers : {},
      );
    });
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: base,
    port,
    close: async () => {
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    inspect: () => ({
      listings: new Map(snapshot().map((listing) => [listing.sku, listing])),
      requests: structuredClone(requests),
      duplicates,
    }),
    setFailureRate: (rate) => {
      failureRate = checkRate(rate);
    },
    setRateLimit: (requestsPerSecond) => {
      rps = requestsPerSecond;
    },
    setResponseDelay: (ms) => {
      responseDelayMs = checkDelay(ms);
    },
    reset,
  };
}
