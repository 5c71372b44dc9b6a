import { randomBytes } from "node:crypto";

/** "Hợp tác xã Cà phê Đắk Mil" → "hop-tac-xa-ca-phe-dak-mil". */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A readable, unique-enough URL slug: the name plus 6 random hex digits. */
export function uniqueSlug(name: string, fallback: string): string {
  return `${slugify(name).slice(0, 80) || fallback}-${randomBytes(3).toString("hex")}`;
}

// Base32 without 0/O/1/I: safe to read aloud and to type from a printed label.
const PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A product's stable public id for trace URLs when it has no GTIN (10 symbols = 50 random bits). */
export function randomPublicId(length = 10): string {
  if (length < 8 || length > 12) throw new RangeError("publicId length must be 8–12");
  // 256 is a multiple of 32, so `byte & 31` is unbiased.
  return Array.from(randomBytes(length), (b) => PUBLIC_ID_ALPHABET[b & 31]).join("");
}
