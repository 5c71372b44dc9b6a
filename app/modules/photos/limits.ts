// Upload limits, shared by the server checks and the page that explains them.
export const MAX_PHOTOS_PER_PRODUCT = 8;
export const MAX_PHOTO_MB = 15;
export const MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024;
export const MAX_MEGAPIXELS = 40;
/** A whole upload request: eight full-size photos plus the form fields. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_PHOTOS_PER_PRODUCT * MAX_PHOTO_BYTES + 1024 * 1024;
