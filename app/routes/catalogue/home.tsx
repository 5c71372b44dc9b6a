import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductCard } from "~/components/product-card";
import { countApprovedProducts, listFeaturedProducts } from "~/modules/products/products.server";

export async function loader() {
  const [products, total] = await Promise.all([listFeaturedProducts(), countApprovedProducts()]);
  return { products, total };
}

export const meta: MetaFunction = () => [
  { title: "Cổng OCOP · Sản phẩm OCOP và nông sản có truy xuất nguồn gốc" },
  { name: "description", content: "Sản phẩm OCOP được Sở Công Thương duyệt, quét mã QR để xem nguồn gốc." },
];

export default function Home() {
  const { products, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.lead")}</p>
      </section>
      <h2>{t("home.featured")}</h2>
      <p className="meta">{t("home.productCount", { count: total })}</p>
      {products.length ? (
        <ul className="grid">
          {products.map((product, i) => (
            <li key={product.id}>
              <ProductCard product={product} eager={i < 2} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("home.empty")}</p>
      )}
    </>
  );
}
