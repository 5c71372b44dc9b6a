// Open Graph images: a 1200×630 PNG per listed product, named by what it shows, kept on disk.
import { readdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { createProducer, createProduct } from "../../../prisma/seed/factories";
import { tempMediaDirs } from "../../../test/support/media";

const dirs = tempMediaDirs("og");

const { prisma } = await import("~/utils/db.server");
const { storeProductImage } = await import("~/modules/photos/variants.server");
const { productOgImage } = await import("./og-image.server");

let listedSlug = "";
let draftSlug = "";

beforeAll(async () => {
  await prisma.province.create({ data: { code: "08", name: "Tuyên Quang", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "00769", name: "Mèo Vạc", type: "xã", provinceCode: "08" } });
  const producer = await createProducer(prisma, { communeCode: "00769", name: "HTX Mật ong Bạc hà Mèo Vạc" });
  const listed = await createProduct(prisma, {
    producerId: producer.id,
    name: "Mật ong bạc hà Mèo Vạc",
    status: "APPROVED",
    ocopStars: 4,
    priceVnd: 350_000,
    unit: "chai 500 ml",
  });
  const photo = await sharp({
    create: { width: 1600, height: 1200, channels: 3, background: { r: 230, g: 170, b: 40 } },
  })
    .jpeg()
    .toBuffer();
  const stored = await storeProductImage(photo, { mediaDir: dirs.media });
  await prisma.productPhoto.create({ data: { productId: listed.id, ...stored, position: 0 } });
  listedSlug = listed.slug;
  draftSlug = (await createProduct(prisma, { producerId: producer.id, status: "DRAFT" })).slug;
});

const ogFiles = () => {
  try {
    return readdirSync(path.join(dirs.media, "og"));
  } catch {
    return [];
  }
};

describe("Open Graph image", () => {
  test("a listed product gets a 1200×630 PNG, rendered once and then read from disk", async () => {
    const image = await productOgImage(listedSlug);
    expect(image?.key).toMatch(/^[0-9a-f]{32}$/);
    const started = performance.now();
    const png = await image!.png();
    console.info(`og.png rendered in ${Math.round(performance.now() - started)} ms, ${png.byteLength} bytes`);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1200, 630]);
    expect(ogFiles()).toEqual([`og-${image!.key}.png`]);
    // The photo sits on the right: its orange, not the panel's green.
    const { data } = await sharp(png)
      .extract({ left: 900, top: 300, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(180);

    const again = await productOgImage(listedSlug);
    expect(again!.key).toBe(image!.key);
    expect((await again!.png()).equals(png)).toBe(true);
    expect(ogFiles()).toHaveLength(1);
  });

  test("concurrent requests for one image share one render", async () => {
    await prisma.product.update({ where: { slug: listedSlug }, data: { priceVnd: 360_000 } });
    const images = await Promise.all([1, 2, 3].map(() => productOgImage(listedSlug)));
    const pngs = await Promise.all(images.map((i) => i!.png()));
    expect(new Set(images.map((i) => i!.key)).size).toBe(1);
    expect(pngs[1]!.equals(pngs[0]!) && pngs[2]!.equals(pngs[0]!)).toBe(true);
    expect(ogFiles(), "a new price is a new image").toHaveLength(2);
  });

  test("an unlisted or unknown product has none", async () => {
    expect(await productOgImage(draftSlug)).toBeNull();
    expect(await productOgImage("khong-co-san-pham-nay")).toBeNull();
  });
});
