import type { Effect, Finding, Rule, RuleContext, RuleMeta } from "./types.js";

/** Declares a rule; the generic ties each finding's `messageId` to the rule's own messages. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/**
 * A value longer than this is cut where a message quotes it (a 500 KB pyargv would fill the
 * report); the location shows it whole. Parts of messages composed by rules stay well under it.
 */
export const MAX_QUOTED_LENGTH = 500;

/**
 * The related locations a diagnostic keeps: a finding about one object of a large namespace (a
 * Service selecting none of a thousand workloads) would otherwise carry them all, in every report.
 */
export const MAX_RELATED = 10;

/** Fills `{{name}}` placeholders from a finding's data. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? quoted(String(data[name])) : whole));
}

function quoted(value: string): string {
  if (value.length <= MAX_QUOTED_LENGTH) return value;
  const cut = MAX_QUOTED_LENGTH - 1;
  // Never split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(value[cut - 1]!) ? cut - 1 : cut;
  return `${value.slice(0, end)}…`;
}

const EFFECT_RANK: Readonly<Record<Effect, number>> = { misbehaves: 1, "wont-start": 2, rejected: 3 };

/** The stronger of two effects; undefined (advice) is the weakest. */
export function strongerEffect(a: Effect | undefined, b: Effect | undefined): Effect | undefined {
  if (!a || !b) return a ?? b;
  return EFFECT_RANK[a] >= EFFECT_RANK[b] ? a : b;
}

/**
 * Reports each place once when several models lead to it (one ini read by two linked containers),
 * with the strongest effect any of them gave. Call `flush` when the rule is done.
 */
export function reportingOnce<MessageId extends string>(context: RuleContext<MessageId>): { report(finding: Finding<MessageId>): void; flush(): void } {
  const findings = new Map<string, Finding<MessageId>>();
  return {
    report(finding) {
      const key = `${finding.at.file.path}:${finding.at.start}:${finding.at.end}:${finding.messageId}`;
      const earlier = findings.get(key);
      const effect = strongerEffect(earlier?.effect, finding.effect);
      findings.set(key, { ...(earlier ?? finding), ...(effect ? { effect } : {}) });
    },
    flush() {
      for (const finding of findings.values()) context.report(finding);
    },
  };
}

/** How safe a rule's fixes are, in a word for listings: `safe`, `unsafe`, or `safe/unsafe` when the usual safety has exceptions. */
export function fixLabel(meta: RuleMeta): string {
  if (!meta.fixable) return "";
  return meta.fixSafetyVaries ? (meta.fixable === "safe" ? "safe/unsafe" : "unsafe/safe") : meta.fixable;
}
