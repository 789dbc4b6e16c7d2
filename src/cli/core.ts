// The entry of the bundle (dist/cli/core.cjs, scripts/bundle.mjs): the command and the worker
// thread's code, each evaluated only when its launcher starts it (load-core.ts).
export const startCli = (): Promise<unknown> => import("./main.js");
export const startWorker = (): Promise<unknown> => import("../engine/worker.js");
