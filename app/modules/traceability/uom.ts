// Units as farmers type them → what EPCIS quantityList expects (UN/CEFACT Recommendation 20 codes).

const MEASURES: Record<string, string> = {
  kg: "KGM",
  kilogram: "KGM",
  ký: "KGM",
  cân: "KGM",
  g: "GRM",
  gram: "GRM",
  gam: "GRM",
  t: "TNE",
  tấn: "TNE",
  tonne: "TNE",
  l: "LTR",
  lít: "LTR",
  litre: "LTR",
  liter: "LTR",
  ml: "MLT",
  m2: "MTK",
  "m²": "MTK",
  ha: "HAR",
};

// Counted packages: EPCIS leaves uom out when the quantity counts instances of the class.
const COUNTS = new Set([
  "cái",
  "chiếc",
  "quả",
  "trái",
  "bó",
  "con",
  "cây",
  "hộp",
  "chai",
  "lọ",
  "hũ",
  "gói",
  "túi",
  "bao",
  "thùng",
  "piece",
  "pcs",
  "box",
  "bottle",
  "jar",
  "bag",
  "pack",
  "unit",
]);

/** Old Vietnamese weight units, still common at the farm gate. */
const SCALED: Record<string, { code: string; factor: number }> = {
  yến: { code: "KGM", factor: 10 },
  tạ: { code: "KGM", factor: 100 },
};

/**
 * The quantityList amount for a diary quantity: a measure with its Rec 20 code, a bare count
 * (no uom) for packages and pieces, or null for a unit this table does not know.
 */
export function toEpcisQuantity(
  quantity: number,
  uom: string | null | undefined,
): { quantity: number; uom?: string } | null {
  const unit = (uom ?? "").trim().normalize("NFC");
  if (unit === "") return { quantity };
  if (/^[A-Z0-9]{2,3}$/.test(unit)) return { quantity, uom: unit }; // already a Rec 20 code
  const key = unit.toLowerCase();
  const scaled = SCALED[key];
  if (scaled) return { quantity: quantity * scaled.factor, uom: scaled.code };
  const code = MEASURES[key];
  if (code) return { quantity, uom: code };
  if (COUNTS.has(key)) return { quantity };
  return null;
}
