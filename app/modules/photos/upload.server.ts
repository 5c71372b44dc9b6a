// Untrusted photo uploads: receive (size-limited, to a private temp folder), validate (magic bytes,
// header dimensions, full decode), render every variant in memory, and only then write anything.
// No database here: photos.server.ts decides whether a photo may be added and records it.
import { createHash } from "node:crypto";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import sharp, { type Metadata } from "sharp";
import { MAX_PHOTO_BYTES, MAX_PHOTOS_PER_PRODUCT, MAX_UPLOAD_REQUEST_BYTES, MAX_MEGAPIXELS } from "./limits";
import { CONTENT_TYPES, EXTENSIONS, SNIFF_BYTES, sniffPhotoFormat, type PhotoFormat } from "./sniff";
import {
  photoStorage,
  PROCESS_TAG,
  removeLeftovers,
  TAG_PATTERN,
  uploadTmpDir,
  type PhotoStorage,
} from "./storage.server";
import {
  MAX_INPUT_PIXELS,
  renderVariants,
  writeVariants,
  type RenderedImage,
  type RenderOptions,
} from "./variants.server";

export type PhotoErrorCode =
  | "badRequest"
  | "noFile"
  | "tooLarge"
  | "requestTooLarge"
  | "unsupportedType"
  | "heic"
  | "tooManyPixels"
  | "tooSmall"
  | "corrupt"
  | "limit"
  | "duplicate"
  | "notFound"
  | "storageFailed";

const STATUS: Record<PhotoErrorCode, number> = {
  badRequest: 400,
  noFile: 400,
  tooLarge: 413,
  requestTooLarge: 413,
  unsupportedType: 415,
  heic: 415,
  tooManyPixels: 422,
  tooSmall: 422,
  corrupt: 422,
  limit: 422,
  duplicate: 409,
  notFound: 404,
  storageFailed: 503,
};

/** A refusal the user can act on: `code` names the message (photos.errors.*), `params` fill it in. */
export class PhotoError extends Error {
  readonly status: number;
  constructor(
    readonly code: PhotoErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`photo refused: ${code}`);
    this.status = STATUS[code];
  }
}

// ---------------------------------------------------------------------------------------------
// Receiving: a multipart body streamed to disk, one private folder per request.

export interface ReceivedFile {
  /** The sender's file name, cleaned for display. */
  name: string;
  size: number;
  /** Null when the file was not kept (over the size limit, or past the per-request count). */
  path: string | null;
  refused?: PhotoError;
}

export interface ReceivedUpload {
  fields: Map<string, string>;
  files: ReceivedFile[];
  /** Removes every temp file of this request. Always call it (finally). */
  dispose(): Promise<void>;
}

const MAX_FIELD_BYTES = 4096;
const MAX_FIELDS = 20;
let uploadsSwept = false;

export function displayName(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean.length > 80 ? `${clean.slice(0, 77)}…` : clean || "ảnh";
}

export interface ReceiveOptions {
  /** The file input's name. */
  fileField?: string;
  /** Files kept; more are refused ("limit"). */
  maxFiles?: number;
  /** The whole body's limit. */
  maxRequestBytes?: number;
}

/**
 * Parses a multipart upload of `photos` files. Files larger than the limit are read to the end but
 * not kept (so the browser gets the 413 page, not a reset connection); a body larger than eight
 * full photos is refused outright, from its Content-Length when it declares one.
 */
export async function receivePhotoUpload(
  request: Request,
  {
    fileField = "photos",
    maxFiles = MAX_PHOTOS_PER_PRODUCT,
    maxRequestBytes = MAX_UPLOAD_REQUEST_BYTES,
  }: ReceiveOptions = {},
): Promise<ReceivedUpload> {
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > maxRequestBytes) throw new PhotoError("requestTooLarge");
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "")) {
    throw new PhotoError("badRequest");
  }

  // The folders of requests cut off by a killed process: once per process, in the background.
  if (!uploadsSwept) {
    uploadsSwept = true;
    void removeLeftovers(uploadTmpDir(), new RegExp(`^ocop-upload-${TAG_PATTERN}-[A-Za-z0-9]{6}$`)).catch(
      () => undefined,
    );
  }
  const dir = await mkdtemp(path.join(uploadTmpDir(), `ocop-upload-${PROCESS_TAG}-`));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const fields = new Map<string, string>();
  const files: ReceivedFile[] = [];
  let total = 0;
  const count = (chunk: Uint8Array) => {
    total += chunk.byteLength;
    if (total > maxRequestBytes) throw new PhotoError("requestTooLarge");
  };

  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      if (fields.size >= MAX_FIELDS) throw new PhotoError("badRequest");
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        count(chunk);
        size += chunk.byteLength;
        if (size > MAX_FIELD_BYTES) throw new PhotoError("badRequest");
        chunks.push(chunk);
      }
      fields.set(name, Buffer.concat(chunks).toString("utf8"));
      return undefined;
    }
    const file: ReceivedFile = { name: displayName(filename), size: 0, path: null };
    const keep = name === fileField && files.filter((f) => f.path).length < maxFiles;
    const target = keep ? path.join(dir, String(files.length)) : null;
    const handle = target ? await open(target, "wx") : null;
    try {
      for await (const chunk of data) {
        count(chunk);
        file.size += chunk.byteLength;
        if (handle && file.size <= MAX_PHOTO_BYTES) await handle.write(chunk);
      }
    } finally {
      await handle?.close();
    }
    if (name !== fileField || (filename === "" && file.size === 0)) {
      if (target) await rm(target, { force: true });
      return undefined; // not a photo field, or the empty part of a file input left blank
    }
    if (file.size > MAX_PHOTO_BYTES) {
      if (target) await rm(target, { force: true });
      file.refused = new PhotoError("tooLarge", { name: file.name, max: MAX_PHOTO_BYTES / 1024 / 1024 });
    } else if (!target) {
      file.refused = new PhotoError("limit", { name: file.name, max: maxFiles });
    } else {
      file.path = target;
    }
    files.push(file);
    return undefined;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await dispose();
    if (error instanceof PhotoError) throw error;
    throw new PhotoError("badRequest"); // malformed body, or the client went away
  }
  return { fields, files, dispose };
}

// ---------------------------------------------------------------------------------------------
// Processing: one photo at a time in this process, however many uploads arrive together, so memory
// stays bounded (8 simultaneous 12 MP uploads: ~300 MB peak instead of ~500 MB with two at a time,
// see BENCHMARKS.md); its encoders already use both cores. Requests queue here, not in memory: their
// files wait on disk.

const PHOTO_JOBS = 1;
let running = 0;
const waiting: (() => void)[] = [];

export async function withPhotoSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= PHOTO_JOBS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface PreparedPhoto extends RenderedImage {
  format: PhotoFormat;
  original: { key: string; bytes: Buffer; contentType: string };
}

function decodeError(format: PhotoFormat, name: string, error: unknown): PhotoError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new PhotoError("tooManyPixels", { name, max: MAX_MEGAPIXELS });
  if (format === "heic") return new PhotoError("heic", { name });
  return new PhotoError("corrupt", { name });
}

/** Validates one upload and renders its variants in memory. Throws PhotoError; writes nothing. */
export async function preparePhoto(
  bytes: Buffer,
  name: string,
  opts: RenderOptions = {},
): Promise<PreparedPhoto> {
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new PhotoError("tooLarge", { name, max: MAX_PHOTO_BYTES / 1024 / 1024 });
  const format = sniffPhotoFormat(bytes.subarray(0, SNIFF_BYTES));
  if (!format) throw new PhotoError("unsupportedType", { name });

  // The header alone (no pixels decoded) tells the size; refuse pixel bombs before decoding.
  let header: Metadata;
  try {
    header = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeError(format, name, error);
  }
  const expected = format === "avif" || format === "heic" ? "heif" : format;
  if (header.format !== expected) throw new PhotoError("unsupportedType", { name });
  if (header.width * header.height > MAX_INPUT_PIXELS) {
    throw new PhotoError("tooManyPixels", {
      name,
      max: MAX_MEGAPIXELS,
      megapixels: Math.round((header.width * header.height) / 1e6),
    });
  }

  let rendered: RenderedImage;
  try {
    rendered = await renderVariants(bytes, opts);
  } catch (error) {
    throw decodeError(format, name, error);
  }
  const digest = createHash("sha256").update(bytes).digest("hex");
  return {
    ...rendered,
    format,
    original: { key: `${digest}.${EXTENSIONS[format]}`, bytes, contentType: CONTENT_TYPES[format] },
  };
}

/** Reads a received file and prepares it inside a processing slot. */
export function prepareReceivedFile(file: ReceivedFile & { path: string }, opts: RenderOptions = {}) {
  return withPhotoSlot(async () => preparePhoto(await readFile(file.path), file.name, opts));
}

export interface WrittenFiles {
  variants: string[];
  original: string | null;
}

/** Stores the original (private) and the variants (public); undoes its own writes on failure. */
export async function writePreparedPhoto(
  photo: PreparedPhoto,
  storage: PhotoStorage = photoStorage(),
): Promise<WrittenFiles> {
  const written: WrittenFiles = { variants: [], original: null };
  try {
    if (!(await storage.originals.exists(photo.original.key))) {
      await storage.originals.put(photo.original.key, photo.original.bytes, photo.original.contentType);
      written.original = photo.original.key;
    }
    written.variants = await writeVariants(storage.variants, photo.variants);
    return written;
  } catch (error) {
    await removeWrittenFiles(written, storage);
    console.error("photo storage failed", error);
    throw new PhotoError("storageFailed");
  }
}

export async function removeWrittenFiles(written: WrittenFiles, storage: PhotoStorage = photoStorage()) {
  await Promise.all([
    ...written.variants.map((key) => storage.variants.delete(key).catch(() => undefined)),
    written.original ? storage.originals.delete(written.original).catch(() => undefined) : undefined,
  ]);
}
