// Google Merchant Center product feed, as RSS 2.0 (the `g:` namespace) and as tab-separated text.
// Plain module: the push worker writes the feed file, tests parse it back. Produced as it is read
// (pulled, or written with backpressure), in ~64 KB chunks, so any catalogue streams in constant memory.
//
// Attribute rules: Google Merchant Center product data specification (support.google.com/merchants,
// answer 7052112). Vietnam's currency has no minor unit, so prices are whole dong: "185000 VND".
import { once } from "node:events";
import { productsVi } from "~/i18n/sections/products.vi";
import { isValidGtin } from "~/modules/products/gtin";
import { commonProblems, type ChannelProduct, type FileConnector, type ValidationProblem } from "./connector";

export const GOOGLE_NS = "http://base.google.com/ns/1.0";

export const GOOGLE_LIMITS = {
  id: 50,
  title: 150,
  description: 5000,
  additionalImages: 10,
  url: 2000,
} as const;

/**
 * google_product_category per OCOP group, as the full English taxonomy path (Google accepts the
 * path or the numeric id; the path cannot silently point at the wrong id). TOURISM is a service,
 * which Shopping ads do not carry: no category, so validation rejects it.
 */
export const GOOGLE_CATEGORIES: Readonly<Record<string, string | null>> = {
  FOOD: "Food, Beverages & Tobacco > Food Items",
  BEVERAGE: "Food, Beverages & Tobacco > Beverages",
  HERBAL: "Health & Beauty > Health Care",
  HANDICRAFT: "Arts & Entertainment > Hobbies & Creative Arts > Arts & Crafts",
  ORNAMENTAL: "Home & Garden > Plants",
  TOURISM: null,
};

/** Every attribute the feed writes, in TSV column order. */
export const GOOGLE_ATTRIBUTES = [
  "id",
  "title",
  "description",
  "link",
  "image_link",
  "additional_image_link",
  "availability",
  "price",
  "condition",
  "brand",
  "gtin",
  "identifier_exists",
  "google_product_category",
  "product_type",
  "shipping_weight",
] as const;
export type GoogleAttribute = (typeof GOOGLE_ATTRIBUTES)[number];

// ---- text ----

// XML 1.0 Char production, minus the C1 controls (legal but never meant as text). With the `u`
// flag, lone surrogates are code points outside every range and go too.
const XML_ILLEGAL = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters XML 1.0 cannot hold; NFC so Vietnamese typed on macOS (NFD) matches. */
export function cleanText(value: string): string {
  return value.normalize("NFC").replace(XML_ILLEGAL, "");
}

/** At most `max` code points (never splits a surrogate pair), trimmed. */
export function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : chars.slice(0, max).join("").trimEnd();
}

const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(value: string): string {
  return cleanText(value)
    .replace(/\r\n?/g, "\n") // XML parsers turn a raw CR into LF anyway; do it here, visibly
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

/**
 * A TSV value: tabs and line breaks (which would shift columns or rows) become spaces. A value with
 * a quotation mark is quoted with the mark doubled, as Google reads sources with "quoted fields"
 * (the default for new data sources); unquoted, a leading `"` would open a quoted field.
 */
export function tsvValue(value: string): string {
  const flat = cleanText(value).replace(/[\t\r\n]+/g, " ");
  return flat.includes('"') ? `"${flat.replaceAll('"', '""')}"` : flat;
}

// ---- attributes ----

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && value.length <= GOOGLE_LIMITS.url;
  } catch {
    return false;
  }
};

export function formatGooglePrice(priceVnd: number): string {
  return `${Math.round(priceVnd)} VND`;
}

function productType(product: ChannelProduct): string {
  const groups = productsVi.groups as Record<string, string>;
  // product_type is a repeated attribute: in TSV a comma would split it into two types.
  return ["OCOP", groups[product.ocopGroup] ?? product.ocopGroup, product.category?.trim()]
    .filter(Boolean)
    .join(" > ")
    .replace(/\s*,\s*/g, " - ");
}

/** One product's attributes; repeated attributes (additional_image_link) as arrays. */
export function googleItem(product: ChannelProduct): Partial<Record<GoogleAttribute, string | string[]>> {
  const [main, ...more] = product.imageLinks;
  const category = GOOGLE_CATEGORIES[product.ocopGroup] ?? null;
  return {
    id: product.id,
    title: truncate(cleanText(product.name).trim(), GOOGLE_LIMITS.title),
    description: truncate(cleanText(product.description).trim(), GOOGLE_LIMITS.description),
    link: product.link,
    image_link: main ?? "",
    ...(more.length ? { additional_image_link: more.slice(0, GOOGLE_LIMITS.additionalImages) } : {}),
    availability: product.stock > 0 ? "in_stock" : "out_of_stock",
    price: formatGooglePrice(product.priceVnd),
    condition: "new",
    brand: cleanText(product.brand).trim(),
    // Without a GTIN, Google wants identifier_exists=no rather than an empty gtin.
    ...(product.gtin ? { gtin: product.gtin } : { identifier_exists: "no" }),
    ...(category ? { google_product_category: category } : {}),
    product_type: productType(product),
    ...(product.weightGrams ? { shipping_weight: `${product.weightGrams} g` } : {}),
  };
}

// ---- validation ----

export const googleCategories = {
  categoryFor: (product: ChannelProduct): string | null => GOOGLE_CATEGORIES[product.ocopGroup] ?? null,
};

/** commonProblems plus Google's own rules, every one in Vietnamese. */
export function validateForGoogle(product: ChannelProduct): ValidationProblem[] {
  const problems = commonProblems(product);
  const add = (field: ValidationProblem["field"], message: string) => problems.push({ field, message });
  if (product.id.length > GOOGLE_LIMITS.id)
    add("id", `Mã sản phẩm dài hơn ${GOOGLE_LIMITS.id} ký tự, Google không nhận.`);
  if ([...product.name.trim()].length > GOOGLE_LIMITS.title)
    add("name", `Tên sản phẩm dài quá ${GOOGLE_LIMITS.title} ký tự (giới hạn của Google).`);
  if (!product.description.trim()) add("description", "Chưa có mô tả sản phẩm (Google bắt buộc).");
  else if ([...product.description.trim()].length > GOOGLE_LIMITS.description)
    add("description", `Mô tả dài quá ${GOOGLE_LIMITS.description} ký tự (giới hạn của Google).`);
  if (!isHttpUrl(product.link)) add("link", "Đường dẫn trang sản phẩm không phải địa chỉ http(s) đầy đủ.");
  product.imageLinks.forEach((url, i) => {
    if (!isHttpUrl(url))
      add("imageLinks", `Ảnh thứ ${i + 1} không có đường dẫn http(s) đầy đủ: Google không tải được.`);
  });
  // commonProblems covers price ≤ 0; NaN slips past that comparison.
  if (!Number.isFinite(product.priceVnd)) add("priceVnd", "Giá bán không phải là một số.");
  if (product.gtin && !isValidGtin(product.gtin))
    add("gtin", "Mã vạch GTIN sai (phải có 8, 12, 13 hoặc 14 chữ số và đúng số kiểm tra).");
  if (!product.brand.trim()) add("brand", "Chưa có thương hiệu (tên cơ sở sản xuất).");
  if (!googleCategories.categoryFor(product))
    add("ocopGroup", "Google Shopping không nhận dịch vụ du lịch; chỉ đăng được sản phẩm hàng hoá.");
  return problems;
}

const AVAILABILITY = new Set(["in_stock", "out_of_stock", "preorder", "backorder"]);
const CONDITION = new Set(["new", "refurbished", "used"]);

/**
 * The required-attribute rules on a feed item as Google reads it (e.g. parsed back from the file).
 * Repeated attributes arrive comma-separated, as in TSV.
 */
export function validateGoogleFeedItem(item: Record<string, string>): string[] {
  const problems: string[] = [];
  const value = (name: string) => (item[name] ?? "").trim();
  const required = (name: string) => {
    if (!value(name)) problems.push(`Thiếu thuộc tính bắt buộc "${name}".`);
    return value(name);
  };
  const id = required("id");
  if (id.length > GOOGLE_LIMITS.id) problems.push(`"id" dài quá ${GOOGLE_LIMITS.id} ký tự.`);
  if ([...required("title")].length > GOOGLE_LIMITS.title)
    problems.push(`"title" dài quá ${GOOGLE_LIMITS.title} ký tự.`);
  if ([...required("description")].length > GOOGLE_LIMITS.description)
    problems.push(`"description" dài quá ${GOOGLE_LIMITS.description} ký tự.`);
  for (const name of ["link", "image_link"]) {
    const url = required(name);
    if (url && !isHttpUrl(url)) problems.push(`"${name}" không phải địa chỉ http(s) đầy đủ.`);
  }
  const more = value("additional_image_link");
  const extra = more ? more.split(",").map((u) => u.trim()) : [];
  if (extra.length > GOOGLE_LIMITS.additionalImages)
    problems.push(`"additional_image_link" nhiều hơn ${GOOGLE_LIMITS.additionalImages} ảnh.`);
  if (extra.some((u) => !isHttpUrl(u)))
    problems.push(`"additional_image_link" có đường dẫn không phải http(s) đầy đủ.`);
  const availability = required("availability");
  if (availability && !AVAILABILITY.has(availability))
    problems.push(`"availability" không hợp lệ: "${availability}".`);
  const price = required("price");
  const amount = /^(\d+(?:\.\d+)?) VND$/.exec(price);
  if (price && (!amount || Number(amount[1]) <= 0))
    problems.push(`"price" phải có dạng "185000 VND" và lớn hơn 0: "${price}".`);
  const condition = required("condition");
  if (condition && !CONDITION.has(condition)) problems.push(`"condition" không hợp lệ: "${condition}".`);
  required("brand");
  const gtin = value("gtin");
  const identifierExists = value("identifier_exists");
  if (gtin) {
    if (!isValidGtin(gtin)) problems.push(`"gtin" sai số kiểm tra hoặc độ dài: "${gtin}".`);
    if (identifierExists === "no") problems.push(`Có "gtin" thì không được ghi "identifier_exists" = no.`);
  } else if (identifierExists !== "no") {
    problems.push(`Không có "gtin" thì phải ghi "identifier_exists" = no.`);
  }
  if (!value("google_product_category") && !value("product_type"))
    problems.push(`Thiếu "google_product_category" hoặc "product_type".`);
  return problems;
}

// ---- streaming ----

/** Writes chunks to `out`, waiting for 'drain' when its buffer is full; rethrows its errors. */
export class BackpressureWriter {
  private failure: unknown = null;
  private readonly onError = (error: unknown) => {
    this.failure ??= error;
  };

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on("error", this.onError);
  }

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(chunk)) await once(this.out, "drain"); // rejects on 'error'
  }

  /** Ends `out` and waits until everything is flushed. */
  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => reject(error);
      this.out.once("error", fail);
      this.out.end(() => {
        this.out.removeListener("error", fail);
        resolve();
      });
    });
    this.out.removeListener("error", this.onError);
  }
}

export interface FeedChannel {
  title: string;
  /** The shop's home page; defaults to the origin of the first product's link. */
  link?: string;
  description: string;
}

const DEFAULT_CHANNEL: FeedChannel = {
  title: "Sản phẩm OCOP Việt Nam",
  description: "Sản phẩm OCOP đã được phê duyệt trên Cổng thông tin sản phẩm OCOP.",
};

function rssItem(product: ChannelProduct): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(googleItem(product))) {
    for (const v of Array.isArray(value) ? value : [value])
      lines.push(`<g:${name}>${escapeXml(v)}</g:${name}>`);
  }
  return `<item>\n${lines.join("\n")}\n</item>\n`;
}

function tsvRow(product: ChannelProduct): string {
  const item = googleItem(product);
  return (
    GOOGLE_ATTRIBUTES.map((name) => {
      const value = item[name];
      // TSV lists a repeated attribute comma-separated, so a comma inside a URL is percent-encoded.
      return tsvValue(
        Array.isArray(value) ? value.map((v) => v.replaceAll(",", "%2C")).join(",") : (value ?? ""),
      );
    }).join("\t") + "\n"
  );
}

/** Feed text in chunks of about `size` UTF-16 units: one write per item made gzip and the socket slow. */
export async function* buffered(source: AsyncIterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  let parts: string[] = [];
  let length = 0;
  for await (const part of source) {
    parts.push(part);
    length += part.length;
    if (length >= size) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join("");
}

/**
 * A feed as a web stream that reads the next products only when pulled, so a slow client holds
 * the server back instead of the whole feed piling up in memory.
 */
export function feedStream(
  chunks: AsyncIterable<string>,
  highWaterMark = 128 * 1024,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark }),
  );
}

/** A Google file connector that can also hand out its text chunk by chunk (buffered). */
export interface GoogleFeedConnector extends FileConnector {
  chunks(products: AsyncIterable<ChannelProduct>, counter?: { count: number }): AsyncGenerator<string>;
}

async function writeChunks(chunks: AsyncIterable<string>, out: NodeJS.WritableStream): Promise<void> {
  const sink = new BackpressureWriter(out);
  for await (const chunk of chunks) await sink.write(chunk);
  await sink.end();
}

export function createGoogleFeedRss(channel: FeedChannel = DEFAULT_CHANNEL): GoogleFeedConnector {
  // The header waits for the first product, whose origin is the channel link by default.
  const header = (first: ChannelProduct | null) => {
    const link = channel.link ?? (first ? new URL(first.link).origin : "");
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="${GOOGLE_NS}">\n<channel>\n` +
      `<title>${escapeXml(channel.title)}</title>\n<link>${escapeXml(link)}</link>\n` +
      `<description>${escapeXml(channel.description)}</description>\n`
    );
  };
  async function* items(products: AsyncIterable<ChannelProduct>, counter: { count: number }) {
    for await (const product of products) {
      yield (counter.count === 0 ? header(product) : "") + rssItem(product);
      counter.count++;
    }
    yield (counter.count === 0 ? header(null) : "") + "</channel>\n</rss>\n";
  }
  return {
    kind: "file",
    name: "google-merchant-rss",
    contentType: "application/rss+xml; charset=utf-8",
    fileExtension: "xml",
    categoryFor: googleCategories.categoryFor,
    validate: validateForGoogle,
    chunks: (products, counter = { count: 0 }) => buffered(items(products, counter)),
    async write(products, out) {
      const counter = { count: 0 };
      await writeChunks(buffered(items(products, counter)), out);
      return counter;
    },
  };
}

export const googleFeedRss: GoogleFeedConnector = createGoogleFeedRss();

async function* tsvRows(products: AsyncIterable<ChannelProduct>, counter: { count: number }) {
  yield GOOGLE_ATTRIBUTES.join("\t") + "\n";
  for await (const product of products) {
    yield tsvRow(product);
    counter.count++;
  }
}

export const googleFeedTsv: GoogleFeedConnector = {
  kind: "file",
  name: "google-merchant-tsv",
  contentType: "text/tab-separated-values; charset=utf-8",
  fileExtension: "tsv",
  categoryFor: googleCategories.categoryFor,
  validate: validateForGoogle,
  chunks: (products, counter = { count: 0 }) => buffered(tsvRows(products, counter)),
  async write(products, out) {
    const counter = { count: 0 };
    await writeChunks(buffered(tsvRows(products, counter)), out);
    return counter;
  },
};

// ---- parsing (our own output, for tests and checks) ----

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number(ref.slice(1)));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[ref] as string;
  });
}

/**
 * The items of a feed this module wrote (regex-based: no CDATA, comments or nested markup).
 * Throws on anything a well-formed item could not hold (a stray `<` or `&`, an unknown element).
 */
export function parseGoogleRss(xml: string): Record<string, string>[] {
  if (!xml.includes(`xmlns:g="${GOOGLE_NS}"`)) throw new Error("Not a Google feed: g namespace missing");
  if (!/<\/channel>\s*<\/rss>\s*$/.test(xml)) throw new Error("Feed is truncated");
  const items: Record<string, string>[] = [];
  for (const [, body] of xml.matchAll(/<item>([\s\S]*?)<\/item>/g)) {
    const item: Record<string, string> = {};
    const rest = (body ?? "").replace(/<g:([a-z_]+)>([^<]*)<\/g:\1>/g, (_, name: string, text: string) => {
      if (/&(?!(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);)/.test(text))
        throw new Error(`Bare "&" in g:${name}`);
      const value = unescapeXml(text);
      item[name] = item[name] === undefined ? value : `${item[name]},${value}`;
      return "";
    });
    if (rest.trim()) throw new Error(`Unexpected markup in an item: ${rest.trim().slice(0, 80)}`);
    items.push(item);
  }
  return items;
}

/** The rows of a TSV feed as records keyed by the header row. */
export function parseGoogleTsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.split("\n").filter((line) => line !== "");
  if (!head) return [];
  const names = head.split("\t");
  return lines.map((line, row) => {
    const cells = line.split("\t");
    if (cells.length !== names.length)
      throw new Error(`Row ${row + 2} has ${cells.length} cells, the header ${names.length}`);
    const unquote = (cell: string) =>
      cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"')
        ? cell.slice(1, -1).replaceAll('""', '"')
        : cell;
    return Object.fromEntries(
      names.map((name, i) => [name, unquote(cells[i] ?? "")]).filter(([, v]) => v !== ""),
    );
  });
}
