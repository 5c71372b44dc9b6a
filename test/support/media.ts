import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Points the photo storage of this test file at fresh temporary folders. Call it before the first
 * import of app modules: the storage reads these variables once.
 */
export function tempMediaDirs(prefix: string) {
  const root = mkdtempSync(path.join(tmpdir(), `ocop-${prefix}-`));
  const dirs = {
    media: path.join(root, "media"),
    originals: path.join(root, "originals"),
    uploads: path.join(root, "uploads"),
  };
  process.env.MEDIA_DIR = dirs.media;
  process.env.ORIGINALS_DIR = dirs.originals;
  process.env.UPLOAD_TMP_DIR = dirs.uploads;
  mkdirSync(dirs.uploads, { recursive: true });
  return dirs;
}
