// What nw-lint says of a file or directory it cannot read, found by discovery or by the model's
// reads alike: each becomes an nw-lint/unreadable-file diagnostic.

export interface ReadProblem {
  readonly path: string;
  readonly message: string;
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

export function cannotReadFile(code: string): string {
  return code === "ELOOP" ? `cannot read the file: its symbolic links form a loop (${code})` : `cannot read the file (${code})`;
}

export function overSizeLimit(size: number, limit: number): string {
  return `file is ${size} bytes, over the ${limit}-byte limit (maxFileSize); skipped`;
}
