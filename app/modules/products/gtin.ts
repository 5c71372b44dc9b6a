// GS1 identifiers (DOMAIN.md, Traceability). Vietnam's GS1 prefix is 893.

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
