// Turns one image into its public variants: upright, sRGB, metadata-free, 320/640/1280 px wide in
// AVIF, WebP and JPEG, named by content hash, plus a tiny blurred placeholder. Rendering happens in
// memory; nothing is written until every variant exists (see upload.server.ts for validation).
import { createHash } from "node:crypto";
import sharp, { type Sharp, type SharpOptions } from "sharp";
import { MAX_MEGAPIXELS } from "./limits";
import { LocalStore, photoStorage, type ObjectStore } from "./storage.server";
import { VARIANT_FORMATS, variantKey, variantWidths, type VariantFormat } from "./urls";

// libvips' operation cache only helps when the same image is processed again; uploads never are,
// and the cache holds up to 50 MB. sharp.concurrency stays at sharp's glibc default (1 libvips
// thread per image, less heap fragmentation); one photo is processed at a time per process (see
// upload.server.ts), its three encoders in parallel.
sharp.cache(false);

/** Larger inputs are refused before decoding (a 20000 × 20000 PNG is 1.6 GB of pixels). */
export const MAX_INPUT_PIXELS = MAX_MEGAPIXELS * 1_000_000;

/** Bump when the variants' look changes (size, quality, encoder): new names, fresh caches. */
const PIPELINE_VERSION = "photo-v1";

/**
 * AVIF effort 0–9. On a 12 MP photo's 1280 px variant, effort 1 takes half the time of 2 (and a
 * quarter of 3) for ~2 % more bytes; 2 pushed a photo past 1.5 s on a busy 2-core machine.
 */
export const DEFAULT_AVIF_EFFORT = 1;

const CONTENT_TYPE: Record<VariantFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpg: "image/jpeg",
};

export interface StoredImage {
  /** 32 hex chars of the SHA-256 of the input bytes (and the pipeline version). */
  hash: string;
  /** Size after auto-orientation (the largest variant is at most this wide). */
  width: number;
  height: number;
  /** A tiny WebP data URI to show, blurred, while the real image loads. */
  placeholder: string;
}

export interface RenderedFile {
  key: string;
  bytes: Buffer;
  contentType: string;
}

export interface RenderedImage extends StoredImage {
  variants: RenderedFile[];
}

export interface RenderOptions {
  /** AVIF encoder effort 0–9 (sharp's default, 4, is several times slower than 1 for a few % fewer bytes). */
  avifEffort?: number;
}

export function contentHash(input: Uint8Array): string {
  return createHash("sha256").update(`${PIPELINE_VERSION}\n`).update(input).digest("hex").slice(0, 32);
}

/**
 * Decoding options for untrusted input: pixel limit checked from the header, abort on corrupt or
 * truncated data, stream through the file instead of random access, first frame only.
 */
export const SOURCE_OPTIONS = {
  failOn: "error",
  limitInputPixels: MAX_INPUT_PIXELS,
  sequentialRead: true,
  pages: 1,
} as const satisfies SharpOptions;

function encode(image: Sharp, ext: VariantFormat, avifEffort: number): Sharp {
  switch (ext) {
    case "avif":
      return image.avif({ quality: 50, effort: avifEffort });
    case "webp":
      return image.webp({ quality: 78 });
    case "jpg":
      return image.jpeg({ quality: 80, mozjpeg: true });
  }
}

interface RawLevel {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

const fromRaw = ({ data, info }: RawLevel) =>
  sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

export async function renderVariants(input: Buffer, opts: RenderOptions = {}): Promise<RenderedImage> {
  const avifEffort = opts.avifEffort ?? DEFAULT_AVIF_EFFORT;
  const meta = await sharp(input, SOURCE_OPTIONS).metadata();
  const { width, height } = meta.autoOrient;
  const widths = variantWidths(width).sort((a, b) => b - a);

  // Decode once, straight to the largest variant's size: JPEG and WebP shrink while decoding, so a
  // 12 MP photo never sits in memory at full size. Upright (EXIF orientation applied), no alpha,
  // sRGB pixels (an embedded ICC profile is used for the conversion, then dropped). Outputs carry
  // no metadata at all: sharp writes none unless asked.
  let level: RawLevel = await sharp(input, SOURCE_OPTIONS)
    .autoOrient()
    .resize({ width: widths[0], withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });

  const hash = contentHash(input);
  const variants: RenderedFile[] = [];
  for (const w of widths) {
    if (level.info.width !== w) {
      level = await fromRaw(level).resize({ width: w }).raw().toBuffer({ resolveWithObject: true });
    }
    const current = level;
    const render = async (ext: VariantFormat): Promise<RenderedFile> => ({
      key: variantKey(hash, w, ext),
      bytes: await encode(fromRaw(current), ext, avifEffort).toBuffer(),
      contentType: CONTENT_TYPE[ext],
    });
    // Two lanes for two cores: AVIF (the slowest) beside WebP then JPEG. A third parallel encoder
    // would not be faster and would add its buffers to the peak.
    const [avif, [webp, jpg]] = await Promise.all([
      render("avif"),
      render("webp").then(async (first) => [first, await render("jpg")] as const),
    ]);
    const encoded = VARIANT_FORMATS.map((ext) => ({ avif, webp, jpg })[ext]);
    variants.push(...encoded);
  }

  const tiny = await fromRaw(level).resize({ width: 16 }).blur(0.8).webp({ quality: 40 }).toBuffer();
  return { hash, width, height, placeholder: `data:image/webp;base64,${tiny.toString("base64")}`, variants };
}

/** Writes the variants that are not there yet; returns the keys it created (to undo on failure). */
export async function writeVariants(store: ObjectStore, files: RenderedFile[]): Promise<string[]> {
  const created: string[] = [];
  try {
    for (const file of files) {
      if (await store.exists(file.key)) continue; // content-addressed: present means done
      await store.put(file.key, file.bytes, file.contentType);
      created.push(file.key);
    }
  } catch (error) {
    await Promise.all(created.map((key) => store.delete(key).catch(() => undefined)));
    throw error;
  }
  return created;
}

export interface StoreImageOptions extends RenderOptions {
  /** A local folder to write to; defaults to the configured variants storage. */
  mediaDir?: string;
}

/** Renders and stores a trusted image (the demo seed's). Uploads go through upload.server.ts. */
export async function storeProductImage(input: Buffer, opts: StoreImageOptions = {}): Promise<StoredImage> {
  const store = opts.mediaDir ? new LocalStore(opts.mediaDir) : photoStorage().variants;
  const { variants, ...stored } = await renderVariants(input, opts);
  await writeVariants(store, variants);
  return stored;
}
