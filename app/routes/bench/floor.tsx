// A static page through the whole stack (Express, Remix, root layout): the benchmarks' floor.
import type { HeadersFunction } from "@remix-run/node";

export const handle = { hydrate: false };
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });

export default function Floor() {
  return <p>OK</p>;
}
