// How a Kubernetes container, a compose service or an image run on its own starts its process:
// the words of its command, the environment it gets and the directory it starts in. Shared by the
// uWSGI and the other Python servers' models, so both read a runner the same way.
import { rangeSite } from "../engine/source.js";
import type { Site, SourceFile } from "../engine/types.js";
import { booleanValue, nodeRange, scalarText, valueOf, type YamlNode } from "../languages/k8s/nodes.js";
import type { ScriptRunner } from "../languages/shell/root-guard.js";
import type { Word } from "../languages/shell/words.js";
import type { ContainerSource } from "./container-paths.js";
import { imageStartUid, imageUser } from "./dockerfiles.js";
import { containerStartUid, effectiveSecurityField, type Container } from "./k8s.js";

/** A variable the process gets: its value (undefined when only known at run time), where the value is set, and its whole entry. */
export interface EnvValue {
  readonly value: string | undefined;
  readonly at: Site;
  readonly entryAt: Site;
}

/** The container's own `command` and `args` as words (empty when it sets neither). */
export function containerWords(container: Container): { readonly command: Word[]; readonly args: Word[] } {
  const file = container.workload.object.file;
  return { command: container.command.flatMap((node) => yamlWord(file, node)), args: container.args.flatMap((node) => yamlWord(file, node)) };
}

function yamlWord(file: SourceFile, node: YamlNode): Word[] {
  const text = scalarText(node);
  return text === undefined ? [] : [{ text, at: rangeSite(file, nodeRange(node)) }];
}

/** The environment the process starts with: the image's ENV, overridden by the container's `env` or the compose service's `environment`. */
export function processEnvironment(source: ContainerSource): Map<string, EnvValue> {
  const environment = new Map<string, EnvValue>();
  for (const entry of source.dockerfile?.env ?? []) environment.set(entry.name, { value: entry.value, at: entry.at, entryAt: entry.at });
  const file = source.container?.workload.object.file;
  for (const entry of source.container?.env ?? []) {
    if (entry.name === undefined || !file) continue;
    environment.set(entry.name, { value: entry.value ? scalarText(entry.value) : undefined, at: rangeSite(file, nodeRange(entry.value ?? entry.node)), entryAt: rangeSite(file, nodeRange(entry.node)) });
  }
  for (const [name, entry] of source.compose?.environment ?? []) environment.set(name, entry);
  return environment;
}

/** The environment with the variables a command sets on the way to the server over it (`export NAME=value`, `env NAME=value`), each at its word. */
export function withAssignments(environment: Map<string, EnvValue>, assignments: ReadonlyMap<string, Word>): Map<string, EnvValue> {
  for (const [name, word] of assignments) environment.set(name, { value: word.text, at: word.at, entryAt: word.at });
  return environment;
}

/**
 * Whether the process starts as root: by the uid it starts as (containerStartUid, compose's `user:`,
 * imageStartUid), else by a user named other than root (whose uid only the image's /etc/passwd
 * gives); a container that must run as non-root (`runAsNonRoot: true`, no runAsUser) starts only
 * as another. Undefined where nothing shows it.
 */
export function startsAsRoot(source: ContainerSource): boolean | undefined {
  const { container, compose, dockerfile } = source;
  // The kubelet starts such a container only as another user than root, whatever the image's.
  if (container && !effectiveSecurityField(container, "runAsUser") && booleanValue(effectiveSecurityField(container, "runAsNonRoot")?.node) === true) return false;
  const imageUid = dockerfile && imageStartUid(dockerfile);
  const composeUser = container ? undefined : compose?.user;
  const uid = container ? containerStartUid(container, imageUid) : composeUser ? composeUser.uid : imageUid;
  if (uid !== undefined) return uid === 0;
  if (container && effectiveSecurityField(container, "runAsUser")) return undefined;
  const name = composeUser ? composeUser.name : dockerfile && imageUser(dockerfile)?.name;
  return name && !name.includes("$") ? false : undefined;
}

/** Who runs a start script the runner starts, for its root guards: `shell` reads it (`bash`, `sh`). */
export function scriptRunner(source: ContainerSource, shell: string | undefined): ScriptRunner {
  const bash = shell === "bash";
  const environment = processEnvironment(source);
  // Bash takes $EUID and $UID from its environment where they are there; an envFrom or a compose service may put them there unseen.
  const idsFromEnvironment = environment.has("EUID") || environment.has("UID") || source.compose !== undefined || valueOf(source.container?.node, "envFrom") !== undefined;
  return { root: startsAsRoot(source), bash, uidVariables: bash && !idsFromEnvironment };
}

/** The directory the runner says to start in (`workingDir`, `working_dir`, the image's WORKDIR), if it says. */
export function configuredDirectory(source: ContainerSource): string | undefined {
  return source.container?.workingDir ?? source.compose?.workingDir ?? source.dockerfile?.workdir?.value;
}

/** A container as `--verbose` names it. */
export function describeContainer(container: Container): string {
  const object = container.workload.object;
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name} (${object.file.path}), container ${container.name}`;
}
