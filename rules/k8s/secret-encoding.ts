import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { objectRef } from "../../src/model/k8s.js";
import { isPlaceholderValue, secretObjects, secretValuePath, secretValues } from "../../src/model/secrets.js";

export default defineRule({
  meta: {
    id: "k8s/secret-encoding",
    title: "Secret data is valid base64 of the intended bytes",
    severity: "warning",
    docs: {
      what: "Warns when a Secret `data` value is not valid base64 (unless it is a stand-in for the real value, such as `PUT THE RIGHT THING HERE` or `changeme`, as `k8s/secret-committed` reads them), or decodes to one line of text followed by a newline: the mark of `echo value | base64` without `-n`.",
      why: "The API server refuses a Secret whose `data` is not base64. A trailing newline is accepted and handed to the app as part of the password, so a login that works by hand fails from the pod. Multi-line values (certificates, config files) end in a newline by design and are not reported.",
      fix: "Encode without the newline (`printf %s 'value' | base64`, or `echo -n`), or put the plain value under `stringData` and let Kubernetes encode it.",
      sources: ["Kubernetes: Secrets (data is base64, stringData is plain text)", "Go encoding/base64 StdEncoding, as encoding/json decodes []byte"],
      related: ["k8s/secret-committed"],
    },
    messages: {
      notBase64: "{{path}} of Secret \"{{name}}\" is not valid base64",
      trailingNewline: "{{path}} of Secret \"{{name}}\" decodes to one line followed by a newline, which the app receives as part of the value",
    },
    hints: {
      notBase64: "encode it with base64, or move the plain value to stringData",
      trailingNewline: "encode it with printf %s … | base64 (or echo -n), not echo",
    },
  },
  check(model, context) {
    for (const secret of secretObjects(model.k8s)) {
      for (const value of secretValues(secret)) {
        if (value.field !== "data" || value.written === undefined) continue;
        const data = { path: secretValuePath(value), name: secret.name };
        const at = rangeSite(secret.file, nodeRange(value.pair.value!));
        if (!(value.decoded instanceof Buffer)) {
          // A template's stand-in (`PUT THE RIGHT THING HERE`) is for whoever fills it in to encode.
          if (isPlaceholderValue(value.written)) continue;
          context.report({ messageId: "notBase64", data, at, effect: "rejected", object: objectRef(secret) });
        } else if (isEchoedLine(value.decoded)) {
          context.report({ messageId: "trailingNewline", data, at, effect: "misbehaves", object: objectRef(secret) });
        }
      }
    }
  },
});

/** Text of exactly one line ending in "\n" (or "\r\n"), as `echo` writes it. */
function isEchoedLine(bytes: Buffer): boolean {
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD") || /[\0-\x08\x0e-\x1f]/.test(text)) return false;
  const body = text.replace(/\r?\n$/, "");
  return body !== text && body.length > 0 && !body.includes("\n");
}
