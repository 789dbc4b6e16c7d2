// `nw-lint diagnose`: which known symptoms a log shows, in the order they first appear.
import { logLines, type LogLine } from "./log.js";
import { SYMPTOMS, type Symptom } from "./symptoms.js";

export interface SymptomFound {
  readonly symptom: Symptom;
  /** Every line showing it; a crash loop repeats the same lines. */
  readonly lines: readonly LogLine[];
}

export function diagnose(log: string): SymptomFound[] {
  const found = new Map<Symptom, LogLine[]>();
  for (const line of logLines(log)) {
    const symptom = SYMPTOMS.find((candidate) => candidate.pattern.test(line.text));
    if (!symptom) continue;
    const lines = found.get(symptom) ?? [];
    lines.push(line);
    found.set(symptom, lines);
  }
  return [...found].map(([symptom, lines]) => ({ symptom, lines }));
}
