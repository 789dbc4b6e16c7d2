// Progress on stderr for long runs: "files done of total", redrawn in place, only on a terminal,
// never in CI (`CI` set) or with --quiet, and only once the run has taken about a second.
const DELAY_MS = 1000;

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the progress line, if one was drawn. */
  end(): void;
}

export function progress(options: { readonly quiet: boolean }, stream: NodeJS.WriteStream = process.stderr): Progress | undefined {
  if (options.quiet || !stream.isTTY || inCi()) return undefined;
  const start = Date.now();
  let drawn = false;
  return {
    update(done, total) {
      if (Date.now() - start < DELAY_MS) return;
      stream.write(`\rnw-lint: ${done}/${total} files`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}

function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}
