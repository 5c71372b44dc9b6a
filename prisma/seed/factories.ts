// Small record factories shared by the demo seed and by tests. Each takes the Prisma client (or a
// transaction client) as its first argument, so tests pass the database of their own file.
import { randomBytes } from "node:crypto";
import { normalizeEmail, normalizePhone } from "~/modules/accounts/identifiers";
import { hashPassword } from "~/modules/accounts/passwords.server";
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

/** "Hợp tác xã Cà phê Đắk Mil" → "hop-tac-xa-ca-phe-dak-mil". */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// Base32 without 0/O/1/I: safe to read aloud and to type from a printed label.
const PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A random public product identifier (32 symbols, 5 bits each: 10 chars = 50 bits). */
export function randomPublicId(length = 10): string {
  if (length < 8 || length > 12) throw new RangeError("publicId length must be 8–12");
  // 256 is a multiple of 32, so `byte & 31` is unbiased.
  return Array.from(randomBytes(length), (b) => PUBLIC_ID_ALPHABET[b & 31]).join("");
}

/** GS1 check digit of the data digits (GTIN without its last digit): weights 3,1,3,1… from the right. */
export function gs1CheckDigit(dataDigits: string): number {
  let sum = 0;
  for (let i = 0; i < dataDigits.length; i++) {
    const digit = Number(dataDigits[dataDigits.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** GTIN-8/12/13/14 with a correct check digit. */
export function isValidGtin(gtin: string): boolean {
  return /^(\d{8}|\d{12,14})$/.test(gtin) && gs1CheckDigit(gtin.slice(0, -1)) === Number(gtin.at(-1));
}

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** The 10th digit of a Vietnamese tax code, or null when the first nine digits admit none. */
export function taxCodeCheckDigit(first9: string): number | null {
  if (!/^\d{9}$/.test(first9)) return null;
  const sum = TAX_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first9[i]), 0);
  const check = 10 - (sum % 11);
  return check <= 9 ? check : null;
}

/** A 10-digit tax code, or 10 digits + "-" + 3-digit branch number. */
export function isValidTaxCode(code: string): boolean {
  const match = /^(\d{9})(\d)(-\d{3})?$/.exec(code);
  return !!match && taxCodeCheckDigit(match[1]!) === Number(match[2]);
}

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
    throw new Error(`Commune ${commune.code} is in province ${commune.provinceCode}, not ${input.provinceCode}`);
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
    },
  });
}
