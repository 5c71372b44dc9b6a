import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { sniffPhotoFormat } from "./sniff";

const solid = () => sharp({ create: { width: 8, height: 8, channels: 3, background: "#2a7" } });

describe("sniffPhotoFormat", () => {
  test("recognises the formats sharp writes, from their bytes", async () => {
    expect(sniffPhotoFormat(await solid().jpeg().toBuffer())).toBe("jpeg");
    expect(sniffPhotoFormat(await solid().png().toBuffer())).toBe("png");
    expect(sniffPhotoFormat(await solid().webp().toBuffer())).toBe("webp");
    expect(sniffPhotoFormat(await solid().avif({ effort: 0 }).toBuffer())).toBe("avif");
  });

  test("HEIC by its ftyp brands, AVIF winning when both are listed", () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const body = Buffer.from(major + "\0\0\0\0" + compatible.join(""), "latin1");
      const size = Buffer.alloc(4);
      size.writeUInt32BE(8 + body.length);
      return Buffer.concat([size, Buffer.from("ftyp"), body, Buffer.alloc(16)]);
    };
    expect(sniffPhotoFormat(ftyp("heic", "mif1", "heic"))).toBe("heic");
    expect(sniffPhotoFormat(ftyp("mif1", "mif1", "avif"))).toBe("avif");
    expect(sniffPhotoFormat(ftyp("isom", "isom", "mp41"))).toBeNull(); // an MP4 video
  });

  test("refuses everything else, whatever it is called", async () => {
    expect(sniffPhotoFormat(Buffer.from("<!doctype html><html></html>"))).toBeNull();
    expect(sniffPhotoFormat(Buffer.from("%PDF-1.7\n"))).toBeNull();
    expect(sniffPhotoFormat(await solid().gif().toBuffer())).toBeNull();
    expect(sniffPhotoFormat(await solid().tiff().toBuffer())).toBeNull();
    expect(sniffPhotoFormat(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffPhotoFormat(Buffer.alloc(0))).toBeNull();
  });
});
