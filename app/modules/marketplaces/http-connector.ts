// The generic HTTP JSON marketplace connector: the template for marketplaces with a seller product
// API (Tiki, Shopee, Lazada, TikTok Shop style). Plain module: configuration is passed in, no
// database, no framework. The project's simulator (scripts/marketplace-simulator) speaks exactly
// this protocol, so the push worker can be exercised end to end without a real marketplace.
//
// Request signing (ours to define: every real marketplace has its own scheme, and a connector for
// one copies this module and swaps `signRequest` and the field mapping):
//   X-Partner-Id   the partner id the marketplace issued
//   X-Timestamp    unix seconds; the server refuses anything more than 5 minutes off its clock
//   X-Signature    hex HMAC-SHA256(secret, `${partnerId}\n${timestamp}\n${method}\n${path}\n${sha256hex(body)}`)
//                  where method is upper case, path is the request target exactly as sent (path and
//                  query string, e.g. "/v1/products/status?skus=a,b") and body is the raw UTF-8
//                  body ("" for GET).
//   Idempotency-Key on every write: the server answers a replayed key (same body) with its first
//                  response, so a retried push never makes a second listing.
//
// Endpoints:
//   POST /v1/products/batch  { items: [{ sku, action: "upsert"|"delist", product? }] }
//        → 202 { results: [{ sku, status: "queued"|"rejected", reasons? }] }
//   GET  /v1/products/status?skus=a,b,c
//        → 200 { items: [{ sku, status, reasons?, remoteId?, url? }] }
//
// Errors: 429 (Retry-After seconds), 5xx, timeouts and network errors are transient ("retry");
// any other 4xx is permanent for every item of the call ("rejected", with the server's message).
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import { isValidGtin } from "~/modules/products/gtin";
import {
  commonProblems,
  type ApiConnector,
  type ChannelProduct,
  type PushOutcome,
  type PushRequest,
  type RemoteState,
  type ValidationProblem,
} from "./connector";

export interface HttpConnectorConfig {
  name: string;
  /** e.g. "https://seller-api.example.vn" (a path prefix is kept and signed). */
  baseUrl: string;
  partnerId: string;
  secret: string;
  /** Items per push call; default 20. */
  batchSize?: number;
  /** Calls per second the marketplace accepts (the push worker paces itself on it); default 5. */
  requestsPerSecond?: number;
  /** Per call, including reading the answer; default 10 s. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** Channel category by product category or OCOP group; replaces DEFAULT_CATEGORY_MAP when given. */
  categoryMap?: Record<string, string>;
}

/** OCOP group → marketplace category. TOURISM is absent on purpose: services are not sold there. */
export const DEFAULT_CATEGORY_MAP: Readonly<Record<string, string>> = Object.freeze({
  FOOD: "thuc-pham",
  BEVERAGE: "do-uong",
  HERBAL: "duoc-lieu",
  HANDICRAFT: "thu-cong-my-nghe",
  ORNAMENTAL: "cay-canh",
});

export const CHANNEL_RULES = {
  maxNameLength: 120,
  minDescriptionLength: 20,
  minPriceVnd: 1_000,
  maxPriceVnd: 500_000_000,
} as const;

export const BATCH_PATH = "/v1/products/batch";
export const STATUS_PATH = "/v1/products/status";

/** Thrown by readState when the marketplace cannot answer (push reports per item instead). */
export class MarketplaceHttpError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null for timeouts and network errors. */
    readonly status: number | null,
    /** True for 429, 5xx, timeouts and network errors: try again later. */
    readonly transient: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "MarketplaceHttpError";
  }
}

export function sha256Hex(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/** The X-Signature value (see the scheme at the top of this file). */
export function signRequest(input: {
  partnerId: string;
  secret: string;
  timestamp: number;
  method: string;
  path: string;
  body: string;
}): string {
  const payload = [
    input.partnerId,
    String(input.timestamp),
    input.method.toUpperCase(),
    input.path,
    sha256Hex(input.body),
  ].join("\n");
  return createHmac("sha256", input.secret).update(payload, "utf8").digest("hex");
}

/** The product as the marketplace receives it. */
export interface MarketplaceProduct {
  name: string;
  description: string;
  /** VND, integer. */
  price: number;
  stock: number;
  images: string[];
  category: string | null;
  brand: string;
  gtin: string | null;
  url: string;
  /** Grams. */
  weight: number | null;
}

export interface BatchItem {
  sku: string;
  action: "upsert" | "delist";
  /** Only for upserts: a delisting needs nothing but the sku. */
  product?: MarketplaceProduct;
}

const batchResponseSchema = z.object({
  results: z.array(
    z.object({
      sku: z.string(),
      status: z.enum(["queued", "rejected"]),
      reasons: z.array(z.string()).optional(),
    }),
  ),
});

const statusResponseSchema = z.object({
  items: z.array(
    z.object({
      sku: z.string(),
      status: z.enum(["queued", "awaiting_approval", "approved", "rejected", "delisted", "unknown"]),
      reasons: z.array(z.string()).optional(),
      remoteId: z.string().optional(),
      url: z.string().optional(),
    }),
  ),
});

type WireStatus = z.infer<typeof statusResponseSchema>["items"][number];

function toRemoteState(item: WireStatus): RemoteState {
  switch (item.status) {
    case "queued":
      return { state: "queued" };
    case "awaiting_approval":
      return { state: "awaitingApproval" };
    case "approved":
      // A marketplace that approves without an id of its own still lists the product under our sku.
      return {
        state: "approved",
        remoteId: item.remoteId ?? item.sku,
        ...(item.url ? { url: item.url } : {}),
      };
    case "rejected":
      return { state: "rejected", reasons: item.reasons ?? [] };
    case "delisted":
      return { state: "delisted" };
    case "unknown":
      return { state: "unknown" };
  }
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The server's message from an error body ({ error } or { message }, else the text itself). */
function errorText(body: string): string {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === "object") {
      const { error, message } = json as { error?: unknown; message?: unknown };
      if (typeof message === "string" && message) return message;
      if (typeof error === "string" && error) return error;
    }
  } catch {
    // not JSON: the text itself
  }
  const text = body.trim().replace(/\s+/g, " ");
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${what} must be a positive integer`);
  return value;
}

function charCount(text: string): number {
  return [...text.normalize("NFC")].length;
}

const vnd = new Intl.NumberFormat("vi-VN");

type Answer =
  | { kind: "response"; status: number; body: string; retryAfterMs?: number }
  | { kind: "failed"; reason: string };

export function createHttpConnector(config: HttpConnectorConfig): ApiConnector {
  const batchSize = positiveInteger(config.batchSize, 20, "batchSize");
  const requestsPerSecond = positiveInteger(config.requestsPerSecond, 5, "requestsPerSecond");
  const timeoutMs = positiveInteger(config.timeoutMs, 10_000, "timeoutMs");
  const fetchImpl = config.fetchImpl ?? fetch;
  const categoryMap = config.categoryMap ?? DEFAULT_CATEGORY_MAP;
  if (!config.partnerId || !config.secret)
    throw new Error(`${config.name}: partnerId and secret are required`);
  // Keep a path prefix ("https://host/seller") when joining the endpoint paths.
  const base = new URL(config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`);

  function categoryFor(product: ChannelProduct): string | null {
    if (product.category && Object.hasOwn(categoryMap, product.category)) {
      return categoryMap[product.category] ?? null;
    }
    return Object.hasOwn(categoryMap, product.ocopGroup) ? (categoryMap[product.ocopGroup] ?? null) : null;
  }

  function validate(product: ChannelProduct): ValidationProblem[] {
    const problems = commonProblems(product);
    const nameLength = charCount(product.name.trim());
    if (nameLength > CHANNEL_RULES.maxNameLength) {
      problems.push({
        field: "name",
        message: `Tên sản phẩm dài ${nameLength} ký tự, ${config.name} chỉ nhận tối đa ${CHANNEL_RULES.maxNameLength} ký tự.`,
      });
    }
    if (charCount(product.description.trim()) < CHANNEL_RULES.minDescriptionLength) {
      problems.push({
        field: "description",
        message: `Mô tả sản phẩm cần ít nhất ${CHANNEL_RULES.minDescriptionLength} ký tự.`,
      });
    }
    // commonProblems already reports a missing price (≤ 0) and missing photos.
    if (
      !(product.priceVnd <= 0) &&
      !(product.priceVnd >= CHANNEL_RULES.minPriceVnd && product.priceVnd <= CHANNEL_RULES.maxPriceVnd)
    ) {
      problems.push({
        field: "priceVnd",
        message: `Giá bán trên ${config.name} phải từ ${vnd.format(CHANNEL_RULES.minPriceVnd)} đến ${vnd.format(CHANNEL_RULES.maxPriceVnd)} đồng.`,
      });
    }
    if (categoryFor(product) === null) {
      problems.push(
        product.ocopGroup === "TOURISM"
          ? {
              field: "ocopGroup",
              message: `Sản phẩm dịch vụ du lịch không bán được trên ${config.name}.`,
            }
          : {
              field: "category",
              message: `Chưa có ngành hàng tương ứng trên ${config.name} cho nhóm sản phẩm này.`,
            },
      );
    }
    if (!Number.isInteger(product.stock) || product.stock < 0) {
      problems.push({ field: "stock", message: "Số lượng tồn kho phải là số nguyên không âm." });
    }
    if (product.gtin !== null && product.gtin !== "" && !isValidGtin(product.gtin)) {
      problems.push({
        field: "gtin",
        message: "Mã vạch GTIN không hợp lệ (sai độ dài hoặc sai số kiểm tra).",
      });
    }
    return problems;
  }

  function toMarketplaceProduct(product: ChannelProduct): MarketplaceProduct {
    return {
      name: product.name.trim(),
      description: product.description,
      price: Math.round(product.priceVnd),
      stock: product.stock,
      images: product.imageLinks,
      category: categoryFor(product),
      brand: product.brand,
      gtin: product.gtin || null,
      url: product.link,
      weight: product.weightGrams,
    };
  }

  async function call(
    method: "GET" | "POST",
    endpoint: string,
    body: string,
    extraHeaders: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    const url = new URL(endpoint.replace(/^\//, ""), base);
    const path = `${url.pathname}${url.search}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      Accept: "application/json",
      "X-Partner-Id": config.partnerId,
      "X-Timestamp": String(timestamp),
      "X-Signature": signRequest({ ...config, timestamp, method, path, body }),
      ...extraHeaders,
    };
    if (method === "POST") headers["Content-Type"] = "application/json; charset=utf-8";
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetchImpl(url, {
        method,
        headers,
        body: method === "POST" ? body : undefined,
        signal: combined,
        redirect: "error",
      });
      const text = await response.text();
      return {
        kind: "response",
        status: response.status,
        body: text,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      };
    } catch (error) {
      // The caller cancelled (shutdown): not an outcome, let it unwind.
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        return { kind: "failed", reason: `${config.name} không trả lời trong ${timeoutMs} ms.` };
      }
      const detail =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      return { kind: "failed", reason: `Lỗi kết nối tới ${config.name}: ${detail}` };
    }
  }

  async function push(request: PushRequest, signal?: AbortSignal): Promise<PushOutcome[]> {
    if (request.items.length === 0) return [];
    if (request.items.length > batchSize) {
      throw new RangeError(`${config.name}: ${request.items.length} items in one push, at most ${batchSize}`);
    }
    const items: BatchItem[] = request.items.map(({ product, action }) =>
      action === "upsert"
        ? { sku: product.id, action, product: toMarketplaceProduct(product) }
        : { sku: product.id, action },
    );
    const ids = request.items.map((item) => item.product.id);
    const answer = await call(
      "POST",
      BATCH_PATH,
      JSON.stringify({ items }),
      { "Idempotency-Key": request.idempotencyKey },
      signal,
    );
    const all = (outcome: (productId: string) => PushOutcome) => ids.map(outcome);

    if (answer.kind === "failed")
      return all((productId) => ({ productId, result: "retry", reason: answer.reason }));
    const { status, body, retryAfterMs } = answer;
    if (status === 429 || status >= 500 || status === 408) {
      const reason =
        status === 429
          ? `${config.name} đang giới hạn tần suất gọi (HTTP 429).`
          : `${config.name} tạm thời lỗi (HTTP ${status}).`;
      return all((productId) => ({
        productId,
        result: "retry",
        reason,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      }));
    }
    if (status >= 400) {
      const message = errorText(body);
      const reasons = [`${config.name} từ chối yêu cầu (HTTP ${status})${message ? `: ${message}` : "."}`];
      return all((productId) => ({ productId, result: "rejected", reasons }));
    }

    let parsed: z.infer<typeof batchResponseSchema> | null = null;
    if (status >= 200 && status < 300) {
      try {
        const result = batchResponseSchema.safeParse(JSON.parse(body));
        if (result.success) parsed = result.data;
      } catch {
        // handled below
      }
    }
    // Not an answer we understand: the call may or may not have landed, and only a retry under
    // the same key finds out without risking a second listing.
    if (!parsed) {
      return all((productId) => ({
        productId,
        result: "retry",
        reason: `${config.name} trả lời không đúng định dạng (HTTP ${status}).`,
      }));
    }
    // Results by sku, in order (a batch may carry the same sku twice).
    const bySku = new Map<string, (typeof parsed.results)[number][]>();
    for (const result of parsed.results) {
      const list = bySku.get(result.sku) ?? [];
      list.push(result);
      bySku.set(result.sku, list);
    }
    return all((productId): PushOutcome => {
      const result = bySku.get(productId)?.shift();
      if (!result) {
        return { productId, result: "retry", reason: `${config.name} không trả kết quả cho sản phẩm này.` };
      }
      if (result.status === "rejected") {
        const reasons = result.reasons?.length ? result.reasons : [`${config.name} từ chối sản phẩm.`];
        return { productId, result: "rejected", reasons };
      }
      return { productId, result: "accepted", remote: { state: "queued" } };
    });
  }

  async function readState(productIds: string[], signal?: AbortSignal): Promise<Map<string, RemoteState>> {
    const states = new Map<string, RemoteState>();
    const unique = [...new Set(productIds)];
    for (let start = 0; start < unique.length; start += batchSize) {
      const chunk = unique.slice(start, start + batchSize);
      const query = chunk.map(encodeURIComponent).join(",");
      const answer = await call("GET", `${STATUS_PATH}?skus=${query}`, "", {}, signal);
      if (answer.kind === "failed") throw new MarketplaceHttpError(answer.reason, null, true);
      const { status, body, retryAfterMs } = answer;
      if (status < 200 || status >= 300) {
        const transient = status === 429 || status === 408 || status >= 500;
        const message = errorText(body);
        throw new MarketplaceHttpError(
          `${config.name}: HTTP ${status}${message ? `: ${message}` : ""}`,
          status,
          transient,
          retryAfterMs,
        );
      }
      let parsed;
      try {
        parsed = statusResponseSchema.safeParse(JSON.parse(body));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        throw new MarketplaceHttpError(
          `${config.name}: trạng thái trả về không đúng định dạng.`,
          status,
          true,
        );
      }
      const wanted = new Set(chunk);
      for (const item of parsed.data.items) {
        if (wanted.has(item.sku)) states.set(item.sku, toRemoteState(item));
      }
    }
    // An id the marketplace did not mention is one it has never seen.
    for (const id of unique) if (!states.has(id)) states.set(id, { state: "unknown" });
    return states;
  }

  return {
    kind: "api",
    name: config.name,
    limits: { batchSize, requestsPerSecond },
    categoryFor,
    validate,
    push,
    readState,
  };
}
