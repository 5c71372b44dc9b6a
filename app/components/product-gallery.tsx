// The product page's photos: one swipeable row on a phone (CSS scroll snapping, no JavaScript), the
// cover above the others on a wide screen. Every photo sits in a fixed 4:3 box over its blurred
// placeholder, so nothing moves while the pictures arrive; only the cover loads eagerly.
import { useTranslation } from "react-i18next";
import { Photo, type PhotoData } from "~/components/photo";

export interface GalleryPhoto extends PhotoData {
  /** A tiny WebP data URI (photos/variants.server.ts). */
  placeholder: string;
}

const COVER_SIZES = "(min-width: 48rem) 36rem, 88vw";
const OTHER_SIZES = "(min-width: 48rem) 12rem, 88vw";

export function ProductGallery({
  photos,
  name,
  mediaBase,
}: {
  photos: readonly GalleryPhoto[];
  name: string;
  mediaBase?: string;
}) {
  const { t } = useTranslation();
  if (photos.length === 0) {
    return (
      <div className="pp-gallery">
        <p className="pp-photo pp-nophoto">{t("productPage.noPhoto")}</p>
      </div>
    );
  }
  const many = photos.length > 1;
  return (
    <section className="pp-gallery" aria-label={t("productPage.photos")}>
      <ul className={many ? "pp-strip pp-many" : "pp-strip"}>
        {photos.map((photo, i) => (
          <li key={photo.hash} className="pp-photo">
            <img className="pp-ph" src={photo.placeholder} alt="" aria-hidden="true" />
            <Photo
              photo={photo}
              sizes={i === 0 ? COVER_SIZES : OTHER_SIZES}
              alt={name}
              fallbackWidth={i === 0 ? 640 : 320}
              eager={i === 0}
              mediaBase={mediaBase}
            />
            {many ? (
              <span
                className="pp-count"
                aria-label={t("productPage.photoOf", { n: i + 1, total: photos.length })}
              >
                {i + 1}/{photos.length}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
