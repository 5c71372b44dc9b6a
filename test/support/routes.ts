import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { AppContext } from "~/utils/load-context";

export const ORIGIN = "http://localhost:3000";
export const testContext = (ip = "203.0.113.7"): AppContext => ({
  cspNonce: "test",
  requestId: "test",
  clientIp: ip,
});

export interface RouteResult {
  status: number;
  headers: Headers;
  data: unknown;
}

/** Turns what a loader/action returns or throws (Response, data(), plain object) into one shape. */
export async function settle(run: () => Promise<unknown> | unknown): Promise<RouteResult> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    return { status: value.status, headers: value.headers, data: text };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data };
  }
  return { status: 200, headers: new Headers(), data: value };
}

export function formRequest(path: string, fields: Record<string, string>, cookie?: string): Request {
  return new Request(ORIGIN + path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(ORIGIN + path, { headers: cookie ? { Cookie: cookie } : {} });
}

/** The cookie pairs a response sets, ready to send back ("a=1; b=2"). */
export function cookiesFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export function callAction(
  action: (args: ActionFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
  context = testContext(),
) {
  return settle(() => action({ request, params, context }));
}

export function callLoader(
  loader: (args: LoaderFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
  context = testContext(),
) {
  return settle(() => loader({ request, params, context }));
}
