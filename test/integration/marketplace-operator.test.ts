// The operators' marketplace pages through their routes: who may open them, the check of products
// against each channel's rules, a push (only valid products queued) and its progress and retry,
// the streamed downloads (XLSX, Google RSS, EPCIS) and the Google feed at its secret URL. The
// worker does not run here: its effects are written directly to the outbox and listing rows.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import type { ProducerAccess } from "~/modules/producers/access.server";
import { translator } from "~/utils/i18n";
import { createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, getRequest, ORIGIN, testContext } from "../support/routes";

// The API marketplace is configured (never called: no worker runs in this file).
process.env.MARKET_API_URL = "http://127.0.0.1:9";
process.env.MARKET_PARTNER_ID = "ocop-test";
process.env.MARKET_SECRET = "marketplace-test-secret";

const { rereadEnv } = await import("~/utils/env.server");
rereadEnv();
const { resetConnectors } = await import("~/modules/marketplaces/channels.server");
resetConnectors();
const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const { appendDiaryEvent, createBatch } = await import("~/modules/batches/batches.server");
const { batchSchema, diaryEventSchema } = await import("~/modules/batches/batch-schema");
const { parseGoogleRss, validateGoogleFeedItem } = await import("~/modules/marketplaces/feeds");
const indexRoute = await import("~/routes/marketplaces/index");
const pushRoute = await import("~/routes/marketplaces/push");
const exportRoute = await import("~/routes/marketplaces/export");
const feedRoute = await import("~/routes/marketplaces/feed");

type Preview = import("~/modules/marketplaces/operator.server").Preview;
type Progress = import("~/modules/marketplaces/operator.server").PushProgress;

const INDEX = "/operator/marketplaces";
const LONG_DESCRIPTION = "Cà phê Robusta rang mộc từ vườn đạt chuẩn VietGAP, đóng gói tại cơ sở.";

let operatorCookie: string;
const others: Record<string, string> = {};
const ids = { good: [] as string[], noPhoto: "", tourism: "" };

const sessionFor = async (role: "OPERATOR" | "ADMIN" | "BUYER" | "PRODUCER" | "OFFICIAL") => {
  const user = await createUser(prisma, { role, provinceCode: role === "OFFICIAL" ? "68" : null });
  return { user, cookie: (await createUserSession(getRequest("/"), user.id, false)).split(";")[0]! };
};

/** A form post with repeated fields (checkboxes). */
function post(path: string, fields: [string, string][], cookie?: string) {
  return new Request(ORIGIN + path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
}

/** A resource route's Response (returned, or thrown for 4xx). */
async function download(
  loader: (args: Parameters<typeof exportRoute.loader>[0]) => Promise<Response>,
  path: string,
  params: Record<string, string>,
  cookie?: string,
): Promise<Response> {
  try {
    return await loader({ request: getRequest(path, cookie), params, context: testContext() });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24800", name: "Đắk Mil", type: "xã", provinceCode: "68" } });
  const producer = await createProducer(prisma, { communeCode: "24800", name: "HTX Cà phê Đắk Mil" });
  const made = await sessionFor("OPERATOR");
  operatorCookie = made.cookie;
  for (const role of ["ADMIN", "BUYER", "PRODUCER", "OFFICIAL"] as const)
    others[role] = (await sessionFor(role)).cookie;

  let n = 0;
  const product = async (name: string, extra: Partial<Parameters<typeof createProduct>[1]>, photo = true) => {
    const p = await createProduct(prisma, {
      producerId: producer.id,
      name,
      description: LONG_DESCRIPTION,
      priceVnd: 185_000,
      stock: 40,
      status: "APPROVED",
      ...extra,
    });
    await prisma.product.update({ where: { id: p.id }, data: { weightGrams: 500 } });
    if (photo)
      await prisma.productPhoto.create({
        data: {
          productId: p.id,
          hash: `${"b".repeat(56)}${String(++n).padStart(8, "0")}`,
          width: 800,
          height: 800,
          placeholder: "",
        },
      });
    return p.id;
  };
  for (const i of [1, 2, 3]) ids.good.push(await product(`Cà phê Đắk Mil số ${i}`, { ocopStars: 4 }));
  ids.noPhoto = await product("Mắc ca sấy chưa có ảnh", {}, false);
  ids.tourism = await product("Du lịch vườn cà phê", { ocopGroup: "TOURISM" });
  // Not listed: never in a file.
  await product("Cà phê bản nháp", { status: "DRAFT" });

  // A listed product's batch with a verified diary, for the EPCIS export.
  const t = translator("vi");
  const access = {
    user: { id: made.user.id, name: made.user.name, role: "PRODUCER", provinceCode: null, locale: "vi" },
    producer: {
      id: producer.id,
      name: producer.name,
      slug: producer.slug,
      provinceCode: "68",
      communeCode: "24800",
    },
    viaHelper: false,
  } as unknown as ProducerAccess;
  const batch = await createBatch(
    access,
    { id: ids.good[0]!, shelfLifeDays: null },
    batchSchema(t).parse({ lotNumber: "CF2026-01", harvestedOn: "2026-10-25" }),
  );
  if (!batch.ok) throw new Error(batch.reason);
  for (const event of [
    { kind: "HARVESTING", occurredAt: "2026-10-25T06:30", quantity: "1200", uom: "kg" },
    { kind: "PACKING", occurredAt: "2026-11-10T14:00", quantity: "480", uom: "gói" },
  ])
    await appendDiaryEvent(access, batch.id, diaryEventSchema(t).parse(event));
});

describe("access", () => {
  test("operators only: others get 403, anonymous visitors are sent to log in", async () => {
    for (const [role, cookie] of Object.entries(others)) {
      expect((await callLoader(indexRoute.loader, getRequest(INDEX, cookie))).status, role).toBe(403);
      expect(
        (await callAction(indexRoute.action, post(INDEX, [["intent", "preview"]], cookie))).status,
        role,
      ).toBe(403);
      const file = await download(
        exportRoute.loader,
        `${INDEX}/export/postmart.xlsx`,
        { file: "postmart.xlsx" },
        cookie,
      );
      expect(file.status, role).toBe(403);
    }
    const anonymous = await callLoader(indexRoute.loader, getRequest(INDEX));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
    const page = await callLoader(indexRoute.loader, getRequest(INDEX, operatorCookie));
    expect(page.status).toBe(200);
    const { channels, choices } = page.data as {
      channels: { id: string; configured: boolean; feeds: { xml: string } | null }[];
      choices: { total: number; items: { name: string }[]; provinces: { code: string; count: number }[] };
    };
    expect(channels.map((c) => c.id)).toEqual(["market-api", "google", "postmart", "voso"]);
    expect(channels[0]!.configured).toBe(true);
    expect(channels[1]!.feeds?.xml).toMatch(/\/feeds\/[0-9a-f]{64}\/google\.xml$/);
    expect(choices.total).toBe(5);
    expect(choices.provinces).toEqual([{ code: "68", name: "Lâm Đồng", count: 5 }]);
    const search = await callLoader(indexRoute.loader, getRequest(`${INDEX}?q=mac+ca`, operatorCookie));
    expect(
      (search.data as typeof page.data & { choices: { items: { name: string }[] } }).choices.items,
    ).toEqual([expect.objectContaining({ name: "Mắc ca sấy chưa có ảnh" })]);
  });

  test("an unknown push or export file is 404; a bad form is 400, never 500", async () => {
    const missing = await callLoader(
      pushRoute.loader,
      getRequest(`${INDEX}/pushes/00000000-0000-4000-8000-000000000000`, operatorCookie),
      { pushId: "00000000-0000-4000-8000-000000000000" },
    );
    expect(missing.status).toBe(404);
    expect(
      (await callLoader(pushRoute.loader, getRequest(`${INDEX}/pushes/x`, operatorCookie), { pushId: "x" }))
        .status,
    ).toBe(404);
    const file = await download(
      exportRoute.loader,
      `${INDEX}/export/nothing.bin`,
      { file: "nothing.bin" },
      operatorCookie,
    );
    expect(file.status).toBe(404);
    const empty = await callAction(indexRoute.action, post(INDEX, [], operatorCookie));
    expect(empty.status).toBe(400);
    const noChannel = await callAction(
      indexRoute.action,
      post(
        INDEX,
        [
          ["intent", "preview"],
          ["scope", "products"],
          ["product", ids.good[0]!],
        ],
        operatorCookie,
      ),
    );
    expect(noChannel.status).toBe(400);
    expect((noChannel.data as { error: string }).error).toBe("Hãy chọn ít nhất một kênh.");
    const fileOnly = await callAction(
      indexRoute.action,
      post(
        INDEX,
        [
          ["intent", "push"],
          ["scope", "products"],
          ["product", ids.good[0]!],
          ["channel", "postmart"],
        ],
        operatorCookie,
      ),
    );
    expect(fileOnly.status).toBe(400);
    expect((fileOnly.data as { error: string }).error).toContain("Chỉ sàn có API nhận đẩy");
  });
});

describe("check and push", () => {
  const chosen = (intent: string): [string, string][] => [
    ["intent", intent],
    ["scope", "products"],
    ["product", ids.noPhoto],
    ["product", ids.tourism],
    ["product", ids.good[0]!],
    ["channel", "market-api"],
    ["channel", "google"],
    ["channel", "postmart"],
  ];

  test("the check lists every problem in Vietnamese, per product and channel, with totals", async () => {
    const res = await callAction(indexRoute.action, post(INDEX, chosen("preview"), operatorCookie));
    expect(res.status).toBe(200);
    const { preview } = res.data as { preview: Preview };
    expect(preview.products).toBe(3);
    expect(preview.pushable).toBe(1);
    expect(preview.totals).toEqual({
      "market-api": { valid: 1, invalid: 2 },
      google: { valid: 1, invalid: 2 },
      postmart: { valid: 1, invalid: 2 },
    });
    const row = (id: string) => preview.rows.find((r) => r.productId === id)!;
    for (const channel of ["market-api", "google", "postmart"] as const)
      expect(row(ids.noPhoto).problems[channel]).toContain("Chưa có ảnh sản phẩm.");
    expect(row(ids.tourism).problems["market-api"]).toContain(
      "Sản phẩm dịch vụ du lịch không bán được trên market-api.",
    );
    expect(row(ids.tourism).problems.google).toContain(
      "Google Shopping không nhận dịch vụ du lịch; chỉ đăng được sản phẩm hàng hoá.",
    );
    expect(row(ids.tourism).problems.postmart!.length).toBeGreaterThan(0);
    expect(row(ids.good[0]!).problems).toEqual({ "market-api": [], google: [], postmart: [] });
    // Products with problems come first.
    expect(preview.rows.at(-1)!.productId).toBe(ids.good[0]);
  });

  test("a push queues only the valid products, on the API channel, and goes to its progress page", async () => {
    const res = await callAction(indexRoute.action, post(INDEX, chosen("push"), operatorCookie));
    expect(res.status).toBe(302);
    const pushId = /^\/operator\/marketplaces\/pushes\/([0-9a-f-]{36})$/.exec(
      res.headers.get("Location") ?? "",
    )?.[1];
    expect(pushId).toBeTruthy();
    const jobs = await prisma.pushJob.findMany({ where: { pushId } });
    expect(jobs.map((j) => [j.channelId, j.productId, j.status])).toEqual([
      ["market-api", ids.good[0], "QUEUED"],
    ]);
    const push = await prisma.push.findUniqueOrThrow({ where: { id: pushId } });
    expect(push.channelIds).toEqual(["market-api"]);
    expect(push.scope).toMatchObject({ kind: "products", chosen: 3, queued: 1, skipped: 2 });
    const listings = await prisma.channelListing.findMany({
      where: { productId: { in: [ids.noPhoto, ids.tourism] } },
    });
    expect(listings).toHaveLength(0);
  });
});

describe("progress and retry", () => {
  let pushId: string;

  test("the progress page shows totals, per-row states and reasons, and refreshes only while in flight", async () => {
    const res = await callAction(
      indexRoute.action,
      post(
        INDEX,
        [
          ["intent", "push"],
          ["scope", "province"],
          ["province", "68"],
          ["channel", "market-api"],
          ["channel", "voso"],
        ],
        operatorCookie,
      ),
    );
    expect(res.status).toBe(302);
    pushId = res.headers.get("Location")!.split("/").at(-1)!;
    expect(await prisma.pushJob.count({ where: { pushId } })).toBe(3);
    // The worker's effects: one accepted and approved, one rejected with reasons, one still queued.
    const [a, b] = ids.good as [string, string, string];
    await prisma.pushJob.updateMany({
      where: { pushId, productId: a },
      data: { status: "DONE", outcome: "accepted", attempts: 1 },
    });
    await prisma.channelListing.update({
      where: { channelId_productId: { channelId: "market-api", productId: a } },
      data: { state: "APPROVED", remoteId: "MK-1", url: "https://market.example/p/MK-1" },
    });
    await prisma.pushJob.updateMany({
      where: { pushId, productId: b },
      data: { status: "DONE", outcome: "rejected", attempts: 2, lastError: "Ảnh mờ" },
    });
    await prisma.channelListing.update({
      where: { channelId_productId: { channelId: "market-api", productId: b } },
      data: { state: "REJECTED", reasons: ["Ảnh sản phẩm mờ, cần ảnh rõ hơn."] },
    });

    const page = await callLoader(pushRoute.loader, getRequest(`${INDEX}/pushes/${pushId}`, operatorCookie), {
      pushId,
    });
    expect(page.status).toBe(200);
    const progress = page.data as Progress;
    expect(progress).toMatchObject({
      total: 3,
      finished: 2,
      inFlight: 1,
      percent: 66,
      done: { accepted: 1, rejected: 1, dead: 0, superseded: 0 },
    });
    const row = (id: string) => progress.rows.find((r) => r.productId === id)!;
    expect(row(a)).toMatchObject({ listingState: "APPROVED", attempts: 1, retryable: false });
    expect(row(b)).toMatchObject({
      listingState: "REJECTED",
      attempts: 2,
      retryable: true,
      reasons: ["Ảnh sản phẩm mờ, cần ảnh rõ hơn."],
    });
    expect(row(ids.good[2]!)).toMatchObject({ jobStatus: "QUEUED", listingState: "PENDING" });
    expect(progress.rows[0]!.productId).toBe(b); // rows to act on first

    const meta = (data: Progress) =>
      pushRoute.meta({ data, params: { pushId }, location: {} as never, matches: [] as never });
    expect(meta(progress)).toContainEqual({ httpEquiv: "refresh", content: "2" });
    await prisma.pushJob.updateMany({ where: { pushId, productId: ids.good[2] }, data: { status: "DEAD" } });
    const after = (
      await callLoader(pushRoute.loader, getRequest(`${INDEX}/pushes/${pushId}`, operatorCookie), { pushId })
    ).data as Progress;
    expect(after).toMatchObject({ finished: 3, inFlight: 0, percent: 100 });
    expect(meta(after)).not.toContainEqual({ httpEquiv: "refresh", content: "2" });
  });

  test("retry re-queues a rejected listing; nothing ticked is a 400", async () => {
    const b = ids.good[1]!;
    const path = `${INDEX}/pushes/${pushId}`;
    const none = await callAction(pushRoute.action, post(path, [["intent", "retry"]], operatorCookie), {
      pushId,
    });
    expect(none.status).toBe(400);
    expect((none.data as { error: string }).error).toBe("Hãy đánh dấu ít nhất một dòng để thử lại.");
    const res = await callAction(
      pushRoute.action,
      post(
        path,
        [
          ["intent", "retry"],
          ["row", `market-api:${b}`],
          ["row", `market-api:${ids.good[0]}`],
        ],
        operatorCookie,
      ),
      { pushId },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(path);
    const listing = await prisma.channelListing.findUniqueOrThrow({
      where: { channelId_productId: { channelId: "market-api", productId: b } },
    });
    expect(listing).toMatchObject({ state: "PENDING", reasons: [] });
    const queued = await prisma.pushJob.findMany({ where: { productId: b, status: "QUEUED" } });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.idempotencyKey).toMatch(/^retry:market-api:/);
    // The approved one was not touched.
    expect(
      await prisma.channelListing.findUniqueOrThrow({
        where: { channelId_productId: { channelId: "market-api", productId: ids.good[0]! } },
      }),
    ).toMatchObject({ state: "APPROVED" });
  });
});

describe("downloads and the feed", () => {
  test("postmart XLSX: one row per valid listed product, as an attachment with a dated name", async () => {
    const res = await download(
      exportRoute.loader,
      `${INDEX}/export/postmart.xlsx`,
      { file: "postmart.xlsx" },
      operatorCookie,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="ocop-postmart-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const skus: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) skus.push(String(row.getCell(1).value));
    });
    expect(skus.sort()).toEqual([...ids.good].sort());
  });

  test("Google RSS: every item passes Google's required-attribute rules", async () => {
    const res = await download(
      exportRoute.loader,
      `${INDEX}/export/google.xml`,
      { file: "google.xml" },
      operatorCookie,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/filename="ocop-google-\d{4}-\d{2}-\d{2}\.xml"/);
    const items = parseGoogleRss(await res.text());
    expect(items.map((i) => i.id).sort()).toEqual([...ids.good].sort());
    for (const item of items) expect(validateGoogleFeedItem(item)).toEqual([]);
  });

  test("the feed answers at its secret URL only, cacheable for 5 minutes", async () => {
    const { feedToken } = await prisma.channel.findUniqueOrThrow({ where: { id: "google" } });
    const ok = await callLoader(feedRoute.loader, getRequest(`/feeds/${feedToken}/google.tsv`), {
      token: feedToken!,
      file: "google.tsv",
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Cache-Control")).toBe("private, max-age=300");
    expect((ok.data as string).trim().split("\n")).toHaveLength(1 + ids.good.length);
    const rss = await callLoader(feedRoute.loader, getRequest(`/feeds/${feedToken}/google.xml`), {
      token: feedToken!,
      file: "google.xml",
    });
    expect(parseGoogleRss(rss.data as string)).toHaveLength(ids.good.length);
    for (const [token, file] of [
      ["not-a-token", "google.xml"],
      [feedToken!.replace(/^./, (c) => (c === "a" ? "b" : "a")), "google.xml"],
      [feedToken!, "postmart.xlsx"],
    ] as [string, string][])
      expect(
        (await callLoader(feedRoute.loader, getRequest(`/feeds/${token}/${file}`), { token, file })).status,
      ).toBe(404);
    await prisma.channel.update({ where: { id: "google" }, data: { enabled: false } });
    const disabled = await callLoader(feedRoute.loader, getRequest(`/feeds/${feedToken}/google.xml`), {
      token: feedToken!,
      file: "google.xml",
    });
    expect(disabled.status).toBe(404);
    await prisma.channel.update({ where: { id: "google" }, data: { enabled: true } });
  });

  test("EPCIS: a JSON EPCISDocument with the listed batches' events", async () => {
    const res = await download(
      exportRoute.loader,
      `${INDEX}/export/epcis.json`,
      { file: "epcis.json" },
      operatorCookie,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/filename="ocop-epcis-\d{4}-\d{2}-\d{2}\.json"/);
    const doc = JSON.parse(await res.text()) as { type: string; epcisBody: { eventList: unknown[] } };
    expect(doc.type).toBe("EPCISDocument");
    expect(doc.epcisBody.eventList).toHaveLength(2);
  });
});
