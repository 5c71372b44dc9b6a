// setupFiles: runs in each test file's worker before the file's own imports, and gives the file a
// fresh migrated database of its own (see installTestDatabase in test/support/database.ts). App
// code reaches it through `database()` / `prisma` in ~/utils/db.server, which read
// globalThis.__ocopDatabase.
import { afterAll } from "vitest";
import { installTestDatabase } from "./database";

afterAll(await installTestDatabase());
