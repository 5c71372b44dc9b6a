import { createHash, randomInt } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/utils/auth.server";
import { removeUnreferenced } from "~/modules/photos/photos.server";
import { prisma } from "~/utils/db.server";
import { uniqueSlug } from "~/utils/slug";
import { recordChange, type ProducerAccess } from "./access.server";
import type { OnboardInput, ProfileInput } from "./profile-schema";

export class ProducerError extends Error {
  constructor(public readonly code: "taxCodeTaken" | "communeUnknown" | "claimInvalid" | "notHelper") {
    super(code);
  }

  /** The form field it belongs to, its message key and HTTP status. */
  get field() {
    return this.code === "taxCodeTaken"
      ? { name: "taxCode", message: "producer.errors.taxCodeTaken", status: 409 }
      : { name: "communeCode", message: "producer.errors.commune", status: 422 };
  }
}

/** The producers a user may act for: their own (members) or those that consented (helpers). */
export function listProducersForUser(user: SessionUser) {
  const where: Prisma.ProducerWhereInput =
    user.role === "HELPER"
      ? { consents: { some: { helperId: user.id, revokedAt: null } } }
      : { members: { some: { userId: user.id } } };
  return prisma.producer.findMany({
    where,
    select: {
      id: true,
      name: true,
      claimedAt: true,
      province: { select: { name: true } },
      commune: { select: { name: true, type: true } },
      _count: { select: { products: true } },
    },
    orderBy: { name: "asc" },
  });
}

async function provinceOf(communeCode: string, tx: Prisma.TransactionClient) {
  const commune = await tx.commune.findUnique({
    where: { code: communeCode },
    select: { provinceCode: true },
  });
  if (!commune) throw new ProducerError("communeUnknown");
  return commune.provinceCode;
}

/**
 * A helper onboards a producer: the consent (who, when, how, scope) is written first, in the same
 * transaction as the bare business record, before any personal data can be entered.
 */
export async function onboardProducer(helper: SessionUser, input: OnboardInput) {
  if (helper.role !== "HELPER") throw new ProducerError("notHelper");
  return prisma.$transaction(async (tx) => {
    const provinceCode = await provinceOf(input.communeCode, tx);
    const producer = await tx.producer.create({
      data: {
        slug: uniqueSlug(input.name, "co-so"),
        kind: input.kind,
        name: input.name,
        provinceCode,
        communeCode: input.communeCode,
        onboardedById: helper.id,
      },
      select: { id: true, name: true, slug: true, provinceCode: true, communeCode: true },
    });
    const consent = await tx.consent.create({
      data: {
        producerId: producer.id,
        helperId: helper.id,
        grantedByName: input.grantedByName,
        method: input.method,
        scope: input.scope,
      },
      select: { id: true },
    });
    const access: ProducerAccess = { user: helper, producer, viaHelper: true };
    await recordChange(
      access,
      {
        entity: "Consent",
        entityId: consent.id,
        action: "granted",
        summary: { method: input.method, scope: input.scope },
      },
      tx,
    );
    await recordChange(access, { entity: "Producer", entityId: producer.id, action: "created" }, tx);
    return producer;
  });
}

/** A producer registering itself: the signed-in producer user becomes its owner. */
export async function createOwnProducer(user: SessionUser, input: ProfileInput) {
  return prisma.$transaction(async (tx) => {
    const provinceCode = await provinceOf(input.communeCode, tx);
    const producer = await tx.producer
      .create({
        data: { ...input, slug: uniqueSlug(input.name, "co-so"), provinceCode, claimedAt: new Date() },
        select: { id: true, name: true, slug: true, provinceCode: true, communeCode: true },
      })
      .catch(rethrowTaxCode);
    await tx.producerMember.create({ data: { producerId: producer.id, userId: user.id, isOwner: true } });
    await recordChange(
      { user, producer, viaHelper: false },
      { entity: "Producer", entityId: producer.id, action: "created" },
      tx,
    );
    return producer;
  });
}

function rethrowTaxCode(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ProducerError("taxCodeTaken");
  }
  throw error;
}

export function getProfile(producerId: string) {
  return prisma.producer.findUniqueOrThrow({
    where: { id: producerId },
    select: {
      kind: true,
      name: true,
      taxCode: true,
      registrationNumber: true,
      communeCode: true,
      street: true,
      representative: true,
      phone: true,
      bankName: true,
      bankAccountNumber: true,
      bankAccountName: true,
      description: true,
    },
  });
}

export async function updateProfile(access: ProducerAccess, input: ProfileInput) {
  await prisma.$transaction(async (tx) => {
    const provinceCode = await provinceOf(input.communeCode, tx);
    const empty = {
      taxCode: null,
      registrationNumber: null,
      street: null,
      representative: null,
      phone: null,
      bankName: null,
      bankAccountNumber: null,
      bankAccountName: null,
      description: null,
    };
    await tx.producer
      .update({ where: { id: access.producer.id }, data: { ...empty, ...input, provinceCode } })
      .catch(rethrowTaxCode);
    // Which fields changed is recorded, never their (personal) values.
    await recordChange(
      access,
      {
        entity: "Producer",
        entityId: access.producer.id,
        action: "profile-updated",
        summary: { fields: Object.keys(input) },
      },
      tx,
    );
  });
}

/** The producer's logo (content hash of a stored photo, shown at its 320 px variant), or null. */
export async function producerLogo(producerId: string): Promise<string | null> {
  const producer = await prisma.producer.findUnique({
    where: { id: producerId },
    select: { logoHash: true },
  });
  return producer?.logoHash ?? null;
}

/**
 * Sets (a photo already stored, see photos/single-photo.server.ts) or clears the logo. The old
 * logo's files stay: nothing records their width or original, and they may be shared by hash.
 */
export interface StoredLogo {
  hash: string;
  width: number;
  originalKey: string;
}

/** Sets or removes the logo; the replaced logo's files go once nothing else uses them. */
export async function setLogo(access: ProducerAccess, logo: StoredLogo | null) {
  const before = await prisma.$transaction(async (tx) => {
    const previous = await tx.producer.findUniqueOrThrow({
      where: { id: access.producer.id },
      select: { logoHash: true, logoWidth: true, logoOriginalKey: true },
    });
    await tx.producer.update({
      where: { id: access.producer.id },
      data: {
        logoHash: logo?.hash ?? null,
        logoWidth: logo?.width ?? null,
        logoOriginalKey: logo?.originalKey ?? null,
      },
    });
    await recordChange(
      access,
      {
        entity: "Producer",
        entityId: access.producer.id,
        action: "logo-updated",
        summary: { from: previous.logoHash, to: logo?.hash ?? null },
      },
      tx,
    );
    return previous;
  });
  if (before.logoHash && before.logoWidth && before.logoHash !== logo?.hash) {
    await removeUnreferenced({
      hash: before.logoHash,
      width: before.logoWidth,
      originalKey: before.logoOriginalKey,
    });
  }
}

export function listCommunes(provinceCode: string) {
  return prisma.commune.findMany({
    where: { provinceCode },
    select: { code: true, name: true, type: true },
    orderBy: { name: "asc" },
  });
}

export function listProvinces() {
  return prisma.province.findMany({ select: { code: true, name: true }, orderBy: { name: "asc" } });
}

// --- Consents and claiming --------------------------------------------------------------------

export function listConsents(producerId: string) {
  return prisma.consent.findMany({
    where: { producerId },
    select: {
      id: true,
      grantedByName: true,
      method: true,
      scope: true,
      grantedAt: true,
      revokedAt: true,
      helper: { select: { name: true } },
    },
    orderBy: { grantedAt: "desc" },
  });
}

/** Only the producer's own members withdraw consent; the helper loses access at once. */
export async function revokeConsent(access: ProducerAccess, consentId: string) {
  if (access.viaHelper) throw new Response("Forbidden", { status: 403 });
  await prisma.$transaction(async (tx) => {
    const revoked = await tx.consent.updateMany({
      where: { id: consentId, producerId: access.producer.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: access.user.id },
    });
    if (revoked.count !== 1) throw new Response("Not found", { status: 404 });
    await recordChange(access, { entity: "Consent", entityId: consentId, action: "revoked" }, tx);
  });
}

const CLAIM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CLAIM_TTL_MS = 14 * 24 * 3600 * 1000;
const hashCode = (code: string) =>
  createHash("sha256").update(code.replace(/[\s-]/g, "").toUpperCase()).digest("hex");

/** A one-time code the helper gives the producer (printed or read aloud): 8 unambiguous symbols. */
export async function createClaimCode(access: ProducerAccess): Promise<{ code: string; expiresAt: Date }> {
  if (!access.viaHelper) throw new Response("Forbidden", { status: 403 });
  const raw = Array.from({ length: 8 }, () => CLAIM_ALPHABET[randomInt(CLAIM_ALPHABET.length)]).join("");
  const expiresAt = new Date(Date.now() + CLAIM_TTL_MS);
  await prisma.$transaction(async (tx) => {
    await tx.producerClaim.updateMany({
      where: { producerId: access.producer.id, usedAt: null },
      data: { expiresAt: new Date() },
    });
    const claim = await tx.producerClaim.create({
      data: { producerId: access.producer.id, codeHash: hashCode(raw), expiresAt },
    });
    await recordChange(access, { entity: "ProducerClaim", entityId: claim.id, action: "created" }, tx);
  });
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt };
}

/** The producer takes over its account: becomes an owner member. The code works once. */
export async function claimProducer(user: SessionUser, code: string) {
  if (user.role !== "PRODUCER") throw new ProducerError("claimInvalid");
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const claim = await tx.producerClaim.findUnique({ where: { codeHash: hashCode(code) } });
    if (!claim) throw new ProducerError("claimInvalid");
    const used = await tx.producerClaim.updateMany({
      where: { id: claim.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedById: user.id },
    });
    if (used.count !== 1) throw new ProducerError("claimInvalid");
    const producer = await tx.producer.update({
      where: { id: claim.producerId },
      data: { claimedAt: now },
      select: { id: true, name: true, slug: true, provinceCode: true, communeCode: true },
    });
    await tx.producerMember.upsert({
      where: { producerId_userId: { producerId: producer.id, userId: user.id } },
      create: { producerId: producer.id, userId: user.id, isOwner: true },
      update: { isOwner: true },
    });
    await recordChange(
      { user, producer, viaHelper: false },
      { entity: "Producer", entityId: producer.id, action: "claimed" },
      tx,
    );
    return producer;
  });
}

export function listChanges(producerId: string, take = 20) {
  return prisma.changeRecord.findMany({
    where: { producerId },
    select: {
      id: true,
      entity: true,
      action: true,
      viaHelper: true,
      createdAt: true,
      actor: { select: { name: true } },
    },
    orderBy: { createdAt: "desc" },
    take,
  });
}
