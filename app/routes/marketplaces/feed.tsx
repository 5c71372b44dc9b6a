// /feeds/:token/:file: the Google Merchant Center feed (google.xml RSS, google.tsv) at its secret
// URL. No login: Google fetches it on a schedule, and the token is the secret (rotate
// Channel.feedToken to cut off a leaked URL). Only products Google would take are written.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedForToken } from "~/modules/marketplaces/operator.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const feed = await feedForToken(params.token, params.file);
  if (!feed) throw new Response("Not found", { status: 404 });
  return new Response(feed.body, {
    headers: {
      "Content-Type": feed.contentType,
      "Cache-Control": "private, max-age=300",
      "X-Robots-Tag": "noindex",
    },
  });
}
