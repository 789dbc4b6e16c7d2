// Reading what has no size to stat (stdin, a pipe named on the command line) up to a limit, so
// that an endless writer (`yes | nw-lint -`) cannot fill the memory.
import { closeSync, openSync, readSync } from "node:fs";

/** The bytes `descriptor` gives until its end; undefined once they pass `limit`. */
export function readAtMost(descriptor: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let read: number;
    try {
      read = readSync(descriptor, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EOF") break;
      if (code !== "EAGAIN") throw error;
      // A non-blocking descriptor with nothing yet: wait a little for the writer.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (read === 0) break;
    total += read;
    if (total > limit) return undefined;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return Buffer.concat(chunks);
}

/** The bytes of the pipe at `path`, up to `limit`; undefined past it. */
export function readPipe(path: string, limit: number): Buffer | undefined {
  const descriptor = openSync(path, "r");
  try {
    return readAtMost(descriptor, limit);
  } finally {
    closeSync(descriptor);
  }
}
