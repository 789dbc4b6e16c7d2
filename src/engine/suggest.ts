// "Did you mean": the one rule for how close a name must be to a known one to be taken for a
// typo of it, for rule ids, config keys, uWSGI options and Kubernetes fields alike. Edits are
// counted with a swap of neighbours as one (`modlue` is one edit from `module`), case ignored.
import damerauLevenshtein from "damerau-levenshtein";

/**
 * damerau-levenshtein fills a square matrix as wide as the longer string, so a name of 30,000
 * characters would take gigabytes: nothing longer than the longest Kubernetes name is compared
 * (it counts as the farthest from everything).
 */
const LONGEST_COMPARED = 253;

function edits(a: string, b: string): number {
  if (a.length > LONGEST_COMPARED || b.length > LONGEST_COMPARED) return Infinity;
  return damerauLevenshtein(a.toLowerCase(), b.toLowerCase()).steps;
}

/**
 * The candidate closest to `name` when it is close enough to be the one meant: at most a third of
 * its characters edited, between two and three (one for a name of three or fewer), so that a long
 * name is not taken for another that merely shares a prefix (`serviceAccountSecret` is not
 * `serviceAccountName`). The first of equally close candidates wins.
 */
export function suggestion(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(name.length / 3)));
  const close = [...candidates].filter((candidate) => Math.abs(candidate.length - name.length) <= limit);
  const found = nearest(name, close);
  return found !== undefined && edits(name, found) <= limit ? found : undefined;
}

/** The candidate fewest edits from `name`, however many: the first of equally close ones. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: { readonly name: string; readonly edits: number } | undefined;
  for (const candidate of candidates) {
    // The edits are at least the difference in length: such a candidate cannot come closer.
    if (best && Math.abs(candidate.length - name.length) >= best.edits) continue;
    const count = edits(name, candidate);
    if (!best || count < best.edits) best = { name: candidate, edits: count };
  }
  return best?.name;
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
