import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { mapItems, nodeRange, stringAt, valueOf, asScalar } from "../../src/languages/k8s/nodes.js";
import { allContainers, objectRef } from "../../src/model/k8s.js";

/** A word of the name (split at `_`, `-`, `.`) that names a credential: DB_PASS, PASSWORD, SECRET, TOKEN, API_KEY, APIKEY; not PASSENGER or PASSIVE. */
const CREDENTIAL_WORD = /^(pass(w(or)?d|phrase|code)?s?|pwd|secrets?|tokens?|(api|access|private|secret|signing|auth|encryption|master|ssh|gpg)?keys?)$/i;
/** Clients' own variables, one word: libpq's PGPASSWORD and PGSSLPASSWORD, redis-cli's REDISCLI_AUTH. */
const CLIENT_CREDENTIAL = /^(pg(ssl)?password|rediscli_auth)$/i;
/** The shell's working directories, not passwords. */
const SHELL_DIRECTORY = /^(old)?pwd$/i;
/** A last word that makes the name a setting about the credential, not the credential: CACHE_KEY_PREFIX, TOKEN_TTL, KAFKA_KEY_SERIALIZER. */
const SETTING_WORD = /^(prefix|suffix|location|header|ttl|expir\w*|timeout|lifetime|age|algorithm|alg|scheme|name|audience|issuer|url|uri|endpoint|host|ports?|file|path|dir|type|length|size|format|mode|(de)?serializer|separator|delimiter)$/i;

/**
 * A name of two words, the second KEY, that is a key into data: SORT_KEY, PARTITION_KEY, CACHE_KEY.
 * Only the bare name: REDIS_CACHE_KEY is Azure's access key, and a primary, search, routing, hash or
 * map key is as often a credential (Azure's PRIMARY_KEY, Algolia's SEARCH_KEY, PagerDuty's ROUTING_KEY).
 */
const DATA_KEY = /^(sort|partition|cache|lookup|group|shard|index|foreign|composite|order|dedup\w*|idempotency|row|range|field|column)[_.-]keys?$/i;

/** A public key, published by design: JWT_PUBLIC_KEY, SSH_PUBLIC_KEY. */
const PUBLIC_KEY = /(^|[_.-])public[_.-]keys?$/i;

function namesCredential(name: string): boolean {
  if (CLIENT_CREDENTIAL.test(name)) return true;
  const words = name.split(/[_.-]/);
  return !SHELL_DIRECTORY.test(name) && !DATA_KEY.test(name) && !PUBLIC_KEY.test(name) && words.some((word) => CREDENTIAL_WORD.test(word)) && !SETTING_WORD.test(words.at(-1)!);
}

export default defineRule({
  meta: {
    id: "k8s/secret-in-env",
    title: "Credentials come from Secrets, not literal env values",
    severity: "warning",
    docs: {
      what: "Warns when an `env` entry whose name looks like a credential (a word of it, split at `_`, `-` or `.`, is `PASS`, `PASSWORD`, `PASSWD`, `PWD` (not the shell's `PWD` itself), `PASSPHRASE`, `SECRET`, `TOKEN`, `KEY` or a kind of key such as `APIKEY`: `DB_PASS`, `API_KEY`; not `KEYSPACE` or `HOTKEYS`, nor a name of a key into data: `SORT_KEY`, `PARTITION_KEY`, `CACHE_KEY`, while `REDIS_CACHE_KEY` is a credential; nor a public key, `JWT_PUBLIC_KEY`) or is a client's own credential variable (`PGPASSWORD`, `REDISCLI_AUTH`) has a literal `value` that could be one (not empty, a number, a boolean, a duration, a file path, a URL without credentials, or a `$(VAR)` reference). A name whose last word makes it a setting about a credential is not one: `CACHE_KEY_PREFIX`, `TOKEN_TTL`, `JWT_TOKEN_LOCATION`, `API_KEY_HEADER`, `SECRET_NAME`, `KAFKA_KEY_SERIALIZER`.",
      why: "A literal credential in a manifest ends up in the repository, in Rancher's UI and in every export; Kubernetes Secrets keep it out of the workload definition (REAL: `DB_PASS: fragile` in a public Spin manifest, corpus/spin-manifests tom-app).",
      fix: "Store the value in a Secret and reference it with `valueFrom.secretKeyRef`.",
      sources: ["REAL: corpus/spin-manifests tom-app (a plaintext password in env)", "Kubernetes: Using Secrets as environment variables"],
    },
    messages: {
      literal: "env {{name}} holds a literal value that looks like a credential",
    },
    hints: {
      literal: "use valueFrom.secretKeyRef",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      for (const entry of mapItems(valueOf(container.node, "env"))) {
        const name = stringAt(entry, "name");
        const value = asScalar(valueOf(entry, "value"));
        if (!name || !value || !namesCredential(name) || !couldBeCredential(value.value)) continue;
        context.report({
          messageId: "literal",
          data: { name },
          at: rangeSite(container.workload.object.file, nodeRange(value)),
          object: objectRef(container.workload.object, container),
        });
      }
    }
  },
});

function couldBeCredential(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const text = value.trim();
  if (text === "" || /^[-+]?\d+(\.\d+)?$/.test(text) || /^(true|false|yes|no|on|off)$/i.test(text)) return false;
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(text)) return false;
  // A duration: 1h, 3600s, 30d.
  if (/^\d+(ms|s|m|h|d|w)$/.test(text)) return false;
  if (/^\.{0,2}\/\S*$/.test(text)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(text)) return false;
  return true;
}
