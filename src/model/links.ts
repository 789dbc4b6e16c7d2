// Which files the project model can relate to each other. Every cross-file link the model builds
// joins Kubernetes objects of one namespace: a Service selects the pods of its namespace, an
// Ingress backend names a Service of its namespace, duplicate objects share a namespace. So files
// whose objects share no namespace never meet, and can be linted apart (src/engine/parallel.ts
// lints such groups in worker threads).
//
// A model or rule that starts relating files some other way (by an ini's name, by a path, across
// namespaces) must add a key for that relation to both functions below; test/parallel.test.ts
// compares the output with and without workers and fails if a link was cut.
import { posix } from "node:path";
import type { SourceFile } from "../engine/types.js";
import { namespaceOf } from "./k8s.js";
import type { ProjectModel } from "./project.js";

/** The link keys of each file with objects, from the parsed model: exact. */
export function linkKeys(model: ProjectModel): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const object of model.k8s.objects) {
    let set = keys.get(object.file.path);
    if (!set) keys.set(object.file.path, (set = new Set()));
    set.add(namespaceKey(namespaceOf(object)));
  }
  return keys;
}

/**
 * The link keys of each file (in the order given) guessed before anything is parsed, to decide
 * which files go to the same worker: the namespaces a YAML file names (`guessNamespaceKeys`),
 * and, for a uWSGI ini and the manifests beside it, their directory, as the container that runs
 * an ini is usually declared next to it. A wrong guess costs time, never correctness: the engine
 * checks the guess against `linkKeys` and lints files again together when a key turns out to
 * span two groups.
 */
export function guessLinkKeys(files: readonly SourceFile[]): string[][] {
  const iniDirectories = new Set(files.filter((file) => file.language === "uwsgi").map((file) => posix.dirname(file.path)));
  return files.map((file) => {
    const keys = file.language === "yaml" ? guessNamespaceKeys(file.text) : [];
    const directory = posix.dirname(file.path);
    if ((file.language === "yaml" || file.language === "uwsgi") && iniDirectories.has(directory)) keys.push(`directory:${directory}`);
    return keys;
  });
}

/** Every `namespace:` key of a YAML text, and the default namespace for a document that names none. */
export function guessNamespaceKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const document of text.split(DOCUMENT_START)) {
    let named = false;
    for (const match of document.matchAll(NAMESPACE_KEY)) {
      keys.add(namespaceKey(unquote(match[1]!)));
      named = true;
    }
    if (!named && KIND_KEY.test(document)) keys.add(namespaceKey("default"));
  }
  return [...keys];
}

const DOCUMENT_START = /^---/m;
const NAMESPACE_KEY = /^[ \t]*(?:-[ \t]+)?["']?namespace["']?[ \t]*:[ \t]*([^\s#]+)/gm;
const KIND_KEY = /^["']?kind["']?[ \t]*:/m;

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function namespaceKey(namespace: string): string {
  return `namespace:${namespace}`;
}
