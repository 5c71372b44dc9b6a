import type { photosVi } from "./photos.vi";
import type { Widen } from "../widen";

export const photosEn: Widen<typeof photosVi> = {
  title: "Product photos",
  pageTitle: "Photos: {{product}}",
  backToProduct: "← Back to the product",
  count: "{{count}}/{{max}} photos",
  empty: "This product has no photos yet. The first photo becomes the cover.",
  rules:
    "JPEG, PNG, WebP or AVIF, up to {{mb}} MB and {{megapixels}} megapixels each, at most {{max}} photos per product. Location (GPS) data is removed before publishing.",
  uploadLabel: "Choose photos from this device",
  takePhoto: "Or take a new photo",
  uploadHint: "You can choose several photos at once.",
  uploadSubmit: "Upload photos",
  uploading: "Uploading and processing photos…",
  full: "This product already has {{max}} photos. Delete one before adding another.",
  cover: "Cover",
  position: "Photo {{n}}",
  moveUp: "Move up",
  moveDown: "Move down",
  makeCover: "Make cover",
  delete: "Delete",
  deleteConfirm: "Delete this photo? This cannot be undone.",
  deleteSubmit: "Delete this photo",
  added_one: "{{count}} photo added.",
  added_other: "{{count}} photos added.",
  moved: "Photo order changed.",
  coverSet: "Cover photo set.",
  deleted: "Photo deleted.",
  notAdded: "These photos were not added:",
  errors: {
    badRequest: "Invalid request. Reload the page and try again.",
    noFile: "Choose at least one photo.",
    tooLarge:
      "“{{name}}” is larger than {{max}} MB. Send a smaller photo (e.g. taken in normal mode, not RAW).",
    requestTooLarge:
      "Too much data sent. Each photo is at most 15 MB, at most 8 photos at a time. Send fewer photos at once.",
    unsupportedType:
      "“{{name}}” is not a JPEG, PNG, WebP or AVIF image (the file's content was checked, not just its name).",
    heic: "“{{name}}” is a HEIC photo, which cannot be read yet. On an iPhone choose Settings → Camera → Formats → “Most Compatible”, or send a JPEG.",
    tooManyPixels:
      "“{{name}}” has too many pixels (at most {{max}} megapixels). Shrink it and send it again.",
    tooSmall: "“{{name}}” is too small. Send a photo at least {{min}} pixels wide.",
    corrupt: "“{{name}}” is damaged or was not fully uploaded. Try sending it again.",
    limit: "“{{name}}” was not added: a product has at most {{max}} photos.",
    duplicate: "“{{name}}” is already among this product's photos.",
    notFound: "Photo not found (it may have been deleted). The list has been reloaded.",
    storageFailed:
      "The photo could not be saved because of a storage error. Please try again in a few minutes.",
  },
};
