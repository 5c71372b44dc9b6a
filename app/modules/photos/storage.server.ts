// Where photo files live, behind one small interface with two buckets:
//   - variants: public, content-addressed, served as /media/... (or from S3_PUBLIC_BASE_URL);
//   - originals: the untouched uploads (with their EXIF/GPS), private, never served.
// Local disk by default; any S3-compatible store (AWS, R2, MinIO, Viettel/VNPT object storage) when
// S3_BUCKET is set. Keys are flat, content-derived names, so writing the same key twice is harmless.
import { randomBytes } from "node:crypto";
import { access, mkdir, opendir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { z } from "zod";
import { env } from "~/utils/env.server";

export interface ObjectStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export interface PhotoStorage {
  variants: ObjectStore;
  originals: ObjectStore;
  /** Prefix of the variants' public URLs: "/media" locally, S3_PUBLIC_BASE_URL on S3. */
  publicBaseUrl: string;
}

// Read here rather than in env.server.ts: only the photo module uses them.
const StorageEnvSchema = z
  .object({
    ORIGINALS_DIR: z.string().min(1).default("./data/originals"),
    UPLOAD_TMP_DIR: z.string().min(1).optional(),
    S3_ENDPOINT: z.url().optional(),
    S3_BUCKET: z.string().min(1).optional(),
    /** Defaults to S3_BUCKET (originals then live under the private `originals/` prefix). */
    S3_ORIGINALS_BUCKET: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default("auto"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_PUBLIC_BASE_URL: z.url().optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.S3_BUCKET) return;
    for (const key of [
      "S3_ENDPOINT",
      "S3_ACCESS_KEY_ID",
      "S3_SECRET_ACCESS_KEY",
      "S3_PUBLIC_BASE_URL",
    ] as const) {
      if (!value[key])
        ctx.addIssue({ code: "custom", path: [key], message: `${key} is required with S3_BUCKET` });
    }
  });

export type StorageEnv = z.infer<typeof StorageEnvSchema>;

export function storageEnv(source: Record<string, string | undefined> = process.env): StorageEnv {
  const parsed = StorageEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid photo storage settings: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Where uploads wait, one private folder per request, until they are processed. */
export function uploadTmpDir(): string {
  return path.resolve(storageEnv().UPLOAD_TMP_DIR ?? tmpdir());
}

// Temp files and folders carry their process's tag (host, pid, and an id of its own, as pids are
// reused): a process killed mid-write never cleans up after itself, and the next one must tell its
// leftovers from the live work of another process sharing the folder.
const HOST = hostname().replace(/[^A-Za-z0-9]/g, "_");
export const PROCESS_TAG = `${HOST}-${process.pid}-${randomBytes(3).toString("hex")}`;
/** A PROCESS_TAG in a RegExp source: host, pid and id as groups 1–3. */
export const TAG_PATTERN = "([A-Za-z0-9_]+)-(\\d+)-([0-9a-f]{6})";
const LEFT_FOR_GOOD_MS = 24 * 3600_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the entries of `dir` matching `pattern` (whose groups are a PROCESS_TAG's parts) that a
 * process of this host left when it died, and any a day old (another host's). Never this
 * process's own. Returns how many it removed.
 */
export async function removeLeftovers(dir: string, pattern: RegExp): Promise<number> {
  let removed = 0;
  const entries = await opendir(dir).catch(() => null);
  for await (const entry of entries ?? []) {
    const tag = pattern.exec(entry.name);
    if (!tag) continue;
    const [, host, pid, id] = tag;
    const full = path.join(dir, entry.name);
    const mine = `${host}-${pid}-${id}` === PROCESS_TAG;
    const dead = host === HOST && (Number(pid) !== process.pid ? !isRunning(Number(pid)) : !mine);
    const old = async () =>
      Date.now() - ((await stat(full).catch(() => null))?.mtimeMs ?? Date.now()) > LEFT_FOR_GOOD_MS;
    if (!mine && (dead || (await old()))) {
      await rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

// Keys are names this module makes (hex hash, width, extension), never user input; still, refuse
// anything that could climb out of a folder.
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`Invalid storage key: ${key}`);
  return key;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === "ENOENT";

export class LocalStore implements ObjectStore {
  readonly dir: string;
  private swept = false;
  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  private file(key: string) {
    return path.join(this.dir, checkKey(key));
  }

  /** Readers never see a half-written file: write a unique temp name, then rename over. */
  async put(key: string, bytes: Uint8Array, _contentType?: string): Promise<void> {
    const file = this.file(key);
    await mkdir(this.dir, { recursive: true });
    // Half-written files of a killed process: once per process, in the background.
    if (!this.swept) {
      this.swept = true;
      void removeLeftovers(this.dir, new RegExp(`\\.${TAG_PATTERN}-[0-9a-f]{8}\\.tmp$`)).catch(
        () => undefined,
      );
    }
    const temp = `${file}.${PROCESS_TAG}-${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.file(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.file(key));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * S3-compatible object storage over plain signed HTTP (aws4fetch, SigV4, path-style URLs, which
 * every S3 clone accepts). Deliberately thin: four calls, no multipart upload (photos are ≤ 15 MB).
 * Only exercised here against a local fake server: check it against the real provider once.
 */
export class S3Store implements ObjectStore {
  private readonly client: AwsClient;
  constructor(
    private readonly options: {
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** Key prefix inside the bucket, e.g. "media/". */
      prefix?: string;
      /** Sent with every PUT (variants: immutable, public). */
      cacheControl?: string;
    },
  ) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
      service: "s3",
      retries: 2,
    });
  }

  private url(key: string) {
    const base = this.options.endpoint.replace(/\/+$/, "");
    return `${base}/${encodeURIComponent(this.options.bucket)}/${this.options.prefix ?? ""}${checkKey(key)}`;
  }

  private async call(method: string, key: string, init: RequestInit = {}, ok: number[] = []) {
    const response = await this.client.fetch(this.url(key), { method, ...init });
    if (!response.ok && !ok.includes(response.status)) {
      const detail = (await response.text().catch(() => "")).slice(0, 300);
      throw new Error(`S3 ${method} ${key}: HTTP ${response.status} ${detail}`);
    }
    return response;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const headers: Record<string, string> = { "Content-Type": contentType };
    if (this.options.cacheControl) headers["Cache-Control"] = this.options.cacheControl;
    const response = await this.call("PUT", key, { body: bytes as Uint8Array<ArrayBuffer>, headers });
    await response.arrayBuffer();
  }

  async get(key: string): Promise<Buffer | null> {
    const response = await this.call("GET", key, {}, [404]);
    if (response.status === 404) {
      await response.arrayBuffer();
      return null;
    }
    return Buffer.from(await response.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const response = await this.call("DELETE", key, {}, [404]);
    await response.arrayBuffer();
  }

  async exists(key: string): Promise<boolean> {
    const response = await this.call("HEAD", key, {}, [404]);
    return response.status !== 404;
  }
}

export function createPhotoStorage(
  settings: StorageEnv = storageEnv(),
  mediaDir: string = env().MEDIA_DIR,
): PhotoStorage {
  if (settings.S3_BUCKET) {
    const common = {
      endpoint: settings.S3_ENDPOINT!,
      region: settings.S3_REGION,
      accessKeyId: settings.S3_ACCESS_KEY_ID!,
      secretAccessKey: settings.S3_SECRET_ACCESS_KEY!,
    };
    return {
      variants: new S3Store({
        ...common,
        bucket: settings.S3_BUCKET,
        prefix: "media/",
        cacheControl: "public, max-age=31536000, immutable",
      }),
      originals: new S3Store({
        ...common,
        bucket: settings.S3_ORIGINALS_BUCKET ?? settings.S3_BUCKET,
        prefix: "originals/",
      }),
      publicBaseUrl: `${settings.S3_PUBLIC_BASE_URL!.replace(/\/+$/, "")}/media`,
    };
  }
  return {
    variants: new LocalStore(mediaDir),
    originals: new LocalStore(settings.ORIGINALS_DIR),
    publicBaseUrl: "/media",
  };
}

let cached: PhotoStorage | undefined;

/** The configured storage (read once). */
export function photoStorage(): PhotoStorage {
  return (cached ??= createPhotoStorage());
}

/** Prefix of public variant URLs, for loaders to hand to `photoUrl`/`photoSrcSet`. */
export function mediaBaseUrl(): string {
  return photoStorage().publicBaseUrl;
}
