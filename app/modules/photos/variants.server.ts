// Stores a product image as resized, metadata-free variants named by content hash.
// The upload pipeline (validation, size limits, moderation) builds on this later.
import { createHash, randomBytes } from "node:crypto";
import { access, mkdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp, { type Sharp } from "sharp";
import { env } from "~/utils/env.server";
import { VARIANT_FORMATS, variantWidths, type VariantFormat } from "./urls";

export interface StoredImage {
  /** 32 hex chars of the SHA-256 of the normalised pixels. */
  hash: string;
  /** Size after auto-orientation (the largest variant is at most this wide). */
  width: number;
  height: number;
  /** A tiny WebP data URI to show, blurred, while the real image loads. */
  placeholder: string;
}

export interface StoreImageOptions {
  /** Defaults to env().MEDIA_DIR. */
  mediaDir?: string;
  /** AVIF encoder effort 0–9: 3 is ~4× faster than sharp's default 4 for a few % more bytes. */
  avifEffort?: number;
}

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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Readers never see a half-written file: write a unique temp name, then rename over. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function storeProductImage(input: Buffer, opts: StoreImageOptions = {}): Promise<StoredImage> {
  const mediaDir = path.resolve(opts.mediaDir ?? env().MEDIA_DIR);
  const avifEffort = opts.avifEffort ?? 3;

  // Normalise once: upright (EXIF orientation applied), no alpha, sRGB pixels. Outputs carry no
  // metadata (sharp drops it unless told otherwise). The hash covers only the pixels, so the same
  // picture uploaded twice, even with different EXIF, maps to the same files.
  const { data, info } = await sharp(input)
    .rotate()
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const hash = createHash("sha256")
    .update(`${width}x${height}x${channels}\n`)
    .update(data)
    .digest("hex")
    .slice(0, 32);
  const pixels = () => sharp(data, { raw: { width, height, channels } });

  await mkdir(mediaDir, { recursive: true });
  await Promise.all(
    variantWidths(width).flatMap((w) =>
      VARIANT_FORMATS.map(async (ext) => {
        const file = path.join(mediaDir, `${hash}-${w}.${ext}`);
        if (await exists(file)) return; // content-addressed: present means done
        const buffer = await encode(pixels().resize({ width: w }), ext, avifEffort).toBuffer();
        await writeAtomically(file, buffer);
      }),
    ),
  );

  const tiny = await pixels().resize({ width: 16 }).blur(0.8).webp({ quality: 40 }).toBuffer();
  return { hash, width, height, placeholder: `data:image/webp;base64,${tiny.toString("base64")}` };
}
