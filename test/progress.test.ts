// Progress ("files done of total" on stderr) shows only on a terminal, after about a second,
// never in CI or with --quiet, and its line is cleared at the end.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { progress } from "../src/cli/progress.js";

function terminal(isTTY = true): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

describe("progress", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubEnv("CI", "");
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("draws files done of total once the run has taken a second, then clears the line", () => {
    const { stream, written } = terminal();
    const shown = progress({ quiet: false }, stream)!;
    shown.update(10, 400);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1000);
    shown.update(200, 400);
    shown.update(400, 400);
    shown.end();
    expect(written).toEqual(["\rnw-lint: 200/400 files", "\rnw-lint: 400/400 files", "\r\x1b[K"]);
  });

  it("stays silent when stderr is not a terminal, in CI and with --quiet", () => {
    expect(progress({ quiet: false }, terminal(false).stream)).toBeUndefined();
    expect(progress({ quiet: true }, terminal().stream)).toBeUndefined();
    vi.stubEnv("CI", "true");
    expect(progress({ quiet: false }, terminal().stream)).toBeUndefined();
  });

  it("leaves nothing behind for a run shorter than a second", () => {
    const { stream, written } = terminal();
    const shown = progress({ quiet: false }, stream)!;
    shown.update(400, 400);
    shown.end();
    expect(written).toEqual([]);
  });
});
