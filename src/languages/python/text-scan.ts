// Scans of Python source text where no syntax tree can be had: before a parse, or where lezer's
// grammar has a gap.

/**
 * Where the string literal whose quote is at `start` ends: past its closing quote, or where it
 * stops unclosed (a line break for a single-quoted string, the end of the text for a triple-quoted
 * one). A string's prefix and an f-string's fields are not told apart.
 */
export function stringEnd(text: string, start: number): number {
  const quote = text.startsWith(text[start]!.repeat(3), start) ? text[start]!.repeat(3) : text[start]!;
  let end = start + quote.length;
  while (end < text.length && !text.startsWith(quote, end) && (quote.length === 3 || (text[end] !== "\n" && text[end] !== "\r"))) end += text[end] === "\\" ? 2 : 1;
  return Math.min(text.length, text.startsWith(quote, end) ? end + quote.length : end);
}
