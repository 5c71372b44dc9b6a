// CSV as Excel and LibreOffice read it: UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF line
// ends, and no cell that a spreadsheet would run as a formula (OWASP "CSV injection").

export const CSV_BOM = "\uFEFF";

/** Cells a spreadsheet would evaluate: =, +, -, @, and tab or carriage return first. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  // A leading apostrophe makes the spreadsheet show the text instead of evaluating it.
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
