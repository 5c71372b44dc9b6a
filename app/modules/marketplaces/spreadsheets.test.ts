import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { ChannelProduct } from "./connector";
import {
  POSTMART_CATEGORIES,
  POSTMART_COLUMNS,
  VOSO_COLUMNS,
  postmartXlsx,
  vosoXlsx,
  type SheetColumn,
} from "./spreadsheets";

const origin = "https://ocop.example.vn";
function product(overrides: Partial<ChannelProduct> = {}): ChannelProduct {
  const id = overrides.id ?? "p-cafe";
  return {
    id,
    slug: id,
    name: "Cà phê Robusta rang xay Đắk Mil",
    description: "Cà phê Robusta rang mộc, xay vừa, hợp pha phin.",
    link: `${origin}/san-pham/${id}`,
    imageLinks: [`${origin}/img/${id}-1.jpg`, `${origin}/img/${id}-2.jpg`, `${origin}/img/${id}-3.jpg`],
    priceVnd: 185000,
    unit: "gói",
    stock: 120,
    gtin: "8935049500018",
    sku: "CF-001",
    brand: "HTX Nông nghiệp Ea Tu",
    producerSlug: "htx-ea-tu",
    provinceName: "Đắk Lắk",
    ocopGroup: "FOOD",
    category: "Cà phê",
    ocopStars: 4,
    weightGrams: 540,
    listed: true,
    ...overrides,
  };
}

const products = [
  product(),
  product({ id: "p-tra", name: "Trà ô long Mộc Châu", ocopGroup: "BEVERAGE", gtin: null, stock: 0 }),
  product({ id: "p-non", name: `Nón lá "Huế" <bài thơ> & quai\u0007`, ocopGroup: "HANDICRAFT" }),
];

async function* iterate<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}

function collector(slow = false) {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      if (slow) setImmediate(done);
      else done();
    },
  });
  return { stream, buffer: () => Buffer.concat(chunks) };
}

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never); // exceljs types predate Buffer<ArrayBufferLike>
  const sheet = workbook.worksheets[0]!;
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return { sheet, rows };
}

const col = (columns: readonly SheetColumn[], header: string) =>
  columns.findIndex((c) => c.header === header);

describe.each([
  {
    connector: postmartXlsx,
    columns: POSTMART_COLUMNS,
    price: "Giá bán (VNĐ) (*)",
    weight: "Khối lượng (gram) (*)",
  },
  {
    connector: vosoXlsx,
    columns: VOSO_COLUMNS,
    price: "Giá niêm yết (đ) (*)",
    weight: "Cân nặng (gram) (*)",
  },
])("$connector.name spreadsheet", ({ connector, columns, price, weight }) => {
  it("writes the configured headers (bold) and one row per product, numbers as numbers", async () => {
    const out = collector();
    expect(await connector.write(iterate(products), out.stream)).toEqual({ count: 3 });
    expect(out.stream.writableFinished).toBe(true);
    const { sheet, rows } = await readBack(out.buffer());

    expect(rows).toHaveLength(1 + products.length);
    expect(rows[0]).toEqual(columns.map((c) => c.header));
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);

    const stock = columns.findIndex((c) => c.field === "stock");
    for (const [i, p] of products.entries()) {
      const row = rows[i + 1]!;
      expect(row[0]).toBe(p.id);
      expect(row[col(columns, price)]).toBe(185000);
      expect(row[stock]).toBe(p.stock);
      expect(row[col(columns, weight)]).toBe(540);
      expect(typeof row[col(columns, price)]).toBe("number");
      expect(row[columns.findIndex((c) => c.field === "imageLinks")]).toBe(p.imageLinks[0]);
      expect(row[columns.findIndex((c) => c.field === "ocopGroup")]).toBe(connector.categoryFor(p));
    }
    // Text survives escaping; the control character does not reach the file.
    expect(rows[3]?.[1]).toBe(`Nón lá "Huế" <bài thơ> & quai`);
    // No GTIN: an empty cell, not "null".
    expect(rows[2]?.[columns.findIndex((c) => c.header.startsWith("Mã vạch"))]).toBeUndefined();
  });

  it("validate: common problems, required columns and limits, in Vietnamese", () => {
    expect(connector.validate(product())).toEqual([]);
    const problems = connector.validate(
      product({ name: "N".repeat(121), imageLinks: [], weightGrams: null, ocopGroup: "TOURISM", stock: -1 }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual(
      ["imageLinks", "name", "ocopGroup", "stock", "weightGrams"].sort(),
    );
    const message = (field: string) => problems.find((p) => p.field === field)?.message;
    expect(message("name")).toBe(`Tên sản phẩm dài quá 120 ký tự (giới hạn của ${connector.name}).`);
    expect(message("imageLinks")).toBe("Chưa có ảnh sản phẩm.");
    expect(message("weightGrams")).toBe(
      "Chưa có khối lượng (gram): đơn vị vận chuyển tính cước theo khối lượng.",
    );
    expect(message("ocopGroup")).toBe(
      `${connector.name} không có ngành hàng cho nhóm "Dịch vụ du lịch cộng đồng".`,
    );
    expect(message("stock")).toBe("Số lượng tồn kho phải là số nguyên không âm.");
    expect(connector.validate(product({ description: "" })).map((p) => p.message)).toEqual([
      `Cột "${columns.find((c) => c.field === "description")?.header}" của ${connector.name} bắt buộc nhưng đang trống.`,
    ]);
    expect(connector.validate(product({ imageLinks: ["anh.jpg"] })).map((p) => p.field)).toEqual([
      "imageLinks",
    ]);
  });

  it("streams many rows to a slow destination", async () => {
    const total = 3000;
    async function* many() {
      for (let i = 0; i < total; i++) yield product({ id: `p-${i}`, stock: i });
    }
    const out = collector(true);
    expect(await connector.write(many(), out.stream)).toEqual({ count: total });
    const { rows } = await readBack(out.buffer());
    expect(rows).toHaveLength(total + 1);
    expect(rows[total]?.[0]).toBe(`p-${total - 1}`);
  });

  it("fails when the destination fails", async () => {
    let writes = 0;
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(++writes > 2 ? new Error("disk full") : null);
      },
    });
    await expect(connector.write(iterate(products), broken)).rejects.toThrow("disk full");
  });
});

describe("category mappings", () => {
  it("map every physical OCOP group and no service", () => {
    for (const group of ["FOOD", "BEVERAGE", "HERBAL", "HANDICRAFT", "ORNAMENTAL"]) {
      expect(POSTMART_CATEGORIES[group]).toBeTruthy();
      expect(vosoXlsx.categoryFor(product({ ocopGroup: group }))).toBeTruthy();
    }
    expect(postmartXlsx.categoryFor(product({ ocopGroup: "TOURISM" }))).toBeNull();
  });
});
