// VNPay PAY API 2.1.0: payment URL, IPN/return verification and decision, querydr and refund.
// Framework-free and config-in: the caller reads the environment, owns the database and the routes,
// so the same code serves the app, the reconciliation job and the simulator's tests.
// Nothing here logs: a logged vnp_SecureHash plus its canonical string is an offline-guessable
// HMAC, and the hash secret must never leave the config object.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { VNPay } from "vnpay";
import { ProductCode, VnpCurrCode, VnpLocale } from "vnpay/enums";
import { z } from "zod";

export interface VnpayConfig {
  tmnCode: string;
  hashSecret: string;
  /** e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html, or the simulator's /paymentv2/vpcpay.html */
  payUrl: string;
  /** querydr + refund endpoint, e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction */
  apiUrl: string;
  returnUrl: string;
  locale?: "vn" | "en";
}

export const VNPAY_VERSION = "2.1.0";
// VNPay refuses amounts outside [5 000, 1 000 000 000) VND with a format error on its own page;
// failing here gives the buyer an error from us instead of a dead end at the gateway.
export const VNPAY_MIN_AMOUNT_VND = 5_000;
export const VNPAY_MAX_AMOUNT_VND = 999_999_999;

// ---------------------------------------------------------------------------------------------
// Dates: VNPay reads every yyyyMMddHHmmss as Vietnam wall time (GMT+7, no DST), whatever the
// server's zone. Shifting the epoch by 7 h and reading the UTC fields avoids TZ and Intl entirely.

const GMT7_MS = 7 * 60 * 60 * 1000;

export function vnpDate(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("vnpDate: invalid Date");
  const d = new Date(ms + GMT7_MS);
  const p = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    p(d.getUTCFullYear(), 4) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds())
  );
}

/** The instant a VNPay `yyyyMMddHHmmss` (GMT+7) denotes; null when malformed or not a real date. */
export function parseVnpDate(s: string | number | null | undefined): Date | null {
  if (s === null || s === undefined) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(s));
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  // Date.UTC rolls 20250231 over to March: a round trip rejects impossible dates.
  const same =
    wall.getUTCFullYear() === y &&
    wall.getUTCMonth() === mo - 1 &&
    wall.getUTCDate() === d &&
    wall.getUTCHours() === h &&
    wall.getUTCMinutes() === mi &&
    wall.getUTCSeconds() === se;
  return same ? new Date(wall.getTime() - GMT7_MS) : null;
}

// ---------------------------------------------------------------------------------------------
// Redirect/IPN signature: HMAC-SHA512 over the sorted, form-encoded vnp_* parameters.

const HASH_KEYS = new Set(["vnp_SecureHash", "vnp_SecureHashType"]);
const HEX_SHA512 = /^[0-9a-fA-F]{128}$/;

function hmacSha512Hex(secret: string, data: string): string {
  return createHmac("sha512", secret).update(data, "utf8").digest("hex");
}

/**
 * VNPay's canonical string: keys sorted ascending (UTF-16 order, as every VNPay sample sorts),
 * empty values and the hash fields left out, each pair form-encoded with spaces as `+`, joined
 * by `&`.
 *
 * Encoding = encodeURIComponent with %20→`+`, except that `! ' ( ) ~` are percent-encoded too:
 * that is WHATWG form encoding (URLSearchParams), which is what the `vnpay` package signs and what
 * Java's URLEncoder in VNPay's reference code produces. VNPay's Node sample (plain
 * encodeURIComponent) disagrees on exactly those five characters; we follow the package. Both
 * agree on everything `toVnpayOrderInfo` lets through.
 */
export function canonicalString(params: Record<string, string>): string {
  const out = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (HASH_KEYS.has(key) || value === undefined || value === "") continue;
    out.append(key, value);
  }
  return out.toString();
}

/** vnp_SecureHash for a set of vnp_* parameters (lowercase hex). */
export function signParams(params: Record<string, string>, secret: string): string {
  return hmacSha512Hex(secret, canonicalString(params));
}

export type VnpQuery = URLSearchParams | Record<string, unknown>;

/**
 * Only the vnp_* entries of a query, as strings. Null when a vnp_* key repeats or is not a string:
 * which copy VNPay signed would be ambiguous, so such a request cannot be trusted.
 */
export function vnpFields(query: VnpQuery): Record<string, string> | null {
  const out: Record<string, string> = {};
  const entries: Iterable<[string, unknown]> =
    query instanceof URLSearchParams ? query.entries() : Object.entries(query);
  for (const [key, value] of entries) {
    if (!key.startsWith("vnp_")) continue; // a merchant's own return-URL params are not signed
    if (typeof value !== "string" || Object.hasOwn(out, key)) return null;
    out[key] = value;
  }
  return out;
}

function hexEqual(expectedHex: string, receivedHex: string): boolean {
  if (!HEX_SHA512.test(receivedHex) || !HEX_SHA512.test(expectedHex)) return false;
  // Both are 64 bytes once decoded, so timingSafeEqual never throws; hex case does not matter.
  return timingSafeEqual(Buffer.from(expectedHex, "hex"), Buffer.from(receivedHex, "hex"));
}

/**
 * Whether an IPN/return query carries a valid vnp_SecureHash. Unlike the `vnpay` package this
 * ignores non-vnp keys (a return URL may carry our own parameters), accepts either hex case and
 * compares in constant time.
 */
export function verifySignature(query: VnpQuery, secret: string): boolean {
  const fields = vnpFields(query);
  const received = fields?.vnp_SecureHash;
  if (!fields || !received) return false;
  return hexEqual(signParams(fields, secret), received);
}

// ---------------------------------------------------------------------------------------------
// Payment URL

export interface PaymentUrlInput {
  txnRef: string;
  amountVnd: number;
  orderInfo: string;
  ipAddr: string;
  createdAt: Date;
  expiresAt: Date;
  bankCode?: string;
  locale?: "vn" | "en";
}

const TXN_REF = /^[A-Za-z0-9_-]{1,100}$/;

function assertAmountVnd(amountVnd: number, what: string): void {
  if (!Number.isSafeInteger(amountVnd) || amountVnd <= 0) {
    throw new RangeError(`${what}: amount must be a positive whole number of VND, got ${amountVnd}`);
  }
}

function assertTxnRef(txnRef: string): void {
  if (!TXN_REF.test(txnRef)) throw new RangeError("VNPay vnp_TxnRef must be 1–100 of [A-Za-z0-9_-]");
}

/**
 * The signed URL that sends the buyer to VNPay. Built by the `vnpay` package (its canonical form
 * is the one VNPay deployments are known to accept), with both dates passed explicitly because
 * its default vnp_CreateDate is only right when the process runs in UTC, and with the host taken
 * from config.payUrl (testMode would force the sandbox host and lock out the simulator).
 */
export function buildPaymentUrl(config: VnpayConfig, input: PaymentUrlInput): string {
  assertTxnRef(input.txnRef);
  assertAmountVnd(input.amountVnd, "buildPaymentUrl");
  if (input.amountVnd < VNPAY_MIN_AMOUNT_VND || input.amountVnd > VNPAY_MAX_AMOUNT_VND) {
    throw new RangeError(
      `VNPay accepts ${VNPAY_MIN_AMOUNT_VND}–${VNPAY_MAX_AMOUNT_VND} VND, got ${input.amountVnd}`,
    );
  }
  if (!(input.expiresAt.getTime() > input.createdAt.getTime())) {
    throw new RangeError("buildPaymentUrl: expiresAt must be after createdAt");
  }
  if (input.orderInfo.trim() === "" || input.orderInfo.length > 255) {
    throw new RangeError("buildPaymentUrl: orderInfo must be 1–255 characters");
  }
  const target = new URL(config.payUrl);
  // The package rewrites the query string, so anything here would silently vanish.
  if (target.search !== "") throw new RangeError("VnpayConfig.payUrl must not have a query string");

  const locale = (input.locale ?? config.locale ?? "vn") === "en" ? VnpLocale.EN : VnpLocale.VN;
  const client = new VNPay({
    tmnCode: config.tmnCode,
    secureSecret: config.hashSecret,
    vnpayHost: target.origin,
    endpoints: { paymentEndpoint: target.pathname },
    testMode: false,
    enableLog: false,
    vnp_Version: VNPAY_VERSION,
    vnp_Locale: locale,
  });
  return client.buildPaymentUrl({
    vnp_Amount: input.amountVnd, // the package multiplies by 100
    vnp_OrderInfo: input.orderInfo,
    vnp_TxnRef: input.txnRef,
    vnp_IpAddr: input.ipAddr,
    vnp_ReturnUrl: config.returnUrl,
    vnp_CreateDate: Number(vnpDate(input.createdAt)),
    vnp_ExpireDate: Number(vnpDate(input.expiresAt)),
    vnp_CurrCode: VnpCurrCode.VND,
    vnp_Locale: locale,
    vnp_OrderType: ProductCode.Other,
    ...(input.bankCode ? { vnp_BankCode: input.bankCode } : {}),
  });
}

/**
 * vnp_OrderInfo VNPay asks for: Vietnamese without diacritics and no special characters. Stripping
 * them also keeps the string inside the characters every VNPay encoding variant agrees on.
 */
export function toVnpayOrderInfo(text: string): string {
  const plain = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9 .,:_#/-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.slice(0, 255).trim() || "Thanh toan don hang";
}

// ---------------------------------------------------------------------------------------------
// IPN

export interface ParsedIpn {
  tmnCode: string;
  txnRef: string;
  amountVnd: number;
  responseCode: string;
  transactionStatus: string;
  transactionNo: string;
  bankCode: string;
  bankTranNo: string | null;
  cardType: string | null;
  orderInfo: string | null;
  payDate: Date | null;
  success: boolean;
}

const code2 = z.string().regex(/^\d{2}$/);
const ipnSchema = z.object({
  vnp_TmnCode: z.string().min(1),
  vnp_TxnRef: z.string().min(1).max(100),
  vnp_Amount: z
    .string()
    .regex(/^\d{1,17}$/)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n > 0 && n % 100 === 0, "vnp_Amount must be whole VND × 100"),
  vnp_ResponseCode: code2,
  vnp_TransactionStatus: code2,
  vnp_TransactionNo: z.string().regex(/^\d{1,20}$/),
  vnp_BankCode: z.string().max(20).optional(),
  vnp_BankTranNo: z.string().max(255).optional(),
  vnp_CardType: z.string().max(20).optional(),
  vnp_OrderInfo: z.string().max(255).optional(),
  vnp_PayDate: z
    .string()
    .optional()
    .refine((s) => s === undefined || parseVnpDate(s) !== null, "vnp_PayDate must be yyyyMMddHHmmss"),
});

export type ParseIpnResult = { ok: true; ipn: ParsedIpn } | { ok: false; error: string };

/** A typed view of an IPN (or return) query. Does not check the signature: see verifySignature. */
export function parseIpn(query: VnpQuery): ParseIpnResult {
  const fields = vnpFields(query);
  if (!fields) return { ok: false, error: "repeated or non-string vnp_* parameter" };
  const result = ipnSchema.safeParse(fields);
  if (!result.success) {
    const error = result.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
    return { ok: false, error };
  }
  const v = result.data;
  return {
    ok: true,
    ipn: {
      tmnCode: v.vnp_TmnCode,
      txnRef: v.vnp_TxnRef,
      amountVnd: v.vnp_Amount / 100,
      responseCode: v.vnp_ResponseCode,
      transactionStatus: v.vnp_TransactionStatus,
      transactionNo: v.vnp_TransactionNo,
      bankCode: v.vnp_BankCode ?? "",
      bankTranNo: v.vnp_BankTranNo || null,
      cardType: v.vnp_CardType || null,
      orderInfo: v.vnp_OrderInfo ?? null,
      payDate: parseVnpDate(v.vnp_PayDate),
      // VNPay's rule: only both codes at 00 mean money was taken.
      success: v.vnp_ResponseCode === "00" && v.vnp_TransactionStatus === "00",
    },
  };
}

export type IpnRspCode = "00" | "01" | "02" | "04" | "97" | "99";
export interface IpnReply {
  RspCode: IpnRspCode;
  Message: string;
}

const IPN_MESSAGES: Record<IpnRspCode, string> = {
  "00": "Confirm Success",
  "01": "Order not found",
  "02": "Order already confirmed",
  "04": "Invalid amount",
  "97": "Invalid signature",
  "99": "Unknown error",
};

/** The JSON body VNPay expects back from the IPN URL. */
export function ipnReply(code: IpnRspCode): IpnReply {
  return { RspCode: code, Message: IPN_MESSAGES[code] };
}

export type VnpayAttemptStatus = "PENDING" | "SUCCEEDED" | "FAILED" | "EXPIRED";

export interface IpnDecisionInput {
  signatureOk: boolean;
  parsed: ParsedIpn | null;
  /** The payment attempt whose txnRef the IPN names, or null when there is none. */
  attempt: null | { amountVnd: number; status: VnpayAttemptStatus };
}

export interface IpnDecision {
  reply: IpnReply;
  settle: null | "SUCCEEDED" | "FAILED";
}

/**
 * What to answer VNPay and how to settle the attempt, in VNPay's order of checks (signature,
 * order, amount, status). VNPay stops retrying on 00 and 02 only, so every outcome that needs no
 * further delivery must map to one of them.
 */
export function decideIpn({ signatureOk, parsed, attempt }: IpnDecisionInput): IpnDecision {
  if (!signatureOk) return { reply: ipnReply("97"), settle: null };
  // Signed by VNPay but unreadable: 99 asks for a retry, which is right if it was our bug.
  if (!parsed) return { reply: ipnReply("99"), settle: null };
  if (!attempt) return { reply: ipnReply("01"), settle: null };
  if (attempt.amountVnd !== parsed.amountVnd) return { reply: ipnReply("04"), settle: null };
  if (attempt.status === "EXPIRED") {
    // Our expiry timer only means "no answer from VNPay in time", not a VNPay result. If VNPay now
    // says the buyer paid, the money has been taken: record SUCCEEDED so it is fulfilled or
    // refunded rather than silently lost. A failure changes nothing: the attempt already ended
    // unpaid, so acknowledge it as confirmed.
    return parsed.success
      ? { reply: ipnReply("00"), settle: "SUCCEEDED" }
      : { reply: ipnReply("02"), settle: null };
  }
  if (attempt.status !== "PENDING") return { reply: ipnReply("02"), settle: null };
  // A failed payment is still confirmed with 00: VNPay's result has been recorded.
  return { reply: ipnReply("00"), settle: parsed.success ? "SUCCEEDED" : "FAILED" };
}

// ---------------------------------------------------------------------------------------------
// querydr and refund (merchant_webapi/api/transaction, JSON, checksum over `|`-joined fields)
//
// Field orders checked against the `vnpay` package 2.5.0 (QueryService): requests identical.
// Where the package differs on responses we follow VNPay's documented fields instead, noted:
//  - querydr response: the package hashes its own config tmnCode in place of the response's
//    vnp_TmnCode; we hash the field as received and separately require it to equal our tmnCode.
//  - refund response: the package divides vnp_Amount by 100 before hashing, so it cannot verify a
//    genuine response carrying an amount; we hash the amount as sent (VND × 100).
//  - missing fields hash as "" (the package does the same by deleting the text "undefined"
//    anywhere in the string, which would also corrupt an order info containing that word).

export const QUERYDR_REQUEST_FIELDS = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_TransactionDate",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
] as const;

export const QUERYDR_RESPONSE_FIELDS = [
  "vnp_ResponseId",
  "vnp_Command",
  "vnp_ResponseCode",
  "vnp_Message",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_BankCode",
  "vnp_PayDate",
  "vnp_TransactionNo",
  "vnp_TransactionType",
  "vnp_TransactionStatus",
  "vnp_OrderInfo",
  "vnp_PromotionCode",
  "vnp_PromotionAmount",
] as const;

export const REFUND_REQUEST_FIELDS = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TransactionType",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_TransactionNo",
  "vnp_TransactionDate",
  "vnp_CreateBy",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
] as const;

export const REFUND_RESPONSE_FIELDS = [
  "vnp_ResponseId",
  "vnp_Command",
  "vnp_ResponseCode",
  "vnp_Message",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_BankCode",
  "vnp_PayDate",
  "vnp_TransactionNo",
  "vnp_TransactionType",
  "vnp_TransactionStatus",
  "vnp_OrderInfo",
] as const;

/** HMAC-SHA512 of `fields` read from `body` and joined by `|` (missing → ""). */
export function pipeChecksum(body: object, fields: readonly string[], secret: string): string {
  const record = body as Record<string, unknown>;
  const data = fields
    .map((f) => {
      const v = record[f];
      return v === undefined || v === null ? "" : String(v);
    })
    .join("|");
  return hmacSha512Hex(secret, data);
}

function verifyPipeChecksum(body: unknown, fields: readonly string[], secret: string): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  const received = record.vnp_SecureHash;
  if (typeof received !== "string") return false;
  return hexEqual(pipeChecksum(record, fields, secret), received);
}

/** VNPay wants vnp_RequestId unique per day, alphanumeric, at most 32 characters. */
export function newRequestId(): string {
  return randomBytes(16).toString("hex");
}

const REQUEST_ID = /^[A-Za-z0-9]{1,32}$/;

function assertRequestId(requestId: string): void {
  if (!REQUEST_ID.test(requestId)) throw new RangeError("vnp_RequestId must be 1–32 of [A-Za-z0-9]");
}

export interface QueryDrInput {
  requestId: string;
  txnRef: string;
  /** The attempt's createdAt: VNPay finds the payment by vnp_TxnRef plus its vnp_CreateDate. */
  transactionDate: Date;
  createdAt: Date;
  ipAddr: string;
  orderInfo: string;
  /** VNPay's number for the payment when known; sent but, per VNPay, not part of the checksum. */
  transactionNo?: string;
}

export interface QueryDrRequest {
  vnp_RequestId: string;
  vnp_Version: typeof VNPAY_VERSION;
  vnp_Command: "querydr";
  vnp_TmnCode: string;
  vnp_TxnRef: string;
  vnp_OrderInfo: string;
  vnp_TransactionDate: string;
  vnp_CreateDate: string;
  vnp_IpAddr: string;
  vnp_TransactionNo?: string;
  vnp_SecureHash: string;
}

export function buildQueryDr(config: VnpayConfig, input: QueryDrInput): QueryDrRequest {
  assertRequestId(input.requestId);
  assertTxnRef(input.txnRef);
  const body: Omit<QueryDrRequest, "vnp_SecureHash"> = {
    vnp_RequestId: input.requestId,
    vnp_Version: VNPAY_VERSION,
    vnp_Command: "querydr",
    vnp_TmnCode: config.tmnCode,
    vnp_TxnRef: input.txnRef,
    vnp_OrderInfo: input.orderInfo,
    vnp_TransactionDate: vnpDate(input.transactionDate),
    vnp_CreateDate: vnpDate(input.createdAt),
    vnp_IpAddr: input.ipAddr,
    ...(input.transactionNo ? { vnp_TransactionNo: input.transactionNo } : {}),
  };
  return { ...body, vnp_SecureHash: pipeChecksum(body, QUERYDR_REQUEST_FIELDS, config.hashSecret) };
}

export function verifyQueryDrResponse(body: unknown, secret: string): boolean {
  return verifyPipeChecksum(body, QUERYDR_RESPONSE_FIELDS, secret);
}

export interface RefundInput {
  requestId: string;
  txnRef: string;
  amountVnd: number;
  /** "02" full, "03" partial */
  transactionType: "02" | "03";
  /** VNPay's vnp_TransactionNo of the payment; the package sends "0" when it is unknown. */
  transactionNo?: string;
  /** The attempt's createdAt (the payment's vnp_CreateDate). */
  transactionDate: Date;
  /** Who asked for the refund (staff user), required by VNPay. */
  createBy: string;
  createdAt: Date;
  ipAddr: string;
  orderInfo: string;
}

export interface RefundRequest {
  vnp_RequestId: string;
  vnp_Version: typeof VNPAY_VERSION;
  vnp_Command: "refund";
  vnp_TmnCode: string;
  vnp_TransactionType: "02" | "03";
  vnp_TxnRef: string;
  /** VND × 100, a JSON number like the package and VNPay's Node sample send */
  vnp_Amount: number;
  vnp_OrderInfo: string;
  vnp_TransactionNo: string;
  vnp_TransactionDate: string;
  vnp_CreateBy: string;
  vnp_CreateDate: string;
  vnp_IpAddr: string;
  vnp_SecureHash: string;
}

export function buildRefund(config: VnpayConfig, input: RefundInput): RefundRequest {
  assertRequestId(input.requestId);
  assertTxnRef(input.txnRef);
  assertAmountVnd(input.amountVnd, "buildRefund");
  if (input.createBy.trim() === "") throw new RangeError("buildRefund: createBy is required");
  const body: Omit<RefundRequest, "vnp_SecureHash"> = {
    vnp_RequestId: input.requestId,
    vnp_Version: VNPAY_VERSION,
    vnp_Command: "refund",
    vnp_TmnCode: config.tmnCode,
    vnp_TransactionType: input.transactionType,
    vnp_TxnRef: input.txnRef,
    vnp_Amount: input.amountVnd * 100,
    vnp_OrderInfo: input.orderInfo,
    vnp_TransactionNo: input.transactionNo || "0",
    vnp_TransactionDate: vnpDate(input.transactionDate),
    vnp_CreateBy: input.createBy,
    vnp_CreateDate: vnpDate(input.createdAt),
    vnp_IpAddr: input.ipAddr,
  };
  return { ...body, vnp_SecureHash: pipeChecksum(body, REFUND_REQUEST_FIELDS, config.hashSecret) };
}

export function verifyRefundResponse(body: unknown, secret: string): boolean {
  return verifyPipeChecksum(body, REFUND_RESPONSE_FIELDS, secret);
}

/** A checksum-verified querydr/refund answer. Amounts are back in VND. */
export interface VnpayApiResponse {
  command: "querydr" | "refund";
  responseId: string;
  /** "00" request accepted; querydr 91 not found, 94 duplicate request, 97 checksum, 99 other… */
  responseCode: string;
  message: string;
  txnRef: string | null;
  amountVnd: number | null;
  bankCode: string | null;
  payDate: Date | null;
  transactionNo: string | null;
  /** "01" payment, "02" full refund, "03" partial refund */
  transactionType: string | null;
  /** "00" paid, "01" pending, "02" failed, "04" reversed, "05"/"06" refund in progress/sent… */
  transactionStatus: string | null;
  raw: Record<string, string>;
}

export type VnpayApiError =
  | { kind: "timeout" }
  | { kind: "network"; message: string }
  | { kind: "http"; status: number }
  | { kind: "invalid_json" }
  /** Missing or wrong vnp_SecureHash: nothing in the body can be trusted, the code is for logs. */
  | { kind: "bad_checksum"; responseCode: string | null }
  | { kind: "invalid_response"; message: string };

export type VnpayApiResult = { ok: true; response: VnpayApiResponse } | { ok: false; error: VnpayApiError };

function optionalString(raw: Record<string, string>, key: string): string | null {
  const v = raw[key];
  return v === undefined || v === "" ? null : v;
}

/**
 * POSTs a querydr/refund body to config.apiUrl and returns VNPay's answer once its checksum, tmnCode
 * and command match; every failure is a value, never a throw, so a reconciliation loop can carry on.
 */
export async function postVnpayApi(
  config: VnpayConfig,
  body: QueryDrRequest | RefundRequest,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<VnpayApiResult> {
  let response: Response;
  try {
    response = await fetchImpl(config.apiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: { kind: "timeout" } };
    return { ok: false, error: { kind: "network", message: String((error as Error)?.message ?? error) } };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, error: { kind: "http", status: response.status } };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: { kind: "timeout" } };
    return { ok: false, error: { kind: "invalid_json" } };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, error: { kind: "invalid_json" } };
  }
  const record = json as Record<string, unknown>;
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    // The hash is left out so that logging `raw` can never leak it.
    if (k !== "vnp_SecureHash" && (typeof v === "string" || typeof v === "number")) raw[k] = String(v);
  }
  const verified =
    body.vnp_Command === "querydr"
      ? verifyQueryDrResponse(record, config.hashSecret)
      : verifyRefundResponse(record, config.hashSecret);
  if (!verified) {
    return { ok: false, error: { kind: "bad_checksum", responseCode: raw.vnp_ResponseCode ?? null } };
  }
  const responseCode = raw.vnp_ResponseCode ?? "";
  if (!/^\d{2}$/.test(responseCode)) {
    return { ok: false, error: { kind: "invalid_response", message: "vnp_ResponseCode missing" } };
  }
  if (raw.vnp_Command !== body.vnp_Command) {
    return { ok: false, error: { kind: "invalid_response", message: "vnp_Command does not match" } };
  }
  if (raw.vnp_TmnCode !== undefined && raw.vnp_TmnCode !== config.tmnCode) {
    return { ok: false, error: { kind: "invalid_response", message: "vnp_TmnCode does not match" } };
  }
  if (responseCode === "00" && raw.vnp_TxnRef !== body.vnp_TxnRef) {
    return { ok: false, error: { kind: "invalid_response", message: "vnp_TxnRef does not match" } };
  }
  const amount = optionalString(raw, "vnp_Amount");
  const amountUnits = amount !== null && /^\d{1,17}$/.test(amount) ? Number(amount) : null;
  return {
    ok: true,
    response: {
      command: body.vnp_Command,
      responseId: raw.vnp_ResponseId ?? "",
      responseCode,
      message: raw.vnp_Message ?? "",
      txnRef: optionalString(raw, "vnp_TxnRef"),
      amountVnd: amountUnits !== null && amountUnits % 100 === 0 ? amountUnits / 100 : null,
      bankCode: optionalString(raw, "vnp_BankCode"),
      payDate: parseVnpDate(optionalString(raw, "vnp_PayDate")),
      transactionNo: optionalString(raw, "vnp_TransactionNo"),
      transactionType: optionalString(raw, "vnp_TransactionType"),
      transactionStatus: optionalString(raw, "vnp_TransactionStatus"),
      raw,
    },
  };
}
