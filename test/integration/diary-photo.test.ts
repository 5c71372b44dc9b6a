// A diary event's photo through the batch route: stored by the photo pipeline (metadata stripped)
// before the event, hashed into the chain, shown on the public trace page; refused photos write
// nothing, and a photo whose event is refused is removed again.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, getRequest, ORIGIN } from "../support/routes";
import { tempMediaDirs } from "../support/media";

const dirs = tempMediaDirs("diary-photo");

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const batchRoute = await import("~/routes/producer/batch");
const fallback = await import("~/routes/trace/fallback");
const { loadDiary } = await import("~/modules/batches/batches.server");
const { verifyChain } = await import("~/modules/traceability/hash-chain");

type Reply = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };
type BatchData = Awaited<ReturnType<typeof batchRoute.loader>>;
type TraceData = import("~/modules/batches/trace.server").TraceView;

/** A 1200 × 900 JPEG with camera EXIF and a GPS position (a farm's location). */
function gpsJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 40, g: 140, b: 60 } } })
    .jpeg({ quality: 85 })
    .withExifMerge({
      IFD0: { Make: "PhoneCo", Model: "Farm 1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "12/1 40/1 10/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "108/1 3/1 20/1",
      },
    })
    .toBuffer();
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
const allFiles = () => ({
  media: filesUnder(dirs.media),
  originals: filesUnder(dirs.originals),
  uploads: filesUnder(dirs.uploads),
});

let cookie: string;
let producerId: string;
let product: { id: string; publicId: string };
let batchId: string;

const batchPath = () => `/producer/${producerId}/products/${product.id}/batches/${batchId}`;
const routeParams = () => ({ producerId, productId: product.id, batchId });

function recordWithPhoto(fields: Record<string, string>, photo?: { bytes: Buffer | string; name: string }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (photo) {
    const part = typeof photo.bytes === "string" ? photo.bytes : (photo.bytes as Uint8Array<ArrayBuffer>);
    form.set("photo", new File([part], photo.name, { type: "image/jpeg" }));
  } else {
    form.set("photo", new File([], "", { type: "application/octet-stream" })); // a file input left empty
  }
  const request = new Request(ORIGIN + batchPath(), {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN },
  });
  return callAction(batchRoute.action, request, routeParams());
}

beforeAll(async () => {
  await prisma.province.create({ data: { code: "66", name: "Đắk Lắk", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24400", name: "Xã Ea Tu", type: "xã", provinceCode: "66" } });
  const producer = await createProducer(prisma, { communeCode: "24400", name: "HTX Cà phê Ea Tu" });
  producerId = producer.id;
  const owner = await createUser(prisma, { role: "PRODUCER", name: "Y Bhim Niê" });
  await addMember(prisma, producerId, owner.id, true);
  product = await createProduct(prisma, { producerId, name: "Cà phê Robusta", status: "APPROVED" });
  batchId = (
    await prisma.batch.create({
      data: { productId: product.id, lotNumber: "CF-PHOTO-1", createdById: owner.id },
      select: { id: true },
    })
  ).id;
  cookie = (await createUserSession(getRequest("/"), owner.id, false)).split(";")[0]!;
});

describe("diary event photos", () => {
  test("an event without a photo still records (plain or multipart form)", async () => {
    const res = await recordWithPhoto({ kind: "PLANTING", occurredAt: "2026-03-01T07:00" });
    expect(res.status).toBe(302);
    const event = await prisma.diaryEvent.findFirstOrThrow({ where: { batchId, seq: 1 } });
    expect(event.photoHash).toBeNull();
    expect(allFiles()).toEqual({ media: [], originals: [], uploads: [] });
  });

  test("a GPS-tagged JPEG is stored without metadata, hashed into the chain and shown", async () => {
    const original = await gpsJpeg();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await recordWithPhoto(
      { kind: "HARVESTING", occurredAt: "2026-11-05T08:00", note: "Hái chín 95%" },
      { bytes: original, name: "IMG_0042.jpg" },
    );
    expect(res.status).toBe(302);

    const event = await prisma.diaryEvent.findFirstOrThrow({ where: { batchId, seq: 2 } });
    const hash = event.photoHash!;
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    const variants = filesUnder(dirs.media).filter((f) => f.startsWith(hash));
    expect(variants).toContain(`${hash}-320.webp`);
    expect(variants).toHaveLength(9); // 320, 640, 1200 px × AVIF, WebP, JPEG
    for (const name of variants) {
      const served = await sharp(readFileSync(path.join(dirs.media, name))).metadata();
      expect(served.exif).toBeUndefined();
      expect(served.xmp).toBeUndefined();
    }
    expect(filesUnder(dirs.originals)).toHaveLength(1); // private, kept as sent
    expect(filesUnder(dirs.uploads)).toEqual([]);
    const change = await prisma.changeRecord.findFirstOrThrow({ where: { entityId: event.id } });
    expect(change.summary).toMatchObject({ seq: 2, photoHash: hash });

    // In the chain: verification holds, and any change to photoHash breaks it.
    const diary = await loadDiary(batchId);
    expect(diary.verification).toEqual({ ok: true });
    expect(diary.chain[1]!.content.photoHash).toBe(hash);
    const swapped = diary.chain.map((e, i) =>
      i === 1 ? { ...e, content: { ...e.content, photoHash: "0".repeat(32) } } : e,
    );
    expect(verifyChain(swapped)).toEqual({ ok: false, brokenAt: 2, reason: "content-changed" });
    const dropped = diary.chain.map((e, i) =>
      i === 1 ? { ...e, content: { ...e.content, photoHash: null } } : e,
    );
    expect(verifyChain(dropped)).toMatchObject({ ok: false, brokenAt: 2 });

    // Shown on the producer's timeline and on the public trace page.
    const page = await callLoader(batchRoute.loader, getRequest(batchPath(), cookie), routeParams());
    expect((page.data as BatchData).events[1]).toMatchObject({ seq: 2, photoHash: hash });
    const trace = await callLoader(fallback.loader, getRequest(`/t/${product.publicId}/CF-PHOTO-1`), {
      publicId: product.publicId,
      lot: "CF-PHOTO-1",
    });
    expect(trace.status).toBe(200);
    expect((trace.data as TraceData).events.find((e) => e.seq === 2)).toMatchObject({ photoHash: hash });
  });

  test("a correction without a new photo keeps the corrected event's photo", async () => {
    const hash = (await prisma.diaryEvent.findFirstOrThrow({ where: { batchId, seq: 2 } })).photoHash;
    const res = await recordWithPhoto({
      kind: "HARVESTING",
      correctsSeq: "2",
      occurredAt: "2026-11-05T09:00",
      note: "Hái chín 90%",
    });
    expect(res.status).toBe(302);
    const correction = await prisma.diaryEvent.findFirstOrThrow({ where: { batchId, seq: 3 } });
    expect(correction).toMatchObject({ kind: "CORRECTION", photoHash: hash });
  });

  test("an HTML file named .jpg is refused (415) beside the photo field; no event, no file", async () => {
    const before = allFiles();
    const events = await prisma.diaryEvent.count({ where: { batchId } });
    const res = await recordWithPhoto(
      { kind: "PACKING", occurredAt: "2026-11-06T08:00", place: "Xưởng", note: "Đóng bao 50 kg" },
      { bytes: "<!doctype html><html><body><script>alert(1)</script></body></html>", name: "anh.jpg" },
    );
    expect(res.status).toBe(415);
    const { result } = res.data as Reply;
    expect(result.error?.photo?.[0]).toContain("“anh.jpg” không phải ảnh JPEG");
    expect(result.initialValue).toMatchObject({ kind: "PACKING", place: "Xưởng", note: "Đóng bao 50 kg" });
    expect(await prisma.diaryEvent.count({ where: { batchId } })).toBe(events);
    expect(allFiles()).toEqual(before);
  });

  test("a photo stored for an event that is then refused is removed again", async () => {
    const before = allFiles();
    const events = await prisma.diaryEvent.count({ where: { batchId } });
    const other = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#a05020" } })
      .jpeg()
      .toBuffer();
    // Correcting an event that does not exist fails inside the append, after the photo was written.
    const res = await recordWithPhoto(
      { kind: "PACKING", correctsSeq: "99", occurredAt: "2026-11-06T08:00" },
      { bytes: other, name: "bao.jpg" },
    );
    expect(res.status).toBe(400);
    expect(await prisma.diaryEvent.count({ where: { batchId } })).toBe(events);
    expect(allFiles()).toEqual(before);
  });

  test("a picture narrower than its 320 px thumbnail is refused (422)", async () => {
    const before = allFiles();
    const tiny = await sharp({ create: { width: 200, height: 150, channels: 3, background: "#123456" } })
      .png()
      .toBuffer();
    const res = await recordWithPhoto(
      { kind: "PACKING", occurredAt: "2026-11-06T08:00" },
      { bytes: tiny, name: "nho.png" },
    );
    expect(res.status).toBe(422);
    expect((res.data as Reply).result.error?.photo?.[0]).toContain("ít nhất 320 điểm ảnh");
    expect(allFiles()).toEqual(before);
  });
});
