// A log as people paste it: `kubectl logs` (with --timestamps or --prefix), Rancher's log view,
// or a node's container log (CRI format, or Docker's json-file). The prefixes are removed so
// symptoms match the message itself; line numbers stay those of the input.

export interface LogLine {
  /** 1-based line of the input. */
  readonly line: number;
  /** The message, without timestamp or pod prefix. */
  readonly text: string;
}

const PREFIXES: readonly RegExp[] = [
  /^\[pod\/[^\]\s]+\] /, // kubectl logs --prefix: [pod/NAME/CONTAINER]
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})? /, // --timestamps, Rancher's view
  /^(?:stdout|stderr) [FP] /, // CRI: "<timestamp> stdout F message"
];

export function logLines(text: string): LogLine[] {
  return text.split(/\r?\n/).map((raw, index) => ({ line: index + 1, text: withoutPrefixes(raw) }));
}

function withoutPrefixes(raw: string): string {
  let text = jsonFileMessage(raw) ?? raw;
  for (const prefix of PREFIXES) text = text.replace(prefix, "");
  return text;
}

/** Docker's json-file driver writes `{"log":"message\n","stream":"stderr","time":"…"}` per line. */
function jsonFileMessage(raw: string): string | undefined {
  if (!raw.startsWith('{"log":')) return undefined;
  try {
    const { log } = JSON.parse(raw) as { log?: unknown };
    return typeof log === "string" ? log.replace(/\r?\n$/, "") : undefined;
  } catch {
    return undefined;
  }
}
