// Session cookies across a secret rotation (SESSION_SECRETS="new,old": the first signs, all verify):
// a cookie signed with a secret still listed keeps working, one signed with a secret no longer
// listed is worthless, and so is a forged or re-signed one. The flash cookie follows the same rule.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../prisma/seed/factories";
import { getRequest } from "../support/routes";

const { prisma } = await import("~/utils/db.server");
const { rereadEnv, sessionSecrets } = await import("~/utils/env.server");
const { createUserSession, findSessionUser, hashToken, readSessionToken, setFlash, takeFlash } =
  await import("~/utils/session.server");
const { requireUser } = await import("~/utils/auth.server");

const saved = { SESSION_SECRETS: process.env.SESSION_SECRETS, NODE_ENV: process.env.NODE_ENV };

function useSecrets(value: string | undefined) {
  if (value === undefined) delete process.env.SESSION_SECRETS;
  else process.env.SESSION_SECRETS = value;
  rereadEnv();
}

/** Logs the user in under the current secrets and returns the Cookie header value. */
async function login(userId: string): Promise<string> {
  return (await createUserSession(getRequest("/"), userId, false)).split(";")[0]!;
}

const whoIs = async (cookie: string) => (await findSessionUser(getRequest("/account", cookie)))?.id ?? null;

let userId: string;

beforeAll(async () => {
  userId = (await createUser(prisma, { role: "BUYER" })).id;
});

afterAll(() => {
  process.env.NODE_ENV = saved.NODE_ENV;
  useSecrets(saved.SESSION_SECRETS);
});

describe("rotating SESSION_SECRETS", () => {
  test("old cookies keep working while their secret is listed, and stop once it is dropped", async () => {
    useSecrets("secret-2025");
    const before = await login(userId);
    expect(await whoIs(before)).toBe(userId);

    // Rotation: a new secret first, the old one kept for the cookies already out there.
    useSecrets("secret-2026, secret-2025");
    expect(sessionSecrets()).toEqual(["secret-2026", "secret-2025"]);
    expect(await whoIs(before), "signed with the old secret, still listed").toBe(userId);
    const after = await login(userId);
    expect(after, "new logins are signed with the new secret").not.toBe(before);

    // The old secret retired: only cookies signed with the new one are accepted.
    useSecrets("secret-2026");
    expect(await whoIs(after)).toBe(userId);
    expect(await whoIs(before), "signed with a secret no longer listed").toBeNull();
    // The server asks for a login again, as for a stranger (not a 500, not an error page).
    const refused = await requireUser(getRequest("/account", before)).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(302);
    expect((refused as Response).headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    // The session row is still there: the cookie alone no longer proves anything.
    expect(await prisma.session.count({ where: { userId } })).toBe(2);
  });

  test("a cookie signed with a secret that was never listed is refused", async () => {
    useSecrets("attacker-guess");
    const forged = await login(userId);
    useSecrets("secret-2026,secret-2025");
    expect(await whoIs(forged)).toBeNull();
  });

  test("a token without its signature, or with another token's signature, is refused", async () => {
    useSecrets("secret-2026");
    const cookie = await login(userId);
    const token = (await readSessionToken(getRequest("/", cookie)))!;
    expect(token).toHaveLength(43);
    // The database keeps only the token's SHA-256: a leaked table is no list of cookies.
    expect(await prisma.session.findUnique({ where: { id: token } })).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: hashToken(token) } })).not.toBeNull();

    const [value, signature] = decodeURIComponent(cookie.slice("__session=".length)).split(".");
    expect(signature).toBeTruthy();
    const other = (await login(userId)).slice("__session=".length);
    const otherSignature = decodeURIComponent(other).split(".")[1];
    for (const tampered of [
      `__session=${encodeURIComponent(value!)}`,
      `__session=${encodeURIComponent(`${value}.${otherSignature}`)}`,
      `__session=${encodeURIComponent(Buffer.from(JSON.stringify(token)).toString("base64"))}`,
      `__session=${token}`,
    ]) {
      expect(await whoIs(tampered), tampered).toBeNull();
    }
  });

  test("the flash cookie follows the same rotation", async () => {
    useSecrets("secret-2025");
    const flash = (await setFlash(getRequest("/"), { kind: "success", message: "Đã lưu." })).split(";")[0]!;
    useSecrets("secret-2026,secret-2025");
    expect((await takeFlash(getRequest("/", flash))).flash?.message).toBe("Đã lưu.");
    useSecrets("secret-2026");
    expect((await takeFlash(getRequest("/", flash))).flash).toBeNull();
  });

  test("production refuses to run without SESSION_SECRETS (no built-in fallback secret)", () => {
    process.env.NODE_ENV = "production";
    useSecrets(undefined);
    expect(() => sessionSecrets()).toThrow(/SESSION_SECRETS/);
    process.env.NODE_ENV = saved.NODE_ENV;
    useSecrets(saved.SESSION_SECRETS);
  });
});
