// Which files the project model can relate to each other. Every cross-file link the model builds
// joins Kubernetes objects of one namespace: a Service selects the pods of its namespace, an
// Ingress backend names a Service of its namespace, duplicate objects share a namespace. So files
// whose objects share no namespace never meet, and can be linted apart (src/engine/parallel.ts
// lints such groups in worker threads).
//
// uWSGI apps relate files another way: a container command (or a compose service's) names an ini
// by its basename, an ini includes another by path, and the only ini is linked to the only
// container running uWSGI.
// `linkKeys` keys every file of each app by the configs it read; `guessUwsgiLinkKeys` puts an ini
// with the manifests of its directory, and every manifest whose choice of ini depends on files
// elsewhere with every candidate.
//
// A file the model reads that is linted too (a Python module named on the command line) needs no
// exact key: a batch whose model read a file another batch holds is linted again with it. The
// guess keeps such a module with the nearest ini above it, so that this is rare.
//
// A model or rule that starts relating files some other way (by a path, across namespaces) must
// add a key for that relation to both kinds of function below; test/parallel.test.ts compares the
// output with and without workers and fails if a link was cut.
import { posix } from "node:path";
import type { AppLink } from "../engine/config.js";
import type { SourceFile } from "../engine/types.js";
import { pushTo } from "./grouping.js";
import { IniIndex } from "./ini-index.js";
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
  for (const app of model.uwsgi.apps) {
    const configs = app.configs.map((config) => `ini:${config.file.path}`);
    const files = [...app.configs.map((config) => config.file), ...(app.container ? [app.container.workload.object.file] : []), ...(app.compose ? [app.compose.file] : [])];
    for (const file of files) {
      let set = keys.get(file.path);
      if (!set) keys.set(file.path, (set = new Set()));
      for (const key of configs) set.add(key);
    }
  }
  return keys;
}

/**
 * uWSGI link keys guessed before parsing, for the whole set of files at once: an ini goes with the
 * manifests of its directory that name it; a manifest naming an ini it has no copy of beside it
 * (or naming it by a relative path) goes with every ini of that name; inis no manifest beside them
 * names go with every manifest that mentions uWSGI or a script (`.sh`) and names no ini beside it
 * (the only-pair link, and an ini a start script names).
 */
export function guessUwsgiLinkKeys(files: readonly SourceFile[]): Map<SourceFile, string[]> {
  const keys = new Map<SourceFile, string[]>();
  const add = (file: SourceFile, key: string) => keys.set(file, [...(keys.get(file) ?? []), key]);
  const inis = files.filter((file) => file.language === "uwsgi");
  const index = new IniIndex(inis);
  const claimed = new Set<SourceFile>();
  for (const manifest of files.filter((file) => file.language === "yaml" || file.language === "compose")) {
    const named = iniNames(manifest.text);
    let local = false;
    for (const written of named) {
      const candidates = index.named(posix.basename(written));
      const beside = index.at(posix.join(posix.dirname(manifest.path), posix.basename(written)));
      if (beside && !(written.includes("/") && !posix.isAbsolute(written))) {
        add(manifest, `ini-dir:${posix.dirname(manifest.path)}`);
        claimed.add(beside);
        local = true;
      } else {
        add(manifest, `ini-name:${posix.basename(written)}`);
        for (const ini of candidates) add(ini, `ini-name:${posix.basename(written)}`);
      }
    }
    // A start script (`entrypoint.sh`) may run uWSGI with any ini (src/model/start-scripts.ts).
    if (!local && /\buwsgi\b|\.sh\b/.test(manifest.text)) add(manifest, "uwsgi:only-pair");
  }
  const byDirectory = new Map<string, string[]>();
  for (const ini of inis) {
    const key = claimed.has(ini) ? `ini-dir:${posix.dirname(ini.path)}` : "uwsgi:only-pair";
    add(ini, key);
    pushTo(byDirectory, posix.dirname(ini.path), key);
  }
  // A Python module named on the command line (a pre-commit run) is read by the app of the
  // nearest ini above it (beside it, or above its package); one loaded from elsewhere is caught
  // after the run (parallel.ts).
  for (const module of files.filter((file) => file.language === "python")) {
    for (let directory = posix.dirname(module.path); ; directory = posix.dirname(directory)) {
      const found = byDirectory.get(directory);
      if (found) {
        for (const key of found) add(module, key);
        break;
      }
      if (directory === posix.dirname(directory)) break;
    }
  }
  return keys;
}

/**
 * Keys for the links a config's `apps` declares, which join an ini and a workload wherever they
 * are: the ini goes with every manifest whose text holds the workload's name (and namespace,
 * unless that is the default one, which a manifest need not write).
 */
export function guessConfigLinkKeys(files: readonly SourceFile[], apps: readonly AppLink[]): Map<SourceFile, string[]> {
  const keys = new Map<SourceFile, string[]>();
  apps.forEach((app, index) => {
    const key = `config-app:${index}`;
    const slash = app.workload.indexOf("/");
    const namespace = slash === -1 ? "default" : app.workload.slice(0, slash);
    const name = app.workload.slice(slash + 1);
    const mayHold = (text: string) => text.includes(name) && (namespace === "default" || text.includes(namespace));
    for (const file of files) {
      const linked = file.language === "uwsgi" ? file.absolutePath === app.ini : file.language === "yaml" && mayHold(file.text);
      if (linked) pushTo(keys, file, key);
    }
  });
  return keys;
}

/**
 * The ini files a text names (`app.ini`, `/srv/uwsgi.ini`): each `.ini` ending a word, with the
 * path characters before it; of several in one run of path characters, the whole run (as a
 * greedy pattern reads it). Found from the suffix, each character looked at about once.
 */
function iniNames(text: string): string[] {
  const names: { start: number; end: number }[] = [];
  for (const match of text.matchAll(INI_SUFFIX)) {
    if (!NAME_END.test(text[match.index - 1] ?? "")) continue;
    const previous = names.at(-1);
    let start = match.index - 1;
    while (start > (previous?.end ?? 0) && PATH_CHAR.test(text[start - 1]!)) start--;
    const end = match.index + ".ini".length;
    // The run goes on from the previous name: that name is the start of this one.
    if (previous && start <= previous.end && (start < previous.end || PATH_CHAR.test(text[start - 1]!))) previous.end = end;
    else names.push({ start, end });
  }
  return names.map(({ start, end }) => text.slice(start, end));
}

const INI_SUFFIX = /\.ini\b/g;
const NAME_END = /[\w@%-]/;
const PATH_CHAR = /[\w.@%/-]/;

/**
 * The link keys of a YAML file guessed from its text before it is parsed, to decide which files
 * go to the same worker: every `namespace:` key, and the default namespace for a document that
 * names none. A wrong guess costs time, never correctness: the engine checks the guess against
 * `linkKeys` and lints files again together when a key turns out to span two groups.
 */
export function guessLinkKeys(text: string): string[] {
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
