// `prisma generate` tries to download the native schema engine at start-up and fails offline,
// although generation never uses it: point it at any existing file for this step only.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
execFileSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
