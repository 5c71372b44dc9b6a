// Printable A4 sheets of package labels: QR (trace URL), product, producer, lot, NSX/HSD, OCOP stars.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { formatVnDate } from "~/modules/traceability/vn-time";
import { QR_QUIET_ZONE, qrMatrix } from "./qr";

export type LabelSize = "small" | "medium" | "large";

export interface LabelLayout {
  widthMm: number;
  heightMm: number;
  columns: number;
  rows: number;
  /** Side of the QR square, quiet zone included. */
  qrMm: number;
  paddingMm: number;
  nameLines: number;
  nameFontPt: number;
  bodyFontPt: number;
}

// The common A4 label stocks: 50×30 (4×9), 70×42.3 (3×7, e.g. Tomy/Avery 21-up), 105×74 (2×4).
export const LABEL_LAYOUTS: Record<LabelSize, LabelLayout> = {
  small: {
    widthMm: 50,
    heightMm: 30,
    columns: 4,
    rows: 9,
    qrMm: 27,
    paddingMm: 1.5,
    nameLines: 2,
    nameFontPt: 6.5,
    bodyFontPt: 5.2,
  },
  medium: {
    widthMm: 70,
    heightMm: 42.3,
    columns: 3,
    rows: 7,
    qrMm: 36,
    paddingMm: 2.5,
    nameLines: 2,
    nameFontPt: 8.5,
    bodyFontPt: 6.8,
  },
  large: {
    widthMm: 105,
    heightMm: 74,
    columns: 2,
    rows: 4,
    qrMm: 48,
    paddingMm: 4,
    nameLines: 3,
    nameFontPt: 12,
    bodyFontPt: 9,
  },
};

export const A4_MM = { width: 210, height: 297 } as const;
const PT_PER_MM = 72 / 25.4;
const pt = (mm: number) => mm * PT_PER_MM;

export interface LabelData {
  productName: string;
  producerName: string;
  lot: string;
  /** Date or 'YYYY-MM-DD'; printed dd/mm/yyyy in Vietnam time. */
  producedOn?: Date | string | null;
  expiresOn?: Date | string | null;
  /** 3–5, or null when the product holds no active OCOP certificate. */
  ocopStars?: number | null;
  /** The trace URL the QR code holds. */
  url: string;
}

export interface LabelSheetInput {
  size: LabelSize;
  labels: readonly LabelData[];
  /** Copies of each label, placed one after another. */
  copies?: number;
  /** Thin grey outlines for cutting plain paper with scissors. */
  cutGuides?: boolean;
}

/** Top-left corner of label `index` on its page, in mm: the grid is centred on A4. */
export function labelPosition(size: LabelSize, index: number): { page: number; xMm: number; yMm: number } {
  const l = LABEL_LAYOUTS[size];
  const perPage = l.columns * l.rows;
  const slot = index % perPage;
  const marginX = (A4_MM.width - l.columns * l.widthMm) / 2;
  const marginY = (A4_MM.height - l.rows * l.heightMm) / 2;
  return {
    page: Math.floor(index / perPage),
    xMm: marginX + (slot % l.columns) * l.widthMm,
    yMm: marginY + Math.floor(slot / l.columns) * l.heightMm,
  };
}

// Be Vietnam Pro: designed for Vietnamese (stacked diacritics such as ệ, ữ). pdfkit needs TTF/OTF,
// which @fontsource does not ship; @expo-google-fonts does. The font has no ★, so stars are drawn.
const requireHere = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(
      requireHere.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf"),
    ),
    bold: readFileSync(
      requireHere.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf"),
    ),
  };
  return fonts;
}

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, side: number): void {
  const matrix = qrMatrix(url);
  const module = side / (matrix.length + 2 * QR_QUIET_ZONE);
  const origin = { x: x + QR_QUIET_ZONE * module, y: y + QR_QUIET_ZONE * module };
  matrix.forEach((row, r) => {
    // One rectangle per horizontal run of dark modules; the slight overlap hides hairline seams.
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c;
      while (row[end + 1]) end++;
      doc.rect(origin.x + c * module, origin.y + r * module, (end - c + 1) * module, module * 1.02);
      c = end;
    }
  });
  doc.fillColor("#000000").fill();
}

function drawStar(doc: PDFKit.PDFDocument, cx: number, cy: number, radius: number): void {
  const points: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius : radius * 0.4;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  doc.polygon(...points);
}

function breakAnywhere(doc: PDFKit.PDFDocument, text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const char of text) {
    if (current && doc.widthOfString(current + char) > width) {
      lines.push(current);
      current = char;
    } else current += char;
  }
  return current ? [...lines, current] : lines;
}

function checkStars(stars: number | null | undefined): number {
  if (stars == null) return 0;
  if (!Number.isInteger(stars) || stars < 3 || stars > 5)
    throw new RangeError(`OCOP stars must be 3–5, got ${stars}`);
  return stars;
}

function drawLabel(
  doc: PDFKit.PDFDocument,
  layout: LabelLayout,
  label: LabelData,
  x: number,
  y: number,
): void {
  const pad = pt(layout.paddingMm);
  const qrSide = pt(layout.qrMm);
  const height = pt(layout.heightMm);
  // The QR's own 4-module quiet zone is its margin, so it sits close to the label's edge.
  drawQr(doc, label.url, x + pt(0.5), y + (height - qrSide) / 2, qrSide);

  const textX = x + pt(0.5) + qrSide + pt(0.5);
  const width = x + pt(layout.widthMm) - pad - textX;
  const bottom = y + height - pad;
  const body = layout.bodyFontPt;
  const nfc = (s: string) => s.normalize("NFC"); // decomposed diacritics would render as loose marks
  let cursor = y + pad;
  const line = (text: string, font: "bold" | "regular", size: number, maxLines: number) => {
    doc.font(font).fontSize(size).fillColor("#000000");
    const lineHeight = doc.currentLineHeight(true);
    doc.text(nfc(text), textX, cursor, { width, height: lineHeight * maxLines, ellipsis: "…", lineGap: 0 });
    cursor = doc.y + size * 0.15;
  };

  line(label.productName, "bold", layout.nameFontPt, layout.nameLines);
  line(label.producerName, "regular", body, layout.nameLines - 1 || 1);
  // The lot is an identifier: never cut it with an ellipsis; on a narrow label, break it anywhere.
  doc.font("regular").fontSize(body);
  if (doc.widthOfString(`Lô/Lot: ${label.lot}`) <= width) line(`Lô/Lot: ${label.lot}`, "regular", body, 1);
  else {
    line("Lô/Lot:", "regular", body, 1);
    for (const part of breakAnywhere(doc, label.lot, width)) line(part, "regular", body, 1);
  }
  if (label.producedOn) line(`NSX: ${formatVnDate(label.producedOn)}`, "regular", body, 1);
  if (label.expiresOn) line(`HSD: ${formatVnDate(label.expiresOn)}`, "regular", body, 1);

  const stars = checkStars(label.ocopStars);
  if (stars > 0) {
    const r = body * 0.62;
    const cy = Math.max(cursor + r, bottom - r);
    for (let i = 0; i < stars; i++) drawStar(doc, textX + r + i * r * 2.2, cy, r);
    doc.fillColor("#b8860b").fill();
    doc.font("bold").fontSize(body).fillColor("#000000");
    doc.text("OCOP", textX + stars * r * 2.2 + r * 0.3, cy - doc.currentLineHeight(true) / 2, {
      lineBreak: false,
    });
  }
}

/** A4 PDF of labels (all labels × copies, in order, left to right, top to bottom). */
export async function labelSheetPdf(input: LabelSheetInput): Promise<Buffer> {
  const layout = LABEL_LAYOUTS[input.size];
  const copies = input.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 1000)
    throw new RangeError(`copies must be 1–1000, got ${copies}`);
  if (input.labels.length === 0) throw new RangeError("No labels to print");
  const all = input.labels.flatMap((label) => Array.from({ length: copies }, () => label));
  all.forEach((label) => checkStars(label.ocopStars)); // fail before drawing half a sheet

  const doc = new PDFDocument({
    size: "A4",
    margin: 0,
    autoFirstPage: false,
    info: { Title: "Tem truy xuất nguồn gốc", Creator: "OCOP portal" },
  });
  const { regular, bold } = loadFonts();
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  all.forEach((label, index) => {
    const pos = labelPosition(input.size, index);
    if (index % (layout.columns * layout.rows) === 0) doc.addPage();
    if (input.cutGuides ?? true) {
      doc
        .rect(pt(pos.xMm), pt(pos.yMm), pt(layout.widthMm), pt(layout.heightMm))
        .lineWidth(0.3)
        .strokeColor("#bbbbbb")
        .stroke();
    }
    drawLabel(doc, layout, label, pt(pos.xMm), pt(pos.yMm));
  });
  doc.end();
  return done;
}
