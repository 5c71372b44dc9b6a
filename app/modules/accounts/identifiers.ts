// Vietnamese mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x, 10 digits.
const VN_MOBILE = /^0(3|5|7|8|9)\d{8}$/;

/** Normalises "0912 345 678", "+84912345678" or "84912345678" to "0912345678", or null. */
export function normalizePhone(input: string): string | null {
  let digits = input.replace(/[\s.\-()]/g, "");
  if (digits.startsWith("+84")) digits = "0" + digits.slice(3);
  else if (/^84\d{9}$/.test(digits)) digits = "0" + digits.slice(2);
  return VN_MOBILE.test(digits) ? digits : null;
}

export function normalizeEmail(input: string): string {
  return input.trim().toLowerCase();
}

export type Identifier = { kind: "email"; value: string } | { kind: "phone"; value: string };

/** A login identifier is an email when it has an @, otherwise a phone number. */
export function parseIdentifier(input: string): Identifier | null {
  const trimmed = input.trim();
  if (trimmed.includes("@")) {
    const email = normalizeEmail(trimmed);
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { kind: "email", value: email } : null;
  }
  const phone = normalizePhone(trimmed);
  return phone ? { kind: "phone", value: phone } : null;
}

/** For logs and screens that must not show personal data in full: "091****678", "a***@gmail.com". */
export function maskIdentifier(value: string): string {
  if (value.includes("@")) {
    const [local = "", domain = ""] = value.split("@");
    return `${local.slice(0, 1)}***@${domain}`;
  }
  return value.length > 6 ? `${value.slice(0, 3)}****${value.slice(-3)}` : "***";
}
