/**
 * A failure of the run itself (bad arguments, bad config, missing path): the CLI prints the
 * message on one line and exits 2. File content problems are diagnostics, never RunErrors.
 */
export class RunError extends Error {
  override readonly name = "RunError";
}
