// What search engines and link previews read from a product page: title, description, canonical
// and hreflang URLs, OpenGraph, and schema.org Product JSON-LD. Plain module (no server code).
//
// URL form of the languages: the Vietnamese page is the bare URL (/san-pham/{slug}); the English
// one is the same URL with `?lang=en` (locale.server.ts gives the query parameter precedence over
// the language cookie, for that request only). Each language's canonical is its own URL; the
// cookie never changes it, and other query parameters are dropped.
import type { TFunction } from "i18next";
import type { CertificateKind } from "~/modules/certificates/status";
import { photoUrl } from "~/modules/photos/urls";
import { formatVnd } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { ogImagePath, producerPath, productPath } from "./product-links";

export interface SeoCertificate {
  kind: CertificateKind;
  number: string;
  issuer: string;
  ocopStars: number | null;
  /** YYYY-MM-DD */
  issuedOn: string;
  expiresOn: string | null;
}

export interface ProductSeoInput {
  /** Absolute origin of the public site (APP_ORIGIN or the request's). */
  origin: string;
  /** The language the page is shown in, and whether the URL named it (`?lang=`). */
  locale: Locale;
  urlLocale: Locale | null;
  /** Where photo variants are served from (relative or absolute). */
  mediaBase: string;
  product: {
    slug: string;
    name: string;
    description: string;
    priceVnd: number;
    unit: string;
    gtin: string | null;
    sku: string | null;
    publicId: string;
    groupLabel: string;
    weightGrams: number | null;
    /** Can be bought now: listed and in stock. */
    inStock: boolean;
    photos: readonly { hash: string; width: number }[];
  };
  producer: { slug: string; name: string; commune: string; province: string };
  ocopStars: number | null;
  /** Certificates in force today (those with a badge). */
  certificates: readonly SeoCertificate[];
}

export interface Alternate {
  hreflang: "vi" | "en" | "x-default";
  href: string;
}

export interface ProductSeo {
  title: string;
  siteName: string;
  description: string;
  canonical: string;
  alternates: Alternate[];
  ogImage: string;
  ogLocale: string;
  priceAmount: string;
  jsonLd: Record<string, unknown>;
}

const SCHEMA = "https://schema.org/";
const GTIN_PROPERTY: Record<number, string> = { 8: "gtin8", 12: "gtin12", 13: "gtin13", 14: "gtin14" };
const OG_LOCALE: Record<Locale, string> = { vi: "vi_VN", en: "en_GB" };

/** At most `max` characters, cut at a word boundary, with an ellipsis. */
export function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** The certificate as a schema.org Certification (its GS1 web-vocabulary twin has the same fields). */
function certification(c: SeoCertificate, t: TFunction) {
  return {
    "@type": "Certification",
    name:
      c.kind === "OCOP" && c.ocopStars
        ? `OCOP ${t("certificates.stars", { stars: c.ocopStars })}`
        : t(`certificates.kinds.${c.kind}`),
    certificationIdentification: c.number,
    issuedBy: { "@type": "Organization", name: c.issuer },
    validFrom: c.issuedOn,
    ...(c.expiresOn ? { expires: c.expiresOn } : {}),
    certificationStatus: `${SCHEMA}CertificationActive`,
    ...(c.kind === "OCOP" && c.ocopStars
      ? {
          certificationRating: {
            "@type": "Rating",
            ratingValue: c.ocopStars,
            bestRating: 5,
            worstRating: 3,
          },
        }
      : {}),
  };
}

export function productSeo(input: ProductSeoInput, t: TFunction): ProductSeo {
  const { origin, product, producer } = input;
  const absolute = (path: string) => new URL(path, origin).href;
  const viUrl = absolute(productPath(product.slug));
  const enUrl = `${viUrl}?lang=en`;
  const canonical = input.urlLocale === "en" ? enUrl : viUrl;
  const price = formatVnd(product.priceVnd);
  const place = `${producer.commune}, ${producer.province}`;
  const description = clip(
    [
      t("productPage.metaDescription", {
        name: product.name,
        producer: producer.name,
        place,
        price,
        unit: product.unit,
      }),
      input.ocopStars ? t("productPage.metaStars", { stars: input.ocopStars }) : "",
      product.description,
    ]
      .filter(Boolean)
      .join(" "),
    200,
  );
  const gtinProperty = product.gtin ? GTIN_PROPERTY[product.gtin.length] : undefined;
  const images = product.photos.map((p) =>
    absolute(photoUrl(p.hash, Math.min(1280, p.width), "jpg", input.mediaBase)),
  );

  const jsonLd: Record<string, unknown> = {
    "@context": "https://schema.org",
    "@type": "Product",
    "@id": `${viUrl}#product`,
    name: product.name,
    description: clip(product.description || product.name, 5000),
    url: canonical,
    ...(images.length ? { image: images } : {}),
    sku: product.sku ?? product.publicId,
    ...(gtinProperty ? { [gtinProperty]: product.gtin } : {}),
    category: product.groupLabel,
    brand: { "@type": "Brand", name: producer.name },
    manufacturer: {
      "@type": "Organization",
      name: producer.name,
      url: absolute(producerPath(producer.slug)),
      address: {
        "@type": "PostalAddress",
        addressLocality: producer.commune,
        addressRegion: producer.province,
        addressCountry: "VN",
      },
    },
    ...(product.weightGrams
      ? { weight: { "@type": "QuantitativeValue", value: product.weightGrams, unitCode: "GRM" } }
      : {}),
    offers: {
      "@type": "Offer",
      url: canonical,
      price: product.priceVnd,
      priceCurrency: "VND",
      availability: `${SCHEMA}${product.inStock ? "InStock" : "OutOfStock"}`,
      itemCondition: `${SCHEMA}NewCondition`,
      seller: { "@type": "Organization", name: producer.name },
    },
    ...(input.certificates.length
      ? { hasCertification: input.certificates.map((c) => certification(c, t)) }
      : {}),
    ...(input.ocopStars
      ? {
          additionalProperty: [
            {
              "@type": "PropertyValue",
              propertyID: "OCOP",
              name: "OCOP",
              value: input.ocopStars,
              minValue: 3,
              maxValue: 5,
              description: t("stars", { count: input.ocopStars }),
            },
          ],
        }
      : {}),
  };

  return {
    title: `${product.name} · ${producer.name} · ${t("app.name")}`,
    siteName: t("app.name"),
    description,
    canonical,
    alternates: [
      { hreflang: "vi", href: viUrl },
      { hreflang: "en", href: enUrl },
      { hreflang: "x-default", href: viUrl },
    ],
    ogImage: absolute(ogImagePath(product.slug)),
    ogLocale: OG_LOCALE[input.locale],
    priceAmount: String(product.priceVnd),
    jsonLd,
  };
}
