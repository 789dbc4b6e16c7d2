// Binary search over sorted arrays: line starts, edits, ranges, error nodes.

/**
 * The index of the first item for which `past` holds, when it holds for every item after it too
 * (the items are sorted by what it tests); `items.length` when it holds for none.
 */
export function partitionPoint<T>(items: readonly T[], past: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (past(items[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}
