// Product photos through the real route module: uploads (good and bad), reorder, cover, delete,
// access control, and what ends up on disk (variants public, originals private, nothing orphaned).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import {
  callAction,
  callLoader,
  cookiesFrom,
  formRequest,
  getRequest,
  ORIGIN,
  type RouteResult,
} from "../support/routes";
import { tempMediaDirs } from "../support/media";

const dirs = tempMediaDirs("photos");

const { prisma } = await import("~/utils/db.server");
const { env } = await import("~/utils/env.server");
const { createUserSession } = await import("~/utils/session.server");
const { localeCookie } = await import("~/utils/locale.server");
const route = await import("~/routes/producer/product-photos");
const { variantWidths, VARIANT_FORMATS } = await import("~/modules/photos/urls");

// ---------------------------------------------------------------------------------------------
// Images

/** A 1600 × 1200 JPEG, top half red and bottom half blue, EXIF orientation 6 (display rotated 90° CW), GPS, XMP, a P3 profile. */
async function phoneJpeg(): Promise<Buffer> {
  const half = (rgb: [number, number, number]) =>
    sharp({
      create: { width: 1600, height: 600, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
    })
      .png()
      .toBuffer();
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#000" } })
    .composite([
      { input: await half([220, 20, 20]), top: 0, left: 0 },
      { input: await half([20, 20, 220]), top: 600, left: 0 },
    ])
    .jpeg({ quality: 90 })
    .withIccProfile("p3")
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "PhoneCo", Model: "Farm 1", Copyright: "Bà Năm" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "11/1 56/1 30/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "108/1 26/1 40/1",
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="secret-farm"/></rdf:RDF></x:xmpmeta>',
    )
    .toBuffer();
}

/** A small distinct picture (n picks the colour), so each upload has its own content hash. */
function smallJpeg(n: number, width = 400, height = 300): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: (n * 37) % 256, g: (n * 91) % 256, b: 120 } },
  })
    .jpeg()
    .toBuffer();
}

/** A real, decodable 20000 × 20000 PNG (1-bit grey) that is ~60 KB on disk: a pixel bomb. */
function pixelBombPng(side = 20_000): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side); // filter byte 0 + all-black pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Requests

const photosPath = (producerId: string, productId: string) =>
  `/producer/${producerId}/products/${productId}/photos`;

function uploadRequest(
  url: string,
  files: { bytes: Buffer | string; name: string; type: string }[],
  cookie: string,
  extraHeaders: Record<string, string> = {},
): Request {
  const form = new FormData();
  form.set("intent", "upload");
  for (const file of files) {
    const part = typeof file.bytes === "string" ? file.bytes : (file.bytes as Uint8Array<ArrayBuffer>);
    form.append("photos", new File([part], file.name, { type: file.type }));
  }
  return new Request(ORIGIN + url, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN, ...extraHeaders },
  });
}

async function loginCookie(userId: string): Promise<string> {
  const setCookie = await createUserSession(getRequest("/login"), userId, false);
  return cookiesFrom(new Headers({ "Set-Cookie": setCookie }));
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}
const allFiles = () => ({
  media: filesUnder(dirs.media),
  originals: filesUnder(dirs.originals),
  uploads: filesUnder(dirs.uploads),
});

const text = (res: RouteResult) => JSON.stringify(res.data);

/** Every stored file belongs to a photo in the database, and no upload is left in the temp folder. */
async function expectNoOrphans() {
  const rows = await prisma.productPhoto.findMany({ select: { hash: true, originalKey: true } });
  const hashes = new Set(rows.map((r) => r.hash));
  const originals = new Set(rows.map((r) => r.originalKey));
  expect(filesUnder(dirs.media).filter((f) => !hashes.has(f.split("-")[0]!))).toEqual([]);
  expect(filesUnder(dirs.originals).filter((f) => !originals.has(f))).toEqual([]);
  expect(filesUnder(dirs.uploads)).toEqual([]);
}

afterEach(expectNoOrphans);

// ---------------------------------------------------------------------------------------------
// Fixtures

let producerA: { id: string };
let producerB: { id: string };
let ownerA: { id: string; cookie: string };
let ownerB: { id: string; cookie: string };
let helperWithConsent: { id: string; cookie: string };
let helperWithout: { id: string; cookie: string };

beforeAll(async () => {
  expect(env().MEDIA_DIR).toBe(dirs.media);
  await prisma.province.upsert({
    where: { code: "66" },
    create: { code: "66", name: "Đắk Lắk", type: "tỉnh" },
    update: {},
  });
  await prisma.commune.upsert({
    where: { code: "24100" },
    create: { code: "24100", name: "Xã Ea Tu", type: "xã", provinceCode: "66" },
    update: {},
  });
  producerA = await createProducer(prisma, { communeCode: "24100", name: "HTX Cà phê Ea Tu" });
  producerB = await createProducer(prisma, { communeCode: "24100", name: "HTX Hồ tiêu Ea Tu" });
  const a = await createUser(prisma, { role: "PRODUCER" });
  const b = await createUser(prisma, { role: "PRODUCER" });
  const h1 = await createUser(prisma, { role: "HELPER" });
  const h2 = await createUser(prisma, { role: "HELPER" });
  await addMember(prisma, producerA.id, a.id, true);
  await addMember(prisma, producerB.id, b.id, true);
  await prisma.consent.create({
    data: {
      producerId: producerA.id,
      helperId: h1.id,
      grantedByName: "Y Bih",
      method: "ON_DEVICE",
      scope: ["products"],
    },
  });
  ownerA = { id: a.id, cookie: await loginCookie(a.id) };
  ownerB = { id: b.id, cookie: await loginCookie(b.id) };
  helperWithConsent = { id: h1.id, cookie: await loginCookie(h1.id) };
  helperWithout = { id: h2.id, cookie: await loginCookie(h2.id) };
});

async function newProduct(producerId = producerA.id, name = "Cà phê Robusta rang mộc") {
  return createProduct(prisma, { producerId, name });
}

async function upload(
  productId: string,
  files: Parameters<typeof uploadRequest>[1],
  who = ownerA,
  producerId = producerA.id,
) {
  return callAction(route.action, uploadRequest(photosPath(producerId, productId), files, who.cookie), {
    producerId,
    productId,
  });
}

async function post(
  productId: string,
  fields: Record<string, string>,
  who = ownerA,
  producerId = producerA.id,
) {
  return callAction(route.action, formRequest(photosPath(producerId, productId), fields, who.cookie), {
    producerId,
    productId,
  });
}

const photosOf = (productId: string) =>
  prisma.productPhoto.findMany({ where: { productId }, orderBy: { position: "asc" } });

// ---------------------------------------------------------------------------------------------

describe("a phone photo", () => {
  test("is stored upright, in every width and format, with no EXIF/GPS/XMP/ICC in what is served", async () => {
    const product = await newProduct();
    const source = await phoneJpeg();
    expect((await sharp(source).metadata()).orientation).toBe(6);

    const res = await upload(product.id, [{ bytes: source, name: "IMG_0001.jpg", type: "image/jpeg" }]);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(photosPath(producerA.id, product.id));

    const [photo] = await photosOf(product.id);
    expect(photo).toMatchObject({ width: 1200, height: 1600, position: 0, alt: product.name });
    expect(photo!.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(photo!.placeholder).toMatch(/^data:image\/webp;base64,/);

    const widths = variantWidths(photo!.width);
    expect(widths).toEqual([320, 640, 1200]);
    const expected = widths.flatMap((w) => VARIANT_FORMATS.map((ext) => `${photo!.hash}-${w}.${ext}`)).sort();
    expect(filesUnder(dirs.media)).toEqual(expected);

    for (const name of expected) {
      const bytes = readFileSync(path.join(dirs.media, name));
      const meta = await sharp(bytes).metadata();
      const w = Number(/-(\d+)\./.exec(name)![1]);
      expect(meta.width).toBe(w);
      expect(meta.height).toBe(Math.round((w * 1600) / 1200));
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(bytes.includes("PhoneCo")).toBe(false);
      expect(bytes.includes("secret-farm")).toBe(false);
    }

    // Rotated, not just relabelled: the red top of the stored pixels is now on the right.
    const { data, info } = await sharp(path.join(dirs.media, `${photo!.hash}-320.jpg`))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    const [lr, , lb] = pixel(40, 200);
    const [rr, , rb] = pixel(280, 200);
    expect(lb).toBeGreaterThan(150);
    expect(lr).toBeLessThan(80);
    expect(rr).toBeGreaterThan(150);
    expect(rb).toBeLessThan(80);

    // The untouched original is kept privately (with its metadata), outside the served folder.
    expect(photo!.originalKey).toMatch(/^[0-9a-f]{64}\.jpg$/);
    expect(filesUnder(dirs.originals)).toEqual([photo!.originalKey]);
    expect(readFileSync(path.join(dirs.originals, photo!.originalKey!)).equals(source)).toBe(true);
    expect(filesUnder(dirs.uploads)).toEqual([]);

    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { entity: "ProductPhoto", entityId: photo!.id },
    });
    expect(change).toMatchObject({
      action: "create",
      actorId: ownerA.id,
      viaHelper: false,
      producerId: producerA.id,
    });

    // The page lists it, cover first, with /media URLs.
    const page = await callLoader(
      route.loader,
      getRequest(photosPath(producerA.id, product.id), ownerA.cookie),
      {
        producerId: producerA.id,
        productId: product.id,
      },
    );
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      mediaBase: "/media",
      photos: [{ id: photo!.id, hash: photo!.hash, width: 1200 }],
    });
  });

  test("PNG and WebP are accepted; a narrow source is never upscaled", async () => {
    const product = await newProduct();
    const png = await sharp({
      create: { width: 500, height: 300, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#884400" } })
      .webp()
      .toBuffer();
    const avif = await sharp({ create: { width: 700, height: 500, channels: 3, background: "#224488" } })
      .avif({ effort: 0 })
      .toBuffer();
    const res = await upload(product.id, [
      { bytes: png, name: "logo.png", type: "image/png" },
      { bytes: webp, name: "goi.webp", type: "image/webp" },
      { bytes: avif, name: "hop.avif", type: "image/avif" },
    ]);
    expect(res.status).toBe(302);
    const photos = await photosOf(product.id);
    expect(photos.map((p) => [p.width, p.position])).toEqual([
      [500, 0],
      [900, 1],
      [700, 2],
    ]);
    expect(photos.map((p) => p.originalKey!.split(".")[1])).toEqual(["png", "webp", "avif"]);
    expect(filesUnder(dirs.media).filter((f) => f.startsWith(photos[0]!.hash))).toEqual(
      [320, 500].flatMap((w) => VARIANT_FORMATS.map((e) => `${photos[0]!.hash}-${w}.${e}`)).sort(),
    );
  });
});

describe("bad uploads are refused with a message, a 4xx, and nothing kept", () => {
  async function expectRefused(
    files: Parameters<typeof uploadRequest>[1],
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ) {
    const product = await newProduct();
    const before = allFiles();
    const res = await callAction(
      route.action,
      uploadRequest(photosPath(producerA.id, product.id), files, ownerA.cookie, headers),
      { producerId: producerA.id, productId: product.id },
    );
    expect(res.status).toBe(status);
    expect(text(res)).toContain(message);
    expect(allFiles()).toEqual(before);
    expect(allFiles().uploads).toEqual([]);
    expect(await prisma.productPhoto.count({ where: { productId: product.id } })).toBe(0);
    return res;
  }

  test("a 20000 × 20000 PNG (pixel bomb) → 422", async () => {
    const bomb = pixelBombPng();
    expect(bomb.length).toBeLessThan(200_000);
    await expectRefused(
      [{ bytes: bomb, name: "bom.png", type: "image/png" }],
      422,
      "“bom.png” có quá nhiều điểm ảnh (tối đa 40 triệu)",
    );
  });

  test("HTML renamed .jpg and sent as image/jpeg → 415", async () => {
    await expectRefused(
      [
        {
          bytes: "<!doctype html><html><body><script>alert(1)</script></body></html>",
          name: "anh.jpg",
          type: "image/jpeg",
        },
      ],
      415,
      "“anh.jpg” không phải ảnh JPEG, PNG, WebP hay AVIF",
    );
  });

  test("a truncated JPEG → 422", async () => {
    const whole = await phoneJpeg();
    await expectRefused(
      [{ bytes: whole.subarray(0, Math.floor(whole.length * 0.6)), name: "cut.jpg", type: "image/jpeg" }],
      422,
      "“cut.jpg” bị hỏng hoặc chưa tải lên hết",
    );
  });

  test("a 30 MB file → 413", async () => {
    const big = Buffer.alloc(30 * 1024 * 1024, 7);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    await expectRefused([{ bytes: big, name: "to.jpg", type: "image/jpeg" }], 413, "“to.jpg” lớn hơn 15 MB");
  });

  test("a body declaring more than eight full photos → 413 before it is read", async () => {
    await expectRefused(
      [{ bytes: await smallJpeg(1), name: "a.jpg", type: "image/jpeg" }],
      413,
      "Dữ liệu gửi lên quá lớn",
      {
        "Content-Length": String(200 * 1024 * 1024),
      },
    );
  });

  test("a HEIC photo (not decodable by this sharp build) → 415 with what to do", async () => {
    // ftyp box with the heic brand, then garbage: sniffed as HEIC, refused at decoding.
    const heic = Buffer.concat([
      Buffer.from("00000018667479706865696300000000", "hex"),
      Buffer.from("mif1heic"),
      Buffer.alloc(200, 1),
    ]);
    await expectRefused(
      [{ bytes: heic, name: "IMG_2002.HEIC", type: "image/heic" }],
      415,
      "“IMG_2002.HEIC” là ảnh HEIC",
    );
  });

  test("no file chosen → 400", async () => {
    await expectRefused(
      [{ bytes: "", name: "", type: "application/octet-stream" }],
      400,
      "Hãy chọn ít nhất một ảnh.",
    );
  });

  test("the 9th photo → 422, the eight stay", async () => {
    const product = await newProduct();
    const eight = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => ({
        bytes: await smallJpeg(i + 10),
        name: `p${i}.jpg`,
        type: "image/jpeg",
      })),
    );
    expect((await upload(product.id, eight)).status).toBe(302);
    expect(await prisma.productPhoto.count({ where: { productId: product.id } })).toBe(8);

    const before = allFiles();
    const res = await upload(product.id, [
      { bytes: await smallJpeg(99), name: "thu9.jpg", type: "image/jpeg" },
    ]);
    expect(res.status).toBe(422);
    expect(text(res)).toContain("“thu9.jpg” không được thêm: mỗi sản phẩm có tối đa 8 ảnh.");
    expect(allFiles()).toEqual(before);
    expect(await prisma.productPhoto.count({ where: { productId: product.id } })).toBe(8);
  });

  test("in a mixed batch the good photos are kept and each bad one is named", async () => {
    const product = await newProduct();
    const res = await upload(product.id, [
      { bytes: await smallJpeg(50), name: "tot.jpg", type: "image/jpeg" },
      { bytes: "not an image", name: "xau.png", type: "image/png" },
    ]);
    expect(res.status).toBe(415);
    expect(text(res)).toContain("Đã thêm 1 ảnh.");
    expect(text(res)).toContain("“xau.png” không phải ảnh");
    expect(await prisma.productPhoto.count({ where: { productId: product.id } })).toBe(1);
    expect(allFiles().uploads).toEqual([]);
  });

  test("simultaneous uploads cannot take a product past eight photos", async () => {
    const product = await newProduct();
    const six = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => ({
        bytes: await smallJpeg(i + 600),
        name: `p${i}.jpg`,
        type: "image/jpeg",
      })),
    );
    expect((await upload(product.id, six)).status).toBe(302);
    const results = await Promise.all(
      [700, 701, 702].map(async (n) =>
        upload(product.id, [{ bytes: await smallJpeg(n), name: `${n}.jpg`, type: "image/jpeg" }]),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 302, 422]);
    const photos = await photosOf(product.id);
    expect(photos.map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The refused one's files were written before the limit was re-checked: afterEach checks they are gone.
  });

  test("a storage failure is a 503 with a message, and what was written is removed", async () => {
    const { addPhotos } = await import("~/modules/photos/photos.server");
    const { LocalStore } = await import("~/modules/photos/storage.server");
    const { receivePhotoUpload } = await import("~/modules/photos/upload.server");
    const product = await newProduct();
    const variants = new LocalStore(dirs.media);
    let puts = 0;
    const flaky = Object.assign(Object.create(variants) as typeof variants, {
      put: async (key: string, bytes: Uint8Array, type: string) => {
        if (++puts === 4) throw new Error("disk full");
        return variants.put(key, bytes, type);
      },
    });
    const storage = { variants: flaky, originals: new LocalStore(dirs.originals), publicBaseUrl: "/media" };
    const before = allFiles();
    const received = await receivePhotoUpload(
      uploadRequest(
        photosPath(producerA.id, product.id),
        [{ bytes: await smallJpeg(800, 900, 700), name: "d.jpg", type: "image/jpeg" }],
        "",
      ),
    );
    const access = {
      user: {
        id: ownerA.id,
        name: "A",
        role: "PRODUCER" as const,
        provinceCode: null,
        locale: "vi" as const,
      },
      producer: { id: producerA.id, name: "A", slug: "a", provinceCode: "66", communeCode: "24100" },
      viaHelper: false,
    };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const result = await addPhotos(access, product, received.files, storage);
      expect(result.added).toEqual([]);
      expect(result.refused.map((r) => [r.error.code, r.error.status])).toEqual([["storageFailed", 503]]);
    } finally {
      console.error = original;
      await received.dispose();
    }
    expect(errors).toHaveLength(1);
    expect(allFiles()).toEqual(before);
    expect(await prisma.productPhoto.count({ where: { productId: product.id } })).toBe(0);
  });

  test("the same picture twice on one product → 409", async () => {
    const product = await newProduct();
    const bytes = await smallJpeg(60);
    expect((await upload(product.id, [{ bytes, name: "a.jpg", type: "image/jpeg" }])).status).toBe(302);
    const res = await upload(product.id, [{ bytes, name: "a-copy.jpg", type: "image/jpeg" }]);
    expect(res.status).toBe(409);
    expect(text(res)).toContain("“a-copy.jpg” đã có trong danh sách ảnh");
  });

  test("messages follow the chosen language", async () => {
    const product = await newProduct();
    const lng = cookiesFrom(new Headers({ "Set-Cookie": await localeCookie.serialize("en") }));
    const req = uploadRequest(
      photosPath(producerA.id, product.id),
      [{ bytes: "<html>", name: "x.jpg", type: "image/jpeg" }],
      `${ownerA.cookie}; ${lng}`,
    );
    const res = await callAction(route.action, req, { producerId: producerA.id, productId: product.id });
    expect(res.status).toBe(415);
    expect(text(res)).toContain("“x.jpg” is not a JPEG, PNG, WebP or AVIF image");
  });
});

describe("reorder, cover, delete", () => {
  let seed = 200;
  async function threePhotos() {
    const product = await newProduct();
    const files = await Promise.all(
      [1, 2, 3].map(async (n) => ({ bytes: await smallJpeg(seed++), name: `${n}.jpg`, type: "image/jpeg" })),
    );
    expect((await upload(product.id, files)).status).toBe(302);
    const photos = await photosOf(product.id);
    return { product, ids: photos.map((p) => p.id) };
  }
  const order = async (productId: string) => (await photosOf(productId)).map((p) => p.id);

  test("move up / down swaps neighbours; the ends stay put", async () => {
    const { product, ids } = await threePhotos();
    const [a, b, c] = ids as [string, string, string];
    expect((await post(product.id, { intent: "move", photoId: c, direction: "up" })).status).toBe(302);
    expect(await order(product.id)).toEqual([a, c, b]);
    expect((await post(product.id, { intent: "move", photoId: a, direction: "down" })).status).toBe(302);
    expect(await order(product.id)).toEqual([c, a, b]);
    expect((await post(product.id, { intent: "move", photoId: c, direction: "up" })).status).toBe(302);
    expect(await order(product.id)).toEqual([c, a, b]);
    expect((await photosOf(product.id)).map((p) => p.position)).toEqual([0, 1, 2]);
    expect(
      await prisma.changeRecord.count({
        where: { entity: "ProductPhoto", action: "move", entityId: { in: ids } },
      }),
    ).toBe(2);
  });

  test("make cover puts the photo first and keeps the others' order", async () => {
    const { product, ids } = await threePhotos();
    const [a, b, c] = ids as [string, string, string];
    expect((await post(product.id, { intent: "cover", photoId: c })).status).toBe(302);
    expect(await order(product.id)).toEqual([c, a, b]);
    const change = await prisma.changeRecord.findFirstOrThrow({ where: { entityId: c, action: "cover" } });
    expect(change.actorId).toBe(ownerA.id);
  });

  test("delete removes the row and its files, renumbers, and records it", async () => {
    const { product, ids } = await threePhotos();
    const [a, b, c] = ids as [string, string, string];
    const victim = await prisma.productPhoto.findUniqueOrThrow({ where: { id: b } });
    expect(filesUnder(dirs.media).some((f) => f.startsWith(victim.hash))).toBe(true);

    const res = await post(product.id, { intent: "delete", photoId: b });
    expect(res.status).toBe(302);
    expect(await order(product.id)).toEqual([a, c]);
    expect((await photosOf(product.id)).map((p) => p.position)).toEqual([0, 1]);
    expect(filesUnder(dirs.media).some((f) => f.startsWith(victim.hash))).toBe(false);
    expect(filesUnder(dirs.originals)).not.toContain(victim.originalKey);
    expect(await prisma.changeRecord.count({ where: { entityId: b, action: "delete" } })).toBe(1);

    // Deleting it again: 404 with a message, the page keeps working.
    const again = await post(product.id, { intent: "delete", photoId: b });
    expect(again.status).toBe(404);
    expect(text(again)).toContain("Không tìm thấy ảnh này");
  });

  test("files shared with another product's photo are kept until the last user goes", async () => {
    const bytes = await smallJpeg(77);
    const p1 = await newProduct();
    const p2 = await newProduct();
    await upload(p1.id, [{ bytes, name: "chung.jpg", type: "image/jpeg" }]);
    await upload(p2.id, [{ bytes, name: "chung.jpg", type: "image/jpeg" }]);
    const [first] = await photosOf(p1.id);
    const [second] = await photosOf(p2.id);
    expect(first!.hash).toBe(second!.hash);

    await post(p1.id, { intent: "delete", photoId: first!.id });
    expect(filesUnder(dirs.media).filter((f) => f.startsWith(first!.hash))).toHaveLength(6);
    expect(filesUnder(dirs.originals)).toContain(first!.originalKey);

    await post(p2.id, { intent: "delete", photoId: second!.id });
    expect(filesUnder(dirs.media).filter((f) => f.startsWith(first!.hash))).toHaveLength(0);
    expect(filesUnder(dirs.originals)).not.toContain(first!.originalKey);
  });

  test("bad intents: 400, nothing changes", async () => {
    const { product, ids } = await threePhotos();
    const res = await post(product.id, { intent: "explode", photoId: ids[0]! });
    expect(res.status).toBe(400);
    expect(text(res)).toContain("Yêu cầu không hợp lệ.");
    expect((await post(product.id, { intent: "move", photoId: ids[0]!, direction: "sideways" })).status).toBe(
      400,
    );
    expect(await order(product.id)).toEqual(ids);
  });
});

describe("access control", () => {
  test("a helper with the producer's consent can manage photos (recorded as via helper)", async () => {
    const product = await newProduct();
    const res = await upload(
      product.id,
      [{ bytes: await smallJpeg(300), name: "h.jpg", type: "image/jpeg" }],
      helperWithConsent,
    );
    expect(res.status).toBe(302);
    const [photo] = await photosOf(product.id);
    const change = await prisma.changeRecord.findFirstOrThrow({ where: { entityId: photo!.id } });
    expect(change).toMatchObject({
      actorId: helperWithConsent.id,
      viaHelper: true,
      producerId: producerA.id,
    });
  });

  test("another producer's user and a helper without consent get 403 and change nothing", async () => {
    const product = await newProduct();
    await upload(product.id, [{ bytes: await smallJpeg(400), name: "a.jpg", type: "image/jpeg" }]);
    await upload(product.id, [{ bytes: await smallJpeg(401), name: "b.jpg", type: "image/jpeg" }]);
    const ids = (await photosOf(product.id)).map((p) => p.id);
    const before = allFiles();

    for (const stranger of [ownerB, helperWithout]) {
      const page = await callLoader(
        route.loader,
        getRequest(photosPath(producerA.id, product.id), stranger.cookie),
        {
          producerId: producerA.id,
          productId: product.id,
        },
      );
      expect(page.status).toBe(403);
      expect(
        (
          await upload(
            product.id,
            [{ bytes: await smallJpeg(402), name: "x.jpg", type: "image/jpeg" }],
            stranger,
          )
        ).status,
      ).toBe(403);
      expect((await post(product.id, { intent: "delete", photoId: ids[0]! }, stranger)).status).toBe(403);
      expect((await post(product.id, { intent: "cover", photoId: ids[1]! }, stranger)).status).toBe(403);
    }
    // Through their own producer's URL, A's product does not exist.
    expect(
      (await post(product.id, { intent: "delete", photoId: ids[0]! }, ownerB, producerB.id)).status,
    ).toBe(404);
    expect(
      (
        await upload(
          product.id,
          [{ bytes: await smallJpeg(403), name: "x.jpg", type: "image/jpeg" }],
          ownerB,
          producerB.id,
        )
      ).status,
    ).toBe(404);

    expect((await photosOf(product.id)).map((p) => p.id)).toEqual(ids);
    expect(allFiles()).toEqual(before);
  });

  test("not signed in: redirected to log in", async () => {
    const product = await newProduct();
    const res = await post(
      product.id,
      { intent: "cover", photoId: crypto.randomUUID() },
      { id: "", cookie: "" },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });

  test("a photo id from another product (even the same producer's) → 404, nothing changes", async () => {
    const mine = await newProduct();
    const other = await newProduct();
    await upload(mine.id, [{ bytes: await smallJpeg(500), name: "m.jpg", type: "image/jpeg" }]);
    await upload(other.id, [{ bytes: await smallJpeg(501), name: "o1.jpg", type: "image/jpeg" }]);
    await upload(other.id, [{ bytes: await smallJpeg(502), name: "o2.jpg", type: "image/jpeg" }]);
    const others = (await photosOf(other.id)).map((p) => p.id);
    const attempts: Record<string, string>[] = [
      { intent: "delete", photoId: others[1]! },
      { intent: "cover", photoId: others[1]! },
      { intent: "move", photoId: others[1]!, direction: "up" },
      { intent: "delete", photoId: "not-a-uuid" },
    ];
    for (const fields of attempts) {
      const res = await post(mine.id, fields);
      expect(res.status).toBe(404);
      expect(text(res)).toContain("Không tìm thấy ảnh này");
    }
    expect((await photosOf(other.id)).map((p) => p.id)).toEqual(others);
    expect(await prisma.productPhoto.count({ where: { productId: mine.id } })).toBe(1);
  });
});
