#!/usr/bin/env node
// The nw-lint command (package.json `bin`, built to dist/cli/main.cjs): loads the bundle and runs main.ts.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCore } from "./load-core.js";

void loadCore(dirname(fileURLToPath(import.meta.url))).core.startCli();
