// The private scan of a certificate, for the officials of the producer's province only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DOCUMENT_TYPES, type DocumentMime } from "~/modules/certificates/certificates.server";
import { requireOfficial } from "~/modules/reviews/official.server";
import { reviewCertificateDocument } from "~/modules/reviews/reviews.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const official = await requireOfficial(request);
  const doc = await reviewCertificateDocument(official, params.productId, params.certificateId);
  const ext = DOCUMENT_TYPES[doc.mime as DocumentMime] ?? "bin";
  const filename = `chung-nhan-${doc.kind.toLowerCase()}-${doc.number.replace(/[^A-Za-z0-9-]+/g, "-")}.${ext}`;
  return new Response(doc.body, {
    headers: {
      "Content-Type": doc.mime,
      "Content-Length": String(doc.size),
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
