// One optional photo sent with a form (a diary event's, a producer's logo), through the same
// pipeline as product photos: received size-limited, validated and rendered in memory, then stored
// before the row that points at it, and removed again if that row is never written.
import { MAX_SINGLE_PHOTO_REQUEST_BYTES, MIN_SINGLE_PHOTO_WIDTH } from "./limits";
import { removeUnreferenced } from "./photos.server";
import { photoStorage, type PhotoStorage } from "./storage.server";
import {
  PhotoError,
  prepareReceivedFile,
  receivePhotoUpload,
  writePreparedPhoto,
  type PreparedPhoto,
} from "./upload.server";

export interface FormWithPhoto {
  /** The text fields, ready for parseWithZod. */
  fields: FormData;
  photo: PreparedPhoto | null;
  /** Why the photo was refused (the fields are still there, to keep what was typed). */
  refused: PhotoError | null;
}

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
}

/**
 * Reads a multipart form with at most one photo in `fileField` (an empty file input is no photo).
 * Throws PhotoError only when the body itself is refused (too large, malformed): then no field
 * could be read.
 */
export async function receiveFormWithPhoto(request: Request, fileField = "photo"): Promise<FormWithPhoto> {
  const upload = await receivePhotoUpload(request, {
    fileField,
    maxFiles: 1,
    maxRequestBytes: MAX_SINGLE_PHOTO_REQUEST_BYTES,
  });
  try {
    const fields = new FormData();
    for (const [name, value] of upload.fields) fields.set(name, value);
    const [file, ...more] = upload.files;
    if (!file) return { fields, photo: null, refused: null };
    try {
      if (more.length > 0) throw new PhotoError("badRequest");
      if (file.refused) throw file.refused;
      if (!file.path) throw new PhotoError("badRequest");
      const photo = await prepareReceivedFile({ ...file, path: file.path });
      if (photo.width < MIN_SINGLE_PHOTO_WIDTH)
        throw new PhotoError("tooSmall", { name: file.name, min: MIN_SINGLE_PHOTO_WIDTH });
      return { fields, photo, refused: null };
    } catch (error) {
      if (error instanceof PhotoError) return { fields, photo: null, refused: error };
      throw error;
    }
  } finally {
    await upload.dispose();
  }
}

/**
 * Stores the photo (if any), then runs `save` with its hash. If `save` fails, the files this call
 * wrote are removed unless another record uses the same picture meanwhile.
 */
export async function withStoredPhoto<T>(
  photo: PreparedPhoto | null,
  save: (hash: string | null) => Promise<T>,
  storage: PhotoStorage = photoStorage(),
): Promise<T> {
  if (!photo) return save(null);
  const written = await writePreparedPhoto(photo, storage);
  try {
    return await save(photo.hash);
  } catch (error) {
    await removeUnreferenced(
      { hash: photo.hash, width: photo.width, originalKey: photo.original.key },
      storage,
      written,
    );
    throw error;
  }
}
