// GS1 Digital Link resolver: /01/{GTIN}/10/{lot}[?17=YYMMDD][&linkType=…] — what the QR code on a
// package holds. Plain HTML, no JavaScript (handle.hydrate): it is opened on a phone in a shop.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { traceLoader, traceNotFound } from "~/modules/batches/trace.server";
import { TraceErrorBoundary, TracePage, traceMeta } from "~/components/trace-view";
import { parseDigitalLink } from "~/modules/traceability/digital-link";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Any link type is accepted (unknown ones fall back to this page), so it is not validated here.
  url.searchParams.delete("linkType");
  // Parsed from the raw path (not Remix's decoded params): validation sees exactly what was scanned.
  const link = parseDigitalLink(url.pathname + url.search);
  if (!link.ok || link.lot === undefined) throw traceNotFound("malformed");
  return traceLoader(request, { by: "gtin", gtin14: link.gtin, lot: link.lot });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta = traceMeta;

export default function DigitalLinkTrace() {
  return <TracePage trace={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = TraceErrorBoundary;
