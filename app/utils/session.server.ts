import { createHash, randomBytes } from "node:crypto";
import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { prisma } from "./db.server";
import { isProduction, sessionSecrets } from "./env.server";

const REMEMBER_MS = 30 * 24 * 3600 * 1000;
const SHORT_MS = 12 * 3600 * 1000;

// The cookie carries a random token; the database keeps only its SHA-256, so a leaked
// table cannot be replayed as cookies. Signed with every secret in SESSION_SECRETS (rotation).
function sessionCookie() {
  return createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    secrets: sessionSecrets(),
  });
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

export async function findSessionUser(request: Request) {
  const token = await readSessionToken(request);
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { id: hashToken(token) },
    select: {
      expiresAt: true,
      user: { select: { id: true, name: true, role: true, provinceCode: true, locale: true } },
    },
  });
  if (!session || session.expiresAt <= new Date()) return null;
  return session.user;
}

/** Starts a new session (a fresh id at every login) and returns its Set-Cookie header. */
export async function createUserSession(request: Request, userId: string, remember: boolean) {
  const previous = await readSessionToken(request);
  if (previous) await prisma.session.deleteMany({ where: { id: hashToken(previous) } });
  const token = randomBytes(32).toString("base64url");
  const ttl = remember ? REMEMBER_MS : SHORT_MS;
  await prisma.session.create({
    data: { id: hashToken(token), userId, expiresAt: new Date(Date.now() + ttl) },
  });
  return sessionCookie().serialize(token, remember ? { maxAge: ttl / 1000 } : {});
}

/** Revokes the request's session in the database and returns a Set-Cookie that clears it. */
export async function destroyUserSession(request: Request) {
  const token = await readSessionToken(request);
  if (token) await prisma.session.deleteMany({ where: { id: hashToken(token) } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

// Flash messages ("toasts") live in their own short cookie, apart from the auth session. Built per
// call, like the session cookie, so both always verify with the same list of secrets.
const flashStorage = () =>
  createCookieSessionStorage({
    cookie: {
      name: "__flash",
      httpOnly: true,
      sameSite: "lax",
      secure: isProduction(),
      path: "/",
      secrets: sessionSecrets(),
    },
  });

export type Flash = { kind: "success" | "info" | "error"; message: string };

export async function setFlash(request: Request, flash: Flash) {
  const storage = flashStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  session.flash("flash", flash);
  return storage.commitSession(session);
}

export async function takeFlash(request: Request) {
  const storage = flashStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") as Flash | undefined;
  return { flash: flash ?? null, setCookie: flash ? await storage.commitSession(session) : null };
}
