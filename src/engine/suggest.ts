// "Did you mean": the one rule for how close a name must be to a known one to be taken for a
// typo of it, for rule ids, config keys, uWSGI options and Kubernetes fields alike. Edits are
// counted with a swap of neighbours as one (`modlue` is one edit from `module`), case ignored.

/**
 * Comparing two names takes time in the product of their lengths: nothing longer than the longest
 * Kubernetes name is compared (it counts as the farthest from everything).
 */
const LONGEST_COMPARED = 253;

/** Three rows of the edit matrix, reused: row i - 2 for a swap, row i - 1 and row i. */
const rows = [0, 1, 2].map(() => new Int32Array(LONGEST_COMPARED + 1));

/**
 * Edits between two names already in lower case (the optimal string alignment distance:
 * insertions, deletions, substitutions and swaps of neighbours), or some count of at least
 * `atLeast` once the answer is known to be that many or more. The damerau-levenshtein package,
 * used before, allocated a square matrix per comparison and stopped counting past four edits,
 * answering the first name's length; a namespace of thousands of names compared with thousands
 * of wrong ones took tens of seconds.
 */
function edits(a: string, b: string, atLeast = Infinity): number {
  if (a.length > LONGEST_COMPARED || b.length > LONGEST_COMPARED) return Infinity;
  let [twoBack, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let fewest = i;
    for (let j = 1; j <= b.length; j++) {
      const same = a.charCodeAt(i - 1) === b.charCodeAt(j - 1);
      let count = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (same ? 0 : 1));
      if (!same && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        count = Math.min(count, twoBack[j - 2]! + 1);
      }
      current[j] = count;
      fewest = Math.min(fewest, count);
    }
    // No later row has fewer edits than this row's fewest.
    if (fewest >= atLeast) return fewest;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length]!;
}

/**
 * How often each character occurs in one name more than in the other; all zero between calls.
 * Made on first use: most runs suggest nothing.
 */
let surplus: Int32Array | undefined;

/**
 * The fewest edits `edits` could count, in time linear in the names' length rather than in their
 * product: an edit changes how often at most two characters occur, by one each (a swap changes
 * none), so at least half of what the names do not share must be edited; and at least their
 * difference in length.
 */
function editsAtLeast(a: string, b: string): number {
  surplus ??= new Int32Array(0x10000);
  for (let index = 0; index < a.length; index++) surplus[a.charCodeAt(index)]! += 1;
  for (let index = 0; index < b.length; index++) surplus[b.charCodeAt(index)]! -= 1;
  let unshared = 0;
  for (const name of [a, b]) {
    for (let index = 0; index < name.length; index++) {
      const code = name.charCodeAt(index);
      unshared += Math.abs(surplus[code]!);
      surplus[code] = 0;
    }
  }
  return Math.max(Math.abs(a.length - b.length), Math.ceil(unshared / 2));
}

/**
 * The candidate closest to `name` when it is close enough to be the one meant: at most a third of
 * its characters edited, between two and three (one for a name of three or fewer), so that a long
 * name is not taken for another that merely shares a prefix (`serviceAccountSecret` is not
 * `serviceAccountName`). The first of equally close candidates wins.
 */
export function suggestion(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(name.length / 3)));
  return closest(name, candidates, limit + 1)?.name;
}

/** The candidate fewest edits from `name`, however many: the first of equally close ones. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  return closest(name, candidates, Infinity)?.name;
}

/**
 * The first of the candidates fewest edits from `name`, if one is fewer than `fewerThan` edits
 * from it; with no limit (Infinity), the first candidate however far.
 */
function closest(name: string, candidates: Iterable<string>, fewerThan: number): { readonly name: string; readonly edits: number } | undefined {
  const lower = name.toLowerCase();
  let best: { readonly name: string; readonly edits: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const bound = best?.edits ?? fewerThan;
    if (bound !== Infinity && editsAtLeast(lower, other) >= bound) continue;
    const count = edits(lower, other, bound);
    if (best ? count < best.edits : count < fewerThan || fewerThan === Infinity) best = { name: candidate, edits: count };
  }
  return best;
}

/** The rule id meant by a mistyped or shortened one (`spin/imagetag`, `spin/capabilities-drop`), or one without its family (`image-tag`). */
export function ruleIdSuggestion(id: string, ids: readonly string[]): string | undefined {
  const completions = ids.filter((candidate) => candidate.startsWith(id));
  if (completions.length > 0) return completions.reduce((shortest, candidate) => (candidate.length < shortest.length ? candidate : shortest));
  if (!id.includes("/")) {
    const nameOf = (ruleId: string) => ruleId.slice(ruleId.indexOf("/") + 1);
    const named = suggestion(id, ids.map(nameOf));
    const inFamilies = named === undefined ? [] : ids.filter((candidate) => nameOf(candidate) === named);
    // `syntax` is yaml/syntax or python/syntax: no guess.
    if (inFamilies.length === 1) return inFamilies[0];
  }
  return suggestion(id, ids);
}
