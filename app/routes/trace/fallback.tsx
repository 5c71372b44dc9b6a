// Trace page of a batch of a product without a GTIN: /t/{publicId}/{lot}[?linkType=…] (see
// buildFallbackLink). Plain HTML, no JavaScript (handle.hydrate).
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { traceLoader, traceNotFound } from "~/modules/batches/trace.server";
import { TraceErrorBoundary, TracePage, traceMeta } from "~/components/trace-view";
import { gs1TextProblem } from "~/modules/traceability/digital-link";

const PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { publicId = "", lot = "" } = params;
  if (!PUBLIC_ID.test(publicId) || gs1TextProblem(lot) !== null) throw traceNotFound("malformed");
  return traceLoader(request, { by: "publicId", publicId, lot });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta = traceMeta;

export default function FallbackTrace() {
  return <TracePage trace={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = TraceErrorBoundary;
