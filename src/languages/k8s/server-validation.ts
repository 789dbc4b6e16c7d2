// What the API server's validation code rejects beyond the OpenAPI schema in schemas/k8s, for
// the kinds nw-lint models. Kubernetes 1.30: pkg/apis/batch/validation (validateJobSpec).

import type { SchemaPath, SchemaProblem } from "./schema-validation.js";

/** The problems of `value`, an object of kind `key` ("apiVersion kind"), that only the API server's checks find. */
export function serverValidationProblems(key: string, value: unknown): SchemaProblem[] {
  switch (key) {
    case "batch/v1 Job":
      return jobRestartPolicyProblems(objectAt(value, "spec"), ["spec"]);
    case "batch/v1 CronJob":
      return jobRestartPolicyProblems(objectAt(value, "spec", "jobTemplate", "spec"), ["spec", "jobTemplate", "spec"]);
    default:
      return [];
  }
}

const JOB_RESTART_POLICIES = ["OnFailure", "Never"];

/**
 * A Job's pods must stop: restartPolicy OnFailure or Never. Unset (the pod default, Always) is
 * "Required value", Always and "" are refused too; values outside every policy are the schema's enum.
 */
function jobRestartPolicyProblems(jobSpec: Record<string, unknown> | undefined, at: SchemaPath): SchemaProblem[] {
  const podSpec = objectAt(jobSpec, "template", "spec");
  if (!podSpec) return [];
  const podSpecPath = [...at, "template", "spec"];
  const policy = podSpec.restartPolicy;
  if (policy === undefined || policy === null) return [{ path: podSpecPath, kind: "missing-required", field: "restartPolicy", allowed: JOB_RESTART_POLICIES }];
  if (policy === "Always" || policy === "") return [{ path: [...podSpecPath, "restartPolicy"], kind: "enum", field: "restartPolicy", allowed: JOB_RESTART_POLICIES }];
  return [];
}

function objectAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  const found = path.reduce<unknown>((node, step) => (isObject(node) ? node[step] : undefined), value);
  return isObject(found) ? found : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
