// Bank transfers to a producer's account: the bank named in free text, and the VietQR code (the
// NAPAS EMVCo payload every Vietnamese banking app reads) that fills in account, amount and message.
import QRCode from "qrcode";
import { Banks, QRPay, type Bank } from "vietnam-qr-pay";

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
const compact = (text: string) => fold(text).replace(/[^a-z0-9]/g, "");

/** The bank a producer typed ("Agribank chi nhánh Đắk Mil", "Vietcombank", "MB Bank"), or null. */
export function findBank(bankName: string | null | undefined): Bank | null {
  if (!bankName?.trim()) return null;
  const whole = compact(bankName);
  const words = new Set(
    fold(bankName)
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
  let best: { bank: Bank; score: number } | null = null;
  for (const bank of Banks) {
    if (bank.deprecated || bank.vietQRStatus < 0) continue;
    const full = compact(bank.name);
    const names = [bank.key, bank.code.toLowerCase(), compact(bank.shortName)];
    let score = 0;
    if (whole === full || (whole.length >= 20 && full.startsWith(whole)) || whole.includes(full))
      score = 100 + full.length;
    for (const name of names) {
      if (whole === name || words.has(name)) score = Math.max(score, 50 + name.length);
      else if (name.length >= 5 && whole.startsWith(name)) score = Math.max(score, 20 + name.length);
    }
    if (score > (best?.score ?? 0)) best = { bank, score };
  }
  return best?.bank ?? null;
}

/** The EMVCo text of a transfer to an account, with its amount and message already filled in. */
export function vietQrPayload(input: {
  bankBin: string;
  accountNumber: string;
  amountVnd: number;
  message: string;
}): string {
  return QRPay.initVietQR({
    bankBin: input.bankBin,
    bankNumber: input.accountNumber,
    amount: String(input.amountVnd),
    purpose: input.message,
  }).build();
}

export type TransferInstructions =
  | { missing: true }
  | {
      missing: false;
      bankName: string;
      accountNumber: string;
      accountName: string | null;
      amountVnd: number;
      message: string;
      /** Null when the bank is not one VietQR knows or the account number is not one it carries. */
      qrSvg: string | null;
    };

/** What a buyer needs to pay an order by transfer; the order code is the transfer's message. */
export async function transferInstructions(
  producer: { bankName: string | null; bankAccountNumber: string | null; bankAccountName: string | null },
  amountVnd: number,
  code: string,
): Promise<TransferInstructions> {
  const accountNumber = producer.bankAccountNumber?.replace(/[\s.-]/g, "") ?? "";
  if (!producer.bankName?.trim() || !accountNumber) return { missing: true };
  const bank = findBank(producer.bankName);
  let qrSvg: string | null = null;
  if (bank && /^[0-9A-Za-z]{1,19}$/.test(accountNumber)) {
    const payload = vietQrPayload({ bankBin: bank.bin, accountNumber, amountVnd, message: code });
    qrSvg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  }
  return {
    missing: false,
    bankName: bank ? `${bank.shortName} – ${bank.name}` : producer.bankName,
    accountNumber,
    accountName: producer.bankAccountName,
    amountVnd,
    message: code,
    qrSvg,
  };
}
