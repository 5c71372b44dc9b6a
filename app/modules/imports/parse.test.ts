import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { translator } from "~/utils/i18n";
import { fieldOfHeader, normalizeInteger, ocopGroupOf } from "./columns";
import { MAX_ROWS, readSpreadsheet, validateRows, type ParsedSheet } from "./parse";
import { templateCsv, templateXlsx } from "./template.server";

const t = translator("vi");
const label = (field: string) => t(`products.fields.${field}`);

async function xlsx(rows: unknown[][], sheetName = "Sản phẩm"): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER = ["Mã sản phẩm", "Tên sản phẩm", "Nhóm sản phẩm OCOP", "Đơn vị bán", "Giá bán (đồng)"];

async function sheetOf(bytes: Uint8Array): Promise<ParsedSheet> {
  const result = await readSpreadsheet(bytes, t);
  if (!result.ok) throw new Error(result.message);
  return result.sheet;
}

describe("columns", () => {
  test("headers match the Vietnamese or English label, whatever the case, diacritics or spacing", () => {
    expect(fieldOfHeader("  MÃ  SẢN PHẨM ")).toBe("sku");
    expect(fieldOfHeader("Ma san pham (cua co so) *")).toBe("sku");
    expect(fieldOfHeader(label("priceVnd"))).toBe("priceVnd");
    expect(fieldOfHeader("gia ban")).toBe("priceVnd");
    expect(fieldOfHeader("Price (VND)")).toBe("priceVnd");
    expect(fieldOfHeader("Xã/phường xuất xứ")).toBe("originCommuneCode");
    expect(fieldOfHeader("Khối lượng cả bao bì")).toBe("weightGrams");
    expect(fieldOfHeader("Ghi chú")).toBeUndefined();
  });

  test("OCOP groups by Vietnamese name (with or without diacritics), English name or code", () => {
    expect(ocopGroupOf("Thực phẩm")).toBe("FOOD");
    expect(ocopGroupOf("thuc pham")).toBe("FOOD");
    expect(ocopGroupOf("ĐỒ UỐNG")).toBe("BEVERAGE");
    expect(ocopGroupOf("Dich vu du lich cong dong")).toBe("TOURISM");
    expect(ocopGroupOf("handicraft")).toBe("HANDICRAFT");
    expect(ocopGroupOf("Herbal products")).toBe("HERBAL");
    expect(ocopGroupOf("Rau củ")).toBe("Rau củ");
  });

  test("prices in đồng: thousands separators are dots, commas or spaces; decimals are left to the schema", () => {
    for (const text of [
      "185.000",
      "185,000",
      "185 000",
      "185000",
      "185.000 đ",
      "185.000₫",
      "185\u00a0000 VND",
    ]) {
      expect(normalizeInteger(text)).toBe("185000");
    }
    expect(normalizeInteger("1.234.567")).toBe("1234567");
    expect(normalizeInteger("1,5")).toBe("1,5");
    expect(normalizeInteger("185.5")).toBe("185.5");
  });
});

describe("reading files", () => {
  test("XLSX: the header may sit under a title row; empty rows are skipped; row numbers are Excel's", async () => {
    const sheet = await sheetOf(
      await xlsx([
        ["Danh sách sản phẩm HTX"],
        [...HEADER, "Ghi chú"],
        ["CF-001", "Cà phê", "Thực phẩm", "gói", 185000, "x"],
        [],
        [null, null, null, null, null, "chỉ ghi chú"],
        ["CF-002", "Trà", "Đồ uống", "hộp", "250.000"],
      ]),
    );
    expect(sheet.kind).toBe("xlsx");
    expect(sheet.ignoredHeaders).toEqual(["Ghi chú"]);
    expect(sheet.rows.map((r) => r.row)).toEqual([3, 6]);
    expect(sheet.rows[0]?.values).toMatchObject({ sku: "CF-001", priceVnd: "185000" });
  });

  test("XLSX: formulas, rich text and a commune code typed as a number", async () => {
    const sheet = await sheetOf(
      await xlsx([
        [...HEADER, "Xã/phường xuất xứ"],
        [
          { richText: [{ text: "CF-" }, { text: "001" }] },
          "Cà phê",
          "FOOD",
          "gói",
          { formula: "100000+85000", result: 185000 },
          3980,
        ],
      ]),
    );
    expect(sheet.rows[0]?.values).toMatchObject({
      sku: "CF-001",
      priceVnd: "185000",
      originCommuneCode: "03980",
    });
  });

  test("CSV with BOM, Vietnamese text, semicolons and quoted separators and line breaks", async () => {
    const csv = `\ufeff${HEADER.join(";")};Mô tả\r\nCF-001;Cà phê Đắk Mil;thực phẩm;gói;185.000;"Rang mộc; xay vừa\r\ndòng hai"\r\n\r\nCF-002;Trà;Đồ uống;hộp;250000;\r\n`;
    const sheet = await sheetOf(utf8(csv));
    expect(sheet.kind).toBe("csv");
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows[0]?.values).toMatchObject({
      sku: "CF-001",
      name: "Cà phê Đắk Mil",
      priceVnd: "185.000",
      description: "Rang mộc; xay vừa\r\ndòng hai",
    });
    expect(sheet.rows[1]?.row).toBe(4);
  });

  test("CSV keeps codes as typed (no number conversion) and reads UTF-16 from Excel's 'Unicode text'", async () => {
    const text = `${HEADER.join("\t")}\tMã vạch GTIN\nCF-001\tCà phê\tFOOD\tgói\t185000\t08930000000019\n`;
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))]);
    const sheet = await sheetOf(utf16);
    expect(sheet.rows[0]?.values).toMatchObject({ name: "Cà phê", gtin: "08930000000019" });
  });

  test.each([
    [
      "a PNG",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      415,
      "notSpreadsheet",
    ],
    ["an old .xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 415, "oldExcel"],
    [
      "Windows-1258 text",
      new Uint8Array([...utf8("Mã sản phẩm,Tên"), 0x0a, 0x43, 0xe0, 0x20, 0x70, 0x68, 0xea]),
      415,
      "encoding",
    ],
    ["an empty file", new Uint8Array(), 422, "empty"],
    ["a 6 MB file", new Uint8Array(6 * 1024 * 1024).fill(0x41), 413, "tooLarge"],
    ["a truncated XLSX", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 415, "unreadable"],
  ])("%s is refused with a clear message", async (_name, bytes, status, key) => {
    const result = await readSpreadsheet(bytes, t);
    expect(result).toEqual({ ok: false, status, message: t(`imports.errors.${key}`) });
  });

  test("a ZIP that is not a workbook, or an XLSX cut short, is refused", async () => {
    const full = await xlsx([HEADER, ["A", "B", "FOOD", "gói", 1000]]);
    const cut = await readSpreadsheet(full.subarray(0, full.length - 200), t);
    expect(cut).toMatchObject({ ok: false, status: 415 });
  });

  test("missing required columns, duplicated columns, no header, too many rows", async () => {
    const missing = await readSpreadsheet(
      await xlsx([
        ["Tên sản phẩm", "Đơn vị bán"],
        ["Cà phê", "gói"],
      ]),
      t,
    );
    expect(missing).toMatchObject({ ok: false, status: 422 });
    expect(!missing.ok && missing.message).toBe(
      t("imports.errors.missingColumns", {
        columns: [`“${label("sku")}”`, `“${label("ocopGroup")}”`, `“${label("priceVnd")}”`].join(", "),
      }),
    );

    const twice = await readSpreadsheet(
      await xlsx([
        [...HEADER, "Giá bán"],
        ["A", "B", "FOOD", "gói", 1000, 2000],
      ]),
      t,
    );
    expect(twice).toMatchObject({ ok: false, status: 422 });
    expect(!twice.ok && twice.message).toContain("Giá bán");

    expect(await readSpreadsheet(utf8("a,b,c\n1,2,3\n"), t)).toMatchObject({
      ok: false,
      message: t("imports.errors.noHeader"),
    });
    expect(await readSpreadsheet(utf8(`${HEADER.join(",")}\n`), t)).toMatchObject({
      ok: false,
      message: t("imports.errors.noRows"),
    });

    const lines = [HEADER.join(",")];
    for (let i = 0; i <= MAX_ROWS; i++) lines.push(`SP-${i},Sản phẩm ${i},FOOD,gói,10000`);
    const tooMany = await readSpreadsheet(utf8(lines.join("\n")), t);
    expect(tooMany).toMatchObject({
      ok: false,
      status: 422,
      message: t("imports.errors.tooManyRows", { max: "5.000" }),
    });
  });
});

describe("validating rows", () => {
  test("every invalid cell gets the product form's message, at its row and column", async () => {
    const sheet = await sheetOf(
      await xlsx([
        [...HEADER, "Mã vạch GTIN (nếu có)", "Tồn kho"],
        ["CF-001", "Cà phê", "Thực phẩm", "gói", "185.000", "8934567890120", "1.200"],
        ["CF-002", "", "Rau", "gói", "abc", "8934567890128", "1,5"],
        ["CF-001", "Cà phê lặp", "FOOD", "gói", 90000],
        ["", "Không mã", "FOOD", "gói", 90000],
        ["CF 003", "Mã có dấu cách", "FOOD", "gói", 500],
      ]),
    );
    const { valid, issues } = validateRows(sheet, t);
    expect(valid).toEqual([
      {
        row: 2,
        product: {
          sku: "CF-001",
          name: "Cà phê",
          ocopGroup: "FOOD",
          unit: "gói",
          priceVnd: 185000,
          gtin: "8934567890120",
          stock: 1200,
        },
      },
    ]);
    expect(issues).toEqual([
      { row: 3, column: "Tên sản phẩm", message: "Vui lòng nhập tên sản phẩm." },
      { row: 3, column: "Nhóm sản phẩm OCOP", message: t("products.errors.group") },
      { row: 3, column: "Giá bán (đồng)", message: "Giá bán (đồng) phải là một số." },
      { row: 3, column: "Mã vạch GTIN (nếu có)", message: t("products.errors.gtin") },
      { row: 3, column: "Tồn kho", message: "Tồn kho phải là một số." },
      { row: 4, column: "Mã sản phẩm", message: "Mã sản phẩm “CF-001” đã có ở dòng 2 của tệp." },
      {
        row: 5,
        column: "Mã sản phẩm",
        message: t("errors.required", { field: label("sku").toLowerCase() }),
      },
      { row: 6, column: "Mã sản phẩm", message: t("products.errors.sku") },
      { row: 6, column: "Giá bán (đồng)", message: "Giá bán (đồng) tối thiểu là 1.000." },
    ]);
  });

  test("a GTIN repeated in the file is an error on the later row", async () => {
    const sheet = await sheetOf(
      utf8(
        `${HEADER.join(",")},GTIN\nA,Một,FOOD,gói,1000,8934567890120\nB,Hai,FOOD,gói,1000,893 4567 890120\n`,
      ),
    );
    const { valid, issues } = validateRows(sheet, t);
    expect(valid.map((v) => v.row)).toEqual([2]);
    expect(issues).toEqual([
      { row: 3, column: "GTIN", message: "Mã GTIN 8934567890120 đã có ở dòng 2 của tệp." },
    ]);
  });
});

describe("template", () => {
  test("the XLSX template reads back: every column recognised, both examples valid, a group drop-down", async () => {
    const bytes = new Uint8Array(await templateXlsx());
    const sheet = await sheetOf(bytes);
    expect(sheet.columns).toHaveLength(19);
    expect(sheet.ignoredHeaders).toEqual([]);
    expect(sheet.columns[0]?.header).toBe(`${label("sku")} *`);
    const { valid, issues } = validateRows(sheet, t);
    expect(issues).toEqual([]);
    expect(valid.map((v) => v.product.originCommuneCode)).toEqual(["24670", "03980"]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Sản phẩm", "Hướng dẫn"]);
    const validation = workbook.worksheets[0]!.getCell("C2").dataValidation;
    expect(validation).toMatchObject({
      type: "list",
      formulae: [
        `"${t("products.groups.FOOD")},${t("products.groups.BEVERAGE")},${t("products.groups.HERBAL")},${t("products.groups.HANDICRAFT")},${t("products.groups.ORNAMENTAL")},${t("products.groups.TOURISM")}"`,
      ],
    });
    const guide = workbook.worksheets[1]!;
    const guideText = guide.getSheetValues().flat().join(" ");
    expect(guideText).toContain("Thủ công mỹ nghệ");
    expect(guideText).toContain("5 chữ số");
  });

  test("the CSV template starts with a BOM and reads back", async () => {
    const bytes = new Uint8Array(await templateCsv());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sheet = await sheetOf(bytes);
    expect(validateRows(sheet, t).valid).toHaveLength(2);
  });
});
