import { redirect } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums";
import { findSessionUser } from "./session.server";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof findSessionUser>>>;

export function getOptionalUser(request: Request) {
  return findSessionUser(request);
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await findSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return user;
}

/** Authorisation is decided here, on the server; the UI only hides what this refuses. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Client IP as seen by Express (honours TRUST_PROXY), passed through the load context. */
export function clientIp(context: { clientIp?: string } | undefined): string {
  return context?.clientIp ?? "unknown";
}
