/** Where each kind that makes pods holds its pod spec. A Map: a `kind` written in a file is no key of Object's prototype. */
export const POD_BEARING_KINDS: ReadonlyMap<string, readonly string[]> = new Map([
  ["Pod", ["spec"]],
  ["Deployment", ["spec", "template", "spec"]],
  ["StatefulSet", ["spec", "template", "spec"]],
  ["DaemonSet", ["spec", "template", "spec"]],
  ["ReplicaSet", ["spec", "template", "spec"]],
  ["ReplicationController", ["spec", "template", "spec"]],
  ["Job", ["spec", "template", "spec"]],
  ["CronJob", ["spec", "jobTemplate", "spec", "template", "spec"]],
]);
