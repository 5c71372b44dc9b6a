// Starts the production server on a copy of the build (BENCH_RUN_DIR/build), so that a rebuild of
// ./build during a benchmark (another session's `npm run build`) does not change what is measured.
// Started from the project root, so tsx finds tsconfig.json; then moves into the run folder, where
// startServer() looks for build/ (node_modules are still found up the tree: the folder is in data/).
import { startServer } from "../../../server/index";

const runDir = process.env.BENCH_RUN_DIR;
if (!runDir) throw new Error("BENCH_RUN_DIR is not set");
process.chdir(runDir);
const { url } = await startServer();
console.log(`bench server ready at ${url}`);
