// The demo seed: complete, idempotent, and made of valid data. Runs on the file's own fresh,
// migrated database (test harness) and writes photos to a temporary media directory.
import { mkdtemp, rm, unlink, access } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "~/modules/accounts/passwords.server";
import { loadDiary } from "~/modules/batches/batches.server";
import { verifyChain } from "~/modules/traceability/hash-chain";
import { VARIANT_FORMATS, photoSrcSet, photoUrl, variantWidths } from "~/modules/photos/urls";
import { database } from "~/utils/db.server";
import { seedAdminUnits } from "./admin-units";
import { DEMO_ACCOUNTS, DEMO_PRODUCERS, DEMO_PRODUCTS, seedDemo } from "./demo";
import { createProduct, randomPublicId, slugify } from "./factories";
import { gs1CheckDigit, isValidGtin } from "~/modules/products/gtin";
import { isValidTaxCode, taxCodeCheckDigit } from "~/modules/producers/tax-code";

let mediaDir: string;

// Small pictures and a fast AVIF effort keep the test quick; the code path is the same.
async function seed() {
  const prisma = database().prisma;
  const units = await seedAdminUnits(prisma);
  const demo = await seedDemo(prisma, { mediaDir, photoWidth: 640, avifEffort: 0 });
  return { units, created: demo.created };
}

async function counts() {
  const p = database().prisma;
  const [provinces, communes, users, producers, members, products, photos] = await Promise.all([
    p.province.count(),
    p.commune.count(),
    p.user.count(),
    p.producer.count(),
    p.producerMember.count(),
    p.product.count(),
    p.productPhoto.count(),
  ]);
  return { provinces, communes, users, producers, members, products, photos };
}

/** Everything a re-run could touch, including updatedAt and the password hashes. */
async function snapshot() {
  const p = database().prisma;
  return Promise.all([
    p.user.findMany({ orderBy: { email: "asc" } }),
    p.producer.findMany({ orderBy: { slug: "asc" } }),
    p.product.findMany({ orderBy: { slug: "asc" } }),
    p.productPhoto.findMany({ orderBy: [{ productId: "asc" }, { position: "asc" }] }),
  ]);
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "ocop-seed-test-"));
}, 60_000);

afterAll(async () => {
  await rm(mediaDir, { recursive: true, force: true });
});

describe("demo seed", () => {
  let first: Awaited<ReturnType<typeof seed>>;
  let firstCounts: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    first = await seed();
    firstCounts = await counts();
  }, 120_000);

  it("loads every administrative unit and all demo records", () => {
    expect(first.units).toEqual({ provinces: 34, communes: 3321 });
    expect(firstCounts).toEqual({
      provinces: 34,
      communes: 3321,
      users: DEMO_ACCOUNTS.length,
      producers: DEMO_PRODUCERS.length,
      members: 1,
      products: DEMO_PRODUCTS.length,
      photos: DEMO_PRODUCTS.reduce((sum, p) => sum + p.photos, 0),
    });
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot();
    const again = await seed();
    expect(again.units).toEqual({ provinces: 0, communes: 0 });
    expect(again.created).toEqual({
      users: 0,
      producers: 0,
      members: 0,
      products: 0,
      photos: 0,
      certificates: 0,
      batches: 0,
    });
    expect(await counts()).toEqual(firstCounts);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it("backs every OCOP star claim with a certificate and ships a batch whose diary verifies", async () => {
    const p = database().prisma;
    const starred = await p.product.findMany({
      where: { ocopStars: { not: null } },
      select: { ocopStars: true, certificates: true },
    });
    expect(starred.length).toBeGreaterThan(5);
    for (const product of starred) {
      expect(product.certificates.map((c) => [c.kind, c.ocopStars, c.revokedAt])).toContainEqual([
        "OCOP",
        product.ocopStars,
        null,
      ]);
    }
    const batch = await p.batch.findFirstOrThrow({ where: { lotNumber: "CF2026-01" }, select: { id: true } });
    const diary = await loadDiary(batch.id);
    expect(diary.chain.map((e) => e.content.kind)).toEqual([
      "FERTILISING",
      "SPRAYING",
      "HARVESTING",
      "PROCESSING",
      "INSPECTING",
      "PACKING",
    ]);
    expect(verifyChain(diary.chain)).toEqual({ ok: true });
  });

  it("has one account per role, found by email, with the demo password", async () => {
    const p = database().prisma;
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role)).size).toBe(6);
    for (const account of DEMO_ACCOUNTS) {
      const user = await p.user.findUnique({ where: { email: account.email } });
      expect(user, account.email).not.toBeNull();
      expect(user!.role).toBe(account.role);
      expect(user!.phone).toBe(account.phone ?? null);
      expect(account.password.length).toBeGreaterThanOrEqual(10);
    }
    const official = await p.user.findUniqueOrThrow({ where: { email: "official@demo.ocop.vn" } });
    expect(official.provinceCode).toBe("68");

    const producer = await p.user.findUniqueOrThrow({
      where: { phone: "0912345678" },
      include: { memberships: { include: { producer: true } } },
    });
    expect(producer.role).toBe("PRODUCER");
    expect(producer.memberships).toHaveLength(1);
    expect(producer.memberships[0]).toMatchObject({ isOwner: true, producer: { provinceCode: "68" } });
    expect(await verifyPassword(producer.passwordHash, DEMO_ACCOUNTS[0]!.password)).toBe(true);
  });

  it("puts every producer in a commune of its own province, with a valid tax code", async () => {
    const producers = await database().prisma.producer.findMany({ include: { commune: true } });
    for (const producer of producers) {
      expect(producer.commune.provinceCode, producer.slug).toBe(producer.provinceCode);
      expect(isValidTaxCode(producer.taxCode!), producer.taxCode!).toBe(true);
    }
  });

  it("gives every APPROVED product a cover photo whose variants exist and carry no EXIF", async () => {
    const approved = await database().prisma.product.findMany({
      where: { status: "APPROVED" },
      include: { photos: { orderBy: { position: "asc" } } },
    });
    expect(approved.length).toBeGreaterThanOrEqual(10);
    for (const product of approved) {
      const cover = product.photos[0];
      expect(cover, product.slug).toBeDefined();
      expect(cover!.position).toBe(0);
      expect(cover!.alt).toBe(product.name);
      expect(cover!.hash).toMatch(/^[0-9a-f]{32}$/);
      expect(cover!.placeholder).toMatch(/^data:image\/webp;base64,/);
      expect(cover!.placeholder.length).toBeLessThan(1024);
      for (const width of variantWidths(cover!.width)) {
        for (const ext of VARIANT_FORMATS) {
          const file = path.join(mediaDir, `${cover!.hash}-${width}.${ext}`);
          const meta = await sharp(file).metadata();
          expect(meta.width, file).toBe(width);
          expect(meta.exif, file).toBeUndefined();
        }
      }
    }
  });

  it("restores a deleted variant file on the next run without adding rows", async () => {
    const photo = await database().prisma.productPhoto.findFirstOrThrow({ where: { position: 0 } });
    const file = path.join(mediaDir, `${photo.hash}-320.webp`);
    await unlink(file);
    const again = await seed();
    expect(again.created.photos).toBe(0);
    expect(await exists(file)).toBe(true);
  }, 60_000);

  it("uses GTIN-13s with a Vietnamese prefix and a correct check digit", async () => {
    const products = await database().prisma.product.findMany({ where: { gtin: { not: null } } });
    expect(products.length).toBeGreaterThanOrEqual(2);
    for (const { gtin } of products) {
      expect(gtin).toMatch(/^893\d{10}$/);
      expect(isValidGtin(gtin!)).toBe(true);
    }
  });

  it("gives products unambiguous public ids", async () => {
    const products = await database().prisma.product.findMany();
    for (const { publicId } of products) expect(publicId).toMatch(/^[2-9A-HJ-NP-Z]{8,12}$/);
  });

  it("factory products get a fresh slug and publicId", async () => {
    const producer = await database().prisma.producer.findFirstOrThrow();
    const a = await createProduct(database().prisma, { producerId: producer.id, name: "Gạo ST25" });
    const b = await createProduct(database().prisma, { producerId: producer.id, name: "Gạo ST25" });
    expect(a.slug).toMatch(/^gao-st25-[0-9a-f]{8}$/);
    expect(a.slug).not.toBe(b.slug);
    expect(a.publicId).not.toBe(b.publicId);
    await database().prisma.product.deleteMany({ where: { id: { in: [a.id, b.id] } } });
  });
});

describe("check digits and identifiers", () => {
  it("computes GS1 check digits", () => {
    expect(gs1CheckDigit("400638133393")).toBe(1); // 4006381333931, the GS1 textbook example
    expect(isValidGtin("4006381333931")).toBe(true);
    expect(isValidGtin("4006381333932")).toBe(false);
    expect(isValidGtin("8938512000015")).toBe(true);
  });

  it("computes Vietnamese tax-code check digits", () => {
    expect(taxCodeCheckDigit("030058856")).toBe(9); // 0300588569
    expect(isValidTaxCode("0100109106")).toBe(true);
    expect(isValidTaxCode("0100109106-001")).toBe(true);
    expect(isValidTaxCode("0100109107")).toBe(false);
    expect(taxCodeCheckDigit("580045128")).toBeNull(); // 10 − (sum mod 11) = 10: no valid code
  });

  it("makes slugs and public ids", () => {
    expect(slugify("Hợp tác xã Cà phê Đắk Mil")).toBe("hop-tac-xa-ca-phe-dak-mil");
    expect(slugify("  Nước mắm 40 độ đạm!  ")).toBe("nuoc-mam-40-do-dam");
    const ids = new Set(Array.from({ length: 200 }, () => randomPublicId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
  });

  it("builds photo URLs", () => {
    expect(photoUrl("abc", 640, "webp")).toBe("/media/abc-640.webp");
    expect(photoSrcSet("abc", 1600, "jpg")).toBe(
      "/media/abc-320.jpg 320w, /media/abc-640.jpg 640w, /media/abc-1280.jpg 1280w",
    );
    expect(photoSrcSet("abc", 500, "avif")).toBe("/media/abc-320.avif 320w, /media/abc-500.avif 500w");
  });
});
