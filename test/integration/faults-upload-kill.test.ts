// A production server killed with SIGKILL while a producer uploads a large photo, then started
// again: no photo row, no file in the media or originals folders, and the producer's second try
// works and leaves nothing else behind (what the killed process left in the temp folder, the new
// one removes). Killed while the photo's files are being written: no photo, and once the producer
// has tried again exactly that one photo's files are stored, no half-written one.
//
// PostgreSQL only: the server is another process, and this file's PGlite lives in this one.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addMember,
  createProducer,
  createProduct,
  createUser,
  FACTORY_PASSWORD,
} from "../../prisma/seed/factories";
import { testDatabaseKind } from "../support/database";
import {
  alive,
  filesUnder,
  logOf,
  requireBuild,
  signIn,
  startAppServer,
  stopAllAppServers,
  stopAppServer,
  until,
  type AppServer,
  type Browser,
} from "../support/faults";

const onPostgres = testDatabaseKind() === "postgres";
const { prisma } = await import("~/utils/db.server");
const { VARIANT_FORMATS, variantKey, variantWidths } = await import("~/modules/photos/urls");

// Made by the suite's first step only (a skipped suite leaves nothing in /tmp).
const root = path.join(tmpdir(), `ocop-faults-upload-${randomBytes(4).toString("hex")}`);
const dirs = {
  MEDIA_DIR: path.join(root, "media"),
  ORIGINALS_DIR: path.join(root, "originals"),
  UPLOAD_TMP_DIR: path.join(root, "upload-tmp"),
};
let email: string;
let app: AppServer | undefined;
let photosPath: string;
let productId: string;

// The same port each time: the browser (and its session cookie) comes back to the same address.
let port: number | undefined;
const start = async (name: string) => {
  const app = await startAppServer(name, dirs, { port });
  port = app.port;
  return app;
};

function emptyFolders() {
  for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirs.UPLOAD_TMP_DIR, { recursive: true });
}

/** A 2000 × 1500 photo of noise: ~4 MB of JPEG (noise does not compress). */
const bigJpeg = () =>
  sharp(randomBytes(2000 * 1500 * 3), { raw: { width: 2000, height: 1500, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();

function multipart(photo: Buffer) {
  const boundary = `----ocop-faults-${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="vuon-che.jpg"\r\n` +
      `Content-Type: image/jpeg\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, photo, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * Starts an upload and sends only the first `sentBytes` of its body, as a slow phone connection
 * would; resolves with how the request ended.
 */
function partialUpload(app: AppServer, browser: Browser, photo: Buffer, sentBytes: number) {
  const { body, contentType } = multipart(photo);
  return new Promise<string>((resolve) => {
    const request = http.request(`${app.url}${photosPath}`, {
      method: "POST",
      headers: {
        "Content-Type": contentType,
        "Content-Length": body.length,
        Cookie: browser.cookie,
        Origin: app.url,
      },
    });
    request.on("response", (response) => resolve(`HTTP ${response.statusCode}`));
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.write(body.subarray(0, sentBytes));
  });
}

async function upload(browser: Browser, photo: Buffer) {
  const { body, contentType } = multipart(photo);
  return browser.fetch(photosPath, { method: "POST", body, headers: { "Content-Type": contentType } });
}

const stored = () => [...filesUnder(dirs.ORIGINALS_DIR), ...filesUnder(dirs.MEDIA_DIR)];

/**
 * Exactly the files the stored photos need: their variants and private originals, no temp file.
 * What a killed process left is removed in the background by the next one: give it a moment.
 */
async function expectOnlyFilesOf(photos: { hash: string; width: number; originalKey: string | null }[]) {
  const expected = {
    media: photos
      .flatMap((p) =>
        variantWidths(p.width).flatMap((w) => VARIANT_FORMATS.map((ext) => variantKey(p.hash, w, ext))),
      )
      .sort(),
    originals: photos.map((p) => p.originalKey!).sort(),
    temp: [] as string[],
  };
  const stored = () => ({
    media: filesUnder(dirs.MEDIA_DIR),
    originals: filesUnder(dirs.ORIGINALS_DIR),
    temp: filesUnder(dirs.UPLOAD_TMP_DIR),
  });
  await until(
    () => `only the photo's files, found ${JSON.stringify(stored(), null, 1)}`,
    () => JSON.stringify(stored()) === JSON.stringify(expected),
    15_000,
  );
}

describe.skipIf(!onPostgres)(
  "the server killed (SIGKILL) during a photo upload",
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      requireBuild();
      await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
      await prisma.commune.create({
        data: { code: "24800", name: "Đà Lạt", type: "phường", provinceCode: "68" },
      });
      const owner = await createUser(prisma, { role: "PRODUCER", name: "Chị Lan" });
      email = owner.email!;
      const producer = await createProducer(prisma, { communeCode: "24800", name: "HTX Chè Cầu Đất" });
      await addMember(prisma, producer.id, owner.id, true);
      const product = await createProduct(prisma, { producerId: producer.id, name: "Chè ô long Cầu Đất" });
      productId = product.id;
      emptyFolders();
      photosPath = `/producer/${producer.id}/products/${product.id}/photos`;
    });

    afterAll(async () => {
      await stopAllAppServers();
      rmSync(root, { recursive: true, force: true });
    });

    test("killed mid-body: nothing stored, the retry works, the killed request's temp folder is removed", async () => {
      const photo = await bigJpeg();
      app = await start("first");
      const browser = await signIn(app.url, email, FACTORY_PASSWORD);
      const ended = partialUpload(app, browser, photo, Math.floor(photo.length / 2));
      // Half the photo has reached the server's temp folder: kill it there.
      await until("the upload to reach the temp folder", () =>
        filesUnder(dirs.UPLOAD_TMP_DIR).some((f) => !f.endsWith("/")),
      );
      expect((await stopAppServer(app, "SIGKILL")).signal).toBe("SIGKILL");
      expect(await ended).toMatch(/ECONNRESET|socket hang up|EPIPE/);
      expect(filesUnder(dirs.UPLOAD_TMP_DIR).length, "the killed process left its temp file").toBeGreaterThan(
        0,
      );

      app = await start("restarted");
      expect(await prisma.productPhoto.count()).toBe(0);
      expect(filesUnder(dirs.MEDIA_DIR)).toEqual([]);
      expect(filesUnder(dirs.ORIGINALS_DIR)).toEqual([]);

      // The session survived the restart; the same photo goes through now.
      const again = await upload(browser, photo);
      expect(again.status, logOf(app)).toBe(302);
      const photos = await prisma.productPhoto.findMany({ where: { productId } });
      expect(photos).toHaveLength(1);
      await expectOnlyFilesOf(photos);
    });

    test("killed while the photo's files are written: no photo, and the retry leaves one photo's files only", async () => {
      const photo = await bigJpeg();
      // The server the first test restarted, with that test's photo stored.
      if (!app || !alive(app)) app = await start("second");
      const before = await prisma.productPhoto.count();
      const had = stored();
      const browser = await signIn(app.url, email, FACTORY_PASSWORD);
      const sent = upload(browser, photo).then(
        (r) => `HTTP ${r.status}`,
        (e: Error) => e.message,
      );
      // The first file written (the private original, then the variants) is the moment to kill.
      await until("the photo's first file", () => stored().length > had.length, 60_000, 2);
      await stopAppServer(app, "SIGKILL");
      expect(await sent).toMatch(/fetch failed|ECONNRESET|socket hang up/);
      const left = stored().filter((f) => !had.includes(f));

      app = await start("restarted again");
      expect(await prisma.productPhoto.count(), "no photo row").toBe(before);
      expect(left, "the killed process left some of the photo's files").not.toEqual([]);
      const again = await upload(browser, photo);
      expect(again.status, logOf(app)).toBe(302);
      const photos = await prisma.productPhoto.findMany({ where: { productId } });
      expect(photos).toHaveLength(before + 1);
      await expectOnlyFilesOf(photos);
    });
  },
);
