// A worker thread of the parallel engine (built to dist/cli/worker.cjs, which parallel.ts starts):
// loads the bundle and runs worker.ts.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCore } from "../cli/load-core.js";

void loadCore(dirname(fileURLToPath(import.meta.url))).core.startWorker();
