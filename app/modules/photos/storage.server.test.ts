import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPhotoStorage, LocalStore, storageEnv, type ObjectStore } from "./storage.server";

async function contract(store: ObjectStore) {
  const bytes = Buffer.from("xin chào");
  expect(await store.exists("a1-320.webp")).toBe(false);
  expect(await store.get("a1-320.webp")).toBeNull();
  await store.put("a1-320.webp", bytes, "image/webp");
  await store.put("a1-320.webp", bytes, "image/webp"); // idempotent
  expect(await store.exists("a1-320.webp")).toBe(true);
  expect((await store.get("a1-320.webp"))?.equals(bytes)).toBe(true);
  await store.delete("a1-320.webp");
  await store.delete("a1-320.webp"); // deleting a missing object is fine
  expect(await store.exists("a1-320.webp")).toBe(false);
  await expect(store.put("../escape", bytes, "text/plain")).rejects.toThrow(/Invalid storage key/);
  await expect(store.get("sub/../../etc/passwd")).rejects.toThrow(/Invalid storage key/);
}

describe("LocalStore", () => {
  test("put/get/exists/delete, atomically and idempotently, inside its folder only", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ocop-store-"));
    await contract(new LocalStore(path.join(dir, "media")));
    expect(readdirSync(path.join(dir, "media"))).toEqual([]); // no temp files left
  });
});

// A minimal S3 stand-in: path-style objects in a Map, and a check that every call is SigV4-signed.
describe("S3Store (against a local fake, not a real provider)", () => {
  const objects = new Map<string, { body: Buffer; type: string; cache: string | undefined }>();
  const seen: { method: string; url: string; auth: string }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const auth = req.headers.authorization ?? "";
    seen.push({ method: req.method!, url: req.url!, auth });
    if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIATEST/") || !req.headers["x-amz-content-sha256"]) {
      res.writeHead(403).end("<Error><Code>AccessDenied</Code></Error>");
      return;
    }
    const key = req.url!;
    const found = objects.get(key);
    if (req.method === "PUT") {
      objects.set(key, {
        body: Buffer.concat(chunks),
        type: req.headers["content-type"]!,
        cache: req.headers["cache-control"],
      });
      res.writeHead(200).end();
    } else if (req.method === "DELETE") {
      objects.delete(key);
      res.writeHead(204).end();
    } else if (!found) {
      res.writeHead(404).end();
    } else {
      res.writeHead(200, { "Content-Type": found.type }).end(req.method === "HEAD" ? undefined : found.body);
    }
  });
  let endpoint = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const settings = () =>
    storageEnv({
      S3_ENDPOINT: endpoint,
      S3_BUCKET: "ocop",
      S3_REGION: "ap-southeast-1",
      S3_ACCESS_KEY_ID: "AKIATEST",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_PUBLIC_BASE_URL: "https://cdn.example.vn/",
    });

  test("variants and originals live under separate prefixes; variants are sent as immutable", async () => {
    const storage = createPhotoStorage(settings(), "/unused");
    expect(storage.publicBaseUrl).toBe("https://cdn.example.vn/media");
    await contract(storage.variants);
    await contract(storage.originals);
    await storage.variants.put("b2-640.avif", Buffer.from("v"), "image/avif");
    await storage.originals.put("b2.jpg", Buffer.from("o"), "image/jpeg");
    expect(objects.get("/ocop/media/b2-640.avif")).toMatchObject({
      type: "image/avif",
      cache: "public, max-age=31536000, immutable",
    });
    expect(objects.get("/ocop/originals/b2.jpg")).toMatchObject({ type: "image/jpeg", cache: undefined });
    expect(seen.every((s) => s.auth.includes("/ap-southeast-1/s3/aws4_request"))).toBe(true);
  });

  test("a refusal from the store is an error, not a silent success", async () => {
    const storage = createPhotoStorage({ ...settings(), S3_ACCESS_KEY_ID: "WRONG" }, "/unused");
    await expect(storage.variants.put("c3-320.jpg", Buffer.from("x"), "image/jpeg")).rejects.toThrow(
      /HTTP 403/,
    );
  });

  test("S3 settings are all-or-nothing", () => {
    expect(() => storageEnv({ S3_BUCKET: "ocop" })).toThrow(/S3_ENDPOINT is required/);
    expect(storageEnv({}).ORIGINALS_DIR).toBe("./data/originals");
  });
});
