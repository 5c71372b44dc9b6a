import { Photo } from "~/components/photo";
import { useTranslation } from "react-i18next";
import { formatVnd } from "~/utils/format";

export interface ProductCardData {
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  ocopStars: number | null;
  producer: { name: string; province: { name: string } };
  photos: { hash: string; width: number; height: number; alt: string }[];
}

const SIZES = "(min-width: 48rem) 14rem, 50vw";

export function ProductCard({ product, eager = false }: { product: ProductCardData; eager?: boolean }) {
  const { t } = useTranslation();
  const cover = product.photos[0];
  return (
    <article className="product-card">
      {cover ? (
        <Photo photo={cover} sizes={SIZES} alt={product.name} fallbackWidth={640} eager={eager} />
      ) : null}
      <div className="body">
        <h3>{product.name}</h3>
        <p className="price">
          {formatVnd(product.priceVnd)} <span className="meta">/ {product.unit}</span>
        </p>
        {product.ocopStars ? (
          <p className="stars">
            {"★".repeat(product.ocopStars)} {t("stars", { count: product.ocopStars })}
          </p>
        ) : null}
        <p className="meta">
          {product.producer.name} · {product.producer.province.name}
        </p>
      </div>
    </article>
  );
}
