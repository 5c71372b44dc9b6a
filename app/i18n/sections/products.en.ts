import type { Widen } from "../widen";
import type { productsVi } from "./products.vi";

export const productsEn: Widen<typeof productsVi> = {
  newTitle: "Add a product",
  editTitle: "Edit product",
  save: "Save product",
  saved: "Product saved.",
  draftRestored: "Restored what you were typing at {{time}}.",
  draftSaved: "Draft saved automatically.",
  autosaveHint: "What you type is saved automatically.",
  sections: {
    basics: "Main details",
    selling: "Selling",
    shipping: "Packing and shipping (marketplaces need these)",
    details: "Storage and ingredients",
    codes: "Codes",
  },
  status: "Status: {{status}}",
  publicId: "Public trace id: {{id}}",
  manage: {
    photos: "Photos ({{count}})",
    certificates: "Certificates ({{count}})",
    batches: "Batches and diary ({{count}})",
    labels: "Print QR labels",
  },
  submit: {
    button: "Submit for review",
    done: "The product was submitted for review.",
    problems: {
      status: "The product's status does not allow submitting.",
      required: "The name, unit, price or description is missing.",
      cover: "At least one photo (the cover) is needed.",
      ocopCertificate: "The product claims OCOP stars but has no valid OCOP certificate with those stars.",
      certificateInvalid: "A certificate has expired: renew or revoke it.",
    },
  },
  lifecycle: {
    title: "Review status",
    visible: "Visible to buyers",
    hidden: "Buyers do not see this product yet",
    state: {
      DRAFT:
        "Draft — not submitted yet. Once the details, a cover photo and valid certificates are in, send it to the trade department for review.",
      SUBMITTED:
        "Waiting for the trade department's review. You can still edit it until an official starts reviewing.",
      IN_REVIEW: "Being reviewed — editing is locked so the official sees exactly what you sent.",
      APPROVED:
        "Approved and visible to buyers. Price, stock, minimum order, dimensions and your codes update at once; other changes go back to review while the current version stays visible.",
      CHANGES_REQUESTED: "The trade department asked for changes. Edit as advised, then press “Resubmit”.",
      REJECTED: "Rejected — this dossier can no longer be edited or resubmitted. The reasons are below.",
      WITHDRAWN: "Withdrawn — buyers do not see it. Reopen it as a draft to edit and submit again.",
    },
    listedState: {
      SUBMITTED: "The previous version stays visible while your changes wait for review.",
      IN_REVIEW: "Your changes are being reviewed — editing is locked. The previous version stays visible.",
      CHANGES_REQUESTED:
        "The trade department asked for changes to your edit. The previous version stays visible; edit as advised, then press “Resubmit”.",
    },
    suspended: {
      CERTIFICATE_EXPIRED: "Suspended: a certificate expired — renew it, then resubmit for review.",
      CERTIFICATE_REVOKED:
        "Suspended: a certificate was revoked — add a valid certificate, then resubmit for review.",
      OFFICIAL: "Suspended by the trade department — read the reasons, fix them, then resubmit for review.",
    },
    pending: "Waiting for review: {{fields}}.",
    resubmit: "Resubmit",
    withdraw: "Withdraw product",
    reopen: "Reopen to edit",
    confirmTitle: "Withdraw this product?",
    confirmBody:
      "It stops being visible to buyers (if it was) and leaves the review queue. You can then reopen it as a draft, edit it and submit it again.",
    confirmYes: "Yes, withdraw it",
    confirmNo: "No, keep it",
    withdrawn: "The product was withdrawn.",
    reopened: "The product is a draft again.",
    refused: "Not possible: the product is now “{{status}}”. The page has been updated.",
    savedRevised:
      "Saved, and your changes were sent to the trade department for review. The approved version stays visible to buyers until they are approved.",
    savedPending:
      "Your changes were saved. The approved version stays visible to buyers until they are approved.",
    locked: {
      IN_REVIEW:
        "The product is being reviewed, so editing is locked. What you just typed was kept and will come back once editing is possible.",
      REJECTED: "The product was rejected, so it cannot be edited.",
    },
    readOnly: {
      IN_REVIEW: "Read only — editing is locked while the trade department reviews.",
      REJECTED: "Read only — the dossier was rejected.",
    },
  },
  reasons: {
    title: {
      CHANGES_REQUESTED: "Changes requested by the trade department ({{date}})",
      REJECTED: "Why the trade department rejected it ({{date}})",
      SUSPENDED: "Why it was suspended ({{date}})",
    },
    field: "Official's note: {{reason}}",
    photos: "Photos",
    certificates: "Certificates",
    batches: "Batches and diary",
    open: "Open {{page}}",
  },
  fields: {
    name: "Product name",
    sku: "Product code (yours)",
    ocopGroup: "OCOP product group",
    category: "Category",
    description: "Description",
    unit: "Selling unit",
    packSize: "Pack size",
    priceVnd: "Price (VND)",
    minOrder: "Minimum order",
    stock: "Stock",
    weightGrams: "Packed weight (grams)",
    lengthMm: "Length (mm)",
    widthMm: "Width (mm)",
    heightMm: "Height (mm)",
    shelfLifeDays: "Shelf life (days)",
    storage: "Storage",
    ingredients: "Ingredients",
    originCommuneCode: "Commune of origin",
    gtin: "GTIN barcode (if any)",
  },
  groups: {
    FOOD: "Food",
    BEVERAGE: "Beverages",
    HERBAL: "Herbal products",
    HANDICRAFT: "Handicrafts",
    ORNAMENTAL: "Ornamental plants and animals",
    TOURISM: "Community tourism services",
  },
  errors: {
    number: "{{field}} must be a number.",
    integer: "{{field}} must be a whole number.",
    min: "{{field}} must be at least {{min}}.",
    max: "{{field}} must be at most {{max}}.",
    sku: "The product code may only contain unaccented letters, digits and . - / _",
    group: "Choose an OCOP product group.",
    commune: "Choose the commune of origin.",
    gtin: "Invalid GTIN: 8, 12, 13 or 14 digits with a correct check digit (Vietnamese codes start with 893).",
    gtinTaken: "This GTIN is already used by another product.",
    skuTaken: "Your business already has a product with this code.",
  },
};
