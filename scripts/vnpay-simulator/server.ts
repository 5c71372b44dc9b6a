// A local stand-in for VNPay's gateway (PAY API 2.1.0) for development and tests: payment page,
// signed IPN with VNPay's retry rules, signed return redirect, and the querydr/refund JSON API.
// It shares the signing *algorithms* with app/modules/payments/vnpay.ts but none of the app's
// decisions: it checks every request itself and answers the way VNPay documents it, so an app
// bug shows up as a refusal here rather than being agreed with.
//
// Choices where VNPay's documentation leaves room (all visible in GET /_sim/transactions):
//  - Payment page errors answer HTTP 400 with VNPay's Error.html codes: 72 unknown vnp_TmnCode,
//    70 bad signature ("Sai chữ ký"), 03 malformed data (missing field, amount outside
//    5 000–999 999 999 VND, vnp_CreateDate more than 15 min in the future — the symptom of a
//    date formatted in the server's zone instead of GMT+7), 11 vnp_ExpireDate passed, 01 the
//    vnp_TxnRef was already used for another amount or already completed.
//  - Choices: pay → 00/00; cancel → 24/02 with vnp_TransactionNo "0"; fail → 51 (or the form's
//    failCode)/02; clicking after vnp_ExpireDate → 11/02. Every outcome sends the IPN (unless
//    disabled) and then redirects; the redirect waits for the first IPN attempt so end-to-end
//    tests see a settled order (awaitFirstIpn: false gives VNPay's real race instead).
//  - IPN: delivered when the answer is JSON with RspCode 00 or 02; otherwise retried once per
//    entry of ipnRetryDelaysMs (default 10 × 5 min, as VNPay), so at most 1 + 10 attempts.
//  - querydr: 00 with vnp_TransactionStatus 00 paid / 01 page opened, not yet paid / 02 failed,
//    cancelled or expired; 91 unknown vnp_TxnRef or a vnp_TransactionDate other than the
//    payment's vnp_CreateDate; 94 repeated vnp_RequestId; 97 bad checksum; 02 wrong TmnCode;
//    03 malformed. A refund does not change a payment's querydr answer (still 01/00).
//  - refund: 00 with the request's vnp_TransactionType and vnp_TransactionStatus "05" (VNPay is
//    processing the refund; option refundTransactionStatus), a new vnp_TransactionNo for the
//    refund; 91 not found; 95 payment not successful or amount above what is left to refund;
//    94 full refund after an earlier refund, or repeated vnp_RequestId; 03 malformed (a full
//    refund must be for the whole amount).
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import {
  QUERYDR_REQUEST_FIELDS,
  QUERYDR_RESPONSE_FIELDS,
  REFUND_REQUEST_FIELDS,
  REFUND_RESPONSE_FIELDS,
  VNPAY_MAX_AMOUNT_VND,
  VNPAY_MIN_AMOUNT_VND,
  parseVnpDate,
  pipeChecksum,
  signParams,
  verifySignature,
  vnpDate,
  vnpFields,
} from "~/modules/payments/vnpay";

export interface VnpaySimulatorOptions {
  /** 0 (default) picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  tmnCode: string;
  hashSecret: string;
  ipnUrl: string;
  /** Delay before each retry; a number means 10 retries at that delay. Default 10 × 5 minutes. */
  ipnRetryDelaysMs?: number | readonly number[];
  /** Per IPN call; default 10 s. */
  ipnTimeoutMs?: number;
  /** Redirect only after the first IPN attempt has been answered (default true). */
  awaitFirstIpn?: boolean;
  /** vnp_TransactionStatus of a refund reply: "05" processing (default), "06" sent to bank, "00". */
  refundTransactionStatus?: "00" | "05" | "06";
  now?: () => Date;
  /** One line per event; never given hashes or the secret. */
  log?: (line: string) => void;
}

export type SimTxnState = "PENDING" | "PAID" | "FAILED" | "CANCELLED" | "EXPIRED";

export interface SimIpnAttempt {
  at: string;
  httpStatus: number | null;
  rspCode: string | null;
  message: string | null;
  error: string | null;
}

export interface SimRefund {
  requestId: string;
  transactionType: "02" | "03";
  amountVnd: number;
  createBy: string;
  transactionNo: string;
  transactionStatus: string;
  at: string;
}

export interface SimTransaction {
  txnRef: string;
  amountVnd: number;
  orderInfo: string;
  locale: string;
  ipAddr: string;
  returnUrl: string;
  createDate: string;
  expireDate: string;
  openedAt: string;
  state: SimTxnState;
  responseCode: string | null;
  transactionStatus: "00" | "01" | "02";
  transactionNo: string | null;
  bankCode: string | null;
  bankTranNo: string | null;
  cardType: string | null;
  payDate: string | null;
  /** The vnp_* fields sent in the IPN and the return redirect (vnp_SecureHash left out). */
  result: Record<string, string> | null;
  ipn: {
    enabled: boolean;
    attempts: SimIpnAttempt[];
    delivered: boolean;
    gaveUp: boolean;
    retryScheduled: boolean;
  };
  refunds: SimRefund[];
  refundedVnd: number;
}

export interface SimApiRequest {
  at: string;
  command: string;
  requestId: string | null;
  txnRef: string | null;
  responseCode: string;
}

export interface VnpaySimulator {
  /** http://host:port */
  url: string;
  payUrl: string;
  apiUrl: string;
  port: number;
  received: {
    readonly transactions: SimTransaction[];
    readonly apiRequests: SimApiRequest[];
  };
  transaction(txnRef: string): SimTransaction | undefined;
  setSendIpn(enabled: boolean): void;
  /** Sends the IPN of a completed transaction again (new retry chain); resolves after the first try. */
  resendIpn(txnRef: string): Promise<SimIpnAttempt | null>;
  reset(): void;
  close(): Promise<void>;
}

export const PAY_PATH = "/paymentv2/vpcpay.html";
export const API_PATH = "/merchant_webapi/api/transaction";
const FIVE_MINUTES = 5 * 60 * 1000;
const MAX_BODY_BYTES = 64 * 1024;
const CREATE_DATE_SKEW_MS = 15 * 60 * 1000;

const PAGE_ERRORS = {
  "01": ["Giao dịch đã tồn tại", "Transaction already exists"],
  "03": ["Dữ liệu gửi sang không đúng định dạng", "Data sent is not in the right format"],
  "11": ["Giao dịch đã quá thời gian chờ thanh toán", "Payment time has expired"],
  "70": ["Sai chữ ký", "Invalid signature"],
  "72": ["Không tìm thấy website", "Website (vnp_TmnCode) not found"],
} as const;
type PageErrorCode = keyof typeof PAGE_ERRORS;

const FAIL_CODES: Record<string, [string, string]> = {
  "51": ["Tài khoản không đủ số dư", "Insufficient funds"],
  "65": ["Vượt quá hạn mức giao dịch trong ngày", "Daily limit exceeded"],
  "09": ["Thẻ chưa đăng ký Internet Banking", "Card not registered for Internet Banking"],
  "13": ["Sai mật khẩu xác thực (OTP)", "Wrong OTP"],
  "75": ["Ngân hàng thanh toán đang bảo trì", "Bank under maintenance"],
};

const API_MESSAGES: Record<string, string> = {
  "00": "Success",
  "02": "Invalid TmnCode",
  "03": "Invalid request format",
  "91": "Transaction not found",
  "94": "Duplicate request",
  "95": "Transaction not eligible for refund",
  "97": "Invalid checksum",
  "99": "Unknown error",
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const vnpDateString = z.string().refine((s) => parseVnpDate(s) !== null, "yyyyMMddHHmmss");
const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "absolute http(s) URL");

const payParamsSchema = z.object({
  vnp_Version: z.literal("2.1.0"),
  vnp_Command: z.literal("pay"),
  vnp_TmnCode: z.string(),
  vnp_Amount: z.string().regex(/^\d{1,15}$/),
  vnp_CurrCode: z.literal("VND"),
  vnp_TxnRef: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  vnp_OrderInfo: z.string().min(1).max(255),
  vnp_OrderType: z.string().min(1).max(100),
  vnp_Locale: z.enum(["vn", "en"]),
  vnp_ReturnUrl: httpUrl,
  vnp_IpAddr: z.string().min(1).max(45),
  vnp_CreateDate: vnpDateString,
  vnp_ExpireDate: vnpDateString,
  vnp_BankCode: z.string().max(20).optional(),
});
type PayParams = z.infer<typeof payParamsSchema>;

const requestId = z.string().regex(/^[A-Za-z0-9]{1,32}$/);
const querydrSchema = z.object({
  vnp_RequestId: requestId,
  vnp_Version: z.literal("2.1.0"),
  vnp_TxnRef: z.string().min(1).max(100),
  vnp_OrderInfo: z.string().min(1).max(255),
  vnp_TransactionDate: vnpDateString,
  vnp_CreateDate: vnpDateString,
  vnp_IpAddr: z.string().min(1).max(45),
});
const refundSchema = querydrSchema.extend({
  vnp_TransactionType: z.enum(["02", "03"]),
  vnp_Amount: z.string().regex(/^\d{1,15}$/),
  vnp_TransactionNo: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  vnp_CreateBy: z.string().min(1).max(250),
});

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** "1.234.000 ₫", built by hand so it does not depend on the ICU data Node was built with. */
export function formatVnd(amountVnd: number): string {
  return `${String(amountVnd).replace(/\B(?=(\d{3})+(?!\d))/g, ".")} ₫`;
}

function displayVnpDate(s: string): string {
  return `${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)} ${s.slice(6, 8)}/${s.slice(4, 6)}/${s.slice(0, 4)}`;
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f3f6fa;margin:0;color:#1b2733}
main{max-width:32rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.25rem;color:#005baa;margin-top:0}.en{display:block;color:#5b6b7a;font-size:.8em;font-weight:normal}
dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}dt{font-weight:600}dd{margin:0}
#amount{font-size:1.4rem;font-weight:700;color:#c8102e}button{display:block;width:100%;margin:.5rem 0;padding:.7rem;font-size:1rem;border-radius:6px;border:1px solid #005baa;background:#fff;cursor:pointer}
button[value=pay]{background:#005baa;color:#fff}label{display:block;margin:.5rem 0}.code{font-size:2rem;font-weight:700;color:#c8102e}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function errorPage(code: PageErrorCode, detail?: string): string {
  const [vi, en] = PAGE_ERRORS[code];
  return page(
    `VNPAY – Lỗi ${code}`,
    `<h1>Thông báo <span class="en">Notification (VNPAY simulator)</span></h1>
<p>Mã lỗi <span class="en">Error code</span> <span class="code" id="error-code">${code}</span></p>
<p id="error-message">${esc(vi)}<span class="en">${esc(en)}</span></p>${detail ? `<p><small>${esc(detail)}</small></p>` : ""}`,
  );
}

function paymentPage(p: PayParams, tmnCode: string, noIpn: boolean): string {
  const amountVnd = Number(p.vnp_Amount) / 100;
  const failOptions = Object.entries(FAIL_CODES)
    .map(([code, [vi, en]]) => `<option value="${code}">${code} – ${esc(vi)} / ${esc(en)}</option>`)
    .join("");
  return page(
    "VNPAY – Cổng thanh toán (mô phỏng)",
    `<h1>Cổng thanh toán VNPAY (mô phỏng)<span class="en">VNPAY payment gateway — simulator, no real money moves</span></h1>
<dl>
<dt>Đơn vị<span class="en">Merchant</span></dt><dd id="merchant">${esc(tmnCode)}</dd>
<dt>Mã đơn hàng<span class="en">Order reference</span></dt><dd id="txn-ref">${esc(p.vnp_TxnRef)}</dd>
<dt>Nội dung<span class="en">Order info</span></dt><dd id="order-info">${esc(p.vnp_OrderInfo)}</dd>
<dt>Số tiền<span class="en">Amount</span></dt><dd id="amount">${formatVnd(amountVnd)}</dd>
<dt>Hết hạn<span class="en">Expires (GMT+7)</span></dt><dd id="expires">${esc(displayVnpDate(p.vnp_ExpireDate))}</dd>
</dl>
<form method="post">
<input type="hidden" name="form" value="1">
<label><input type="checkbox" name="noIpn" value="1"${noIpn ? " checked" : ""}> Không gửi IPN<span class="en">Do not send the IPN (to test reconciliation)</span></label>
<label>Mã lỗi khi thất bại<span class="en">Failure code</span> <select name="failCode">${failOptions}</select></label>
<button type="submit" name="action" value="pay" id="sim-pay">Thanh toán<span class="en">Pay</span></button>
<button type="submit" name="action" value="cancel" id="sim-cancel">Hủy giao dịch<span class="en">Cancel</span></button>
<button type="submit" name="action" value="fail" id="sim-fail">Giao dịch thất bại<span class="en">Fail</span></button>
</form>`,
  );
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Keep reading and discarding rather than destroying the socket, so the 413 gets out.
      req.off("data", onData);
      req.resume();
      reject(new HttpError(413, "Request body too large"));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

function sendHtml(res: http.ServerResponse, status: number, html: string, errorCode?: string): void {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    ...(errorCode ? { "X-Vnpay-Sim-Error-Code": errorCode } : {}),
  });
  res.end(html);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

function errorMessage(error: unknown): string {
  if (error instanceof Error)
    return error.name === "Error" ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}

export async function startVnpaySimulator(options: VnpaySimulatorOptions): Promise<VnpaySimulator> {
  const { tmnCode, hashSecret } = options;
  const ipnUrl = new URL(options.ipnUrl); // throws early on a bad configuration
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const retryDelays: readonly number[] =
    typeof options.ipnRetryDelaysMs === "number"
      ? Array<number>(10).fill(options.ipnRetryDelaysMs)
      : (options.ipnRetryDelaysMs ?? Array<number>(10).fill(FIVE_MINUTES));
  const ipnTimeoutMs = options.ipnTimeoutMs ?? 10_000;
  const awaitFirstIpn = options.awaitFirstIpn ?? true;
  const refundStatus = options.refundTransactionStatus ?? "05";

  let transactions = new Map<string, SimTransaction>();
  let apiRequests: SimApiRequest[] = [];
  let seenRequestIds = new Set<string>();
  let sendIpn = true;
  // Never reset: an app keeping VNPay's transaction numbers unique must not see one twice.
  let sequence = 14_000_000;
  const retryTimers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const nextTransactionNo = () => String(++sequence);

  function expireIfDue(txn: SimTransaction): void {
    const expires = parseVnpDate(txn.expireDate);
    if (txn.state === "PENDING" && expires && now().getTime() > expires.getTime()) {
      // An abandoned payment page: VNPay times it out without calling the IPN.
      txn.state = "EXPIRED";
      txn.responseCode = "11";
      txn.transactionStatus = "02";
    }
  }

  function snapshot(): SimTransaction[] {
    for (const txn of transactions.values()) expireIfDue(txn);
    return structuredClone([...transactions.values()]);
  }

  // ---- IPN -----------------------------------------------------------------------------------

  async function ipnAttempt(txn: SimTransaction): Promise<SimIpnAttempt> {
    const attempt: SimIpnAttempt = {
      at: now().toISOString(),
      httpStatus: null,
      rspCode: null,
      message: null,
      error: null,
    };
    const result = txn.result ?? {};
    const target = new URL(ipnUrl);
    for (const [k, v] of Object.entries(result)) target.searchParams.append(k, v);
    target.searchParams.append("vnp_SecureHash", signParams(result, hashSecret));
    try {
      const response = await fetch(target, {
        redirect: "manual",
        signal: AbortSignal.timeout(ipnTimeoutMs),
        headers: { Accept: "application/json" },
      });
      attempt.httpStatus = response.status;
      const text = await response.text();
      try {
        const json = JSON.parse(text) as unknown;
        if (json && typeof json === "object") {
          const { RspCode, Message } = json as Record<string, unknown>;
          attempt.rspCode = typeof RspCode === "string" ? RspCode : null;
          attempt.message = typeof Message === "string" ? Message : null;
        }
        if (attempt.rspCode === null) attempt.error = "answer has no RspCode";
      } catch {
        attempt.error = "answer is not JSON";
      }
    } catch (error) {
      attempt.error = errorMessage(error);
    }
    return attempt;
  }

  // Index of the attempt that began the current delivery chain (resendIpn starts a new one).
  const chainStart = new WeakMap<SimTransaction, number>();

  /** One delivery try; schedules the next one unless VNPay's rules say stop. */
  async function deliverIpn(txn: SimTransaction): Promise<SimIpnAttempt> {
    const attempt = await ipnAttempt(txn);
    txn.ipn.attempts.push(attempt);
    const n = txn.ipn.attempts.length;
    log(
      `IPN ${txn.txnRef} #${n} → ${attempt.rspCode ?? "-"}${attempt.error ? ` (${attempt.error})` : ""} [HTTP ${attempt.httpStatus ?? "-"}]`,
    );
    txn.ipn.retryScheduled = false;
    if (attempt.rspCode === "00" || attempt.rspCode === "02") {
      txn.ipn.delivered = true;
      return attempt;
    }
    const retriesDone = n - 1 - (chainStart.get(txn) ?? 0);
    if (closed || transactions.get(txn.txnRef) !== txn) return attempt;
    const delay = retryDelays[retriesDone];
    if (delay === undefined) {
      txn.ipn.gaveUp = true;
      log(`IPN ${txn.txnRef}: giving up after ${n} attempts`);
      return attempt;
    }
    txn.ipn.retryScheduled = true;
    const timer = setTimeout(() => {
      retryTimers.delete(txn.txnRef);
      void deliverIpn(txn);
    }, delay);
    timer.unref();
    retryTimers.set(txn.txnRef, timer);
    return attempt;
  }
  function startIpnChain(txn: SimTransaction): Promise<SimIpnAttempt> {
    const pending = retryTimers.get(txn.txnRef);
    if (pending) clearTimeout(pending);
    retryTimers.delete(txn.txnRef);
    chainStart.set(txn, txn.ipn.attempts.length);
    txn.ipn.gaveUp = false;
    return deliverIpn(txn);
  }

  // ---- Payment page ----------------------------------------------------------------------------

  type Checked = { ok: true; params: PayParams } | { ok: false; code: PageErrorCode; detail?: string };

  function checkPayment(query: URLSearchParams): Checked {
    const fields = vnpFields(query);
    if (!fields) return { ok: false, code: "03", detail: "repeated vnp_* parameter" };
    if (fields.vnp_TmnCode !== tmnCode) return { ok: false, code: "72" };
    if (!verifySignature(fields, hashSecret)) return { ok: false, code: "70" };
    const parsed = payParamsSchema.safeParse(fields);
    if (!parsed.success) {
      return { ok: false, code: "03", detail: parsed.error.issues.map((i) => i.path.join(".")).join(", ") };
    }
    const p = parsed.data;
    const units = Number(p.vnp_Amount);
    const amountVnd = units / 100;
    if (units % 100 !== 0 || amountVnd < VNPAY_MIN_AMOUNT_VND || amountVnd > VNPAY_MAX_AMOUNT_VND) {
      return {
        ok: false,
        code: "03",
        detail: `Số tiền không hợp lệ / Invalid amount: ${VNPAY_MIN_AMOUNT_VND}–${VNPAY_MAX_AMOUNT_VND} VND`,
      };
    }
    const created = parseVnpDate(p.vnp_CreateDate)!;
    const expires = parseVnpDate(p.vnp_ExpireDate)!;
    if (created.getTime() - now().getTime() > CREATE_DATE_SKEW_MS) {
      return { ok: false, code: "03", detail: "vnp_CreateDate is in the future: is it GMT+7?" };
    }
    if (expires.getTime() <= created.getTime()) {
      return { ok: false, code: "03", detail: "vnp_ExpireDate must be after vnp_CreateDate" };
    }
    return { ok: true, params: p };
  }

  function sameOrder(txn: SimTransaction, p: PayParams): boolean {
    return txn.amountVnd === Number(p.vnp_Amount) / 100 && txn.createDate === p.vnp_CreateDate;
  }

  function openTransaction(p: PayParams): SimTransaction {
    const txn: SimTransaction = {
      txnRef: p.vnp_TxnRef,
      amountVnd: Number(p.vnp_Amount) / 100,
      orderInfo: p.vnp_OrderInfo,
      locale: p.vnp_Locale,
      ipAddr: p.vnp_IpAddr,
      returnUrl: p.vnp_ReturnUrl,
      createDate: p.vnp_CreateDate,
      expireDate: p.vnp_ExpireDate,
      openedAt: now().toISOString(),
      state: "PENDING",
      responseCode: null,
      transactionStatus: "01",
      transactionNo: null,
      bankCode: null,
      bankTranNo: null,
      cardType: null,
      payDate: null,
      result: null,
      ipn: { enabled: true, attempts: [], delivered: false, gaveUp: false, retryScheduled: false },
      refunds: [],
      refundedVnd: 0,
    };
    transactions.set(txn.txnRef, txn);
    log(`page ${txn.txnRef} ${formatVnd(txn.amountVnd)}`);
    return txn;
  }

  function handlePaymentPage(url: URL, res: http.ServerResponse): void {
    const checked = checkPayment(url.searchParams);
    if (!checked.ok) return sendHtml(res, 400, errorPage(checked.code, checked.detail), checked.code);
    const p = checked.params;
    const existing = transactions.get(p.vnp_TxnRef);
    if (existing) expireIfDue(existing);
    if (existing && (existing.state !== "PENDING" || !sameOrder(existing, p))) {
      if (existing.state === "EXPIRED") return sendHtml(res, 400, errorPage("11"), "11");
      return sendHtml(res, 400, errorPage("01"), "01");
    }
    if (now().getTime() > parseVnpDate(p.vnp_ExpireDate)!.getTime()) {
      return sendHtml(res, 400, errorPage("11"), "11");
    }
    if (!existing) openTransaction(p);
    sendHtml(res, 200, paymentPage(p, tmnCode, url.searchParams.get("noIpn") === "1"));
  }

  async function handlePaymentChoice(url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    const action = form.get("action");
    if (action !== "pay" && action !== "cancel" && action !== "fail") {
      throw new HttpError(400, "action must be pay, cancel or fail");
    }
    const failCode = form.get("failCode") ?? "51";
    if (action === "fail" && (!/^\d{2}$/.test(failCode) || failCode === "00")) {
      throw new HttpError(400, "failCode must be two digits other than 00");
    }
    // The page's own form decides with its checkbox; a bare POST may use ?noIpn=1 or noIpn=1.
    const noIpn =
      form.get("form") === "1"
        ? form.get("noIpn") === "1"
        : form.get("noIpn") === "1" || url.searchParams.get("noIpn") === "1";

    const checked = checkPayment(url.searchParams);
    if (!checked.ok) return sendHtml(res, 400, errorPage(checked.code, checked.detail), checked.code);
    const p = checked.params;
    let txn = transactions.get(p.vnp_TxnRef);
    if (txn && (txn.state !== "PENDING" || !sameOrder(txn, p))) {
      return sendHtml(res, 400, errorPage("01", "Giao dịch đã được xử lý / Already processed"), "01");
    }
    // The page was opened before a reset: the click opens it too.
    txn ??= openTransaction(p);

    const at = now();
    const expired = at.getTime() > parseVnpDate(p.vnp_ExpireDate)!.getTime();
    const outcome = expired ? "expired" : action;
    switch (outcome) {
      case "pay":
        txn.state = "PAID";
        txn.responseCode = "00";
        txn.transactionStatus = "00";
        txn.transactionNo = nextTransactionNo();
        txn.bankCode = p.vnp_BankCode || "NCB";
        txn.bankTranNo = `VNP${txn.transactionNo}`;
        txn.cardType = "ATM";
        break;
      case "fail":
        txn.state = "FAILED";
        txn.responseCode = failCode;
        txn.transactionStatus = "02";
        txn.transactionNo = nextTransactionNo();
        txn.bankCode = p.vnp_BankCode || "NCB";
        txn.cardType = "ATM";
        break;
      case "cancel":
      case "expired":
        // Nothing reached a bank: VNPay reports transaction number 0 and itself as the bank.
        txn.state = outcome === "cancel" ? "CANCELLED" : "EXPIRED";
        txn.responseCode = outcome === "cancel" ? "24" : "11";
        txn.transactionStatus = "02";
        txn.transactionNo = "0";
        txn.bankCode = "VNPAY";
        break;
    }
    txn.payDate = vnpDate(at);
    const result: Record<string, string> = {
      vnp_Amount: p.vnp_Amount,
      vnp_BankCode: txn.bankCode ?? "",
      vnp_OrderInfo: p.vnp_OrderInfo,
      vnp_PayDate: txn.payDate,
      vnp_ResponseCode: txn.responseCode ?? "",
      vnp_TmnCode: tmnCode,
      vnp_TransactionNo: txn.transactionNo ?? "0",
      vnp_TransactionStatus: txn.transactionStatus,
      vnp_TxnRef: txn.txnRef,
    };
    if (txn.bankTranNo) result.vnp_BankTranNo = txn.bankTranNo;
    if (txn.cardType) result.vnp_CardType = txn.cardType;
    txn.result = result;
    txn.ipn.enabled = sendIpn && !noIpn;
    log(`choice ${txn.txnRef} ${outcome} → ${txn.responseCode}${txn.ipn.enabled ? "" : " (no IPN)"}`);

    if (txn.ipn.enabled) {
      const first = startIpnChain(txn);
      if (awaitFirstIpn) await first;
    }
    const location = new URL(p.vnp_ReturnUrl);
    for (const [k, v] of Object.entries(result)) location.searchParams.append(k, v);
    location.searchParams.append("vnp_SecureHash", signParams(result, hashSecret));
    res.writeHead(302, { Location: location.toString(), "Cache-Control": "no-store" });
    res.end();
  }

  // ---- querydr / refund --------------------------------------------------------------------

  function apiReply(
    command: "querydr" | "refund",
    code: string,
    fields: Record<string, string> = {},
  ): Record<string, string> {
    const body: Record<string, string> = {
      vnp_ResponseId: randomBytes(16).toString("hex"),
      vnp_Command: command,
      vnp_ResponseCode: code,
      vnp_Message: API_MESSAGES[code] ?? "Unknown error",
      vnp_TmnCode: tmnCode,
      ...fields,
    };
    const order = command === "querydr" ? QUERYDR_RESPONSE_FIELDS : REFUND_RESPONSE_FIELDS;
    return { ...body, vnp_SecureHash: pipeChecksum(body, order, hashSecret) };
  }

  function findForApi(txnRef: string, transactionDate: string): SimTransaction | undefined {
    const txn = transactions.get(txnRef);
    if (!txn || txn.createDate !== transactionDate) return undefined;
    expireIfDue(txn);
    return txn;
  }

  function handleApiCommand(json: Record<string, unknown>): Record<string, string> {
    const command = json.vnp_Command;
    if (command !== "querydr" && command !== "refund") throw new HttpError(400, "unknown vnp_Command");
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(json)) {
      if (typeof v === "string" || typeof v === "number") fields[k] = String(v);
      else if (v !== null && v !== undefined) return apiReply(command, "03");
    }
    if (fields.vnp_TmnCode !== tmnCode) return apiReply(command, "02");
    const requestOrder = command === "querydr" ? QUERYDR_REQUEST_FIELDS : REFUND_REQUEST_FIELDS;
    const expected = pipeChecksum(fields, requestOrder, hashSecret);
    if ((fields.vnp_SecureHash ?? "").toLowerCase() !== expected) return apiReply(command, "97");

    if (command === "querydr") {
      const parsed = querydrSchema.safeParse(fields);
      if (!parsed.success) return apiReply(command, "03");
      const q = parsed.data;
      if (seenRequestIds.has(q.vnp_RequestId)) return apiReply(command, "94");
      seenRequestIds.add(q.vnp_RequestId);
      const txn = findForApi(q.vnp_TxnRef, q.vnp_TransactionDate);
      if (!txn) return apiReply(command, "91", { vnp_TxnRef: q.vnp_TxnRef });
      return apiReply(command, "00", {
        vnp_TxnRef: txn.txnRef,
        vnp_Amount: String(txn.amountVnd * 100),
        vnp_OrderInfo: txn.orderInfo,
        vnp_BankCode: txn.bankCode ?? "",
        vnp_PayDate: txn.payDate ?? "",
        vnp_TransactionNo: txn.transactionNo ?? "",
        vnp_TransactionType: "01",
        vnp_TransactionStatus: txn.transactionStatus,
        vnp_PromotionCode: "",
        vnp_PromotionAmount: "",
      });
    }

    const parsed = refundSchema.safeParse(fields);
    if (!parsed.success) return apiReply(command, "03");
    const r = parsed.data;
    const units = Number(r.vnp_Amount);
    if (units <= 0 || units % 100 !== 0) return apiReply(command, "03");
    const amountVnd = units / 100;
    if (seenRequestIds.has(r.vnp_RequestId)) return apiReply(command, "94");
    seenRequestIds.add(r.vnp_RequestId);
    const txn = findForApi(r.vnp_TxnRef, r.vnp_TransactionDate);
    const wantedNo = r.vnp_TransactionNo && r.vnp_TransactionNo !== "0" ? r.vnp_TransactionNo : null;
    if (!txn || (wantedNo !== null && wantedNo !== txn.transactionNo)) {
      return apiReply(command, "91", { vnp_TxnRef: r.vnp_TxnRef });
    }
    if (txn.state !== "PAID") return apiReply(command, "95", { vnp_TxnRef: txn.txnRef });
    if (r.vnp_TransactionType === "02") {
      if (txn.refunds.length > 0) return apiReply(command, "94", { vnp_TxnRef: txn.txnRef });
      if (amountVnd !== txn.amountVnd) return apiReply(command, "03", { vnp_TxnRef: txn.txnRef });
    } else if (amountVnd > txn.amountVnd - txn.refundedVnd) {
      return apiReply(command, "95", { vnp_TxnRef: txn.txnRef });
    }
    const refund: SimRefund = {
      requestId: r.vnp_RequestId,
      transactionType: r.vnp_TransactionType,
      amountVnd,
      createBy: r.vnp_CreateBy,
      transactionNo: nextTransactionNo(),
      transactionStatus: refundStatus,
      at: now().toISOString(),
    };
    txn.refunds.push(refund);
    txn.refundedVnd += amountVnd;
    log(`refund ${txn.txnRef} ${r.vnp_TransactionType} ${formatVnd(amountVnd)}`);
    return apiReply(command, "00", {
      vnp_TxnRef: txn.txnRef,
      vnp_Amount: String(units),
      vnp_OrderInfo: r.vnp_OrderInfo,
      vnp_BankCode: txn.bankCode ?? "",
      vnp_PayDate: vnpDate(now()),
      vnp_TransactionNo: refund.transactionNo,
      vnp_TransactionType: r.vnp_TransactionType,
      vnp_TransactionStatus: refundStatus,
    });
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const text = await readBody(req);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { vnp_ResponseCode: "03", vnp_Message: "Invalid JSON" });
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return sendJson(res, 400, { vnp_ResponseCode: "03", vnp_Message: "Body must be a JSON object" });
    }
    const record = json as Record<string, unknown>;
    let reply: Record<string, string>;
    try {
      reply = handleApiCommand(record);
    } catch (error) {
      if (error instanceof HttpError) {
        return sendJson(res, error.status, { vnp_ResponseCode: "03", vnp_Message: error.message });
      }
      throw error;
    }
    const str = (v: unknown) => (typeof v === "string" ? v : null);
    apiRequests.push({
      at: now().toISOString(),
      command: String(reply.vnp_Command),
      requestId: str(record.vnp_RequestId),
      txnRef: str(record.vnp_TxnRef),
      responseCode: reply.vnp_ResponseCode ?? "",
    });
    log(`api ${reply.vnp_Command} ${str(record.vnp_TxnRef) ?? "-"} → ${reply.vnp_ResponseCode}`);
    sendJson(res, 200, reply);
  }

  // ---- Control endpoints ---------------------------------------------------------------------

  function reset(): void {
    for (const timer of retryTimers.values()) clearTimeout(timer);
    retryTimers.clear();
    transactions = new Map();
    apiRequests = [];
    seenRequestIds = new Set();
    sendIpn = true;
  }

  async function resendIpn(txnRef: string): Promise<SimIpnAttempt | null> {
    const txn = transactions.get(txnRef);
    if (!txn || !txn.result) return null;
    txn.ipn.enabled = true;
    return startIpnChain(txn);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://simulator.invalid");
    } catch {
      throw new HttpError(400, "Bad URL");
    }
    const method = req.method ?? "GET";
    const path = url.pathname;

    if (path === PAY_PATH) {
      if (method === "GET") return handlePaymentPage(url, res);
      if (method === "POST") return handlePaymentChoice(url, req, res);
      throw new HttpError(405, "Method not allowed");
    }
    if (path === API_PATH) {
      if (method === "POST") return handleApi(req, res);
      throw new HttpError(405, "Method not allowed");
    }
    if (path === "/_sim/health" && method === "GET") return sendJson(res, 200, { ok: true });
    if (path === "/_sim/transactions" && method === "GET") {
      return sendJson(res, 200, {
        transactions: snapshot(),
        apiRequests,
        settings: { sendIpn, retryDelaysMs: retryDelays, awaitFirstIpn },
      });
    }
    if (path === "/_sim/reset" && method === "POST") {
      reset();
      return sendJson(res, 200, { ok: true });
    }
    if (path === "/_sim/settings" && method === "POST") {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        throw new HttpError(400, "Body must be JSON");
      }
      const parsed = z.object({ sendIpn: z.boolean().optional() }).safeParse(body);
      if (!parsed.success) throw new HttpError(400, "Expected { sendIpn?: boolean }");
      if (parsed.data.sendIpn !== undefined) sendIpn = parsed.data.sendIpn;
      return sendJson(res, 200, { sendIpn });
    }
    const one = /^\/_sim\/transactions\/([^/]+)(\/ipn)?$/.exec(path);
    if (one) {
      const txnRef = decodeURIComponent(one[1] ?? "");
      if (!one[2] && method === "GET") {
        const txn = transactions.get(txnRef);
        if (!txn) throw new HttpError(404, "No such transaction");
        expireIfDue(txn);
        return sendJson(res, 200, txn);
      }
      if (one[2] && method === "POST") {
        const attempt = await resendIpn(txnRef);
        if (!attempt) throw new HttpError(404, "No completed transaction with that vnp_TxnRef");
        return sendJson(res, 200, attempt);
      }
      throw new HttpError(405, "Method not allowed");
    }
    throw new HttpError(404, "Not found");
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof URIError ? 400 : 500;
      if (status === 500) log(`internal error: ${errorMessage(error)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // An unread body would be taken for the next request on a kept-alive connection.
      if (!req.complete) res.setHeader("Connection", "close");
      sendJson(res, status, { error: error instanceof HttpError ? error.message : "Bad request" });
    });
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: base,
    payUrl: `${base}${PAY_PATH}`,
    apiUrl: `${base}${API_PATH}`,
    port,
    received: {
      get transactions() {
        return snapshot();
      },
      get apiRequests() {
        return structuredClone(apiRequests);
      },
    },
    transaction: (txnRef) => {
      const txn = transactions.get(txnRef);
      if (!txn) return undefined;
      expireIfDue(txn);
      return structuredClone(txn);
    },
    setSendIpn: (enabled) => {
      sendIpn = enabled;
    },
    resendIpn,
    reset,
    close: async () => {
      closed = true;
      for (const timer of retryTimers.values()) clearTimeout(timer);
      retryTimers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
