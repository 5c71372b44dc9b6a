import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import { env } from "~/utils/env.server";

function vnpayPayOrigin(): string {
  try {
    return new URL(env().VNPAY_PAY_URL).origin;
  } catch {
    return "'self'";
  }
}

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
}

/** Enforced CSP with a fresh nonce per response, HSTS (production), nosniff, no framing. */
export function securityHeaders(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": production ? ["'self'"] : ["'self'", "ws:"],
        // Checkout's form answers with a redirect to VNPay's payment page: allowed, and only that host.
        "form-action": ["'self'", () => vnpayPayOrigin()],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
      },
    },
    strictTransportSecurity: production
      ? { maxAge: 63072000, includeSubDomains: true, preload: false }
      : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence: a state-changing request must come from our own origin. Browsers send Origin on
 * every POST; when it is missing we fall back to Referer, and refuse when both are absent.
 * Paths in `exempt` are server-to-server callbacks authenticated by their own signatures.
 */
export function originCheck(options: { allowedOrigins?: string[]; exempt?: RegExp[] } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (options.exempt?.some((re) => re.test(req.path))) return next();
    const expected = options.allowedOrigins?.length
      ? options.allowedOrigins
      : [`${req.protocol}://${req.get("host")}`];
    const origin = req.get("origin") ?? originOf(req.get("referer"));
    if (origin && expected.includes(origin)) return next();
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Yêu cầu bị từ chối: nguồn gửi không hợp lệ (CSRF).\nRequest refused: cross-site origin.");
  };
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const LOOPBACK = /^(localhost|[\w-]+\.localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Without APP_ORIGIN the app builds absolute URLs (mailed reset links, canonical and og:url in
 * cached pages) from the request's host, which its sender chooses: then only loopback hosts are
 * served (a developer's machine, the e2e servers, a proxy on the same host). With APP_ORIGIN set,
 * every absolute URL comes from it and any host may be served.
 */
export function hostCheck(appOrigin: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (appOrigin || LOOPBACK.test(req.hostname)) return next();
    res
      .status(421)
      .type("text/plain; charset=utf-8")
      .send(
        "Máy chủ chưa được cấu hình tên miền (APP_ORIGIN).\nThis server has no APP_ORIGIN: set it to serve this host.",
      );
  };
}
