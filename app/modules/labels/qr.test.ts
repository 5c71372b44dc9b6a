import jsQR from "jsqr";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { qrMatrix, qrPng, qrSvg } from "./qr";

const URL_WITH_LOT = "https://ocop.example.vn/01/08935049500018/10/A%2FB%25C?17=260301";

async function decode(image: Buffer): Promise<string | null> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return (
    jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ??
    null
  );
}

/** Dark/light grid of a QR PNG whose size is an exact multiple of its module count. */
async function grid(png: Buffer, modulesWithQuietZone: number): Promise<boolean[][]> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const px = info.width / modulesWithQuietZone;
  return Array.from({ length: modulesWithQuietZone }, (_, r) =>
    Array.from(
      { length: modulesWithQuietZone },
      (_, c) => (data[Math.floor((r + 0.5) * px) * info.width + Math.floor((c + 0.5) * px)] ?? 255) < 128,
    ),
  );
}

// ISO/IEC 18004 format information: 2 bits of error-correction level + 3 of mask, BCH(15,5), XOR 0x5412.
const EC_BITS = { L: 1, M: 0, Q: 3, H: 2 } as const;
function formatWord(ecBits: number, mask: number): number {
  const data = (ecBits << 3) | mask;
  let rem = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((data << 10) | rem) ^ 0x5412;
}
function ecLevelOf(symbol: boolean[][]): string | null {
  const size = symbol.length;
  const rows = [0, 1, 2, 3, 4, 5, 7, 8, ...Array.from({ length: 7 }, (_, i) => size - 7 + i)];
  const word = rows.reduce((acc, row, bit) => acc | ((symbol[row]?.[8] ? 1 : 0) << bit), 0);
  for (const [level, ecBits] of Object.entries(EC_BITS)) {
    for (let mask = 0; mask < 8; mask++) if (formatWord(ecBits, mask) === word) return level;
  }
  return null;
}

describe("qrPng", () => {
  it("decodes back to the exact text", async () => {
    const png = await qrPng(URL_WITH_LOT, 300);
    expect(await decode(png)).toBe(URL_WITH_LOT);
  });

  it("is sizePx square, with error correction M and a 4-module quiet zone", async () => {
    const modules = qrMatrix(URL_WITH_LOT).length;
    const size = (modules + 8) * 6;
    const png = await qrPng(URL_WITH_LOT, size);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([size, size, "png"]);

    const cells = await grid(png, modules + 8);
    for (let i = 0; i < 4; i++) {
      expect(cells[i]?.some(Boolean), `row ${i} of the quiet zone`).toBe(false);
      expect(
        cells.some((row) => row[i]),
        `column ${i} of the quiet zone`,
      ).toBe(false);
    }
    expect(cells[4]?.slice(4, 11).every(Boolean)).toBe(true); // top edge of the finder pattern
    const symbol = cells.slice(4, 4 + modules).map((row) => row.slice(4, 4 + modules));
    expect(symbol).toEqual(qrMatrix(URL_WITH_LOT));
    expect(ecLevelOf(symbol)).toBe("M");
  });

  it("refuses a size too small to hold a code", async () => {
    await expect(qrPng("x", 20)).rejects.toThrow(/too small/);
  });
});

describe("qrSvg", () => {
  it("is a standalone SVG with no external references", async () => {
    const svg = await qrSvg(URL_WITH_LOT);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).not.toMatch(/href|<image|url\(|<script|@import/i);
    const modules = qrMatrix(URL_WITH_LOT).length;
    expect(svg).toContain(`viewBox="0 0 ${modules + 8} ${modules + 8}"`); // quiet zone 4 on each side
  });

  it("decodes back to the exact text once rasterised", async () => {
    const svg = await qrSvg(URL_WITH_LOT);
    const png = await sharp(Buffer.from(svg), { density: 300 }).png().toBuffer();
    expect(await decode(png)).toBe(URL_WITH_LOT);
  });
});
