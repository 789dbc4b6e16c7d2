import type { SourceFile } from "../engine/types.js";

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

/** Offsets at which each line begins; lines end at `\n`, as the engine counts them. */
function lineStarts(file: SourceFile): number[] {
  const starts = [0];
  for (let i = file.text.indexOf("\n"); i !== -1; i = file.text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** The text of the 1-based line, without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  return file.text.slice(start, next === undefined ? file.text.length : next - 1).replace(/\r$/, "");
}
