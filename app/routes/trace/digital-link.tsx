// GS1 Digital Link resolver: /01/{GTIN}/10/{lot}[?17=YYMMDD] — what the QR code on a package holds.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadTrace, traceNotFound } from "~/modules/batches/trace.server";
import { TraceErrorBoundary, TracePage } from "~/components/trace-view";
import { parseDigitalLink } from "~/modules/traceability/digital-link";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Parsed from the raw path (not Remix's decoded params): validation sees exactly what was scanned.
  const link = parseDigitalLink(url.pathname + url.search);
  if (!link.ok || link.lot === undefined) throw traceNotFound("malformed");
  return loadTrace(request, { by: "gtin", gtin14: link.gtin, lot: link.lot });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.product.name} · Lô ${data.batch.lotNumber} · Cổng OCOP` },
        ...(data.visibility === "preview" ? [{ name: "robots", content: "noindex" }] : []),
      ]
    : [{ title: "Truy xuất nguồn gốc · Cổng OCOP" }];

export default function DigitalLinkTrace() {
  return <TracePage trace={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = TraceErrorBoundary;
