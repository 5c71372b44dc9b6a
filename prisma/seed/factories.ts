// Small record factories shared by the demo seed and by tests. Each takes the Prisma client (or a
// transaction client) as its first argument, so tests pass the database of their own file.
import { randomBytes } from "node:crypto";
import { normalizeEmail, normalizePhone } from "~/modules/accounts/identifiers";
import { hashPassword } from "~/modules/accounts/passwords.server";
import { randomPublicId, slugify } from "~/utils/slug";
import { isValidGtin } from "~/modules/products/gtin";
import { isValidTaxCode } from "~/modules/producers/tax-code";
import type {
  Locale,
  OcopGroup,
  Prisma,
  Producer,
  ProducerKind,
  ProducerMember,
  Product,
  ProductStatus,
  Role,
  User,
} from "~/generated/prisma/client";

/** A PrismaClient or the client of an interactive transaction. */
export type Db = Prisma.TransactionClient;

/** The password of factory users that were given none. */
export const FACTORY_PASSWORD = "Factory-Passw0rd!";

const uid = () => randomBytes(4).toString("hex");

export { randomPublicId, slugify } from "~/utils/slug";

export interface UserFactoryInput {
  role: Role;
  name?: string;
  email?: string | null;
  phone?: string | null;
  password?: string;
  provinceCode?: string | null;
  locale?: Locale;
}

export async function createUser(db: Db, input: UserFactoryInput): Promise<User> {
  const email = input.email === undefined ? `user-${uid()}@example.test` : input.email;
  let phone: string | null = null;
  if (input.phone) {
    phone = normalizePhone(input.phone);
    if (!phone) throw new Error(`Not a Vietnamese mobile number: ${input.phone}`);
  }
  return db.user.create({
    data: {
      role: input.role,
      name: input.name ?? "Người dùng thử nghiệm",
      email: email === null ? null : normalizeEmail(email),
      phone,
      passwordHash: await hashPassword(input.password ?? FACTORY_PASSWORD),
      provinceCode: input.provinceCode ?? null,
      locale: input.locale ?? "vi",
    },
  });
}

export interface ProducerFactoryInput {
  communeCode: string;
  /** Derived from the commune when omitted; checked against it when given. */
  provinceCode?: string;
  name?: string;
  kind?: ProducerKind;
  /** Defaults to the slugified name plus a random suffix (unique across calls). */
  slug?: string;
  taxCode?: string | null;
  street?: string | null;
  description?: string | null;
}

export async function createProducer(db: Db, input: ProducerFactoryInput): Promise<Producer> {
  const commune = await db.commune.findUnique({ where: { code: input.communeCode } });
  if (!commune) throw new Error(`Unknown commune code ${input.communeCode}`);
  if (input.provinceCode && input.provinceCode !== commune.provinceCode) {
    throw new Error(
      `Commune ${commune.code} is in province ${commune.provinceCode}, not ${input.provinceCode}`,
    );
  }
  if (input.taxCode && !isValidTaxCode(input.taxCode)) throw new Error(`Invalid tax code ${input.taxCode}`);
  const name = input.name ?? `Hợp tác xã Thử nghiệm ${uid()}`;
  return db.producer.create({
    data: {
      slug: input.slug ?? `${slugify(name)}-${uid()}`,
      kind: input.kind ?? "COOPERATIVE",
      name,
      taxCode: input.taxCode ?? null,
      provinceCode: commune.provinceCode,
      communeCode: commune.code,
      street: input.street ?? null,
      description: input.description ?? null,
    },
  });
}

/** Adds (or updates) a user's membership of a producer. */
export function addMember(
  db: Db,
  producerId: string,
  userId: string,
  isOwner = false,
): Promise<ProducerMember> {
  return db.producerMember.upsert({
    where: { producerId_userId: { producerId, userId } },
    create: { producerId, userId, isOwner },
    update: { isOwner },
  });
}

export interface ProductFactoryInput {
  producerId: string;
  name?: string;
  /** Defaults to the slugified name plus a random suffix (unique across calls). */
  slug?: string;
  publicId?: string;
  description?: string;
  ocopGroup?: OcopGroup;
  ocopStars?: number | null;
  unit?: string;
  priceVnd?: number;
  stock?: number;
  gtin?: string | null;
  status?: ProductStatus;
}

export function createProduct(db: Db, input: ProductFactoryInput): Promise<Product> {
  const { ocopStars, gtin, priceVnd = 100_000 } = input;
  if (ocopStars != null && !(Number.isInteger(ocopStars) && ocopStars >= 3 && ocopStars <= 5)) {
    throw new Error(`OCOP stars must be 3–5, got ${ocopStars}`);
  }
  if (gtin && !isValidGtin(gtin)) throw new Error(`Invalid GTIN ${gtin}`);
  if (!Number.isInteger(priceVnd) || priceVnd < 0) throw new Error(`Invalid price ${priceVnd}`);
  const name = input.name ?? `Sản phẩm thử nghiệm ${uid()}`;
  return db.product.create({
    data: {
      producerId: input.producerId,
      publicId: input.publicId ?? randomPublicId(),
      slug: input.slug ?? `${slugify(name)}-${uid()}`,
      name,
      description: input.description ?? "",
      ocopGroup: input.ocopGroup ?? "FOOD",
      ocopStars: ocopStars ?? null,
      unit: input.unit ?? "gói 500 g",
      priceVnd,
      stock: input.stock ?? 0,
      gtin: gtin ?? null,
      status: input.status ?? "DRAFT",
      // Approved products are listed (public); a submitted one waits in its province's queue.
      listedAt: input.status === "APPROVED" ? new Date() : null,
      submittedAt: input.status && input.status !== "DRAFT" ? new Date() : null,
    },
  });
}
