import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startMarketplaceSimulator,
  type MarketplaceSimulator,
} from "../../../scripts/marketplace-simulator/server";
import type { ChannelProduct, PushRequest } from "./connector";
import {
  DEFAULT_CATEGORY_MAP,
  MarketplaceHttpError,
  createHttpConnector,
  parseRetryAfter,
  sha256Hex,
  signRequest,
} from "./http-connector";

const PARTNER = "ocop-partner";
const SECRET = "bí-mật-thử";

function product(overrides: Partial<ChannelProduct> = {}): ChannelProduct {
  return {
    id: "prod-1",
    slug: "mat-ong-hoa-nhan",
    name: "Mật ong hoa nhãn Hưng Yên",
    description: "Mật ong nguyên chất thu hoạch từ vườn nhãn lồng Hưng Yên, không pha đường.",
    link: "https://ocop.example.vn/san-pham/mat-ong-hoa-nhan",
    imageLinks: ["https://ocop.example.vn/img/mat-ong.jpg"],
    priceVnd: 185_000,
    unit: "chai 500 ml",
    stock: 40,
    gtin: "8930000000019",
    sku: "MO-500",
    brand: "HTX Ong mật Hưng Yên",
    producerSlug: "htx-ong-mat-hung-yen",
    provinceName: "Hưng Yên",
    ocopGroup: "FOOD",
    category: null,
    ocopStars: 4,
    weightGrams: 700,
    listed: true,
    ...overrides,
  };
}

// A scriptable stand-in for a marketplace: each call is answered by the next handler.
type Handler = (
  req: http.IncomingMessage,
  body: string,
) => { status: number; headers?: Record<string, string>; body: string } | "hang";

interface FakeServer {
  url: string;
  calls: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[];
  script: Handler[];
  close(): Promise<void>;
}

async function startFake(): Promise<FakeServer> {
  const fake = { calls: [] as FakeServer["calls"], script: [] as Handler[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      fake.calls.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const handler = fake.script.shift();
      const answer = handler ? handler(req, body) : { status: 500, body: "no script" };
      if (answer === "hang") return; // never answers: the client's timeout must fire
      res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const json =
  (status: number, body: unknown, headers?: Record<string, string>): Handler =>
  () => ({
    status,
    headers,
    body: JSON.stringify(body),
  });

function request(...items: PushRequest["items"]): PushRequest {
  return { idempotencyKey: "push-0001", items };
}

describe("signRequest", () => {
  it("matches known answers (computed with openssl)", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(
      signRequest({
        partnerId: PARTNER,
        secret: SECRET,
        timestamp: 1_700_000_000,
        method: "POST",
        path: "/v1/products/batch",
        body: '{"items":[]}',
      }),
    ).toBe("b938a9dfc4711e5f4013821fdd3f43389d06ac874bf648dbb08663ef4950833f");
    expect(
      signRequest({
        partnerId: PARTNER,
        secret: SECRET,
        timestamp: 1_700_000_000,
        method: "get",
        path: "/v1/products/status?skus=a,b",
        body: "",
      }),
    ).toBe("b5608cfe339e2b8610d14cf3ec7dc906f8eeb1970648d80983d31c30fd6a5107");
  });
});

describe("validate", () => {
  const connector = createHttpConnector({
    name: "Sàn Thử",
    baseUrl: "http://127.0.0.1:1",
    partnerId: PARTNER,
    secret: SECRET,
  });
  const problems = (overrides: Partial<ChannelProduct>) => connector.validate(product(overrides));

  it("accepts a good product", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ gtin: null })).toEqual([]);
    expect(problems({ priceVnd: 1_000 })).toEqual([]);
    expect(problems({ priceVnd: 500_000_000 })).toEqual([]);
    expect(problems({ name: "M".repeat(120) })).toEqual([]);
  });

  it("reports every channel rule in Vietnamese", () => {
    expect(problems({ name: "Mật ong ".repeat(20) })).toEqual([
      { field: "name", message: "Tên sản phẩm dài 159 ký tự, Sàn Thử chỉ nhận tối đa 120 ký tự." },
    ]);
    expect(problems({ description: "Ngon, sạch." })).toEqual([
      { field: "description", message: "Mô tả sản phẩm cần ít nhất 20 ký tự." },
    ]);
    expect(problems({ imageLinks: [] })).toEqual([{ field: "imageLinks", message: "Chưa có ảnh sản phẩm." }]);
    const priceRange = {
      field: "priceVnd",
      message: "Giá bán trên Sàn Thử phải từ 1.000 đến 500.000.000 đồng.",
    };
    expect(problems({ priceVnd: 999 })).toEqual([priceRange]);
    expect(problems({ priceVnd: 500_000_001 })).toEqual([priceRange]);
    expect(problems({ priceVnd: 0 })).toEqual([{ field: "priceVnd", message: "Chưa có giá bán." }]);
    expect(problems({ ocopGroup: "TOURISM" })).toEqual([
      { field: "ocopGroup", message: "Sản phẩm dịch vụ du lịch không bán được trên Sàn Thử." },
    ]);
    expect(problems({ stock: -1 })).toEqual([
      { field: "stock", message: "Số lượng tồn kho phải là số nguyên không âm." },
    ]);
    expect(problems({ gtin: "8930000000018" })).toEqual([
      { field: "gtin", message: "Mã vạch GTIN không hợp lệ (sai độ dài hoặc sai số kiểm tra)." },
    ]);
    expect(problems({ gtin: "12345" })).toHaveLength(1);
  });

  it("reports a group without a category mapping", () => {
    const narrow = createHttpConnector({
      name: "Sàn Hẹp",
      baseUrl: "http://127.0.0.1:1",
      partnerId: PARTNER,
      secret: SECRET,
      categoryMap: { FOOD: "an-uong" },
    });
    expect(narrow.validate(product({ ocopGroup: "HERBAL" }))).toEqual([
      { field: "category", message: "Chưa có ngành hàng tương ứng trên Sàn Hẹp cho nhóm sản phẩm này." },
    ]);
  });

  it("reports all problems at once, common ones included", () => {
    const all = problems({
      listed: false,
      name: "Mứ",
      description: "",
      imageLinks: [],
      priceVnd: 500,
      ocopGroup: "TOURISM",
      stock: -3,
      gtin: "1",
    });
    expect(all.map((p) => p.field)).toEqual([
      "listed",
      "name",
      "imageLinks",
      "description",
      "priceVnd",
      "ocopGroup",
      "stock",
      "gtin",
    ]);
    for (const p of all)
      expect(p.message).toMatch(/[ảạấầẩậắằẳặẻẹếềểệỉịỏọốồổộớờởợủụứừửựỳỵỷỹđơưáàãéèẽíìĩóòõúùũýâêô]/);
  });
});

describe("categoryFor and limits", () => {
  it("maps by category first, then OCOP group; TOURISM has none", () => {
    const connector = createHttpConnector({
      name: "Sàn Thử",
      baseUrl: "http://127.0.0.1:1",
      partnerId: PARTNER,
      secret: SECRET,
      categoryMap: { ...DEFAULT_CATEGORY_MAP, Trà: "tra-cac-loai" },
    });
    expect(connector.categoryFor(product({ ocopGroup: "BEVERAGE", category: "Trà" }))).toBe("tra-cac-loai");
    expect(connector.categoryFor(product({ ocopGroup: "BEVERAGE", category: "Nước ép" }))).toBe("do-uong");
    expect(connector.categoryFor(product({ ocopGroup: "TOURISM" }))).toBeNull();
    expect(connector.categoryFor(product({ ocopGroup: "toString" }))).toBeNull();
    expect(connector.limits).toEqual({ batchSize: 20, requestsPerSecond: 5 });
    const defaults = createHttpConnector({ name: "x", baseUrl: "http://h", partnerId: "p", secret: "s" });
    expect(
      ["FOOD", "BEVERAGE", "HERBAL", "HANDICRAFT", "ORNAMENTAL", "TOURISM"].map((g) =>
        defaults.categoryFor(product({ ocopGroup: g })),
      ),
    ).toEqual(["thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe", "cay-canh", null]);
    expect(
      createHttpConnector({
        name: "x",
        baseUrl: "http://h",
        partnerId: "p",
        secret: "s",
        batchSize: 50,
        requestsPerSecond: 2,
      }).limits,
    ).toEqual({ batchSize: 50, requestsPerSecond: 2 });
    expect(() =>
      createHttpConnector({ name: "x", baseUrl: "http://h", partnerId: "p", secret: "s", batchSize: 0 }),
    ).toThrow(RangeError);
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("7")).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("push and readState over HTTP", () => {
  let fake: FakeServer;
  // A server per test: a request that arrives late on a busy machine (after a client timeout or
  // abort) meets a closed port, never the next test's scripted answers.
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(() => fake.close());
  const connector = (extra: { timeoutMs?: number; batchSize?: number } = {}) =>
    createHttpConnector({
      name: "Sàn Thử",
      baseUrl: `${fake.url}/seller`,
      partnerId: PARTNER,
      secret: SECRET,
      ...extra,
    });

  it("signs the call, sends the key and the mapped products, and maps queued/rejected", async () => {
    fake.script.push(
      json(202, {
        results: [
          { sku: "a", status: "queued" },
          { sku: "b", status: "rejected", reasons: ["Ảnh mờ."] },
          { sku: "c", status: "queued" },
        ],
      }),
    );
    const outcomes = await connector().push(
      request(
        { product: product({ id: "a" }), action: "upsert" },
        { product: product({ id: "b", category: null }), action: "upsert" },
        { product: product({ id: "c", listed: false }), action: "delist" },
      ),
    );
    expect(outcomes).toEqual([
      { productId: "a", result: "accepted", remote: { state: "queued" } },
      { productId: "b", result: "rejected", reasons: ["Ảnh mờ."] },
      { productId: "c", result: "accepted", remote: { state: "queued" } },
    ]);

    const [call] = fake.calls;
    expect(call?.method).toBe("POST");
    expect(call?.path).toBe("/seller/v1/products/batch");
    const headers = call!.headers;
    expect(headers["x-partner-id"]).toBe(PARTNER);
    expect(headers["idempotency-key"]).toBe("push-0001");
    const timestamp = Number(headers["x-timestamp"]);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
    const payload = `${PARTNER}\n${timestamp}\nPOST\n/seller/v1/products/batch\n${sha256Hex(call!.body)}`;
    expect(headers["x-signature"]).toBe(createHmac("sha256", SECRET).update(payload).digest("hex"));

    expect(JSON.parse(call!.body)).toEqual({
      items: [
        {
          sku: "a",
          action: "upsert",
          product: {
            name: "Mật ong hoa nhãn Hưng Yên",
            description: product().description,
            price: 185_000,
            stock: 40,
            images: ["https://ocop.example.vn/img/mat-ong.jpg"],
            category: "thuc-pham",
            brand: "HTX Ong mật Hưng Yên",
            gtin: "8930000000019",
            url: "https://ocop.example.vn/san-pham/mat-ong-hoa-nhan",
            weight: 700,
          },
        },
        expect.objectContaining({ sku: "b", action: "upsert" }),
        { sku: "c", action: "delist" },
      ],
    });
  });

  it("429 → retry with Retry-After in ms", async () => {
    fake.script.push(json(429, { error: "chậm lại" }, { "Retry-After": "3" }));
    const outcomes = await connector().push(request({ product: product(), action: "upsert" }));
    expect(outcomes).toEqual([
      {
        productId: "prod-1",
        result: "retry",
        reason: "Sàn Thử đang giới hạn tần suất gọi (HTTP 429).",
        retryAfterMs: 3000,
      },
    ]);
  });

  it("5xx → retry", async () => {
    fake.script.push(json(503, { error: "bảo trì" }), json(500, "boom"));
    for (const status of [503, 500]) {
      const outcomes = await connector().push(
        request(
          { product: product({ id: "a" }), action: "upsert" },
          { product: product({ id: "b" }), action: "delist" },
        ),
      );
      expect(outcomes).toEqual([
        { productId: "a", result: "retry", reason: `Sàn Thử tạm thời lỗi (HTTP ${status}).` },
        { productId: "b", result: "retry", reason: `Sàn Thử tạm thời lỗi (HTTP ${status}).` },
      ]);
    }
  });

  it("other 4xx → rejected for every item with the server's message", async () => {
    fake.script.push(json(401, { error: "Chữ ký không hợp lệ." }), () => ({
      status: 400,
      body: "not json at all",
    }));
    const items = [
      { product: product({ id: "a" }), action: "upsert" as const },
      { product: product({ id: "b" }), action: "upsert" as const },
    ];
    const first = await connector().push(request(...items));
    expect(first).toEqual(
      ["a", "b"].map((productId) => ({
        productId,
        result: "rejected",
        reasons: ["Sàn Thử từ chối yêu cầu (HTTP 401): Chữ ký không hợp lệ."],
      })),
    );
    const second = await connector().push(request(...items));
    expect(second[0]).toEqual({
      productId: "a",
      result: "rejected",
      reasons: ["Sàn Thử từ chối yêu cầu (HTTP 400): not json at all"],
    });
  });

  it("a malformed success or a missing result → retry (only a replay under the same key tells)", async () => {
    fake.script.push(
      () => ({ status: 202, body: "<html>" }),
      json(202, { results: [{ sku: "a", status: "queued" }] }),
    );
    const items = [
      { product: product({ id: "a" }), action: "upsert" as const },
      { product: product({ id: "b" }), action: "upsert" as const },
    ];
    const first = await connector().push(request(...items));
    expect(first.map((o) => o.result)).toEqual(["retry", "retry"]);
    const second = await connector().push(request(...items));
    expect(second).toEqual([
      { productId: "a", result: "accepted", remote: { state: "queued" } },
      { productId: "b", result: "retry", reason: "Sàn Thử không trả kết quả cho sản phẩm này." },
    ]);
  });

  it("a slow server → retry after timeoutMs", async () => {
    fake.script.push(() => "hang");
    const started = Date.now();
    const outcomes = await connector({ timeoutMs: 200 }).push(
      request({ product: product(), action: "upsert" }),
    );
    expect(outcomes).toEqual([
      { productId: "prod-1", result: "retry", reason: "Sàn Thử không trả lời trong 200 ms." },
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a refused connection → retry", async () => {
    const closed = await startFake();
    await closed.close();
    const outcomes = await createHttpConnector({
      name: "Sàn Thử",
      baseUrl: closed.url,
      partnerId: PARTNER,
      secret: SECRET,
    }).push(request({ product: product(), action: "upsert" }));
    expect(outcomes[0]).toMatchObject({ productId: "prod-1", result: "retry" });
    expect((outcomes[0] as { reason: string }).reason).toMatch(/^Lỗi kết nối tới Sàn Thử/);
  });

  it("the caller's abort is thrown, not reported as an outcome", async () => {
    fake.script.push(() => "hang");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("shutting down")), 50);
    await expect(
      connector().push(request({ product: product(), action: "upsert" }), controller.signal),
    ).rejects.toThrow("shutting down");
  });

  it("refuses more items than batchSize and makes no call for none", async () => {
    const items = ["a", "b", "c"].map((id) => ({ product: product({ id }), action: "upsert" as const }));
    await expect(connector({ batchSize: 2 }).push(request(...items))).rejects.toThrow(RangeError);
    expect(await connector().push(request())).toEqual([]);
    expect(fake.calls).toHaveLength(0);
  });

  it("readState maps every status, signs the GET and splits by batchSize", async () => {
    fake.script.push(
      json(200, {
        items: [
          { sku: "q", status: "queued" },
          { sku: "w", status: "awaiting_approval" },
        ],
      }),
      json(200, {
        items: [
          { sku: "ok", status: "approved", remoteId: "R-1", url: "https://san.example/p/R-1" },
          { sku: "no", status: "rejected", reasons: ["Tên vi phạm."] },
        ],
      }),
      json(200, {
        items: [
          { sku: "gone", status: "delisted" },
          { sku: "stranger", status: "approved" },
        ],
      }),
      json(200, { items: [{ sku: "new", status: "unknown" }] }),
    );
    const states = await connector({ batchSize: 2 }).readState([
      "q",
      "w",
      "ok",
      "no",
      "gone",
      "silent",
      "new",
    ]);
    expect(Object.fromEntries(states)).toEqual({
      q: { state: "queued" },
      w: { state: "awaitingApproval" },
      ok: { state: "approved", remoteId: "R-1", url: "https://san.example/p/R-1" },
      no: { state: "rejected", reasons: ["Tên vi phạm."] },
      gone: { state: "delisted" },
      silent: { state: "unknown" },
      new: { state: "unknown" },
    });
    expect(fake.calls.map((c) => c.path)).toEqual([
      "/seller/v1/products/status?skus=q,w",
      "/seller/v1/products/status?skus=ok,no",
      "/seller/v1/products/status?skus=gone,silent",
      "/seller/v1/products/status?skus=new",
    ]);
    const call = fake.calls[0]!;
    expect(call.headers["idempotency-key"]).toBeUndefined();
    const payload = `${PARTNER}\n${call.headers["x-timestamp"]}\nGET\n${call.path}\n${sha256Hex("")}`;
    expect(call.headers["x-signature"]).toBe(createHmac("sha256", SECRET).update(payload).digest("hex"));
  });

  it("readState throws MarketplaceHttpError, transient or not", async () => {
    fake.script.push(json(503, { error: "bảo trì" }, { "Retry-After": "2" }), json(403, { error: "Cấm." }));
    const error1 = await connector()
      .readState(["a"])
      .catch((e: unknown) => e);
    expect(error1).toBeInstanceOf(MarketplaceHttpError);
    expect(error1).toMatchObject({ status: 503, transient: true, retryAfterMs: 2000 });
    const error2 = await connector()
      .readState(["a"])
      .catch((e: unknown) => e);
    expect(error2).toMatchObject({ status: 403, transient: false, message: "Sàn Thử: HTTP 403: Cấm." });
    expect(await connector().readState([])).toEqual(new Map());
  });
});

describe("against the project's marketplace simulator", () => {
  let sim: MarketplaceSimulator;
  beforeAll(async () => {
    sim = await startMarketplaceSimulator({
      partnerId: PARTNER,
      secret: SECRET,
      approvalDelayMs: 150,
      seed: 1,
    });
  });
  afterAll(() => sim.close());

  it("pushes, retries under the same key without duplicating, and reads approval back", async () => {
    const connector = createHttpConnector({
      name: "Sàn Giả Lập",
      baseUrl: sim.url,
      partnerId: PARTNER,
      secret: SECRET,
    });
    const good = product({ id: "good" });
    const bad = product({ id: "bad", name: "Mật ong [TỪ CHỐI]" });
    const push = request({ product: good, action: "upsert" }, { product: bad, action: "upsert" });
    expect(connector.validate(good)).toEqual([]);

    const first = await connector.push(push);
    expect(first.map((o) => o.result)).toEqual(["accepted", "accepted"]);
    // The answer was lost: the same call again replays the first answer.
    expect(await connector.push(push)).toEqual(first);
    expect(await connector.readState(["good", "bad", "other"])).toEqual(
      new Map([
        ["good", { state: "queued" }],
        ["bad", { state: "queued" }],
        ["other", { state: "unknown" }],
      ]),
    );
    await new Promise((r) => setTimeout(r, 200));
    const states = await connector.readState(["good", "bad"]);
    expect(states.get("good")).toMatchObject({ state: "approved", remoteId: "SIM-000001" });
    expect(states.get("bad")).toEqual({
      state: "rejected",
      reasons: ["Tên sản phẩm chứa nội dung vi phạm chính sách đăng bán."],
    });

    const { listings, duplicates, requests } = sim.inspect();
    expect(listings.size).toBe(2);
    expect(duplicates).toBe(0);
    expect(requests.filter((r) => r.replayed)).toHaveLength(1);

    // An item the connector would not have validated is refused by the marketplace too.
    const tour = product({ id: "tour", ocopGroup: "TOURISM" });
    expect(
      await connector.push({ idempotencyKey: "push-0002", items: [{ product: tour, action: "upsert" }] }),
    ).toEqual([{ productId: "tour", result: "rejected", reasons: ["Thiếu ngành hàng."] }]);
  });
});
