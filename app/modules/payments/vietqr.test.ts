// The VietQR payload read as a banking app reads it: EMVCo tag-length-value fields and a CRC that
// this test computes on its own (bit by bit, not with the library's table).
import { describe, expect, test } from "vitest";
import { findBank, transferInstructions, vietQrPayload } from "./vietqr";

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo QR specifies for tag 63. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** Top-level (or nested) EMVCo fields: two-digit tag, two-digit length, value. */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < text.length) {
    const tag = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    expect(Number.isInteger(length), `length of tag ${tag}`).toBe(true);
    out.set(tag, text.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  expect(at).toBe(text.length);
  return out;
}

const AGRIBANK_BIN = "970405";

describe("vietQrPayload", () => {
  test("the CRC helper is the standard one (check value of '123456789')", () => {
    expect(crc16("123456789")).toBe("29B1");
  });

  test("carries account, amount, currency and the order code, and ends in a valid CRC", () => {
    const payload = vietQrPayload({
      bankBin: AGRIBANK_BIN,
      accountNumber: "5300205512345",
      amountVnd: 370_000,
      message: "DH7K3M9QX2",
    });
    const top = fields(payload);
    expect(top.get("00")).toBe("01");
    // 12: a dynamic code, used once (it carries an amount).
    expect(top.get("01")).toBe("12");
    expect(top.get("53")).toBe("704");
    expect(top.get("54")).toBe("370000");
    expect(top.get("58")).toBe("VN");

    const merchant = fields(top.get("38") ?? "");
    expect(merchant.get("00")).toBe("A000000727");
    expect(merchant.get("02")).toBe("QRIBFTTA");
    const beneficiary = fields(merchant.get("01") ?? "");
    expect(beneficiary.get("00")).toBe(AGRIBANK_BIN);
    expect(beneficiary.get("01")).toBe("5300205512345");

    expect(fields(top.get("62") ?? "").get("08")).toBe("DH7K3M9QX2");

    // The CRC covers everything before it, its own tag and length included, and comes last.
    expect(payload.slice(-8, -4)).toBe("6304");
    expect(top.get("63")).toBe(crc16(payload.slice(0, -4)));
  });

  test("another amount is another CRC", () => {
    const base = { bankBin: AGRIBANK_BIN, accountNumber: "5300205512345", message: "DH7K3M9QX2" };
    const a = vietQrPayload({ ...base, amountVnd: 370_000 });
    const b = vietQrPayload({ ...base, amountVnd: 37_000 });
    expect(fields(b).get("54")).toBe("37000");
    expect(a.slice(-4)).not.toBe(b.slice(-4));
    expect(b.slice(-4)).toBe(crc16(b.slice(0, -4)));
  });
});

describe("findBank", () => {
  test("reads the bank from what a producer typed", () => {
    expect(findBank("Agribank chi nhánh Đắk Mil")?.bin).toBe(AGRIBANK_BIN);
    expect(findBank("Vietcombank Lâm Đồng")?.code).toBe("VCB");
    expect(findBank("Ngân hàng TMCP Công thương Việt Nam")?.shortName).toBe("VietinBank");
    expect(findBank("MB Bank")?.key).toBe("mbbank");
    expect(findBank("Ngân hàng của tôi")).toBeNull();
    expect(findBank("  ")).toBeNull();
  });
});

describe("transferInstructions", () => {
  const producer = {
    bankName: "Agribank",
    bankAccountNumber: "5300 2055.12345",
    bankAccountName: "HTX Đắk Mil",
  };

  test("an account number as typed (spaces, dots) becomes digits, and the QR is an SVG", async () => {
    const transfer = await transferInstructions(producer, 370_000, "DH7K3M9QX2");
    expect(transfer).toMatchObject({ missing: false, accountNumber: "5300205512345", message: "DH7K3M9QX2" });
    expect(transfer.missing ? null : transfer.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
  });

  test("a bank VietQR does not know: the details as typed, without a QR", async () => {
    const transfer = await transferInstructions({ ...producer, bankName: "Quỹ tín dụng xã" }, 1000, "X1");
    expect(transfer).toMatchObject({ missing: false, bankName: "Quỹ tín dụng xã", qrSvg: null });
  });

  test("no account: nothing to show but that it is missing", async () => {
    expect(await transferInstructions({ ...producer, bankAccountNumber: " " }, 1000, "X1")).toEqual({
      missing: true,
    });
  });
});
