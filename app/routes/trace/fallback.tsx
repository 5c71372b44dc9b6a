// Trace page of a batch of a product without a GTIN: /t/{publicId}/{lot} (see buildFallbackLink).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadTrace, traceNotFound } from "~/modules/batches/trace.server";
import { TraceErrorBoundary, TracePage } from "~/components/trace-view";
import { gs1TextProblem } from "~/modules/traceability/digital-link";

const PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { publicId = "", lot = "" } = params;
  if (!PUBLIC_ID.test(publicId) || gs1TextProblem(lot) !== null) throw traceNotFound("malformed");
  return loadTrace(request, { by: "publicId", publicId, lot });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.product.name} · Lô ${data.batch.lotNumber} · Cổng OCOP` },
        ...(data.visibility === "preview" ? [{ name: "robots", content: "noindex" }] : []),
      ]
    : [{ title: "Truy xuất nguồn gốc · Cổng OCOP" }];

export default function FallbackTrace() {
  return <TracePage trace={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = TraceErrorBoundary;
