// The downloadable import template: Vietnamese headers (the product form's labels), a guide sheet,
// a drop-down for the OCOP group and two example rows.
import ExcelJS from "exceljs";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { translator } from "~/utils/i18n";
import {
  IMPORT_FIELDS,
  INTEGER_FIELDS,
  REQUIRED_FIELDS,
  TEXT_FIELDS,
  templateHeader,
  type ImportField,
} from "./columns";

export const TEMPLATE_FILE_NAME = "mau-nhap-san-pham";
/** Rows of the data sheet that get the OCOP group drop-down. */
const DROPDOWN_ROWS = 5001;

const EXAMPLES: Partial<Record<ImportField, string | number>>[] = [
  {
    sku: "CF-001",
    name: "Cà phê rang xay Đắk Mil",
    ocopGroup: "FOOD",
    category: "Cà phê",
    description: "Cà phê Robusta rang mộc, xay vừa, hợp pha phin.",
    unit: "gói",
    packSize: "500 g",
    priceVnd: 185000,
    minOrder: 1,
    stock: 120,
    weightGrams: 540,
    lengthMm: 200,
    widthMm: 120,
    heightMm: 60,
    shelfLifeDays: 365,
    storage: "Nơi khô ráo, thoáng mát",
    ingredients: "100% cà phê Robusta",
    originCommuneCode: "24670",
  },
  {
    sku: "TRA-002",
    name: "Trà ô long Mộc Châu",
    ocopGroup: "BEVERAGE",
    category: "Trà",
    description: "Trà ô long lá xoăn, hái tay trên cao nguyên Mộc Châu.",
    unit: "hộp",
    packSize: "200 g",
    priceVnd: 250000,
    minOrder: 2,
    stock: 50,
    weightGrams: 260,
    lengthMm: 150,
    widthMm: 100,
    heightMm: 80,
    shelfLifeDays: 540,
    storage: "Nơi khô ráo, tránh ánh nắng",
    ingredients: "Lá trà ô long",
    originCommuneCode: "03980",
  },
];

// The template is Vietnamese whatever the interface language: cooperatives share it as a file.
const t = translator("vi");

function exampleCells(example: (typeof EXAMPLES)[number]) {
  return IMPORT_FIELDS.map((field) => {
    const value = example[field];
    if (field === "ocopGroup" && typeof value === "string") return t(`products.groups.${value}`);
    return value ?? null;
  });
}

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Cổng OCOP";
  const sheet = workbook.addWorksheet(t("imports.guide.dataSheetName"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = IMPORT_FIELDS.map((field) => ({
    header: templateHeader(t, field),
    key: field,
    width: field === "description" || field === "name" ? 36 : field === "ocopGroup" ? 26 : 18,
    style: TEXT_FIELDS.has(field) ? { numFmt: "@" } : INTEGER_FIELDS.has(field) ? { numFmt: "#,##0" } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  header.height = 32;
  IMPORT_FIELDS.forEach((field, index) => {
    header.getCell(index + 1).fill = {
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: (REQUIRED_FIELDS as readonly string[]).includes(field) ? "FFFFE7A8" : "FFE3F4E8" },
    };
  });
  for (const example of EXAMPLES) {
    sheet.addRow(exampleCells(example)).font = { italic: true, color: { argb: "FF6B6B6B" } };
  }
  const groupColumn = sheet.getColumn("ocopGroup").letter;
  const groupNames = OCOP_GROUPS.map((g) => t(`products.groups.${g}`)).join(",");
  // Worksheet.dataValidations is not in ExcelJS's types; one range instead of 5,000 cells.
  (
    sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations.add(`${groupColumn}2:${groupColumn}${DROPDOWN_ROWS}`, {
    type: "list",
    allowBlank: true,
    formulae: [`"${groupNames}"`],
    showErrorMessage: true,
    errorStyle: "warning",
    error: t("imports.guide.dropdownError"),
  });

  const guide = workbook.addWorksheet(t("imports.guide.sheetName"));
  guide.columns = [{ width: 34 }, { width: 12 }, { width: 100 }];
  guide.addRow([t("imports.guide.title")]).font = { bold: true, size: 14 };
  guide.addRow([t("imports.guide.intro")]);
  guide.addRow([t("imports.guide.reimport")]);
  guide.addRow([]);
  guide.addRow([
    t("imports.guide.columnHeading"),
    t("imports.guide.requiredHeading"),
    t("imports.guide.explanationHeading"),
  ]).font = { bold: true };
  for (const field of IMPORT_FIELDS) {
    const required = (REQUIRED_FIELDS as readonly string[]).includes(field);
    const row = guide.addRow([
      t(`products.fields.${field}`),
      t(required ? "imports.guide.yes" : "imports.guide.no"),
      t(`imports.guide.columns.${field}`),
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
  }
  guide.addRow([]);
  guide.addRow([t("imports.guide.groupsHeading")]).font = { bold: true };
  for (const group of OCOP_GROUPS) guide.addRow([t(`products.groups.${group}`), group]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same header and examples as CSV, UTF-8 with a BOM so Excel shows the Vietnamese text. */
export async function templateCsv(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("csv");
  sheet.addRow(IMPORT_FIELDS.map((field) => templateHeader(t, field)));
  for (const example of EXAMPLES) sheet.addRow(exampleCells(example));
  return Buffer.from(
    await workbook.csv.writeBuffer({ formatterOptions: { writeBOM: true, rowDelimiter: "\r\n" } }),
  );
}
