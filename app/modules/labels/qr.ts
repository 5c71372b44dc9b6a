// QR codes for package labels. Error correction M (15 %) survives the scuffs of a handled package
// while keeping a ~70-character Digital Link at version 4–5, printable on a 50×30 mm label.
// Quiet zone 4 modules: the minimum ISO/IEC 18004 asks for.
import QRCode from "qrcode";

export const QR_ERROR_CORRECTION = "M" as const;
export const QR_QUIET_ZONE = 4;

/** Standalone SVG (no external references), black on white. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_QUIET_ZONE,
    color: { dark: "#000000ff", light: "#ffffffff" },
  });
}

/** PNG of `sizePx` × `sizePx` pixels (quiet zone included). */
export async function qrPng(text: string, sizePx: number): Promise<Buffer> {
  if (!Number.isInteger(sizePx) || sizePx < 21 + 2 * QR_QUIET_ZONE)
    throw new RangeError(`QR size too small: ${sizePx}px`);
  return QRCode.toBuffer(text, {
    type: "png",
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_QUIET_ZONE,
    width: sizePx,
  });
}

/** The module matrix (true = dark), without quiet zone: for drawing the code as vectors in a PDF. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const rows: boolean[][] = [];
  for (let y = 0; y < modules.size; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < modules.size; x++) row.push(modules.get(y, x) === 1);
    rows.push(row);
  }
  return rows;
}
