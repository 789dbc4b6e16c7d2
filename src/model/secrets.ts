// The values of committed Secrets (`data` and `stringData`), as Kubernetes reads them.
import { isScalar } from "yaml";
import { mapAt, type PairNode } from "../languages/k8s/nodes.js";
import { isObject } from "../languages/k8s/server-validation.js";
import type { K8sModel, K8sObject } from "./k8s.js";

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
