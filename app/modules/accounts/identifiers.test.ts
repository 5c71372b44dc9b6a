import { describe, expect, test } from "vitest";
import { maskIdentifier, normalizePhone, parseIdentifier } from "./identifiers";

describe("phone numbers", () => {
  test.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["091.234.5678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["84 912 345 678", "0912345678"],
    ["0387654321", "0387654321"],
  ])("%s is the mobile number %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  test.each(["12345", "0212345678", "091234567", "09123456789", "abc", ""])("%s is refused", (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe("login identifiers", () => {
  test("an @ makes an email, lower-cased", () => {
    expect(parseIdentifier("  Nong.Dan@Gmail.COM ")).toEqual({ kind: "email", value: "nong.dan@gmail.com" });
  });
  test("otherwise a phone number", () => {
    expect(parseIdentifier("0912 345 678")).toEqual({ kind: "phone", value: "0912345678" });
  });
  test("malformed input is refused", () => {
    expect(parseIdentifier("not an email@")).toBeNull();
    expect(parseIdentifier("12345")).toBeNull();
  });
  test("masking hides most of a phone number or email", () => {
    expect(maskIdentifier("0912345678")).toBe("091****678");
    expect(maskIdentifier("nongdan@gmail.com")).toBe("n***@gmail.com");
  });
});
