import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  buildPaymentUrl,
  buildQueryDr,
  buildRefund,
  newRequestId,
  parseIpn,
  postVnpayApi,
  verifySignature,
  vnpDate,
  type VnpayConfig,
} from "~/modules/payments/vnpay";
import { startVnpaySimulator, type SimTransaction, type VnpaySimulator } from "./server";

const TMN = "OCOPSIM1";
const SECRET = "SIMULATORSECRET0123456789ABCDEF";
const RETURN_URL = "http://shop.test/thanh-toan/vnpay/tra-ve?lang=vi";

// A stand-in for the app's IPN route: records every call and answers from a script.
interface IpnReceiver {
  url: string;
  calls: URLSearchParams[];
  /** Answers for the next calls, in order; "00" once exhausted. A non-code string is sent raw. */
  script: string[];
  close(): Promise<void>;
}

async function startIpnReceiver(): Promise<IpnReceiver> {
  const receiver = { calls: [] as URLSearchParams[], script: [] as string[] };
  const server = http.createServer((req, res) => {
    receiver.calls.push(new URL(req.url ?? "/", "http://x").searchParams);
    const answer = receiver.script.shift() ?? "00";
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(/^\d{2}$/.test(answer) ? JSON.stringify({ RspCode: answer, Message: "test" }) : answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/api/vnpay/ipn`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

async function until<T>(probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

let receiver: IpnReceiver;
let sim: VnpaySimulator;
let config: VnpayConfig;
let counter = 0;

beforeAll(async () => {
  receiver = await startIpnReceiver();
  sim = await startVnpaySimulator({
    port: 0,
    tmnCode: TMN,
    hashSecret: SECRET,
    ipnUrl: receiver.url,
    ipnRetryDelaysMs: [20, 20, 20],
    ipnTimeoutMs: 2_000,
  });
  config = {
    tmnCode: TMN,
    hashSecret: SECRET,
    payUrl: sim.payUrl,
    apiUrl: sim.apiUrl,
    returnUrl: RETURN_URL,
  };
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

beforeEach(async () => {
  const reset = await fetch(`${sim.url}/_sim/reset`, { method: "POST" });
  expect(reset.status).toBe(200);
  receiver.calls.length = 0;
  receiver.script.length = 0;
});

function newPayment(overrides: { amountVnd?: number; createdAt?: Date; expiresAt?: Date } = {}) {
  const txnRef = `T${Date.now()}${++counter}`;
  const createdAt = overrides.createdAt ?? new Date();
  const url = buildPaymentUrl(config, {
    txnRef,
    amountVnd: overrides.amountVnd ?? 1_234_000,
    orderInfo: `Thanh toan don hang ${txnRef}`,
    ipAddr: "127.0.0.1",
    createdAt,
    expiresAt: overrides.expiresAt ?? new Date(createdAt.getTime() + 15 * 60_000),
  });
  return { txnRef, url, createdAt };
}

async function choose(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
}

async function simTransactions(): Promise<SimTransaction[]> {
  const res = await fetch(`${sim.url}/_sim/transactions`);
  return ((await res.json()) as { transactions: SimTransaction[] }).transactions;
}

describe("payment page", () => {
  it("shows the order with three buttons in a plain form", async () => {
    const { url, txnRef } = newPayment();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("1.234.000 ₫");
    expect(html).toContain(txnRef);
    expect(html).toContain(`Thanh toan don hang ${txnRef}`);
    expect(html).toMatch(/<form method="post">/);
    expect(html).toMatch(/<button[^>]*value="pay"[^>]*>Thanh toán/);
    expect(html).toMatch(/<button[^>]*value="cancel"[^>]*>Hủy giao dịch/);
    expect(html).toMatch(/<button[^>]*value="fail"[^>]*>Giao dịch thất bại/);
    expect((await simTransactions())[0]).toMatchObject({ txnRef, state: "PENDING", transactionStatus: "01" });
  });

  it("refuses a bad signature with code 70 (and does not record it)", async () => {
    const { url } = newPayment();
    const tampered = new URL(url);
    tampered.searchParams.set("vnp_Amount", "100000");
    const res = await fetch(tampered);
    expect(res.status).toBe(400);
    expect(res.headers.get("x-vnpay-sim-error-code")).toBe("70");
    expect(await res.text()).toContain("Sai chữ ký");
    const post = await choose(tampered.toString(), { action: "pay" });
    expect(post.status).toBe(400);
    expect(receiver.calls).toHaveLength(0);
    expect(await simTransactions()).toEqual([]);
  });

  it("refuses an unknown merchant (72), an expired link (11) and a vnp_CreateDate 7 h ahead (03)", async () => {
    const wrongTmn = buildPaymentUrl(
      { ...config, tmnCode: "OTHER" },
      {
        txnRef: "X1",
        amountVnd: 10_000,
        orderInfo: "x",
        ipAddr: "1.1.1.1",
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
      },
    );
    expect((await fetch(wrongTmn)).headers.get("x-vnpay-sim-error-code")).toBe("72");

    const past = new Date(Date.now() - 60 * 60_000);
    const expired = newPayment({ createdAt: past, expiresAt: new Date(past.getTime() + 15 * 60_000) });
    const res = await fetch(expired.url);
    expect(res.status).toBe(400);
    expect(res.headers.get("x-vnpay-sim-error-code")).toBe("11");

    // What a server in GMT+7 formatting local time and adding 7 h (the package's default) sends.
    const shifted = newPayment({ createdAt: new Date(Date.now() + 7 * 3600_000) });
    expect((await fetch(shifted.url)).headers.get("x-vnpay-sim-error-code")).toBe("03");
  });

  it("answers 400 to garbage and keeps running", async () => {
    expect((await fetch(sim.payUrl)).status).toBe(400);
    expect(
      (await fetch(`${sim.payUrl}?vnp_TmnCode=${TMN}&vnp_SecureHash=%ZZ&vnp_Amount=1&vnp_Amount=2`)).status,
    ).toBe(400);
    const { url } = newPayment();
    expect((await choose(url, { action: "steal" })).status).toBe(400);
    expect((await choose(url, { action: "fail", failCode: "00" })).status).toBe(400);
    for (const body of ["not json", "[]", "null", '{"vnp_Command":"drop"}', "{"]) {
      const res = await fetch(sim.apiUrl, { method: "POST", body });
      expect(res.status).toBe(400);
    }
    const huge = await fetch(sim.apiUrl, { method: "POST", body: "x".repeat(200_000) });
    expect(huge.status).toBe(413);
    expect((await fetch(`${sim.url}/_sim/transactions/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${sim.url}/_sim/settings`, { method: "POST", body: "{" })).status).toBe(400);
    expect((await fetch(`${sim.url}/nothing`)).status).toBe(404);
    expect((await fetch(sim.apiUrl)).status).toBe(405);
    expect((await fetch(`${sim.url}/_sim/health`)).status).toBe(200);
  });
});

describe("payment choice, IPN and return", () => {
  it("pay: sends a signed IPN, then redirects to the return URL with the same signed fields", async () => {
    const { url, txnRef } = newPayment();
    expect((await fetch(url)).status).toBe(200);
    const res = await choose(url, { form: "1", action: "pay" });
    expect(res.status).toBe(302);

    const location = new URL(res.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("http://shop.test/thanh-toan/vnpay/tra-ve");
    expect(location.searchParams.get("lang")).toBe("vi");
    expect(verifySignature(location.searchParams, SECRET)).toBe(true);

    expect(receiver.calls).toHaveLength(1); // the redirect waits for the first IPN attempt
    const ipn = receiver.calls[0]!;
    expect(verifySignature(ipn, SECRET)).toBe(true);
    expect([...ipn.keys()].sort()).toEqual([
      "vnp_Amount",
      "vnp_BankCode",
      "vnp_BankTranNo",
      "vnp_CardType",
      "vnp_OrderInfo",
      "vnp_PayDate",
      "vnp_ResponseCode",
      "vnp_SecureHash",
      "vnp_TmnCode",
      "vnp_TransactionNo",
      "vnp_TransactionStatus",
      "vnp_TxnRef",
    ]);
    const parsed = parseIpn(ipn);
    expect(parsed).toMatchObject({
      ok: true,
      ipn: {
        txnRef,
        amountVnd: 1_234_000,
        responseCode: "00",
        transactionStatus: "00",
        bankCode: "NCB",
        success: true,
      },
    });
    if (parsed.ok) expect(Math.abs(parsed.ipn.payDate!.getTime() - Date.now())).toBeLessThan(5_000);
    for (const key of ipn.keys()) {
      if (key !== "vnp_SecureHash") expect(location.searchParams.get(key)).toBe(ipn.get(key));
    }

    const txn = sim.transaction(txnRef)!;
    expect(txn).toMatchObject({
      state: "PAID",
      responseCode: "00",
      transactionStatus: "00",
      cardType: "ATM",
    });
    expect(txn.transactionNo).toMatch(/^\d{8}$/);
    expect(txn.ipn).toMatchObject({ enabled: true, delivered: true, gaveUp: false });
    expect(txn.ipn.attempts).toHaveLength(1);

    // Paying again (back button) is refused.
    expect((await choose(url, { action: "pay" })).status).toBe(400);
  });

  it("cancel and fail report 24 and 51 with status 02", async () => {
    const a = newPayment();
    const cancel = await choose(a.url, { action: "cancel" });
    const cq = new URL(cancel.headers.get("location")!).searchParams;
    expect([
      cq.get("vnp_ResponseCode"),
      cq.get("vnp_TransactionStatus"),
      cq.get("vnp_TransactionNo"),
    ]).toEqual(["24", "02", "0"]);
    expect(verifySignature(cq, SECRET)).toBe(true);

    const b = newPayment();
    const fail = await choose(b.url, { action: "fail" });
    const fq = new URL(fail.headers.get("location")!).searchParams;
    expect([fq.get("vnp_ResponseCode"), fq.get("vnp_TransactionStatus")]).toEqual(["51", "02"]);

    const c = newPayment();
    const limit = await choose(c.url, { action: "fail", failCode: "65" });
    expect(new URL(limit.headers.get("location")!).searchParams.get("vnp_ResponseCode")).toBe("65");

    expect(receiver.calls.map((q) => q.get("vnp_ResponseCode"))).toEqual(["24", "51", "65"]);
    expect(receiver.calls.every((q) => verifySignature(q, SECRET))).toBe(true);
  });

  it("retries the IPN while the merchant answers 99 or garbage, and stops at 00", async () => {
    receiver.script.push("99", "not json", "00");
    const { url, txnRef } = newPayment();
    const res = await choose(url, { action: "pay" });
    expect(res.status).toBe(302);
    const txn = await until(() => {
      const t = sim.transaction(txnRef);
      return t?.ipn.delivered ? t : undefined;
    });
    expect(txn.ipn.attempts.map((a) => a.rspCode)).toEqual(["99", null, "00"]);
    expect(txn.ipn.attempts[1]?.error).toBe("answer is not JSON");
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.calls).toHaveLength(3);
    expect(new Set(receiver.calls.map((q) => q.toString())).size).toBe(1); // same signed IPN each time
  });

  it("stops at 02 too, and gives up after the configured retries", async () => {
    receiver.script.push("02");
    const a = newPayment();
    await choose(a.url, { action: "pay" });
    expect(sim.transaction(a.txnRef)?.ipn).toMatchObject({ delivered: true, attempts: [{ rspCode: "02" }] });

    receiver.script.push("99", "99", "97", "01", "00");
    const b = newPayment();
    await choose(b.url, { action: "pay" });
    const txn = await until(() => {
      const t = sim.transaction(b.txnRef);
      return t?.ipn.gaveUp ? t : undefined;
    });
    expect(txn.ipn.attempts.map((x) => x.rspCode)).toEqual(["99", "99", "97", "01"]); // 1 + 3 retries
    expect(txn.ipn.delivered).toBe(false);

    // A manual resend (e.g. once the merchant is fixed) starts a new chain.
    const resent = await fetch(`${sim.url}/_sim/transactions/${b.txnRef}/ipn`, { method: "POST" });
    expect(await resent.json()).toMatchObject({ rspCode: "00" });
    expect(sim.transaction(b.txnRef)?.ipn.delivered).toBe(true);
  });

  it("sends no IPN when asked, and querydr then reconciles", async () => {
    const viaUrl = newPayment();
    const page = await fetch(`${viaUrl.url}&noIpn=1`);
    expect(await page.text()).toMatch(/name="noIpn" value="1" checked/);
    const res = await choose(`${viaUrl.url}&noIpn=1`, { form: "1", action: "pay", noIpn: "1" });
    expect(res.status).toBe(302);

    const viaBarePost = newPayment();
    await choose(viaBarePost.url, { action: "pay", noIpn: "1" });

    const settings = await fetch(`${sim.url}/_sim/settings`, {
      method: "POST",
      body: JSON.stringify({ sendIpn: false }),
    });
    expect(await settings.json()).toEqual({ sendIpn: false });
    const viaSwitch = newPayment();
    await choose(viaSwitch.url, { action: "pay" });

    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.calls).toHaveLength(0);
    for (const p of [viaUrl, viaBarePost, viaSwitch]) {
      expect(sim.transaction(p.txnRef)).toMatchObject({
        state: "PAID",
        ipn: { enabled: false, attempts: [] },
      });
      const q = await postVnpayApi(
        config,
        buildQueryDr(config, {
          requestId: newRequestId(),
          txnRef: p.txnRef,
          transactionDate: p.createdAt,
          createdAt: new Date(),
          ipAddr: "127.0.0.1",
          orderInfo: `Truy van ${p.txnRef}`,
        }),
      );
      expect(q).toMatchObject({
        ok: true,
        response: { responseCode: "00", transactionStatus: "00", amountVnd: 1_234_000 },
      });
    }
  });
});

describe("merchant API: querydr and refund", () => {
  function queryDr(txnRef: string, transactionDate: Date, requestId = newRequestId()) {
    return postVnpayApi(
      config,
      buildQueryDr(config, {
        requestId,
        txnRef,
        transactionDate,
        createdAt: new Date(),
        ipAddr: "127.0.0.1",
        orderInfo: `Truy van ${txnRef}`,
      }),
    );
  }

  function refund(
    p: { txnRef: string; createdAt: Date },
    amountVnd: number,
    transactionType: "02" | "03",
    transactionNo?: string,
  ) {
    return postVnpayApi(
      config,
      buildRefund(config, {
        requestId: newRequestId(),
        txnRef: p.txnRef,
        amountVnd,
        transactionType,
        transactionNo,
        transactionDate: p.createdAt,
        createBy: "admin@ocop.test",
        createdAt: new Date(),
        ipAddr: "127.0.0.1",
        orderInfo: `Hoan tien ${p.txnRef}`,
      }),
    );
  }

  it("querydr: 01 while the page is open, 00 after paying, 02 after failing, 91 unknown", async () => {
    const p = newPayment();
    await fetch(p.url);
    expect(await queryDr(p.txnRef, p.createdAt)).toMatchObject({
      ok: true,
      response: { responseCode: "00", transactionStatus: "01", transactionType: "01" },
    });
    await choose(p.url, { action: "pay" });
    const paid = await queryDr(p.txnRef, p.createdAt);
    expect(paid).toMatchObject({
      ok: true,
      response: { responseCode: "00", transactionStatus: "00", amountVnd: 1_234_000, bankCode: "NCB" },
    });
    if (paid.ok) expect(paid.response.payDate).toBeInstanceOf(Date);

    const f = newPayment();
    await choose(f.url, { action: "fail" });
    expect(await queryDr(f.txnRef, f.createdAt)).toMatchObject({
      ok: true,
      response: { transactionStatus: "02" },
    });

    expect(await queryDr("NOPE", p.createdAt)).toMatchObject({ ok: true, response: { responseCode: "91" } });
    // VNPay finds a payment by vnp_TxnRef and its vnp_CreateDate.
    expect(await queryDr(p.txnRef, new Date(p.createdAt.getTime() - 3600_000))).toMatchObject({
      ok: true,
      response: { responseCode: "91" },
    });
  });

  it("querydr: 97 on a bad checksum, 94 on a repeated request id, 02 on another merchant", async () => {
    const p = newPayment();
    await choose(p.url, { action: "pay" });
    const body = buildQueryDr(config, {
      requestId: newRequestId(),
      txnRef: p.txnRef,
      transactionDate: p.createdAt,
      createdAt: new Date(),
      ipAddr: "127.0.0.1",
      orderInfo: "Truy van",
    });
    expect(await postVnpayApi(config, { ...body, vnp_OrderInfo: "changed" })).toMatchObject({
      ok: true,
      response: { responseCode: "97" },
    });
    expect(await postVnpayApi(config, body)).toMatchObject({ ok: true, response: { responseCode: "00" } });
    expect(await postVnpayApi(config, body)).toMatchObject({ ok: true, response: { responseCode: "94" } });

    const other = { ...config, tmnCode: "OTHERTMN" };
    const foreign = buildQueryDr(other, {
      requestId: newRequestId(),
      txnRef: p.txnRef,
      transactionDate: p.createdAt,
      createdAt: new Date(),
      ipAddr: "127.0.0.1",
      orderInfo: "x",
    });
    // The simulator answers for its own tmnCode, which postVnpayApi does not take for ours.
    expect(await postVnpayApi(other, foreign)).toMatchObject({
      ok: false,
      error: { kind: "invalid_response", message: "vnp_TmnCode does not match" },
    });
    const raw = await fetch(sim.apiUrl, { method: "POST", body: JSON.stringify(foreign) });
    expect(await raw.json()).toMatchObject({ vnp_ResponseCode: "02", vnp_TmnCode: TMN });
  });

  it("refund: partial, more than what is left (95), full after partial (94), full, unpaid (95)", async () => {
    const p = newPayment({ amountVnd: 500_000 });
    const paid = await choose(p.url, { action: "pay" });
    const transactionNo = new URL(paid.headers.get("location")!).searchParams.get("vnp_TransactionNo")!;

    const first = await refund(p, 200_000, "03", transactionNo);
    expect(first).toMatchObject({
      ok: true,
      response: { responseCode: "00", transactionType: "03", transactionStatus: "05", amountVnd: 200_000 },
    });
    expect(await refund(p, 300_001, "03", transactionNo)).toMatchObject({
      ok: true,
      response: { responseCode: "95" },
    });
    expect(await refund(p, 500_000, "02", transactionNo)).toMatchObject({
      ok: true,
      response: { responseCode: "94" },
    });
    expect(await refund(p, 300_000, "03")).toMatchObject({ ok: true, response: { responseCode: "00" } });
    expect(await refund(p, 10_000, "03")).toMatchObject({ ok: true, response: { responseCode: "95" } });
    expect(await refund(p, 10_000, "03", "99999999")).toMatchObject({
      ok: true,
      response: { responseCode: "91" },
    });
    const txn = sim.transaction(p.txnRef)!;
    expect(txn.refundedVnd).toBe(500_000);
    expect(txn.refunds.map((r) => [r.transactionType, r.amountVnd])).toEqual([
      ["03", 200_000],
      ["03", 300_000],
    ]);
    // Refunds leave the payment's querydr answer alone.
    expect(await queryDr(p.txnRef, p.createdAt)).toMatchObject({
      ok: true,
      response: { transactionStatus: "00" },
    });

    const q = newPayment({ amountVnd: 80_000 });
    await choose(q.url, { action: "pay" });
    expect(await refund(q, 79_000, "02")).toMatchObject({ ok: true, response: { responseCode: "03" } });
    expect(await refund(q, 80_000, "02")).toMatchObject({
      ok: true,
      response: { responseCode: "00", transactionType: "02" },
    });

    const f = newPayment();
    await choose(f.url, { action: "cancel" });
    expect(await refund(f, 10_000, "03")).toMatchObject({ ok: true, response: { responseCode: "95" } });

    const log = sim.received.apiRequests.map((r) => [r.command, r.responseCode]);
    expect(log).toContainEqual(["refund", "95"]);
  });

  it("lists and resets state", async () => {
    const p = newPayment();
    await choose(p.url, { action: "pay" });
    expect((await simTransactions()).map((t) => t.txnRef)).toEqual([p.txnRef]);
    const [txn] = sim.received.transactions;
    expect(txn?.payDate).toMatch(/^\d{14}$/);
    expect(txn!.payDate! >= vnpDate(p.createdAt)).toBe(true);
    await fetch(`${sim.url}/_sim/reset`, { method: "POST" });
    expect(await simTransactions()).toEqual([]);
    expect(sim.received.apiRequests).toEqual([]);
  });
});
