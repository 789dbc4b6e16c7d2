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
  const lines = logLines(log);
  for (const [index, line] of lines.entries()) {
    const symptom = SYMPTOMS.find((candidate) => candidate.pattern.test(line.text) && (candidate.confirmedBy?.(lines, index) ?? true));
    if (!symptom) continue;
    const shown = found.get(symptom) ?? [];
    shown.push(line);
    found.set(symptom, shown);
  }
  return [...found].map(([symptom, shown]) => ({ symptom, lines: shown }));
}
