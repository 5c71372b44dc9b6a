// Upload limits, shared by the server checks and the page that explains them.
export const MAX_PHOTOS_PER_PRODUCT = 8;
export const MAX_PHOTO_MB = 15;
export const MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024;
export const MAX_MEGAPIXELS = 40;
/** A whole upload request: eight full-size photos plus the form fields. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_PHOTOS_PER_PRODUCT * MAX_PHOTO_BYTES + 1024 * 1024;
/**
 * A form with one photo (a diary event's, a producer's logo): room for a photo well over the limit
 * to be read to its end and refused by name (413 "too large"), not cut off mid-request.
 */
export const MAX_SINGLE_PHOTO_REQUEST_BYTES = 2 * MAX_PHOTO_BYTES + 1024 * 1024;
/** Diary photos and logos show at their 320 px variant, and variants are never upscaled. */
export const MIN_SINGLE_PHOTO_WIDTH = 320;
