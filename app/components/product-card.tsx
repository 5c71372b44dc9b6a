import { useTranslation } from "react-i18next";
import { Photo } from "~/components/photo";
import { formatVnd } from "~/utils/format";

export interface ProductCardData {
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  ocopStars: number | null;
  /** When given, 0 shows "out of stock". */
  stock?: number;
  producer: { name: string; province: { name: string } };
  photos: { hash: string; width: number; height: number; alt: string }[];
}

const SIZES = "(min-width: 48rem) 14rem, 50vw";

export const productHref = (slug: string) => `/san-pham/${encodeURIComponent(slug)}`;

/**
 * A product in a grid. The name links to the product page and its link covers the whole card
 * (one tap target, one link for screen readers); `href={null}` leaves the card unlinked for a
 * caller that wraps it in its own link.
 */
export function ProductCard({
  product,
  eager = false,
  mediaBase,
  href,
}: {
  product: ProductCardData;
  eager?: boolean;
  mediaBase?: string;
  href?: string | null;
}) {
  const { t } = useTranslation();
  const cover = product.photos[0];
  const link = href === undefined ? productHref(product.slug) : href;
  return (
    <article className={link ? "product-card cat-card" : "product-card"}>
      {cover ? (
        <Photo
          photo={cover}
          sizes={SIZES}
          alt={product.name}
          fallbackWidth={640}
          eager={eager}
          mediaBase={mediaBase}
        />
      ) : (
        <div className="cat-card-nophoto" aria-hidden="true" />
      )}
      <div className="body">
        <h3>{link ? <a href={link}>{product.name}</a> : product.name}</h3>
        <p className="price">
          {formatVnd(product.priceVnd)} <span className="meta">/ {product.unit}</span>
        </p>
        {product.ocopStars ? (
          <p className="stars">
            <span aria-hidden="true">{"★".repeat(product.ocopStars)} </span>
            {t("stars", { count: product.ocopStars })}
          </p>
        ) : null}
        {product.stock === 0 ? <p className="cat-card-out">{t("catalogue.outOfStock")}</p> : null}
        <p className="meta">
          {product.producer.name} · {product.producer.province.name}
        </p>
      </div>
    </article>
  );
}
