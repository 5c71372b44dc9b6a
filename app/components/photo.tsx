import { photoSrcSet, photoUrl } from "~/modules/photos/urls";

export interface PhotoData {
  hash: string;
  width: number;
  height: number;
  alt: string;
}

/**
 * A stored photo: AVIF, then WebP, then JPEG for old phones; width and height reserve its space
 * so nothing shifts while it loads.
 */
export function Photo({
  photo,
  sizes,
  alt,
  fallbackWidth = 640,
  eager = false,
  mediaBase,
}: {
  photo: PhotoData;
  sizes: string;
  alt: string;
  fallbackWidth?: number;
  eager?: boolean;
  mediaBase?: string;
}) {
  return (
    <picture>
      <source
        type="image/avif"
        srcSet={photoSrcSet(photo.hash, photo.width, "avif", mediaBase)}
        sizes={sizes}
      />
      <source
        type="image/webp"
        srcSet={photoSrcSet(photo.hash, photo.width, "webp", mediaBase)}
        sizes={sizes}
      />
      <img
        src={photoUrl(photo.hash, Math.min(fallbackWidth, photo.width), "jpg", mediaBase)}
        alt={photo.alt || alt}
        width={photo.width}
        height={photo.height}
        loading={eager ? "eager" : "lazy"}
        decoding="async"
      />
    </picture>
  );
}
