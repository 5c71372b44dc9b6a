// Reads a spreadsheet of products (XLSX or CSV) and validates every row with the product form's
// own schema, so a cell gets exactly the message the form would show. No database here: the
// checks that need one (commune exists, GTIN free) are in imports.server.ts.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { TFunction } from "i18next";
import { productSchema, type ProductInput } from "~/modules/products/product-schema";
import {
  fieldOfHeader,
  IMPORT_FIELDS,
  INTEGER_FIELDS,
  normalizeInteger,
  ocopGroupOf,
  REQUIRED_FIELDS,
  type ImportField,
} from "./columns";

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;
/** What the parts of an XLSX (a ZIP) may add up to once unpacked: a guard against zip bombs. */
const MAX_UNZIPPED_BYTES = 80 * 1024 * 1024;
/** How far down the header row may be (a title line above it is common). */
const HEADER_SEARCH_ROWS = 10;

/** One problem, at a spreadsheet row (1-based, as Excel numbers it) and column (its header). */
export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

export interface SheetColumn {
  field: ImportField;
  /** The header as written in the file. */
  header: string;
  /** 0-based position in the row. */
  index: number;
}

export interface RawRow {
  row: number;
  values: Partial<Record<ImportField, string>>;
}

export interface ParsedSheet {
  kind: "xlsx" | "csv";
  columns: SheetColumn[];
  rows: RawRow[];
  /** Headers that name no product field (ignored). */
  ignoredHeaders: string[];
}

export type ReadResult =
  { ok: true; sheet: ParsedSheet } | { ok: false; status: 413 | 415 | 422; message: string };

type Grid = { row: number; cells: ExcelJS.CellValue[] }[];

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** Reads the first sheet that has a header row naming product fields. Never throws on bad input. */
export async function readSpreadsheet(bytes: Uint8Array, t: TFunction): Promise<ReadResult> {
  const fail = (status: 413 | 415 | 422, key: string, options: Record<string, unknown> = {}) =>
    ({ ok: false, status, message: t(`imports.errors.${key}`, options) }) as const;
  if (bytes.length === 0) return fail(422, "empty");
  if (bytes.length > MAX_FILE_BYTES) return fail(413, "tooLarge");

  let grids: Grid[];
  let kind: ParsedSheet["kind"];
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    kind = "xlsx";
    const unzipped = unzippedSize(bytes);
    if (unzipped === undefined) return fail(415, "unreadable");
    if (unzipped > MAX_UNZIPPED_BYTES) return fail(413, "tooLarge");
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
      grids = workbook.worksheets.map(gridOf);
    } catch {
      return fail(415, "unreadable");
    }
    if (grids.length === 0) return fail(415, "unreadable");
  } else if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return fail(415, "oldExcel");
  } else {
    kind = "csv";
    const text = decodeText(bytes);
    if (text === undefined) return fail(415, "notSpreadsheet");
    if (text === "encoding") return fail(415, "encoding");
    try {
      grids = [await csvGrid(text)];
    } catch {
      return fail(415, "unreadable");
    }
  }

  for (const grid of grids) {
    const found = findHeader(grid);
    if (!found) continue;
    const { headerIndex, columns, ignoredHeaders } = found;
    const seen = new Map<ImportField, string>();
    for (const column of columns) {
      const earlier = seen.get(column.field);
      if (earlier !== undefined)
        return fail(422, "duplicateColumn", { first: earlier, second: column.header });
      seen.set(column.field, column.header);
    }
    const missing = REQUIRED_FIELDS.filter((field) => !seen.has(field));
    if (missing.length) {
      return fail(422, "missingColumns", {
        columns: missing.map((f) => `“${t(`products.fields.${f}`)}”`).join(", "),
      });
    }
    const rows: RawRow[] = [];
    for (const { row, cells } of grid.slice(headerIndex + 1)) {
      const values: RawRow["values"] = {};
      for (const column of columns) {
        const text = cellText(cells[column.index], column.field);
        if (text) values[column.field] = text;
      }
      if (Object.keys(values).length === 0) continue;
      if (rows.length === MAX_ROWS)
        return fail(422, "tooManyRows", { max: MAX_ROWS.toLocaleString("vi-VN") });
      rows.push({ row, values });
    }
    if (rows.length === 0) return fail(422, "noRows");
    return { ok: true, sheet: { kind, columns, rows, ignoredHeaders } };
  }
  return fail(422, "noHeader");
}

function gridOf(worksheet: ExcelJS.Worksheet): Grid {
  const grid: Grid = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based (index 0 is empty): drop it so cells line up with 0-based columns.
    const values = row.values as ExcelJS.CellValue[];
    grid.push({ row: rowNumber, cells: values.slice(1) });
  });
  return grid;
}

function findHeader(grid: Grid) {
  for (const [headerIndex, { cells }] of grid.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const columns: SheetColumn[] = [];
    const ignoredHeaders: string[] = [];
    cells.forEach((cell, index) => {
      const header = cellText(cell);
      if (!header) return;
      const field = fieldOfHeader(header);
      if (field) columns.push({ field, header, index });
      else ignoredHeaders.push(header);
    });
    if (columns.length >= 2) return { headerIndex, columns, ignoredHeaders };
  }
  return undefined;
}

/** A cell as trimmed text. Excel drops the leading zeros of commune codes (all have 5 digits). */
export function cellText(value: ExcelJS.CellValue, field?: ImportField): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (field === "originCommuneCode" && Number.isInteger(value) && value >= 0 && value < 100_000) {
      return String(value).padStart(5, "0");
    }
    return String(value);
  }
  if (typeof value === "string") {
    const text = value.trim();
    return field === "originCommuneCode" && /^\d{1,4}$/.test(text) ? text.padStart(5, "0") : text;
  }
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value)
    return value.richText
      .map((part) => part.text)
      .join("")
      .trim();
  if ("error" in value) return value.error;
  if ("result" in value || "formula" in value || "sharedFormula" in value) {
    return cellText((value as ExcelJS.CellFormulaValue).result ?? null, field);
  }
  if ("text" in value) return cellText(value.text, field);
  return "";
}

/** UTF-8 (with or without BOM) or UTF-16 with BOM; "encoding" for other text, undefined for binary. */
function decodeText(bytes: Uint8Array): string | "encoding" | undefined {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else {
    const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
    if (body.includes(0)) return undefined;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      // Legacy code pages (Windows-1258, TCVN3) decode to nonsense: ask for "CSV UTF-8".
      return "encoding";
    }
  }
  // Other control characters mean this is not text (an image, an archive…).
  // eslint-disable-next-line no-control-regex
  return /[\0-\x08\x0e-\x1a\x1c-\x1f]/.test(text.slice(0, 4096)) ? undefined : text;
}

/** The separator of the header line: Excel writes ";" or a tab in some regional settings. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, outsideQuotes.split(d).length - 1] as const);
  const [best] = counts.sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

async function csvGrid(text: string): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = await workbook.csv.read(Readable.from([text]), {
    // Keep every cell as typed: ExcelJS would otherwise turn "00562" into 562 and parse dates.
    map: (value: unknown) => value,
    parserOptions: { delimiter: detectDelimiter(text) },
  });
  return gridOf(worksheet);
}

/** Sum of the uncompressed sizes in a ZIP's central directory; undefined when it has none. */
function unzippedSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let end = bytes.length - 22; end >= lowest; end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const entries = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return undefined;
      total += view.getUint32(offset + 24, true);
      offset +=
        46 +
        view.getUint16(offset + 28, true) +
        view.getUint16(offset + 30, true) +
        view.getUint16(offset + 32, true);
    }
    return total;
  }
  return undefined;
}

export type ImportedProduct = ProductInput & { sku: string };

export type RowResult =
  { ok: true; row: number; product: ImportedProduct } | { ok: false; issues: ImportIssue[] };

/**
 * Validates rows one at a time (so a caller can work in chunks), remembering the codes and GTINs
 * already seen: a code or GTIN repeated inside the file is an error on the later rows.
 */
export function createRowValidator(columns: SheetColumn[], t: TFunction) {
  const schema = productSchema(t);
  const headerOf = new Map(columns.map((c) => [c.field, c.header]));
  const order = new Map(columns.map((c) => [c.field, c.index]));
  const skuRows = new Map<string, number>();
  const gtinRows = new Map<string, number>();

  return ({ row, values }: RawRow): RowResult => {
    const cellIssues = new Map<string, string>();
    const add = (field: string, message: string) => {
      if (!cellIssues.has(field)) cellIssues.set(field, message);
    };
    const input: Partial<Record<ImportField, string>> = {};
    for (const field of IMPORT_FIELDS) {
      const value = values[field];
      if (value === undefined) continue;
      input[field] = INTEGER_FIELDS.has(field)
        ? normalizeInteger(value)
        : field === "ocopGroup"
          ? ocopGroupOf(value)
          : value;
    }

    const sku = input.sku;
    if (!sku) add("sku", t("errors.required", { field: t("products.fields.sku").toLowerCase() }));
    else if (skuRows.has(sku)) add("sku", t("imports.errors.duplicateSku", { sku, row: skuRows.get(sku) }));
    else skuRows.set(sku, row);
    const gtin = input.gtin?.replace(/\s/g, "");
    if (gtin) {
      if (gtinRows.has(gtin))
        add("gtin", t("imports.errors.duplicateGtin", { gtin, row: gtinRows.get(gtin) }));
      else gtinRows.set(gtin, row);
    }

    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        add(String(issue.path[0] ?? ""), issue.message);
      }
    }
    if (cellIssues.size || !parsed.success) {
      const issues = [...cellIssues]
        .sort(([a], [b]) => (order.get(a as ImportField) ?? 0) - (order.get(b as ImportField) ?? 0))
        .map(([field, message]) => ({ row, column: headerOf.get(field as ImportField) ?? field, message }));
      return { ok: false, issues };
    }
    return { ok: true, row, product: { ...parsed.data, sku: sku! } };
  };
}

/** Every row of a sheet at once (the server works in chunks with createRowValidator). */
export function validateRows(sheet: ParsedSheet, t: TFunction) {
  const validate = createRowValidator(sheet.columns, t);
  const valid: { row: number; product: ImportedProduct }[] = [];
  const issues: ImportIssue[] = [];
  for (const raw of sheet.rows) {
    const result = validate(raw);
    if (result.ok) valid.push({ row: result.row, product: result.product });
    else issues.push(...result.issues);
  }
  return { valid, issues };
}
