import { posix } from "node:path";
import type { SourceFile } from "../engine/types.js";
import { pushTo } from "./grouping.js";

/**
 * The linted inis by basename and by every directory above them, so that finding the inis a
 * command names, and the one nearest a manifest, costs a few lookups instead of a scan of every
 * ini (a repository of 2,000 apps, each with its `app.ini`).
 */
export class IniIndex {
  private readonly byPath = new Map<string, SourceFile>();
  private readonly byName = new Map<string, SourceFile[]>();
  /** Keyed by basename, depth and directory prefix: the inis of that name under that directory. */
  private readonly byAncestor = new Map<string, SourceFile[]>();

  constructor(inis: readonly SourceFile[]) {
    for (const ini of inis) {
      const name = posix.basename(ini.path);
      this.byPath.set(ini.path, ini);
      pushTo(this.byName, name, ini);
      const parts = directoryParts(ini);
      for (let depth = 0; depth <= parts.length; depth++) pushTo(this.byAncestor, ancestorKey(name, parts, depth), ini);
    }
  }

  /** The ini at this path, as the report shows paths. */
  at(path: string): SourceFile | undefined {
    return this.byPath.get(path);
  }

  /** The inis with this basename. */
  named(name: string): readonly SourceFile[] {
    return this.byName.get(name) ?? [];
  }

  /**
   * Among the inis named `name`, those whose directory shares the most leading components with
   * the manifest's: the ones under the deepest directory above the manifest that holds any.
   */
  nearest(name: string, manifest: SourceFile): readonly SourceFile[] {
    const parts = directoryParts(manifest);
    for (let depth = parts.length; depth >= 0; depth--) {
      const found = this.byAncestor.get(ancestorKey(name, parts, depth));
      if (found) return found;
    }
    return [];
  }
}

function directoryParts(file: SourceFile): string[] {
  return posix.dirname(file.path).split("/");
}

function ancestorKey(name: string, parts: readonly string[], depth: number): string {
  return `${name}\0${depth}\0${parts.slice(0, depth).join("/")}`;
}
