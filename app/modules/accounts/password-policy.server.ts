import { dictionary } from "@zxcvbn-ts/language-common";

// ~49,000 leaked passwords (zxcvbn's list), plus Vietnamese favourites it lacks.
const VIETNAMESE = [
  "matkhau",
  "matkhau123",
  "matkhau1234",
  "anhyeuem",
  "anhyeuem123",
  "emyeuanh",
  "vietnam",
  "vietnam123",
  "hanoi123",
  "saigon123",
  "12345678910",
  "0123456789",
  "ocop12345",
];
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set([...(dictionary["passwords-common"] as string[]), ...VIETNAMESE]);
  return common.has(password.toLowerCase());
}
