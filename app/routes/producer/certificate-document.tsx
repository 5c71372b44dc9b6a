// The private scan of a certificate: streamed only to those with access to the producer, and only
// when the certificate belongs to this product (or to the whole producer) of this producer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  certificateDocument,
  DOCUMENT_TYPES,
  type DocumentMime,
} from "~/modules/certificates/certificates.server";
import { requireOwnProduct, requireProducerAccess } from "~/modules/producers/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId);
  const product = await requireOwnProduct(access, params.productId, { id: true });
  const doc = await certificateDocument(access, product.id, params.certificateId);
  const ext = DOCUMENT_TYPES[doc.mime as DocumentMime] ?? "bin";
  const filename = `chung-nhan-${doc.kind.toLowerCase()}-${doc.number.replace(/[^A-Za-z0-9-]+/g, "-")}.${ext}`;
  return new Response(doc.body, {
    headers: {
      "Content-Type": doc.mime,
      "Content-Length": String(doc.size),
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      // The type was checked from the file's bytes at upload: never let a browser guess another.
      "X-Content-Type-Options": "nosniff",
    },
  });
}
