import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import {
  A4_MM,
  LABEL_LAYOUTS,
  labelPosition,
  labelSheetPdf,
  type LabelData,
  type LabelSize,
} from "./label-sheet";
import { qrPng } from "./qr";

const COFFEE: LabelData = {
  productName: "Cà phê Robusta rang xay nguyên chất Buôn Ma Thuột đặc biệt",
  producerName: "HTX Nông nghiệp Dịch vụ Ea Tu",
  lot: "CF2025-031",
  producedOn: "2025-03-01",
  expiresOn: new Date("2026-02-28T17:30:00Z"), // 1 March 2026 in Vietnam
  ocopStars: 4,
  url: "https://ocop.example.vn/01/08935049500018/10/CF2025-031?17=260301",
};
const HONEY: LabelData = {
  productName: "Mật ong rừng U Minh",
  producerName: "Tổ hợp tác Ong Mật Ữ Ệ",
  lot: "MO-07",
  ocopStars: null,
  url: "https://ocop.example.vn/t/p_8f3k2m/MO-07",
};

function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

async function decodeQr(image: ReturnType<typeof sharp>): Promise<string | null> {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return (
    jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ??
    null
  );
}

const hasPoppler = spawnSync("pdftoppm", ["-v"]).error === undefined;
const workDir = mkdtempSync(join(tmpdir(), "labels-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("labelSheetPdf", () => {
  it("returns a PDF", async () => {
    const pdf = await labelSheetPdf({ size: "medium", labels: [COFFEE] });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
  });

  const cases: [LabelSize, number, number, number][] = [
    ["small", 36, 1, 1],
    ["small", 37, 1, 2],
    ["medium", 3, 7, 1], // 21 = one 3×7 sheet
    ["medium", 11, 2, 2],
    ["large", 17, 1, 3],
  ];
  for (const [size, labels, copies, pages] of cases) {
    it(`puts ${labels} ${size} label(s) × ${copies} on ${pages} page(s)`, async () => {
      const pdf = await labelSheetPdf({ size, labels: Array.from({ length: labels }, () => HONEY), copies });
      expect(pageCount(pdf)).toBe(pages);
    });
  }

  it("lays each grid out inside A4, centred, labels edge to edge", () => {
    for (const size of ["small", "medium", "large"] as const) {
      const l = LABEL_LAYOUTS[size];
      const first = labelPosition(size, 0);
      const last = labelPosition(size, l.columns * l.rows - 1);
      expect(first.page).toBe(0);
      expect(last.page).toBe(0);
      expect(labelPosition(size, l.columns * l.rows).page).toBe(1);
      expect(first.xMm).toBeGreaterThanOrEqual(0);
      expect(first.yMm).toBeGreaterThanOrEqual(0);
      expect(last.xMm + l.widthMm).toBeCloseTo(A4_MM.width - first.xMm, 6);
      expect(last.yMm + l.heightMm).toBeCloseTo(A4_MM.height - first.yMm, 6);
      expect(labelPosition(size, 1).xMm - first.xMm).toBeCloseTo(l.widthMm, 6);
    }
    expect([LABEL_LAYOUTS.small.widthMm, LABEL_LAYOUTS.small.heightMm]).toEqual([50, 30]);
    expect(LABEL_LAYOUTS.medium.columns * LABEL_LAYOUTS.medium.rows).toBe(21);
    expect(LABEL_LAYOUTS.large.columns * LABEL_LAYOUTS.large.rows).toBe(8);
  });

  it("refuses what it cannot print correctly", async () => {
    await expect(labelSheetPdf({ size: "small", labels: [] })).rejects.toThrow(/No labels/);
    await expect(labelSheetPdf({ size: "small", labels: [COFFEE], copies: 0 })).rejects.toThrow(/copies/);
    await expect(labelSheetPdf({ size: "small", labels: [{ ...COFFEE, ocopStars: 2 }] })).rejects.toThrow(
      /3–5/,
    );
    await expect(labelSheetPdf({ size: "small", labels: [{ ...COFFEE, ocopStars: 6 }] })).rejects.toThrow(
      /3–5/,
    );
  });

  it("embeds the Vietnamese font (subset) rather than a standard font", async () => {
    const pdf = (await labelSheetPdf({ size: "medium", labels: [COFFEE] })).toString("latin1");
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Bold/);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Regular/);
    expect(pdf).toContain("/FontFile2");
    expect(pdf).not.toContain("/Helvetica");
  });
});

describe("QR on a label", () => {
  it("qrPng of the label URL decodes back to the URL", async () => {
    expect(await decodeQr(sharp(await qrPng(COFFEE.url, 240)))).toBe(COFFEE.url);
  });

  it.skipIf(!hasPoppler)(
    "the printed sheet: text with diacritics, and each label's QR decodes to its URL (needs pdftoppm)",
    async () => {
      const pdfPath = join(workDir, "sheet.pdf");
      writeFileSync(pdfPath, await labelSheetPdf({ size: "small", labels: [COFFEE, HONEY] }));

      const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" });
      for (const expected of [
        "Cà phê Robusta",
        "HTX Nông nghiệp",
        "Lô/Lot: CF2025-031",
        "NSX: 01/03/2025",
        "HSD: 01/03/2026",
        "Mật ong rừng U",
        "Tổ hợp tác Ong Mật",
        "OCOP",
      ]) {
        expect(text).toContain(expected);
      }
      expect(text.match(/OCOP/g)).toHaveLength(1); // no stars on the honey label

      const dpi = 300;
      execFileSync("pdftoppm", [
        "-r",
        String(dpi),
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdfPath,
        join(workDir, "page"),
      ]);
      const page = readFileSync(join(workDir, "page.png"));
      const px = (mm: number) => Math.round((mm / 25.4) * dpi);
      const l = LABEL_LAYOUTS.small;
      for (const [index, label] of [COFFEE, HONEY].entries()) {
        const { xMm, yMm } = labelPosition("small", index);
        const crop = sharp(page).extract({
          left: px(xMm),
          top: px(yMm),
          width: px(l.widthMm),
          height: px(l.heightMm),
        });
        expect(await decodeQr(crop), `label ${index + 1}`).toBe(label.url);
      }
    },
  );
});

describe("long text", () => {
  it.skipIf(!hasPoppler)(
    "never cuts a 20-character lot, even on a 50×30 mm label (needs pdftotext)",
    async () => {
      const pdfPath = join(workDir, "long.pdf");
      const lot = "NM2025-0001/ABCDEFGH";
      writeFileSync(pdfPath, await labelSheetPdf({ size: "small", labels: [{ ...COFFEE, lot }] }));
      const text = execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" });
      expect(text.replace(/\s+/g, "")).toContain(`Lô/Lot:${lot}`);
      expect(text).toContain("…"); // whereas the long product name is truncated
    },
  );
});

if (!hasPoppler) {
  console.warn(
    "label-sheet.test.ts: pdftoppm not found (apt-get install -y poppler-utils): skipping the rasterised-sheet QR and text tests",
  );
}
