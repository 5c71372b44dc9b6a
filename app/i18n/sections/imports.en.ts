import type { importsVi } from "./imports.vi";
import type { Widen } from "../widen";

export const importsEn: Widen<typeof importsVi> = {
  title: "Import products from an Excel/CSV file",
  lead: "Fill in the template with your products and upload it. Every row is checked; the valid rows are saved together as drafts, and the invalid ones are listed by row and column so you can fix them and upload again.",
  templateHeading: "1. Download the template",
  templateXlsx: "Excel template (.xlsx)",
  templateCsv: "CSV template",
  templateHint:
    "The “Product code” column is required: when you upload the file again, products with the same code are updated, never duplicated.",
  csvHint:
    "Prefer the Excel file: when opening a CSV file, Excel may drop the leading zeros of commune codes and round GTINs.",
  uploadHeading: "2. Upload the file",
  file: "Product file (.xlsx or .csv, up to 5 MB and 5,000 rows)",
  submit: "Import products",
  submitting: "Uploading…",
  status: {
    VALIDATING: "Checking",
    SAVING: "Saving",
    DONE: "Done",
    FAILED: "Failed",
  },
  progress: "Checked {{done}}/{{total}} rows…",
  saving: "Saving {{count}} products…",
  resultHeading: "Result of importing “{{fileName}}”",
  created: "Created",
  updated: "Updated",
  unchanged: "Unchanged",
  invalid: "Rows with errors",
  allGood: "Every row is valid.",
  createdAsDraft: "New products are saved as drafts: add photos and submit each one for review.",
  errorsHeading: "Errors to fix",
  errorsLead:
    "Fix these cells in the file and upload it again: rows already imported will not be duplicated.",
  row: "Row",
  column: "Column",
  message: "Error",
  moreErrors: "… and {{count}} more errors.",
  ignoredColumns: "Columns not used (ignored): {{columns}}.",
  sameFile: "This file was already imported at {{when}}. Importing it again creates no duplicates.",
  historyHeading: "Recent imports",
  historyEmpty: "No imports yet.",
  when: "Time",
  fileName: "File",
  rowCount_one: "{{count}} row",
  rowCount_other: "{{count}} rows",
  doneSummary: "{{created}} new, {{updated}} updated",
  state: "Status",
  view: "View",
  errors: {
    noFile: "Choose an .xlsx or .csv file.",
    empty: "The file is empty.",
    tooLarge: "The file is too large: 5 MB at most. Split it into smaller files.",
    oldExcel: "This is an old Excel file (.xls). Open it in Excel and “Save as” Excel Workbook (.xlsx).",
    notSpreadsheet: "This file is neither an Excel workbook (.xlsx) nor a CSV file.",
    encoding:
      "The Vietnamese text in this CSV file cannot be read. Save it again as “CSV UTF-8 (Comma delimited)”.",
    unreadable:
      "The file cannot be read. Open it in Excel, save it as .xlsx and try again, or use the template.",
    noHeader:
      "No header row with column names (e.g. “Product code”, “Product name”) was found. Use the template.",
    missingColumns: "The file lacks required columns: {{columns}}.",
    duplicateColumn: "Columns “{{first}}” and “{{second}}” hold the same information: remove one.",
    noRows: "The file has no product rows below the header row.",
    tooManyRows: "The file has more than {{max}} product rows. Split it into several files.",
    duplicateSku: "Product code “{{sku}}” is already on row {{row}} of the file.",
    duplicateGtin: "GTIN {{gtin}} is already on row {{row}} of the file.",
    unknownCommune:
      "No commune has the code {{code}}. See the 5-digit codes in the list of administrative units.",
    conflict:
      "The data changed at the same time (perhaps another import). No row was saved: upload the file again.",
    failed: "Saving failed. No row was saved: try again in a few minutes.",
    interrupted:
      "The import was interrupted (the server restarted). No row was saved: upload the file again.",
  },
  guide: {
    sheetName: "Guide",
    dataSheetName: "Products",
    title: "How to fill in the product import file",
    intro:
      "Each row of the “Products” sheet is one product. Keep the header row; columns marked * are required. Delete the 2 example rows before importing.",
    reimport:
      "When the file is uploaded again, products with the same “Product code” are updated (no duplicates, review status unchanged). An empty cell keeps the current value.",
    columnHeading: "Column",
    requiredHeading: "Required",
    explanationHeading: "How to fill it in",
    yes: "Yes",
    no: "No",
    groupsHeading: "Accepted OCOP product groups",
    columns: {
      sku: "Your own code for the product, unique in the file: unaccented letters, digits and . - / _ (e.g. CF-001). Identifies the product when you import again.",
      name: "Product name, 2–200 characters.",
      ocopGroup:
        "Pick from the list: one of the 6 OCOP groups at the end of this sheet (with or without diacritics).",
      category: "Free category, e.g. “Coffee”, “Honey”.",
      description: "Product description, up to 5,000 characters.",
      unit: "Selling unit, e.g. pack, box, bottle, kg, bag, bunch.",
      packSize: "Pack size, e.g. “500 g”, “box of 12 × 330 ml bottles”.",
      priceVnd:
        "Price in đồng, a whole number without separators (185000; 185.000 is accepted too). At least 1,000.",
      minOrder: "Minimum quantity per order, a whole number (default 1).",
      stock: "Quantity in stock, a whole number (default 0).",
      weightGrams: "Packed weight in grams (marketplaces need it for shipping fees).",
      lengthMm: "Package length in millimetres.",
      widthMm: "Package width in millimetres.",
      heightMm: "Package height in millimetres.",
      shelfLifeDays: "Shelf life in days, e.g. 365.",
      storage: "Storage, e.g. “Keep in a cool, dry place”.",
      ingredients: "Ingredients, e.g. “100% Robusta coffee”.",
      originCommuneCode:
        "Commune of origin: its 5-digit code from the list of administrative units (e.g. 24670 is Đắk Mil commune, Lâm Đồng). Keep leading zeros.",
      gtin: "Optional. GTIN-8, 12, 13 or 14 digits, the last being the check digit (Vietnamese codes start with 893).",
    },
    dropdownError: "Pick an OCOP group from the list.",
  },
};
