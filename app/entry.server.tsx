import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { isDatabaseUnavailable } from "./utils/db.server";

const ABORT_DELAY = 5_000;

// Requests that failed because the database was away (a restart, a failover): handleError sees
// the real error, handleRequest only Remix's sanitised one.
const databaseAway = new WeakSet<Request>();

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // 503, not 500: the load balancer, crawlers and the error page's "try again" agree it is passing.
  if (responseStatusCode === 500 && databaseAway.has(request)) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "10");
  }
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = stripNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * React 18's Node renderer flushes its whole 2 KB buffer when a multi-byte character (most
 * Vietnamese letters) does not fit at its end, leaving a stray 0x00 byte in the HTML
 * (facebook/react#24985, fixed only in React 19, which Remix v2 cannot use). A NUL byte is never
 * valid in HTML, so dropping every one restores the exact document.
 */
function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk);
    },
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (isDatabaseUnavailable(error)) databaseAway.add(request);
  if (request.signal.aborted) return;
  // Log the path only: query strings can carry tokens.
  console.error(`[error] ${request.method} ${new URL(request.url).pathname}`, error);
}
