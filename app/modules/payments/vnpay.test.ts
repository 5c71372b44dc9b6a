import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildPaymentUrlSearchParams, calculateSecureHash, HashAlgorithm, VNPay } from "vnpay";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startVnpaySimulator, type VnpaySimulator } from "../../../scripts/vnpay-simulator/server";
import {
  buildPaymentUrl,
  buildQueryDr,
  buildRefund,
  canonicalString,
  decideIpn,
  ipnReply,
  newRequestId,
  parseIpn,
  parseVnpDate,
  pipeChecksum,
  postVnpayApi,
  QUERYDR_REQUEST_FIELDS,
  REFUND_REQUEST_FIELDS,
  signParams,
  toVnpayOrderInfo,
  verifyQueryDrResponse,
  verifyRefundResponse,
  verifySignature,
  vnpDate,
  type ParsedIpn,
  type VnpayConfig,
} from "./vnpay";

const SECRET = "TESTSECRETKEY0123456789ABCDEFGHI";
const config: VnpayConfig = {
  tmnCode: "OCOPTEST",
  hashSecret: SECRET,
  payUrl: "http://127.0.0.1:1/paymentv2/vpcpay.html",
  apiUrl: "http://127.0.0.1:1/merchant_webapi/api/transaction",
  returnUrl: "https://ocop.example/thanh-toan/vnpay/tra-ve?lang=vi",
};
// 2025-01-01 08:30:00 in Vietnam.
const CREATED = new Date("2025-01-01T01:30:00Z");
const EXPIRES = new Date("2025-01-01T01:45:00Z");

const sample: Record<string, string> = {
  vnp_Version: "2.1.0",
  vnp_Command: "pay",
  vnp_TmnCode: "OCOPTEST",
  vnp_Amount: "123400000",
  vnp_CurrCode: "VND",
  vnp_TxnRef: "ORD-2025_0001",
  vnp_OrderInfo: "Thanh toán đơn hàng: Mật ong rừng U Minh (500g) x2 ~ it's 100%! a+b=c & d/e *",
  vnp_OrderType: "other",
  vnp_Locale: "vn",
  vnp_ReturnUrl: "https://ocop.example/thanh-toan/vnpay/tra-ve?lang=vi&x=1",
  vnp_IpAddr: "203.113.1.2",
  vnp_CreateDate: "20250101083000",
  vnp_ExpireDate: "20250101084500",
  vnp_BankCode: "",
};

describe("signParams / canonicalString", () => {
  it("matches the vnpay package's canonical string and HMAC for the same inputs", () => {
    const ours = canonicalString({ ...sample, vnp_SecureHash: "ignored", vnp_SecureHashType: "SHA512" });
    const theirs = buildPaymentUrlSearchParams(sample).toString();
    expect(ours).toBe(theirs);
    expect(ours.startsWith("vnp_Amount=123400000&vnp_Command=pay&vnp_CreateDate=")).toBe(true);
    expect(ours).not.toContain("vnp_BankCode"); // empty values are left out
    expect(ours).toContain("vnp_OrderInfo=Thanh+to%C3%A1n+%C4%91%C6%A1n");
    const packageHash = calculateSecureHash({
      secureSecret: SECRET,
      data: theirs,
      hashAlgorithm: HashAlgorithm.SHA512,
      bufferEncode: "utf-8",
    });
    expect(signParams(sample, SECRET)).toBe(packageHash);
  });

  it("is a known answer (HMAC-SHA512 of the documented canonical form)", () => {
    const params = { vnp_TxnRef: "A1", vnp_Amount: "1000000", vnp_OrderInfo: "Thanh toan don A1" };
    const canonical = "vnp_Amount=1000000&vnp_OrderInfo=Thanh+toan+don+A1&vnp_TxnRef=A1";
    expect(canonicalString(params)).toBe(canonical);
    expect(signParams(params, "secret")).toBe(
      createHmac("sha512", "secret").update(canonical, "utf8").digest("hex"),
    );
    expect(signParams(params, "secret")).toMatch(/^[0-9a-f]{128}$/);
  });

  it("equals encodeURIComponent with %20→+ except on ! ' ( ) ~, where it follows the package", () => {
    const demo = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
    const plain = "Thanh toán đơn #12, 3/4: a+b=c & d *";
    expect(canonicalString({ vnp_OrderInfo: plain })).toBe(`vnp_OrderInfo=${demo(plain)}`);
    expect(canonicalString({ vnp_OrderInfo: "(it's)!~" })).toBe("vnp_OrderInfo=%28it%27s%29%21%7E");
  });
});

describe("vnpDate / parseVnpDate", () => {
  it("formats in GMT+7 for a fixed instant", () => {
    expect(vnpDate(new Date("2024-12-31T17:00:00Z"))).toBe("20250101000000");
    expect(vnpDate(new Date("2025-06-30T23:59:59.999Z"))).toBe("20250701065959");
    expect(vnpDate(CREATED)).toBe("20250101083000");
  });

  it("parses back to the same instant and rejects impossible dates", () => {
    expect(parseVnpDate("20250101000000")?.toISOString()).toBe("2024-12-31T17:00:00.000Z");
    expect(parseVnpDate(20250101083000)?.getTime()).toBe(CREATED.getTime());
    expect(parseVnpDate("20250231000000")).toBeNull();
    expect(parseVnpDate("20251301000000")).toBeNull();
    expect(parseVnpDate("2025010100000")).toBeNull();
    expect(parseVnpDate("abc")).toBeNull();
    expect(parseVnpDate(null)).toBeNull();
  });

  it("is identical whatever process.env.TZ is (child processes)", () => {
    const modUrl = pathToFileURL(path.resolve("app/modules/payments/vnpay.ts")).href;
    const instant = Date.UTC(2025, 0, 1, 1, 30, 0);
    const code = `Promise.all([import(${JSON.stringify(modUrl)}), import("vnpay")]).then(([m, pkg]) => {
      const d = new Date(${instant});
      process.stdout.write(JSON.stringify({
        ours: m.vnpDate(d),
        back: m.parseVnpDate("20250101083000").getTime(),
        offset: d.getTimezoneOffset(),
        packageDefault: String(pkg.dateFormat(pkg.getDateInGMT7(d))),
      }));
    });`;
    const run = (TZ: string) =>
      JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", "-e", code], {
          env: { ...process.env, TZ },
          encoding: "utf8",
        }),
      ) as { ours: string; back: number; offset: number; packageDefault: string };
    const utc = run("UTC");
    const hcm = run("Asia/Ho_Chi_Minh");
    expect(utc.offset).toBe(0);
    expect(hcm.offset).toBe(-420); // the zone really changed
    expect(utc.ours).toBe("20250101083000");
    expect(hcm.ours).toBe("20250101083000");
    expect(utc.back).toBe(instant);
    expect(hcm.back).toBe(instant);
    // Why dates are never left to the package: its default is 7 h ahead outside UTC.
    expect(utc.packageDefault).toBe("20250101083000");
    expect(hcm.packageDefault).toBe("20250101153000");
  }, 60_000);
});

describe("buildPaymentUrl", () => {
  const input = {
    txnRef: "ORD1A2B3C",
    amountVnd: 1_234_000,
    orderInfo: "Thanh toan don hang ORD1A2B3C",
    ipAddr: "203.113.1.2",
    createdAt: CREATED,
    expiresAt: EXPIRES,
  };

  it("builds VNPay's 2.1.0 parameters on the configured host, signed", () => {
    const url = new URL(buildPaymentUrl(config, input));
    expect(url.origin + url.pathname).toBe(config.payUrl);
    const q = url.searchParams;
    expect(Object.fromEntries([...q].filter(([k]) => k !== "vnp_SecureHash"))).toEqual({
      vnp_Version: "2.1.0",
      vnp_Command: "pay",
      vnp_TmnCode: "OCOPTEST",
      vnp_Amount: "123400000",
      vnp_CurrCode: "VND",
      vnp_TxnRef: "ORD1A2B3C",
      vnp_OrderInfo: "Thanh toan don hang ORD1A2B3C",
      vnp_OrderType: "other",
      vnp_Locale: "vn",
      vnp_ReturnUrl: config.returnUrl,
      vnp_IpAddr: "203.113.1.2",
      vnp_CreateDate: "20250101083000",
      vnp_ExpireDate: "20250101084500",
    });
    expect(verifySignature(q, SECRET)).toBe(true);
    const pkg = new VNPay({ tmnCode: config.tmnCode, secureSecret: SECRET });
    expect(pkg.verifyReturnUrl(Object.fromEntries(q) as never).isVerified).toBe(true);
  });

  it("passes bank code and locale through", () => {
    const q = new URL(buildPaymentUrl(config, { ...input, bankCode: "NCB", locale: "en" })).searchParams;
    expect(q.get("vnp_BankCode")).toBe("NCB");
    expect(q.get("vnp_Locale")).toBe("en");
    expect(verifySignature(q, SECRET)).toBe(true);
  });

  it("refuses what VNPay would refuse", () => {
    expect(() => buildPaymentUrl(config, { ...input, amountVnd: 4_999 })).toThrow(RangeError);
    expect(() => buildPaymentUrl(config, { ...input, amountVnd: 10_000.5 })).toThrow(RangeError);
    expect(() => buildPaymentUrl(config, { ...input, expiresAt: CREATED })).toThrow(RangeError);
    expect(() => buildPaymentUrl(config, { ...input, txnRef: "bad ref" })).toThrow(RangeError);
  });
});

describe("verifySignature", () => {
  const signed = { ...sample, vnp_SecureHash: signParams(sample, SECRET) };

  it("accepts a correct hash in either case, as a record or URLSearchParams", () => {
    expect(verifySignature(signed, SECRET)).toBe(true);
    expect(verifySignature({ ...signed, vnp_SecureHash: signed.vnp_SecureHash.toUpperCase() }, SECRET)).toBe(
      true,
    );
    expect(verifySignature(new URLSearchParams(signed), SECRET)).toBe(true);
  });

  it("ignores non-vnp keys (the package would fail here)", () => {
    const q = new URLSearchParams({ lang: "vi", utm_source: "zalo", ...signed });
    expect(verifySignature(q, SECRET)).toBe(true);
  });

  it("fails on a tampered amount, a wrong secret, a missing, garbled or short hash, or a repeated key", () => {
    expect(verifySignature({ ...signed, vnp_Amount: "100" }, SECRET)).toBe(false);
    expect(verifySignature(signed, "other-secret")).toBe(false);
    const { vnp_SecureHash: _hash, ...unsigned } = signed;
    expect(verifySignature(unsigned, SECRET)).toBe(false);
    expect(verifySignature({ ...signed, vnp_SecureHash: "z".repeat(128) }, SECRET)).toBe(false);
    expect(verifySignature({ ...signed, vnp_SecureHash: signed.vnp_SecureHash.slice(2) }, SECRET)).toBe(
      false,
    );
    const repeated = new URLSearchParams(signed);
    repeated.append("vnp_Amount", "100");
    expect(verifySignature(repeated, SECRET)).toBe(false);
    expect(verifySignature({ ...signed, vnp_Amount: ["1", "2"] }, SECRET)).toBe(false);
  });
});

const ipnFields = {
  vnp_Amount: "123400000",
  vnp_BankCode: "NCB",
  vnp_BankTranNo: "VNP14000001",
  vnp_CardType: "ATM",
  vnp_OrderInfo: "Thanh toan don hang ORD1",
  vnp_PayDate: "20250101083512",
  vnp_ResponseCode: "00",
  vnp_TmnCode: "OCOPTEST",
  vnp_TransactionNo: "14000001",
  vnp_TransactionStatus: "00",
  vnp_TxnRef: "ORD1",
};

describe("parseIpn", () => {
  it("gives a typed view", () => {
    const result = parseIpn(new URLSearchParams({ ...ipnFields, vnp_SecureHash: "x", other: "y" }));
    expect(result).toEqual({
      ok: true,
      ipn: {
        tmnCode: "OCOPTEST",
        txnRef: "ORD1",
        amountVnd: 1_234_000,
        responseCode: "00",
        transactionStatus: "00",
        transactionNo: "14000001",
        bankCode: "NCB",
        bankTranNo: "VNP14000001",
        cardType: "ATM",
        orderInfo: "Thanh toan don hang ORD1",
        payDate: new Date("2025-01-01T01:35:12Z"),
        success: true,
      },
    });
  });

  it("success needs both codes at 00", () => {
    const r = parseIpn({ ...ipnFields, vnp_ResponseCode: "24", vnp_TransactionStatus: "02" });
    expect(r.ok && r.ipn.success).toBe(false);
    const r2 = parseIpn({ ...ipnFields, vnp_TransactionStatus: "01" });
    expect(r2.ok && r2.ipn.success).toBe(false);
  });

  it("fails on fractional VND, missing fields or a bad date", () => {
    expect(parseIpn({ ...ipnFields, vnp_Amount: "123450" }).ok).toBe(false);
    expect(parseIpn({ ...ipnFields, vnp_Amount: "-100" }).ok).toBe(false);
    const { vnp_TxnRef: _ref, ...noRef } = ipnFields;
    expect(parseIpn(noRef)).toMatchObject({ ok: false, error: expect.stringContaining("vnp_TxnRef") });
    expect(parseIpn({ ...ipnFields, vnp_PayDate: "20251340000000" }).ok).toBe(false);
  });
});

describe("decideIpn", () => {
  const parsed = (overrides: Partial<ParsedIpn> = {}): ParsedIpn => {
    const r = parseIpn(ipnFields);
    if (!r.ok) throw new Error(r.error);
    return { ...r.ipn, ...overrides };
  };
  const failed = parsed({ responseCode: "51", transactionStatus: "02", success: false });
  const pending = { amountVnd: 1_234_000, status: "PENDING" as const };

  it("97 on a bad signature, before anything else", () => {
    expect(decideIpn({ signatureOk: false, parsed: parsed(), attempt: pending })).toEqual({
      reply: { RspCode: "97", Message: "Invalid signature" },
      settle: null,
    });
  });
  it("99 when signed but unreadable", () => {
    expect(decideIpn({ signatureOk: true, parsed: null, attempt: pending })).toEqual({
      reply: { RspCode: "99", Message: "Unknown error" },
      settle: null,
    });
  });
  it("01 for an unknown txnRef", () => {
    expect(decideIpn({ signatureOk: true, parsed: parsed(), attempt: null })).toEqual({
      reply: { RspCode: "01", Message: "Order not found" },
      settle: null,
    });
  });
  it("04 when the amount differs, even if already settled", () => {
    const d = decideIpn({
      signatureOk: true,
      parsed: parsed(),
      attempt: { amountVnd: 1_000, status: "SUCCEEDED" },
    });
    expect(d).toEqual({ reply: { RspCode: "04", Message: "Invalid amount" }, settle: null });
  });
  it("02 when already settled", () => {
    for (const status of ["SUCCEEDED", "FAILED"] as const) {
      expect(decideIpn({ signatureOk: true, parsed: parsed(), attempt: { ...pending, status } })).toEqual({
        reply: { RspCode: "02", Message: "Order already confirmed" },
        settle: null,
      });
    }
  });
  it("00 and settles a pending attempt either way", () => {
    expect(decideIpn({ signatureOk: true, parsed: parsed(), attempt: pending })).toEqual({
      reply: { RspCode: "00", Message: "Confirm Success" },
      settle: "SUCCEEDED",
    });
    expect(decideIpn({ signatureOk: true, parsed: failed, attempt: pending })).toEqual({
      reply: { RspCode: "00", Message: "Confirm Success" },
      settle: "FAILED",
    });
  });
  it("an expired attempt that VNPay says was paid still settles SUCCEEDED; a failure is acknowledged", () => {
    const expired = { ...pending, status: "EXPIRED" as const };
    expect(decideIpn({ signatureOk: true, parsed: parsed(), attempt: expired })).toEqual({
      reply: { RspCode: "00", Message: "Confirm Success" },
      settle: "SUCCEEDED",
    });
    expect(decideIpn({ signatureOk: true, parsed: failed, attempt: expired })).toEqual({
      reply: { RspCode: "02", Message: "Order already confirmed" },
      settle: null,
    });
  });
  it("ipnReply has VNPay's messages", () => {
    expect(ipnReply("00")).toEqual({ RspCode: "00", Message: "Confirm Success" });
    expect(ipnReply("01").Message).toBe("Order not found");
    expect(ipnReply("02").Message).toBe("Order already confirmed");
    expect(ipnReply("04").Message).toBe("Invalid amount");
    expect(ipnReply("97").Message).toBe("Invalid signature");
    expect(ipnReply("99").Message).toBe("Unknown error");
  });
});

describe("toVnpayOrderInfo", () => {
  it("strips diacritics and special characters", () => {
    expect(toVnpayOrderInfo("Thanh toán đơn hàng #A12 – Mật ong (500g)!")).toBe(
      "Thanh toan don hang #A12 Mat ong 500g",
    );
    expect(toVnpayOrderInfo("Đặc sản ~~~")).toBe("Dac san");
    expect(toVnpayOrderInfo("!!!")).toBe("Thanh toan don hang");
  });
});

describe("querydr and refund checksums", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const queryInput = {
    requestId: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    txnRef: "ORD1",
    transactionDate: CREATED,
    createdAt: new Date("2025-01-02T03:00:00Z"),
    ipAddr: "10.0.0.1",
    orderInfo: "Truy van giao dich ORD1",
  };
  const refundInput = {
    requestId: "ffeeddccbbaa99887766554433221100",
    txnRef: "ORD1",
    amountVnd: 400_000,
    transactionType: "03" as const,
    transactionNo: "14000001",
    transactionDate: CREATED,
    createBy: "admin@ocop.example",
    createdAt: new Date("2025-01-02T03:00:00Z"),
    ipAddr: "10.0.0.1",
    orderInfo: "Hoan tien mot phan ORD1",
  };

  function captureFetch(): { bodies: Record<string, unknown>[] } {
    const captured = { bodies: [] as Record<string, unknown>[] };
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      captured.bodies.push(JSON.parse(String(init.body)) as Record<string, unknown>);
      return new Response(JSON.stringify({ vnp_ResponseCode: "99" }), { status: 200 });
    });
    return captured;
  }

  it("querydr request checksum equals the package's", async () => {
    const body = buildQueryDr(config, queryInput);
    expect(body).toMatchObject({
      vnp_Version: "2.1.0",
      vnp_Command: "querydr",
      vnp_TmnCode: "OCOPTEST",
      vnp_TransactionDate: "20250101083000",
      vnp_CreateDate: "20250102100000",
    });
    const captured = captureFetch();
    await new VNPay({ tmnCode: config.tmnCode, secureSecret: SECRET }).queryDr({
      vnp_RequestId: queryInput.requestId,
      vnp_TxnRef: "ORD1",
      vnp_TransactionDate: 20250101083000,
      vnp_CreateDate: 20250102100000,
      vnp_IpAddr: "10.0.0.1",
      vnp_OrderInfo: queryInput.orderInfo,
      vnp_TransactionNo: 0,
    });
    expect(captured.bodies[0]?.vnp_SecureHash).toBe(body.vnp_SecureHash);
    expect(pipeChecksum(body, QUERYDR_REQUEST_FIELDS, SECRET)).toBe(body.vnp_SecureHash);
  });

  it("refund request checksum equals the package's", async () => {
    const body = buildRefund(config, refundInput);
    expect(body).toMatchObject({ vnp_Command: "refund", vnp_Amount: 40_000_000, vnp_TransactionType: "03" });
    const captured = captureFetch();
    await new VNPay({ tmnCode: config.tmnCode, secureSecret: SECRET }).refund({
      vnp_RequestId: refundInput.requestId,
      vnp_TxnRef: "ORD1",
      vnp_Amount: 400_000,
      vnp_TransactionType: "03",
      vnp_TransactionNo: 14000001,
      vnp_TransactionDate: 20250101083000,
      vnp_CreateBy: refundInput.createBy,
      vnp_CreateDate: 20250102100000,
      vnp_IpAddr: "10.0.0.1",
      vnp_OrderInfo: refundInput.orderInfo,
    });
    expect(captured.bodies[0]?.vnp_SecureHash).toBe(body.vnp_SecureHash);
    expect(pipeChecksum(body, REFUND_REQUEST_FIELDS, SECRET)).toBe(body.vnp_SecureHash);
    expect(buildRefund(config, { ...refundInput, transactionNo: undefined }).vnp_TransactionNo).toBe("0");
  });

  it("response verifiers reject tampering", () => {
    const response: Record<string, string> = {
      vnp_ResponseId: "r1",
      vnp_Command: "querydr",
      vnp_ResponseCode: "00",
      vnp_Message: "Success",
      vnp_TmnCode: "OCOPTEST",
      vnp_TxnRef: "ORD1",
      vnp_Amount: "123400000",
      vnp_TransactionStatus: "00",
    };
    const hash = createHmac("sha512", SECRET)
      .update("r1|querydr|00|Success|OCOPTEST|ORD1|123400000|||||00|||")
      .digest("hex");
    expect(verifyQueryDrResponse({ ...response, vnp_SecureHash: hash }, SECRET)).toBe(true);
    expect(verifyQueryDrResponse({ ...response, vnp_SecureHash: hash.toUpperCase() }, SECRET)).toBe(true);
    expect(
      verifyQueryDrResponse({ ...response, vnp_TransactionStatus: "02", vnp_SecureHash: hash }, SECRET),
    ).toBe(false);
    expect(verifyQueryDrResponse(null, SECRET)).toBe(false);
    expect(verifyRefundResponse({ ...response, vnp_SecureHash: hash }, SECRET)).toBe(false); // other order
  });

  it("newRequestId fits VNPay's 32 alphanumeric characters", () => {
    expect(newRequestId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newRequestId()).not.toBe(newRequestId());
    expect(() =>
      buildQueryDr(config, { ...queryInput, requestId: "a-uuid-is-too-long-and-has-dashes-0000" }),
    ).toThrow(RangeError);
  });
});

describe("postVnpayApi", () => {
  const body = buildQueryDr(config, {
    requestId: "0123456789abcdef0123456789abcdef",
    txnRef: "ORD1",
    transactionDate: CREATED,
    createdAt: CREATED,
    ipAddr: "10.0.0.1",
    orderInfo: "Truy van ORD1",
  });
  const fake = (impl: () => Promise<Response>) => vi.fn(impl) as unknown as typeof fetch;

  it("turns transport failures into typed errors", async () => {
    const timeout = fake(() => Promise.reject(new DOMException("timed out", "TimeoutError")));
    expect(await postVnpayApi(config, body, timeout)).toEqual({ ok: false, error: { kind: "timeout" } });
    const refused = fake(() => Promise.reject(new TypeError("fetch failed")));
    expect(await postVnpayApi(config, body, refused)).toEqual({
      ok: false,
      error: { kind: "network", message: "fetch failed" },
    });
    const http500 = fake(async () => new Response("oops", { status: 500 }));
    expect(await postVnpayApi(config, body, http500)).toEqual({
      ok: false,
      error: { kind: "http", status: 500 },
    });
    const html = fake(async () => new Response("<html>", { status: 200 }));
    expect(await postVnpayApi(config, body, html)).toEqual({ ok: false, error: { kind: "invalid_json" } });
    const unsigned = fake(async () => Response.json({ vnp_ResponseCode: "00", vnp_Command: "querydr" }));
    expect(await postVnpayApi(config, body, unsigned)).toEqual({
      ok: false,
      error: { kind: "bad_checksum", responseCode: "00" },
    });
  });

  it("really times out against a server that never answers", async () => {
    const never = fake(
      (...args: unknown[]) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = (args[1] as RequestInit).signal!;
          signal.addEventListener("abort", () => reject(signal.reason as Error));
        }),
    );
    expect(await postVnpayApi(config, body, never, 50)).toEqual({ ok: false, error: { kind: "timeout" } });
  });
});

describe("querydr/refund round trip through the simulator", () => {
  let sim: VnpaySimulator;
  let simConfig: VnpayConfig;

  beforeAll(async () => {
    sim = await startVnpaySimulator({
      port: 0,
      tmnCode: config.tmnCode,
      hashSecret: SECRET,
      ipnUrl: "http://127.0.0.1:9/ipn", // nothing listens: IPNs are off below
      ipnRetryDelaysMs: [],
    });
    sim.setSendIpn(false);
    simConfig = { ...config, payUrl: sim.payUrl, apiUrl: sim.apiUrl };
  });
  afterAll(async () => {
    await sim.close();
  });

  it("querydr and refund are accepted by the simulator and its answers verify", async () => {
    const createdAt = new Date();
    const url = buildPaymentUrl(simConfig, {
      txnRef: "RT1",
      amountVnd: 500_000,
      orderInfo: "Thanh toan RT1",
      ipAddr: "127.0.0.1",
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 15 * 60_000),
    });
    const paid = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ action: "pay" }),
      redirect: "manual",
    });
    expect(paid.status).toBe(302);
    const transactionNo = new URL(paid.headers.get("location")!).searchParams.get("vnp_TransactionNo")!;

    const q = await postVnpayApi(
      simConfig,
      buildQueryDr(simConfig, {
        requestId: newRequestId(),
        txnRef: "RT1",
        transactionDate: createdAt,
        createdAt: new Date(),
        ipAddr: "127.0.0.1",
        orderInfo: "Truy van RT1",
      }),
    );
    expect(q).toMatchObject({
      ok: true,
      response: { responseCode: "00", transactionStatus: "00", amountVnd: 500_000, transactionNo },
    });

    const r = await postVnpayApi(
      simConfig,
      buildRefund(simConfig, {
        requestId: newRequestId(),
        txnRef: "RT1",
        amountVnd: 500_000,
        transactionType: "02",
        transactionNo,
        transactionDate: createdAt,
        createBy: "admin",
        createdAt: new Date(),
        ipAddr: "127.0.0.1",
        orderInfo: "Hoan tien RT1",
      }),
    );
    expect(r).toMatchObject({
      ok: true,
      response: { responseCode: "00", transactionType: "02", amountVnd: 500_000 },
    });

    // A request signed with another secret is refused with a (correctly signed) 97.
    const forged = buildQueryDr(
      { ...simConfig, hashSecret: "wrong" },
      {
        requestId: newRequestId(),
        txnRef: "RT1",
        transactionDate: createdAt,
        createdAt: new Date(),
        ipAddr: "127.0.0.1",
        orderInfo: "Truy van RT1",
      },
    );
    expect(await postVnpayApi(simConfig, forged)).toMatchObject({
      ok: true,
      response: { responseCode: "97" },
    });

    // The package's own querydr accepts the simulator's response checksum too.
    const pkg = new VNPay({ tmnCode: config.tmnCode, secureSecret: SECRET, queryDrAndRefundHost: sim.url });
    const viaPackage = await pkg.queryDr({
      vnp_RequestId: newRequestId(),
      vnp_TxnRef: "RT1",
      vnp_TransactionDate: Number(vnpDate(createdAt)),
      vnp_CreateDate: Number(vnpDate(new Date())),
      vnp_IpAddr: "127.0.0.1",
      vnp_OrderInfo: "Truy van RT1",
      vnp_TransactionNo: Number(transactionNo),
    });
    expect(viaPackage).toMatchObject({
      isVerified: true,
      vnp_ResponseCode: "00",
      vnp_TransactionStatus: "00",
    });
  });
});
