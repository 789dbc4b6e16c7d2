import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { mapAt, nodeRange, valueOf } from "../../src/languages/k8s/nodes.js";
import { objectRef } from "../../src/model/k8s.js";
import { isPlaceholderValue, LAST_APPLIED, lastAppliedValues, secretObjects, secretValuePath, secretValues, type AppliedValue } from "../../src/model/secrets.js";

/** Text that is only PEM certificates (`tls.crt`, `ca.crt`): public, what a TLS client is given anyway. */
const CERTIFICATES_ONLY = /^(?:\s*-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]*-----END CERTIFICATE-----)+\s*$/;
/**
 * A file the repository keeps as an example or a test, where a sample value is expected: named so
 * (`secret.example.yaml`, `test-secret.yaml`), or in a directory named so (`examples/`, `tests/`).
 * A directory whose name only holds the word (a checkout named `k8s-test-django`) does not count.
 */
const EXAMPLE_NAME = /(?:^|[._-])(?:examples?|samples?|tests?|demo)(?:[._-]|$)/i;
const EXAMPLE_DIRECTORY = /^(?:examples?|samples?|tests?|demo)$/i;

function isExampleFile(path: string): boolean {
  const directories = path.split("/");
  const name = directories.pop() ?? "";
  return EXAMPLE_NAME.test(name) || directories.some((directory) => EXAMPLE_DIRECTORY.test(directory));
}

export default defineRule({
  meta: {
    id: "k8s/secret-committed",
    title: "Secrets with real values stay out of the repository",
    severity: "warning",
    docs: {
      what: "Warns, once per Secret, when a `kind: Secret` in the repository carries a `data` or `stringData` value that looks real: not empty and not a placeholder such as `<PUT THE RIGHT THING HERE>`, `changeme` and `REPLACE_ME` (alone or within: `password-CHANGE-ME`), words that ask to be filled in anywhere in the value (`base/ PUT THE RIGHT THING HERE`), or `YOUR_API_KEY` (a value of words only that starts with \"your\", in English, Spanish, French, German, Portuguese or Italian: `tu_valor_secreto`). A value that is only PEM certificates (a `tls.crt` or `ca.crt`) is public and does not count. A Secret whose own values are placeholders is still reported when its `kubectl.kubernetes.io/last-applied-configuration` annotation, which `kubectl apply` writes and exports keep, holds a real one. In files named like examples or tests it is only info.",
      why: "Base64 is an encoding, not encryption: everyone who can read the repository, its forks and its history can read the value.",
      fix: "Remove the Secret from the repository and rotate the value; create it in the cluster (`kubectl create secret generic …`, or Rancher's Secrets page) and keep only a template with placeholders.",
      sources: ["Kubernetes: Secrets (good practices: base64 is not encryption)", "RULES.md § 8"],
      related: ["k8s/secret-encoding", "k8s/secret-in-env", "k8s/placeholder"],
    },
    messages: {
      committed: "Secret \"{{name}}\" holds a real-looking value in {{path}}; anyone who can read the repository can read it",
      lastApplied: "Secret \"{{name}}\" holds a real-looking value in {{path}} of its last-applied-configuration annotation; anyone who can read the repository can read it",
    },
    hints: {
      committed: "keep the Secret out of the repository, rotate the value, and commit a template with placeholders",
      lastApplied: "the annotation is the Secret as kubectl last applied it, values and all: remove it as well, rotate the value, and commit a template with placeholders",
    },
  },
  check(model, context) {
    for (const secret of secretObjects(model.k8s)) {
      const common = { ...(isExampleFile(secret.file.path) ? { severity: "info" as const } : {}), object: objectRef(secret) };
      const real = secretValues(secret).find(looksReal);
      if (real) {
        context.report({ messageId: "committed", data: { name: secret.name, path: secretValuePath(real) }, at: rangeSite(secret.file, nodeRange(real.pair.value!)), ...common });
        continue;
      }
      const applied = lastAppliedValues(secret).find(looksReal);
      const annotation = applied && valueOf(mapAt(secret.node, "metadata", "annotations"), LAST_APPLIED);
      if (applied && annotation) {
        context.report({ messageId: "lastApplied", data: { name: secret.name, path: secretValuePath(applied) }, at: rangeSite(secret.file, nodeRange(annotation)), ...common });
      }
    }
  },
});

function looksReal(value: AppliedValue): boolean {
  // Not base64: the text as written is what was committed.
  const text = (typeof value.decoded === "string" ? value.decoded : value.decoded?.toString("utf8")) ?? value.written;
  if (text === undefined || text.trim() === "" || CERTIFICATES_ONLY.test(text)) return false;
  return !isPlaceholderValue(text);
}
