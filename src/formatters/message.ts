import type { Diagnostic } from "../engine/types.js";

/** The diagnostic's message with its hint on the next line, for formats with one text field. */
export function messageWithHint(diagnostic: Diagnostic): string {
  return diagnostic.hint === undefined ? diagnostic.message : `${diagnostic.message}\n${diagnostic.hint}`;
}
