// The values of committed Secrets (`data` and `stringData`), as Kubernetes reads them.
import { isScalar } from "yaml";
import { mapAt, type PairNode } from "../languages/k8s/nodes.js";
import { isObject } from "../languages/k8s/server-validation.js";
import type { K8sModel, K8sObject } from "./k8s.js";
import { placeholderIn } from "./placeholders.js";

export interface SecretValue {
  readonly object: K8sObject;
  readonly field: "data" | "stringData";
  readonly key: string;
  readonly pair: PairNode;
  /** The value as written; undefined when it is not a string (k8s/schema reports that). */
  readonly written: string | undefined;
  /** What the container sees: `stringData` as written, `data` base64-decoded; undefined when `data` is not base64. */
  readonly decoded: Buffer | string | undefined;
}

export function secretObjects(model: K8sModel): K8sObject[] {
  return model.objects.filter((object) => object.kind === "Secret" && object.apiVersion === "v1");
}

export function secretValues(secret: K8sObject): SecretValue[] {
  return (["data", "stringData"] as const).flatMap((field) =>
    (mapAt(secret.node, field)?.items ?? []).map((pair) => {
      const written = isScalar(pair.value) && typeof pair.value.value === "string" ? pair.value.value : undefined;
      return { object: secret, field, key: String(pair.key.value), pair, written, decoded: decodedValue(field, written) };
    }),
  );
}

/** What `kubectl apply` leaves on an object, and Rancher's exports keep: the object as last applied, as JSON. */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** A value of the Secret as last applied, in that annotation: committed as much as the Secret's own. */
export type AppliedValue = Pick<SecretValue, "field" | "key" | "written" | "decoded">;

export function lastAppliedValues(secret: K8sObject): AppliedValue[] {
  let applied: unknown;
  try {
    applied = JSON.parse(secret.annotations.get(LAST_APPLIED) ?? "null");
  } catch {
    return [];
  }
  if (!isObject(applied)) return [];
  return (["data", "stringData"] as const).flatMap((field) => {
    const values = applied[field];
    return isObject(values)
      ? Object.entries(values).map(([key, value]) => {
          const written = typeof value === "string" ? value : undefined;
          return { field, key, written, decoded: decodedValue(field, written) };
        })
      : [];
  });
}

/** What the container sees of a value as written: `stringData` as it is, `data` base64-decoded. */
function decodedValue(field: SecretValue["field"], written: string | undefined): SecretValue["decoded"] {
  return written === undefined ? undefined : field === "data" ? decodeBase64(written) : written;
}

/** Where a value sits, as a path: `data.token`, or `data[".dockerconfigjson"]` for a key with a dot. */
export function secretValuePath({ field, key }: Pick<SecretValue, "field" | "key">): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}

/** Go's base64.StdEncoding, as encoding/json decodes a []byte: padded, with CR and LF ignored. */
function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[\r\n]/g, "");
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact) ? Buffer.from(compact, "base64") : undefined;
}

/** Words people commit instead of a secret, compared without case, spaces, `-` and `_`. */
const DUMMY_WORDS = new Set(["todo", "tbd", "fixme", "dummy", "placeholder", "example", "secret", "password", "none", "null"]);
/** A value that asks to be changed, alone or among other words (`password-CHANGE-ME`), compared the same way. */
const ASKS_TO_BE_CHANGED = /changeme|replaceme/;
/** An instruction to whoever fills the value in, anywhere in it (`base/ PUT THE RIGHT THING HERE`). */
const FILL_IN_HERE = /(?:^|[^a-z])(?:put|insert|enter|your)[^a-z](?:.*[^a-z])?here(?:[^a-z]|$)/i;
/** "Your" in the languages of Spin's users: a value that starts with one and is only words (`YOUR_API_KEY`, `tu_valor_secreto`) speaks to whoever fills it in. */
const YOUR = new Set(["your", "tu", "su", "votre", "ton", "dein", "ihr", "seu", "sua", "tuo", "vostro"]);
/**
 * Whether a Secret value is a stand-in for the real one: a word people commit instead of a secret,
 * one that asks to be changed or filled in, a placeholder (`<PUT … HERE>`), one character repeated.
 */
export function isPlaceholderValue(text: string): boolean {
  const word = text.trim().toLowerCase().replace(/[\s_-]/g, "");
  return DUMMY_WORDS.has(word) || ASKS_TO_BE_CHANGED.test(word) || /^(.)\1*$/.test(word) || placeholderIn(text.trim()) !== undefined || /^(?:put|insert|enter|your).*here$/.test(word) || FILL_IN_HERE.test(text) || addressesTheReader(text.trim());
}

function addressesTheReader(text: string): boolean {
  const words = text.split(/[\s_-]+|(?<=\p{Ll})(?=\p{Lu})/u);
  return words.length >= 2 && YOUR.has(words[0]!.toLowerCase()) && words.every((word) => /^\p{L}+$/u.test(word));
}
