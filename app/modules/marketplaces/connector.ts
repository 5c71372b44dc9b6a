// The connector interface: what every marketplace channel declares and does. Plain module (no
// database, no framework): the push worker drives connectors through it, tests reach them directly.
//
// A channel validates a product against its own rules first (every problem, in Vietnamese, so an
// operator fixes them all at once), then pushes batches of valid products with an idempotency key
// (the same key twice never makes two listings), then reads back each item's state (marketplaces
// that approve asynchronously answer "queued" first).

/** What the portal knows about an approved, listed product, as connectors see it. */
export interface ChannelProduct {
  /** The portal's product id (stable; the offer id on every channel). */
  id: string;
  slug: string;
  name: string;
  description: string;
  /** Absolute URL of the public product page. */
  link: string;
  /** Absolute URLs of the photos, main photo first (JPEG or WebP variants). */
  imageLinks: string[];
  priceVnd: number;
  unit: string;
  stock: number;
  gtin: string | null;
  sku: string | null;
  brand: string; // the producer's name
  producerSlug: string;
  provinceName: string;
  ocopGroup: string; // FOOD | BEVERAGE | HERBAL | HANDICRAFT | ORNAMENTAL | TOURISM
  category: string | null;
  ocopStars: number | null;
  weightGrams: number | null;
  /** Listed on the portal now (suspended or withdrawn products are delisted everywhere). */
  listed: boolean;
}

/** One problem with one product for one channel; `field` names the product field to fix. */
export interface ValidationProblem {
  field: keyof ChannelProduct | "product";
  /** Vietnamese, for the operator and the producer. */
  message: string;
}

/** A channel's state for one product, as read back from it. */
export type RemoteState =
  | { state: "queued" } // received, not yet looked at
  | { state: "awaitingApproval" }
  | { state: "approved"; remoteId: string; url?: string }
  | { state: "rejected"; reasons: string[] }
  | { state: "delisted" }
  | { state: "unknown" }; // the channel has never seen it

/** What a push call did for one item. */
export type PushOutcome =
  | { productId: string; result: "accepted"; remote: RemoteState }
  | { productId: string; result: "rejected"; reasons: string[] } // permanent: fix the product
  | { productId: string; result: "retry"; reason: string; retryAfterMs?: number }; // transient: 5xx, 429, timeout

export interface PushRequest {
  /** Same key, same effect: a retried call never duplicates a listing. */
  idempotencyKey: string;
  /** Upserts (listed) and delistings (not listed) together. */
  items: { product: ChannelProduct; action: "upsert" | "delist" }[];
}

export interface CategoryMapping {
  /** The channel's category for a product, or null when none fits (a validation problem). */
  categoryFor(product: ChannelProduct): string | null;
}

/** Connectors that deliver through an API (pushes, state polling). */
export interface ApiConnector extends CategoryMapping {
  kind: "api";
  name: string;
  /** Items per push call and calls per second the channel accepts. */
  limits: { batchSize: number; requestsPerSecond: number };
  validate(product: ChannelProduct): ValidationProblem[];
  push(request: PushRequest, signal?: AbortSignal): Promise<PushOutcome[]>;
  readState(productIds: string[], signal?: AbortSignal): Promise<Map<string, RemoteState>>;
}

/** Connectors whose marketplace takes a file (a feed URL, a bulk-upload spreadsheet). */
export interface FileConnector extends CategoryMapping {
  kind: "file";
  name: string;
  contentType: string;
  fileExtension: string;
  validate(product: ChannelProduct): ValidationProblem[];
  /** Writes the file for these products (only valid ones reach it), in constant memory. */
  write(products: AsyncIterable<ChannelProduct>, out: NodeJS.WritableStream): Promise<{ count: number }>;
}

export type Connector = ApiConnector | FileConnector;

/** Problems every channel shares (a product the portal itself would not list is never pushed). */
export function commonProblems(product: ChannelProduct): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!product.listed)
    problems.push({ field: "listed", message: "Sản phẩm không còn được niêm yết trên Cổng." });
  if (product.name.trim().length < 3) problems.push({ field: "name", message: "Tên sản phẩm quá ngắn." });
  if (product.priceVnd <= 0) problems.push({ field: "priceVnd", message: "Chưa có giá bán." });
  if (product.imageLinks.length === 0)
    problems.push({ field: "imageLinks", message: "Chưa có ảnh sản phẩm." });
  return problems;
}
