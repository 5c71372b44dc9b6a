import { createHash, createHmac } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMarketplaceSimulator, type MarketplaceSimulator, type SimListing } from "./server";

const PARTNER = "ocop-sim";
const SECRET = "simulator-secret-0123456789";
const DELAY = 1_000;

// The simulator's clock, moved by the tests (approval and the rate-limit window run on it).
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;

interface CallOptions {
  key?: string | null;
  secret?: string;
  partnerId?: string;
  timestamp?: number;
  rawBody?: string;
}

function signedHeaders(method: string, path: string, body: string, options: CallOptions = {}) {
  const timestamp = options.timestamp ?? Math.floor(clock() / 1000);
  const partnerId = options.partnerId ?? PARTNER;
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const signature = createHmac("sha256", options.secret ?? SECRET)
    .update(`${partnerId}\n${timestamp}\n${method}\n${path}\n${bodyHash}`)
    .digest("hex");
  return { "X-Partner-Id": partnerId, "X-Timestamp": String(timestamp), "X-Signature": signature };
}

let sim: MarketplaceSimulator;

async function call(method: "GET" | "POST", path: string, payload?: unknown, options: CallOptions = {}) {
  const body = options.rawBody ?? (payload === undefined ? "" : JSON.stringify(payload));
  const headers: Record<string, string> = {
    ...signedHeaders(method, path, body, options),
    "Content-Type": "application/json",
  };
  const key = options.key === undefined ? "key-1" : options.key;
  if (method === "POST" && key !== null) headers["Idempotency-Key"] = key;
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: method === "POST" ? body : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

function item(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    sku,
    action: "upsert",
    product: {
      name: `Trà shan tuyết ${sku}`,
      description: "Trà shan tuyết cổ thụ Hà Giang, sao thủ công, hương cốm.",
      price: 250_000,
      stock: 12,
      images: ["https://ocop.example.vn/img/tra.jpg"],
      category: "do-uong",
      brand: "HTX Chè Hà Giang",
      gtin: null,
      url: `https://ocop.example.vn/san-pham/${sku}`,
      weight: 250,
      ...overrides,
    },
  };
}

const batch = (...items: unknown[]) => ({ items });
const listing = (sku: string): SimListing | undefined => sim.inspect().listings.get(sku);
const status = async (skus: string) =>
  (await call("GET", `/v1/products/status?skus=${skus}`)).json.items as Record<string, unknown>[];

beforeAll(async () => {
  sim = await startMarketplaceSimulator({
    port: 0,
    partnerId: PARTNER,
    secret: SECRET,
    approvalDelayMs: DELAY,
    seed: 42,
    now: clock,
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  offsetMs = 0;
  sim.reset();
  sim.setFailureRate(0);
  sim.setRateLimit(null);
});

describe("authentication", () => {
  it("refuses a bad signature, a wrong partner, missing headers and a stale timestamp with 401", async () => {
    const bad = await call("POST", "/v1/products/batch", batch(item("a")), { secret: "wrong" });
    expect(bad.status).toBe(401);
    expect(bad.json.error).toBe("Chữ ký không hợp lệ.");
    expect((await call("POST", "/v1/products/batch", batch(item("a")), { partnerId: "other" })).status).toBe(
      401,
    );
    const stale = Math.floor(clock() / 1000) - 6 * 60;
    expect((await call("GET", "/v1/products/status?skus=a", undefined, { timestamp: stale })).status).toBe(
      401,
    );
    const early = Math.floor(clock() / 1000) + 6 * 60;
    expect((await call("GET", "/v1/products/status?skus=a", undefined, { timestamp: early })).status).toBe(
      401,
    );
    const within = Math.floor(clock() / 1000) - 4 * 60;
    expect((await call("GET", "/v1/products/status?skus=a", undefined, { timestamp: within })).status).toBe(
      200,
    );
    const bare = await fetch(`${sim.url}/v1/products/status?skus=a`);
    expect(bare.status).toBe(401);
    // The signature covers the query and the body: a changed one is refused.
    const headers = signedHeaders("GET", "/v1/products/status?skus=a", "");
    expect((await fetch(`${sim.url}/v1/products/status?skus=b`, { headers })).status).toBe(401);
    const postHeaders = { ...signedHeaders("POST", "/v1/products/batch", "{}"), "Idempotency-Key": "k" };
    const tampered = await fetch(`${sim.url}/v1/products/batch`, {
      method: "POST",
      headers: postHeaders,
      body: JSON.stringify(batch(item("a"))),
    });
    expect(tampered.status).toBe(401);
    expect(sim.inspect().listings.size).toBe(0);
  });
});

describe("idempotency and one listing per sku", () => {
  it("replays the first answer for the same key and body, creating nothing twice", async () => {
    const first = await call("POST", "/v1/products/batch", batch(item("a"), item("b")), { key: "k-1" });
    expect(first.status).toBe(202);
    expect(first.json).toEqual({
      results: [
        { sku: "a", status: "queued" },
        { sku: "b", status: "queued" },
      ],
    });
    offsetMs += DELAY; // approved in the meantime: the replay still answers as the first time
    const again = await call("POST", "/v1/products/batch", batch(item("a"), item("b")), { key: "k-1" });
    expect(again.status).toBe(202);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotent-replayed")).toBe("true");

    const { listings, duplicates, requests } = sim.inspect();
    expect(listings.size).toBe(2);
    expect(listings.get("a")).toMatchObject({ version: 1, remoteId: "SIM-000001", status: "approved" });
    expect(duplicates).toBe(0);
    expect(requests.map((r) => [r.status, r.replayed])).toEqual([
      [202, false],
      [202, true],
    ]);
  });

  it("refuses the same key with another body (422)", async () => {
    await call("POST", "/v1/products/batch", batch(item("a")), { key: "k-2" });
    const other = await call("POST", "/v1/products/batch", batch(item("b")), { key: "k-2" });
    expect(other.status).toBe(422);
    expect(other.json.error).toBe("Idempotency-Key đã được dùng cho một yêu cầu khác.");
    expect([...sim.inspect().listings.keys()]).toEqual(["a"]);
  });

  it("updates an existing sku in place and counts would-be duplicates", async () => {
    await call("POST", "/v1/products/batch", batch(item("a")), { key: "k-1" });
    offsetMs += DELAY;
    expect(listing("a")?.status).toBe("approved");

    // Stock and price only: no new review.
    await call("POST", "/v1/products/batch", batch(item("a", { stock: 3, price: 260_000 })), { key: "k-2" });
    expect(listing("a")).toMatchObject({ status: "approved", version: 2 });
    expect(listing("a")?.product).toMatchObject({ stock: 3, price: 260_000 });

    // Anything else: back to review, same listing.
    await call(
      "POST",
      "/v1/products/batch",
      batch(item("a", { stock: 3, price: 260_000, name: "Trà mới" })),
      {
        key: "k-3",
      },
    );
    expect(listing("a")).toMatchObject({ status: "queued", version: 3, remoteId: "SIM-000001" });
    expect(sim.inspect().duplicates).toBe(0);

    // The unchanged product again under a fresh key: a retry that should have reused its key.
    await call(
      "POST",
      "/v1/products/batch",
      batch(item("a", { stock: 3, price: 260_000, name: "Trà mới" })),
      {
        key: "k-4",
      },
    );
    expect(sim.inspect().duplicates).toBe(1);
    // The same sku twice in one batch.
    const twice = await call("POST", "/v1/products/batch", batch(item("b"), item("b", { stock: 1 })), {
      key: "k-5",
    });
    expect(twice.json.results).toEqual([
      { sku: "b", status: "queued" },
      { sku: "b", status: "queued" },
    ]);
    const { listings, duplicates } = sim.inspect();
    expect(duplicates).toBe(2);
    expect(listings.size).toBe(2);
    expect(listings.get("b")?.product.stock).toBe(1);
  });

  it("delists, ignores a delisting of an unknown sku, and lists again", async () => {
    await call("POST", "/v1/products/batch", batch(item("a")), { key: "k-1" });
    const delist = await call(
      "POST",
      "/v1/products/batch",
      batch({ sku: "a", action: "delist" }, { sku: "zz", action: "delist" }),
      {
        key: "k-2",
      },
    );
    expect(delist.json.results).toEqual([
      { sku: "a", status: "queued" },
      { sku: "zz", status: "queued" },
    ]);
    expect(await status("a,zz")).toEqual([
      { sku: "a", status: "delisted", remoteId: "SIM-000001" },
      { sku: "zz", status: "unknown" },
    ]);
    await call("POST", "/v1/products/batch", batch(item("a")), { key: "k-3" });
    expect(listing("a")).toMatchObject({ status: "queued", remoteId: "SIM-000001" });
    expect(sim.inspect().duplicates).toBe(0);
  });
});

describe("review over time", () => {
  it("moves queued → awaiting_approval → approved, with a public page", async () => {
    await call("POST", "/v1/products/batch", batch(item("a")), { key: "k-1" });
    expect(await status("a")).toEqual([{ sku: "a", status: "queued", remoteId: "SIM-000001" }]);
    offsetMs += DELAY / 2;
    expect(await status("a")).toEqual([{ sku: "a", status: "awaiting_approval", remoteId: "SIM-000001" }]);
    offsetMs += DELAY / 2;
    const [approved] = await status("a");
    expect(approved).toEqual({
      sku: "a",
      status: "approved",
      remoteId: "SIM-000001",
      url: `${sim.url}/p/SIM-000001`,
    });
    const page = await fetch(`${sim.url}/p/SIM-000001`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Trà shan tuyết a");
  });

  it("really runs on the clock (no test clock moves)", async () => {
    const real = await startMarketplaceSimulator({
      partnerId: PARTNER,
      secret: SECRET,
      approvalDelayMs: 100,
    });
    try {
      const body = JSON.stringify(batch(item("a")));
      const post = await fetch(`${real.url}/v1/products/batch`, {
        method: "POST",
        headers: {
          ...signedHeaders("POST", "/v1/products/batch", body, { timestamp: Math.floor(Date.now() / 1000) }),
          "Idempotency-Key": "x",
        },
        body,
      });
      expect(post.status).toBe(202);
      expect(real.inspect().listings.get("a")?.status).toBe("queued");
      await new Promise((r) => setTimeout(r, 150));
      expect(real.inspect().listings.get("a")?.status).toBe("approved");
    } finally {
      await real.close();
    }
  });

  it("rejects after review with Vietnamese reasons", async () => {
    await call(
      "POST",
      "/v1/products/batch",
      batch(item("marked", { name: "Trà [TỪ CHỐI] giả" }), item("short", { description: "Trà ngon." })),
      { key: "k-1" },
    );
    expect((await status("marked,short")).map((s) => s.status)).toEqual(["queued", "queued"]);
    offsetMs += DELAY;
    expect(await status("marked,short")).toEqual([
      {
        sku: "marked",
        status: "rejected",
        remoteId: "SIM-000001",
        reasons: ["Tên sản phẩm chứa nội dung vi phạm chính sách đăng bán."],
      },
      {
        sku: "short",
        status: "rejected",
        remoteId: "SIM-000002",
        reasons: ["Mô tả sản phẩm quá ngắn (tối thiểu 20 ký tự)."],
      },
    ]);
    // A fix goes back through review.
    await call("POST", "/v1/products/batch", batch(item("short")), { key: "k-2" });
    offsetMs += DELAY;
    expect((await status("short"))[0]?.status).toBe("approved");
  });

  it("rejects broken items at once, leaving the listing alone", async () => {
    const answer = await call(
      "POST",
      "/v1/products/batch",
      batch(
        item("cheap", { price: 500 }),
        item("bare", { images: [], category: "khong-co" }),
        item("odd", { gtin: "8930000000018", stock: -1, name: "" }),
        { sku: "empty", action: "upsert" },
      ),
      { key: "k-1" },
    );
    expect(answer.status).toBe(202);
    expect(answer.json.results).toEqual([
      {
        sku: "cheap",
        status: "rejected",
        reasons: ["Giá bán phải là số nguyên từ 1.000 đến 500.000.000 đồng."],
      },
      {
        sku: "bare",
        status: "rejected",
        reasons: ["Cần ít nhất một ảnh sản phẩm.", 'Ngành hàng "khong-co" không có trên sàn.'],
      },
      {
        sku: "odd",
        status: "rejected",
        reasons: ["Thiếu tên sản phẩm.", "Tồn kho phải là số nguyên không âm.", "Mã GTIN không hợp lệ."],
      },
      { sku: "empty", status: "rejected", reasons: ["Thiếu thông tin sản phẩm."] },
    ]);
    expect(sim.inspect().listings.size).toBe(0);
  });

  it("takes a custom rejectRule", async () => {
    const strict = await startMarketplaceSimulator({
      partnerId: PARTNER,
      secret: SECRET,
      approvalDelayMs: 0,
      rejectRule: (i) => (i.product.stock < 20 ? ["Tồn kho quá ít để mở gian hàng."] : null),
    });
    try {
      const body = JSON.stringify(batch(item("a")));
      await fetch(`${strict.url}/v1/products/batch`, {
        method: "POST",
        headers: {
          ...signedHeaders("POST", "/v1/products/batch", body, { timestamp: Math.floor(Date.now() / 1000) }),
          "Idempotency-Key": "x",
        },
        body,
      });
      expect(strict.inspect().listings.get("a")).toMatchObject({
        status: "rejected",
        reasons: ["Tồn kho quá ít để mở gian hàng."],
      });
    } finally {
      await strict.close();
    }
  });
});

describe("failures and limits", () => {
  it("answers about failureRate of 200 calls with 500, the same ones for the same seed", async () => {
    sim.setFailureRate(0.3);
    const run = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++)
        statuses.push((await call("GET", `/v1/products/status?skus=s${i}`)).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThanOrEqual(40);
    expect(failures).toBeLessThanOrEqual(80);
    expect(first.filter((s) => s !== 500 && s !== 200)).toEqual([]);
    sim.reset();
    expect(await run()).toEqual(first);
  });

  it("a failure after processing loses only the answer: the replay gets it, nothing doubles", async () => {
    sim.setFailureRate(1);
    const outcomes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await call("POST", "/v1/products/batch", batch(item(`p${i}`)), { key: `k-${i}` });
      expect(res.status).toBe(500);
    }
    for (const r of sim.inspect().requests) outcomes.add(r.injectedFailure ?? "none");
    expect(outcomes).toEqual(new Set(["before", "after"]));
    const applied = sim.inspect().listings.size;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(20);

    sim.setFailureRate(0);
    for (let i = 0; i < 20; i++) {
      const res = await call("POST", "/v1/products/batch", batch(item(`p${i}`)), { key: `k-${i}` });
      expect(res.status).toBe(202);
    }
    const { listings, duplicates, requests } = sim.inspect();
    expect(listings.size).toBe(20);
    expect(duplicates).toBe(0);
    expect(requests.slice(20).filter((r) => r.replayed)).toHaveLength(applied);
  });

  it("answers 429 with Retry-After beyond the rate limit", async () => {
    sim.setRateLimit(3);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("GET", "/v1/products/status?skus=a")).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await call("POST", "/v1/products/batch", batch(item("a")));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(sim.inspect().listings.size).toBe(0);
    offsetMs += 1_001;
    expect((await call("POST", "/v1/products/batch", batch(item("a")))).status).toBe(202);
  });

  it("changes settings and resets over HTTP", async () => {
    const set = await fetch(`${sim.url}/_sim/settings`, {
      method: "POST",
      body: JSON.stringify({ failureRate: 1, rps: 50 }),
    });
    expect(await set.json()).toEqual({ failureRate: 1, rps: 50 });
    expect((await call("GET", "/v1/products/status?skus=a")).status).toBe(500);
    await fetch(`${sim.url}/_sim/settings`, {
      method: "POST",
      body: JSON.stringify({ failureRate: 0, rps: null }),
    });
    await call("POST", "/v1/products/batch", batch(item("a")));
    const listed = (await (await fetch(`${sim.url}/_sim/listings`)).json()) as {
      listings: SimListing[];
      duplicates: number;
      settings: Record<string, unknown>;
    };
    expect(listed.listings.map((l) => l.sku)).toEqual(["a"]);
    expect(listed.duplicates).toBe(0);
    expect(listed.settings).toMatchObject({ failureRate: 0, rps: null });
    expect((await fetch(`${sim.url}/_sim/reset`, { method: "POST" })).status).toBe(200);
    expect(sim.inspect().listings.size).toBe(0);
  });
});

describe("garbage", () => {
  it("answers 400 and keeps running", async () => {
    const cases: [string, string | null][] = [
      ["not json", "k-a"],
      ["[1,2]", "k-b"],
      ['{"items":[]}', "k-c"],
      ['{"items":"x"}', "k-d"],
      ['{"items":[{"action":"upsert"}]}', "k-e"],
      ['{"items":[{"sku":"a","action":"create"}]}', "k-f"],
      [JSON.stringify(batch(...Array.from({ length: 101 }, (_, i) => item(`s${i}`)))), "k-g"],
      [JSON.stringify(batch(item("a"))), null],
      ["\u0000\u00ff{", "k-h"],
    ];
    for (const [rawBody, key] of cases) {
      const res = await call("POST", "/v1/products/batch", undefined, { rawBody, key });
      expect(res.status, rawBody.slice(0, 40)).toBe(400);
      expect(typeof res.json.error).toBe("string");
    }
    for (const path of [
      "/v1/products/status",
      "/v1/products/status?skus=",
      "/v1/products/status?skus=%E0%A4%A",
      "/v1/products/status?skus=a,,b",
    ]) {
      expect((await call("GET", path)).status, path).toBe(400);
    }
    expect((await call("GET", "/v1/products/batch")).status).toBe(405);
    expect((await call("GET", "/v1/elsewhere")).status).toBe(404);
    expect((await fetch(`${sim.url}/_sim/settings`, { method: "POST", body: "{" })).status).toBe(400);
    expect(
      (await fetch(`${sim.url}/_sim/settings`, { method: "POST", body: '{"failureRate":2}' })).status,
    ).toBe(400);
    const huge = await fetch(`${sim.url}/v1/products/batch`, {
      method: "POST",
      body: "x".repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(sim.port, "127.0.0.1", () => socket.end("NONSENSE \u0001\r\n\r\n"));
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);

    expect(sim.inspect().listings.size).toBe(0);
    expect((await fetch(`${sim.url}/_sim/health`)).status).toBe(200);
  });
});
