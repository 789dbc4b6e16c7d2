// YAML for the property tests: realistic Spin manifests to mutate, and hostile shapes.

/** "Billion laughs": each level holds `width` aliases of the one before: width^levels strings once expanded. */
export function aliasBomb(levels = 9, width = 10): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let level = 1; level <= levels; level++) lines.push(`a${level}: &a${level} [${Array(width).fill(`*a${level - 1}`).join(", ")}]`);
  return `${lines.join("\n")}\n`;
}
