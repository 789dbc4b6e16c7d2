// A compose file read for what each service runs: `entrypoint` and `command` (a list, or a string
// that compose splits like a shell would, without running a shell), `working_dir`, `environment`,
// the `build` context and Dockerfile, and bind mounts of repository directories. Never read as
// Kubernetes objects.
import { posix } from "node:path";
import type { Site, SourceFile } from "../../engine/types.js";
import { rangeSite } from "../../engine/source.js";
import { userIds, type UserIds } from "../dockerfile/parse.js";
import { parseYamlStream } from "../k8s/parse.js";
import { asMap, asScalar, mapAt, nodeRange, scalarText, seqItems, valueOf, type MapNode, type YamlNode } from "../k8s/nodes.js";
import { scriptWords, type Word } from "../shell/words.js";

export interface ComposeService {
  readonly file: SourceFile;
  readonly name: string;
  /** The service's `name:` key. */
  readonly at: Site;
  /** Undefined when the service does not set it (the image's ENTRYPOINT/CMD then apply). */
  readonly entrypoint: readonly Word[] | undefined;
  readonly command: readonly Word[] | undefined;
  readonly workingDir: string | undefined;
  /** Each variable's value (undefined for `- NAME`, taken from compose's own environment), where the value is, and the whole entry. */
  readonly environment: ReadonlyMap<string, { readonly value: string | undefined; readonly at: Site; readonly entryAt: Site }>;
  /** Absolute path of the Dockerfile `build` names (context + `dockerfile`, default `Dockerfile`). */
  readonly dockerfile: string | undefined;
  /** The stage `build.target` builds, lower-case; undefined for the final one. */
  readonly target: string | undefined;
  /** Bind mounts of host directories: `./app:/app`. */
  readonly binds: readonly { readonly host: string; readonly container: string }[];
  /** `user: uid[:gid]`: who the process runs as. */
  readonly user: UserIds | undefined;
  /** `cap_add` and `cap_drop` as written (`SETUID`, `CAP_SETUID`, `ALL`). */
  readonly capabilities: { readonly add: readonly string[]; readonly drop: readonly string[] };
}

export function parseCompose(file: SourceFile): ComposeService[] {
  const stream = parseYamlStream(file);
  const base = posix.dirname(file.absolutePath ?? posix.resolve(file.path));
  return stream.documents.flatMap((document) => {
    const services = asMap(valueOf(asMap(document.contents) ?? undefined, "services"));
    return (services?.items ?? []).flatMap((pair) => {
      const name = scalarText(pair.key);
      const service = asMap(pair.value);
      return name !== undefined && service ? [serviceOf(file, base, name, rangeSite(file, nodeRange(pair.key)), service)] : [];
    });
  });
}

function serviceOf(file: SourceFile, base: string, name: string, at: Site, service: MapNode): ComposeService {
  const build = valueOf(service, "build");
  // A `build` mapping without `context` builds from the compose file's directory (the Compose Specification's default, `.`).
  const context = asScalar(build) ? scalarText(build) : asMap(build) ? (scalarText(valueOf(asMap(build), "context")) ?? ".") : undefined;
  const dockerfileName = scalarText(valueOf(mapAt(service, "build"), "dockerfile")) ?? "Dockerfile";
  const user = scalarText(valueOf(service, "user"));
  return {
    file, name, at,
    entrypoint: commandWords(file, valueOf(service, "entrypoint")),
    command: commandWords(file, valueOf(service, "command")),
    workingDir: scalarText(valueOf(service, "working_dir")),
    environment: environmentOf(file, valueOf(service, "environment")),
    dockerfile: context === undefined ? undefined : posix.resolve(base, context, dockerfileName),
    target: scalarText(valueOf(mapAt(service, "build"), "target"))?.toLowerCase(),
    binds: seqItems(valueOf(service, "volumes")).flatMap((item) => bindOf(base, item)),
    user: user === undefined ? undefined : userIds(user),
    capabilities: { add: scalarItems(valueOf(service, "cap_add")), drop: scalarItems(valueOf(service, "cap_drop")) },
  };
}

function scalarItems(node: YamlNode | undefined): string[] {
  return seqItems(node).flatMap((item) => scalarText(item) ?? []);
}

/** A list of words, or a string compose splits as a shell would (quotes group, no shell runs it). */
function commandWords(file: SourceFile, node: YamlNode | undefined): Word[] | undefined {
  if (!node) return undefined;
  const items = seqItems(node);
  if (items.length > 0 || !asScalar(node)) {
    return items.flatMap((item) => {
      const text = scalarText(item);
      return text === undefined ? [] : [{ text, at: rangeSite(file, nodeRange(item)) }];
    });
  }
  const text = scalarText(node);
  if (text === undefined) return undefined;
  return scriptWords(text, rangeSite(file, nodeRange(node))).filter((word) => !word.separator).map(({ text: word, at }) => ({ text: word, at }));
}

function environmentOf(file: SourceFile, node: YamlNode | undefined): Map<string, { value: string | undefined; at: Site; entryAt: Site }> {
  const environment = new Map<string, { value: string | undefined; at: Site; entryAt: Site }>();
  const map = asMap(node);
  for (const pair of map?.items ?? []) {
    const key = scalarText(pair.key);
    if (key !== undefined) environment.set(key, { value: scalarText(pair.value) ?? undefined, at: rangeSite(file, nodeRange(pair.value ?? pair.key)), entryAt: rangeSite(file, nodeRange(pair)) });
  }
  for (const item of seqItems(node)) {
    const text = scalarText(item);
    if (text === undefined) continue;
    const equals = text.indexOf("=");
    const at = rangeSite(file, nodeRange(item));
    environment.set(equals === -1 ? text : text.slice(0, equals), { value: equals === -1 ? undefined : text.slice(equals + 1), at, entryAt: at });
  }
  return environment;
}

/** `./app:/app[:ro]` or `{type: bind, source: ./app, target: /app}`; named volumes are not binds. */
function bindOf(base: string, item: YamlNode): { host: string; container: string }[] {
  const text = scalarText(item);
  if (text !== undefined) {
    const [host, container] = text.split(":");
    return host && container && /^[./~]/.test(host) ? [{ host: posix.resolve(base, host), container: posix.resolve("/", container) }] : [];
  }
  const map = asMap(item);
  const source = scalarText(valueOf(map, "source"));
  const target = scalarText(valueOf(map, "target"));
  return scalarText(valueOf(map, "type")) === "bind" && source && target ? [{ host: posix.resolve(base, source), container: posix.resolve("/", target) }] : [];
}
