// Public URLs of stored product-photo variants. Plain module: used by server and browser code.
// Variants live at `${MEDIA_DIR}/${hash}-${width}.${ext}` and are served as `/media/...`,
// immutable (the name changes whenever the content does). With S3 storage they are served from
// elsewhere: loaders pass `mediaBaseUrl()` (storage.server.ts) as `base`.

export const VARIANT_WIDTHS = [320, 640, 1280] as const;
export const VARIANT_FORMATS = ["avif", "webp", "jpg"] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/** The widths stored for a photo whose (auto-oriented) source is `sourceWidth` px wide: never upscaled. */
export function variantWidths(sourceWidth: number): number[] {
  const widths = VARIANT_WIDTHS.map((w) => Math.min(w, Math.max(1, Math.round(sourceWidth))));
  return [...new Set(widths)];
}

export const DEFAULT_MEDIA_BASE = "/media";

/** The storage key (file name) of one variant. */
export function variantKey(hash: string, width: number, ext: VariantFormat): string {
  return `${hash}-${width}.${ext}`;
}

export function photoUrl(hash: string, width: number, ext: VariantFormat, base = DEFAULT_MEDIA_BASE): string {
  return `${base}/${variantKey(hash, width, ext)}`;
}

/** A `srcset` value listing every stored width of a photo in one format. */
export function photoSrcSet(
  hash: string,
  sourceWidth: number,
  ext: VariantFormat,
  base = DEFAULT_MEDIA_BASE,
): string {
  return variantWidths(sourceWidth)
    .map((w) => `${photoUrl(hash, w, ext, base)} ${w}w`)
    .join(", ");
}
