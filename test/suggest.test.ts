// "Did you mean": one rule for config keys, rule ids, command-line options, uWSGI options and
// Kubernetes fields.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestOption } from "../src/languages/uwsgi/options.js";
import { nearest, ruleIdSuggestion, suggestion } from "../src/engine/suggest.js";

describe("suggestion", () => {
  it("takes a name for a typo of a candidate within a third of its length in edits, a swap of neighbours as one, case ignored", () => {
    expect(suggestion("modlue", ["mount", "module"])).toBe("module");
    expect(suggestion("WRITABLEPATHS", ["rules", "writablePaths"])).toBe("writablePaths");
    expect(suggestion("spin/imagetag", ["spin/image-tag", "spin/image-registry"])).toBe("spin/image-tag");
    // Three letters: one edit at most; longer: two, or a third of its length.
    expect([suggestion("fo", ["foo"]), suggestion("fox", ["foo"]), suggestion("fxx", ["foo"])]).toEqual(["foo", "foo", undefined]);
    expect(suggestion("apps-and-more", ["maxFileSize", "apps"])).toBeUndefined();
    // Never more than three edits: a long name sharing a prefix is another name.
    expect(suggestion("serviceAccountSecret", ["serviceAccountName", "serviceAccount"])).toBeUndefined();
    expect(suggestion("serviceAcountName", ["serviceAccountName"])).toBe("serviceAccountName");
  });

  it("compares no name longer than a Kubernetes name: the edit matrix would take gigabytes", () => {
    const long = "x".repeat(30_000);
    expect([suggestion(long, [`${long}y`]), nearest(long, ["web", "api"]), nearest("web", [long, "wbe"])]).toEqual([undefined, "web", "wbe"]);
    expect(nearest("a".repeat(253), ["a".repeat(250)])).toBe("a".repeat(250));
  });

  it("counts edits past four, where the edit distance library it used before answered the name's length", () => {
    expect(nearest("abcdefgh", ["zzzzzzzz", "abxxxxxh"])).toBe("abxxxxxh");
    expect(nearest("checkout-api", ["web", "checkout-frontend", "checkout"])).toBe("checkout");
  });

  it("keeps the first of equally close candidates, and none beyond the limit, when it skips candidates that cannot come closer", () => {
    expect(nearest("web", ["wbe", "ewb", "webb"])).toBe("wbe");
    // Anagrams share every character: only the edits tell them apart.
    expect(nearest("listen", ["silent", "enlist", "listne"])).toBe("listne");
    expect(suggestion("deployment", ["tnemyolped", "deplyoment"])).toBe("deplyoment");
    expect(suggestion("deployment", ["tnemyolped"])).toBeUndefined();
  });

  it("finds what comparing every candidate in full finds: the bound and the early stop skip only candidates that cannot win", () => {
    // The oracle: the optimal string alignment distance from a full matrix, case ignored.
    const distance = (a: string, b: string) => {
      [a, b] = [a.toLowerCase(), b.toLowerCase()];
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    const firstNearest = (name: string, candidates: readonly string[]) =>
      candidates.reduce<string | undefined>((best, candidate) => (best === undefined || distance(name, candidate) < distance(name, best) ? candidate : best), undefined);
    const name = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "-", "é"), maxLength: 12 });
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 8 }), (wrong, candidates) => {
        expect(nearest(wrong, candidates)).toBe(firstNearest(wrong, candidates));
        const limit = wrong.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(wrong.length / 3)));
        expect(suggestion(wrong, candidates)).toBe(firstNearest(wrong, candidates.filter((candidate) => distance(wrong, candidate) <= limit)));
      }),
      { numRuns: 3000 },
    );
  });

  it("completes a shortened rule id to the shortest rule it starts", () => {
    expect(ruleIdSuggestion("spin/capabilities", ["spin/capabilities-drop-all", "spin/capabilities-add-forbidden"])).toBe("spin/capabilities-drop-all");
    const ids = ["spin/image-tag", "yaml/syntax", "python/syntax", "k8s/schema"];
    expect(ruleIdSuggestion("image-tag", ids)).toBe("spin/image-tag");
    expect(ruleIdSuggestion("imagetag", ids)).toBe("spin/image-tag");
    expect(ruleIdSuggestion("syntax", ids)).toBeUndefined();
  });

  it("is the one the uWSGI options use, so a name in the wrong case gets the option meant", () => {
    expect(closestOption("MODULE")).toBe("module");
  });
});
