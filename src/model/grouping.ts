// Small helpers the models share for grouping objects and files.
import { posix } from "node:path";
import type { SourceFile } from "../engine/types.js";

/** Appends `value` to the list under `key`, starting the list if there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** How many leading directories two files' paths share: how near each other they are kept. */
export function sharedDirectories(a: SourceFile, b: SourceFile): number {
  const [first, second] = [posix.dirname(a.path).split("/"), posix.dirname(b.path).split("/")];
  let length = 0;
  while (length < first.length && length < second.length && first[length] === second[length]) length++;
  return length;
}
