// The public URLs of a product and of its batches, and what a GS1 Digital Link `linkType` asks for.
// Plain module (no server code): used by loaders, components and tests alike.
import { buildFallbackLink } from "~/modules/traceability/digital-link";

export const productPath = (slug: string) => `/san-pham/${encodeURIComponent(slug)}`;
export const certificatesPath = (slug: string) => `${productPath(slug)}/chung-nhan`;
export const certificateAnchor = (id: string) => `cert-${id}`;
export const producerPath = (slug: string) => `/co-so/${encodeURIComponent(slug)}`;
export const ogImagePath = (slug: string) => `${productPath(slug)}/og.png`;

/** `/t/{publicId}/{lot}`: a batch's trace page without its GTIN (lot percent-encoded as on labels). */
export function fallbackPath(publicId: string, lot: string): string {
  return new URL(buildFallbackLink({ origin: "http://x.invalid", publicId, lot })).pathname;
}

/** The batch's public EPCIS 2.0 document. */
export const epcisPath = (publicId: string, lot: string) => `${fallbackPath(publicId, lot)}/epcis`;

/**
 * What a resolver does with `?linkType=` (GS1 Digital Link / GS1 web vocabulary): the product
 * information page, the trace data (EPCIS), the certificates, the whole linkset (`all`), or the
 * default (the batch's trace page) for anything else.
 */
export type LinkTarget = "pip" | "traceability" | "certificationInfo" | "all" | "default";

const LINK_TYPES: Record<string, Exclude<LinkTarget, "default">> = {
  pip: "pip",
  traceability: "traceability",
  epcis: "traceability",
  certificationinfo: "certificationInfo",
  all: "all",
};

/**
 * Accepts `gs1:pip`, the bare `pip`, and the vocabulary URI `https://gs1.org/voc/pip` (with or
 * without `www.`), case-insensitively; an absent or unknown value is the default link.
 */
export function linkTarget(value: string | null | undefined): LinkTarget {
  if (!value) return "default";
  const name = value
    .trim()
    .replace(/^https?:\/\/(www\.)?gs1\.org\/voc\//i, "")
    .replace(/^gs1:/i, "")
    .toLowerCase();
  return LINK_TYPES[name] ?? "default";
}

/** GS1 web-vocabulary URIs of the link types this resolver serves (linkset relation types). */
export const GS1_VOC = {
  pip: "https://gs1.org/voc/pip",
  traceability: "https://gs1.org/voc/traceability",
  certificationInfo: "https://gs1.org/voc/certificationInfo",
  defaultLink: "https://gs1.org/voc/defaultLink",
} as const;
