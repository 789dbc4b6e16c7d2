// "Did you mean": the one rule for how close a name must be to a known one to be taken for a
// typo of it, for rule ids, config keys, uWSGI options and Kubernetes fields alike.

/**
 * The candidate closest to `name` when it is close enough to be the one meant: at most a third of
 * its characters edited (at least two; one for a name of three or fewer), case ignored, a swap of
 * neighbours counting as one edit (`modlue` → `module`). The first of equally close candidates wins.
 */
export function suggestion(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: { readonly name: string; readonly distance: number } | undefined;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/**
 * Edits to turn `a` into `b`, a swap of two neighbours counting as one (optimal string alignment);
 * anything over `limit` is reported as `limit + 1`, which lets the table stay a band.
 */
function editDistance(a: string, b: string, limit: number): number {
  const width = b.length + 1;
  const over = limit + 1;
  let before = new Int32Array(width).fill(over);
  let previous = new Int32Array(width).map((_, j) => (j <= limit ? j : over));
  let current = new Int32Array(width);
  for (let i = 1; i <= a.length; i++) {
    current.fill(over);
    if (i <= limit) current[0] = i;
    let best = current[0]!;
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, before[j - 2]! + 1);
      current[j] = Math.min(distance, over);
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return over;
    const rotated = before;
    before = previous;
    previous = current;
    current = rotated;
  }
  return previous[b.length]!;
}

/** The rule id meant by a mistyped or shortened one (`spin/imagetag`, `spin/capabilities-drop`). */
export function ruleIdSuggestion(id: string, ids: readonly string[]): string | undefined {
  const completions = ids.filter((candidate) => candidate.startsWith(id));
  return completions.length > 0 ? completions.reduce((shortest, candidate) => (candidate.length < shortest.length ? candidate : shortest)) : suggestion(id, ids);
}
