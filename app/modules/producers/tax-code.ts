// Vietnamese tax codes (mã số thuế): 10 digits with a check digit, or + "-" + 3-digit branch.

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
