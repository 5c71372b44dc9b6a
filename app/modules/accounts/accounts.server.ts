import { createHash, randomBytes } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { SelfServiceRole } from "./roles";
import { prisma } from "~/utils/db.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.server";
import type { Identifier } from "./identifiers";

export class DuplicateAccountError extends Error {}

export async function createAccount(input: {
  name: string;
  email: string | null;
  phone: string | null;
  password: string;
  role: SelfServiceRole;
  locale: "vi" | "en";
}) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.user.create({
      data: {
        name: input.name,
        email: input.email,
        phone: input.phone,
        passwordHash,
        role: input.role,
        locale: input.locale,
      },
      select: { id: true },
    });
  } catch (error) {
    // The unique index decides, not a prior lookup: two simultaneous sign-ups cannot both win.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DuplicateAccountError();
    }
    throw error;
  }
}

export function findByIdentifier(identifier: Identifier) {
  return prisma.user.findUnique({
    where: identifier.kind === "email" ? { email: identifier.value } : { phone: identifier.value },
    select: { id: true, name: true, email: true, role: true, passwordHash: true, locale: true },
  });
}

export async function verifyLogin(identifier: Identifier, password: string) {
  const user = await findByIdentifier(identifier);
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

const RESET_TTL_MS = 30 * 60 * 1000;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** Creates a one-time reset token (only its hash is stored) and returns the token. */
export async function createPasswordReset(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.$transaction([
    // Only the newest link works.
    prisma.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } }),
    prisma.passwordReset.create({
      data: { userId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) },
    }),
  ]);
  return token;
}

export async function isResetTokenValid(token: string): Promise<boolean> {
  const reset = await prisma.passwordReset.findUnique({ where: { tokenHash: sha256(token) } });
  return Boolean(reset && !reset.usedAt && reset.expiresAt > new Date());
}

/**
 * Sets the new password and burns the token in one transaction; the conditional update makes a
 * token usable exactly once even under concurrent submissions. Every session is revoked.
 */
export async function resetPassword(token: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const reset = await tx.passwordReset.findUnique({ where: { tokenHash: sha256(token) } });
    if (!reset) return false;
    const burned = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (burned.count !== 1) return false;
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: reset.userId } });
    return true;
  });
}
