// postmart.vn (Vietnam Post) and voso.vn (Viettel Post) seller bulk-upload spreadsheets. Neither
// marketplace publishes a product API, so the operator downloads this XLSX and imports it in the
// marketplace's seller centre. Plain module; written row by row with exceljs's streaming writer.
//
// The columns, categories and limits below are OUR READING of the seller templates; adjust them here
// when the marketplace changes its template. The real templates sit behind the seller-centre login
// and could not be downloaded when this was written: check every header against the current
// template before the first real upload (the import matches columns by header text).
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import ExcelJS from "exceljs";
import { productsVi } from "~/i18n/sections/products.vi";
import { commonProblems, type ChannelProduct, type FileConnector, type ValidationProblem } from "./connector";
import { cleanText } from "./feeds";

export interface SheetContext {
  /** The marketplace's category for the product (from its category mapping), or null. */
  category: string | null;
}

export interface SheetColumn {
  /** Vietnamese header as in the template; "(*)" marks the template's required columns. */
  header: string;
  value: (p: ChannelProduct, ctx: SheetContext) => string | number | null;
  width?: number;
  /** Validation reports the product when this is empty. */
  required?: boolean;
  /** The product field an operator fixes when this column is empty. */
  field?: ValidationProblem["field"];
  /** What validation says when the required column is empty (default: names the column). */
  emptyMessage?: string;
}

export interface MarketplaceLimits {
  nameMax: number;
  descriptionMax: number;
  minImages: number;
  /** Images beyond this are left out of the sheet (not a problem). */
  maxImages: number;
}

export interface MarketplaceSheet {
  name: string;
  sheetName: string;
  columns: readonly SheetColumn[];
  categories: Readonly<Record<string, string | null>>;
  limits: MarketplaceLimits;
}

const text = (value: string | null | undefined) => {
  const cleaned = value == null ? "" : cleanText(value).trim();
  return cleaned === "" ? null : cleaned;
};
const image = (i: number) => (p: ChannelProduct) => p.imageLinks[i] ?? null;
const groupName = (group: string) => (productsVi.groups as Record<string, string>)[group] ?? group;
const weightMessage = "Chưa có khối lượng (gram): đơn vị vận chuyển tính cước theo khối lượng.";

// ---- postmart.vn ----

/** Our reading of postmart.vn's categories; TOURISM (a service) has none. */
export const POSTMART_CATEGORIES: Readonly<Record<string, string | null>> = {
  FOOD: "Thực phẩm - Đặc sản vùng miền",
  BEVERAGE: "Đồ uống - Trà - Cà phê",
  HERBAL: "Sức khỏe - Dược liệu",
  HANDICRAFT: "Thủ công mỹ nghệ",
  ORNAMENTAL: "Cây cảnh - Sinh vật cảnh",
  TOURISM: null,
};

export const POSTMART_LIMITS: MarketplaceLimits = {
  nameMax: 120,
  descriptionMax: 3000,
  minImages: 1,
  maxImages: 9,
};

/** Our reading of postmart.vn's seller template; adjust here when the marketplace changes it. */
export const POSTMART_COLUMNS: readonly SheetColumn[] = [
  // Our product id, so a re-import updates the listing instead of adding a second one.
  { header: "Mã sản phẩm (SKU) (*)", value: (p) => p.id, width: 38, required: true, field: "id" },
  { header: "Tên sản phẩm (*)", value: (p) => text(p.name), width: 40, required: true, field: "name" },
  {
    header: "Danh mục (*)",
    value: (_, ctx) => ctx.category,
    width: 28,
    required: true,
    field: "ocopGroup",
  },
  {
    header: "Mô tả sản phẩm (*)",
    value: (p) => text(p.description),
    width: 60,
    required: true,
    field: "description",
  },
  { header: "Thương hiệu", value: (p) => text(p.brand), width: 28, field: "brand" },
  { header: "Xuất xứ", value: (p) => text(`${p.provinceName}, Việt Nam`), width: 24 },
  {
    header: "Giá bán (VNĐ) (*)",
    value: (p) => Math.round(p.priceVnd),
    width: 16,
    required: true,
    field: "priceVnd",
  },
  { header: "Số lượng tồn kho (*)", value: (p) => p.stock, width: 14, required: true, field: "stock" },
  { header: "Đơn vị tính", value: (p) => text(p.unit), width: 12 },
  {
    header: "Khối lượng (gram) (*)",
    value: (p) => p.weightGrams,
    width: 14,
    required: true,
    field: "weightGrams",
    emptyMessage: weightMessage,
  },
  { header: "Mã vạch (GTIN/EAN)", value: (p) => p.gtin, width: 18 },
  { header: "Sản phẩm OCOP (số sao)", value: (p) => p.ocopStars, width: 12 },
  { header: "Ảnh bìa (*)", value: image(0), width: 50, required: true, field: "imageLinks" },
  ...Array.from({ length: POSTMART_LIMITS.maxImages - 1 }, (_, i) => ({
    header: `Ảnh sản phẩm ${i + 2}`,
    value: image(i + 1),
    width: 50,
  })),
];

// ---- voso.vn ----

/** Our reading of voso.vn's categories; TOURISM (a service) has none. */
export const VOSO_CATEGORIES: Readonly<Record<string, string | null>> = {
  FOOD: "Đặc sản vùng miền",
  BEVERAGE: "Đồ uống",
  HERBAL: "Sức khỏe - Làm đẹp",
  HANDICRAFT: "Nhà cửa - Đời sống",
  ORNAMENTAL: "Nhà cửa - Đời sống",
  TOURISM: null,
};

export const VOSO_LIMITS: MarketplaceLimits = {
  nameMax: 120,
  descriptionMax: 5000,
  minImages: 1,
  maxImages: 9,
};

/** Our reading of voso.vn's seller template; adjust here when the marketplace changes it. */
export const VOSO_COLUMNS: readonly SheetColumn[] = [
  { header: "Mã sản phẩm (*)", value: (p) => p.id, width: 38, required: true, field: "id" },
  { header: "Tên sản phẩm (*)", value: (p) => text(p.name), width: 40, required: true, field: "name" },
  {
    header: "Ngành hàng (*)",
    value: (_, ctx) => ctx.category,
    width: 24,
    required: true,
    field: "ocopGroup",
  },
  {
    header: "Mô tả chi tiết (*)",
    value: (p) => text(p.description),
    width: 60,
    required: true,
    field: "description",
  },
  {
    header: "Giá niêm yết (đ) (*)",
    value: (p) => Math.round(p.priceVnd),
    width: 16,
    required: true,
    field: "priceVnd",
  },
  { header: "Tồn kho (*)", value: (p) => p.stock, width: 12, required: true, field: "stock" },
  {
    header: "Cân nặng (gram) (*)",
    value: (p) => p.weightGrams,
    width: 14,
    required: true,
    field: "weightGrams",
    emptyMessage: weightMessage,
  },
  { header: "Đơn vị", value: (p) => text(p.unit), width: 10 },
  { header: "Thương hiệu", value: (p) => text(p.brand), width: 28, field: "brand" },
  { header: "Nơi sản xuất", value: (p) => text(p.provinceName), width: 20 },
  { header: "Mã vạch", value: (p) => p.gtin, width: 18 },
  { header: "Hạng sao OCOP", value: (p) => p.ocopStars, width: 10 },
  { header: "Ảnh đại diện (*)", value: image(0), width: 50, required: true, field: "imageLinks" },
  {
    header: "Ảnh chi tiết (cách nhau bởi dấu phẩy)",
    value: (p) => p.imageLinks.slice(1, VOSO_LIMITS.maxImages).join(",") || null,
    width: 80,
  },
];

// ---- the connector ----

const isEmpty = (value: string | number | null) =>
  value === null || (typeof value === "string" && value.trim() === "");

const isHttpUrl = (value: string) => {
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
};

function validateFor(sheet: MarketplaceSheet, product: ChannelProduct): ValidationProblem[] {
  const problems = commonProblems(product);
  const { limits } = sheet;
  const category = sheet.categories[product.ocopGroup] ?? null;
  if (!category)
    problems.push({
      field: "ocopGroup",
      message: `${sheet.name} không có ngành hàng cho nhóm "${groupName(product.ocopGroup)}".`,
    });
  const ctx = { category };
  for (const column of sheet.columns) {
    if (!column.required || !isEmpty(column.value(product, ctx))) continue;
    const field = column.field ?? "product";
    // One problem per field: "no photo" from commonProblems already covers the empty cover column.
    if (problems.some((p) => p.field === field)) continue;
    problems.push({
      field,
      message: column.emptyMessage ?? `Cột "${column.header}" của ${sheet.name} bắt buộc nhưng đang trống.`,
    });
  }
  if ([...product.name.trim()].length > limits.nameMax)
    problems.push({
      field: "name",
      message: `Tên sản phẩm dài quá ${limits.nameMax} ký tự (giới hạn của ${sheet.name}).`,
    });
  if ([...product.description.trim()].length > limits.descriptionMax)
    problems.push({
      field: "description",
      message: `Mô tả dài quá ${limits.descriptionMax} ký tự (giới hạn của ${sheet.name}).`,
    });
  if (product.imageLinks.length > 0 && product.imageLinks.length < limits.minImages)
    problems.push({
      field: "imageLinks",
      message: `${sheet.name} cần ít nhất ${limits.minImages} ảnh sản phẩm.`,
    });
  product.imageLinks.slice(0, limits.maxImages).forEach((url, i) => {
    if (!isHttpUrl(url))
      problems.push({
        field: "imageLinks",
        message: `Ảnh thứ ${i + 1} không có đường dẫn http(s) đầy đủ: ${sheet.name} không tải được.`,
      });
  });
  if (!Number.isInteger(product.stock) || product.stock < 0)
    problems.push({ field: "stock", message: "Số lượng tồn kho phải là số nguyên không âm." });
  if (product.weightGrams != null && !(product.weightGrams > 0))
    problems.push({ field: "weightGrams", message: "Khối lượng phải lớn hơn 0 gram." });
  return problems;
}

// Rows committed between yields to the event loop, so the zip stream catches up with the sheet.
const YIELD_EVERY = 200;

async function writeSheet(
  sheet: MarketplaceSheet,
  products: AsyncIterable<ChannelProduct>,
  out: NodeJS.WritableStream,
): Promise<{ count: number }> {
  // exceljs pipes its zip into the stream it is given and ignores backpressure when rows are
  // committed; a relay we own tells us when `out` is behind (writableNeedDrain).
  const relay = new PassThrough();
  let failure: unknown = null;
  const delivered = pipeline(relay, out);
  delivered.catch((error: unknown) => {
    failure ??= error;
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: relay,
    useStyles: true, // the bold header
    useSharedStrings: false, // inline strings: no table of every string held until the end
  });
  const worksheet = workbook.addWorksheet(sheet.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((c) => ({ width: c.width ?? 16 }));
  const header = worksheet.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();

  let count = 0;
  for await (const product of products) {
    if (failure) throw failure;
    const ctx = { category: sheet.categories[product.ocopGroup] ?? null };
    worksheet.addRow(sheet.columns.map((c) => c.value(product, ctx))).commit();
    count++;
    if (relay.writableNeedDrain) await once(relay, "drain");
    else if (count % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  worksheet.commit();
  await Promise.all([workbook.commit(), delivered]);
  return { count };
}

export function createSpreadsheetConnector(sheet: MarketplaceSheet): FileConnector {
  return {
    kind: "file",
    name: sheet.name,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileExtension: "xlsx",
    categoryFor: (product) => sheet.categories[product.ocopGroup] ?? null,
    validate: (product) => validateFor(sheet, product),
    write: (products, out) => writeSheet(sheet, products, out),
  };
}

export const POSTMART_SHEET: MarketplaceSheet = {
  name: "postmart.vn",
  sheetName: "Sản phẩm",
  columns: POSTMART_COLUMNS,
  categories: POSTMART_CATEGORIES,
  limits: POSTMART_LIMITS,
};

export const VOSO_SHEET: MarketplaceSheet = {
  name: "voso.vn",
  sheetName: "Sản phẩm",
  columns: VOSO_COLUMNS,
  categories: VOSO_CATEGORIES,
  limits: VOSO_LIMITS,
};

export const postmartXlsx: FileConnector = createSpreadsheetConnector(POSTMART_SHEET);
export const vosoXlsx: FileConnector = createSpreadsheetConnector(VOSO_SHEET);
