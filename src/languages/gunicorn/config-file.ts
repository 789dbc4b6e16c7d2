// A gunicorn config file (`gunicorn.conf.py`, `-c file.py`) as gunicorn reads it: a Python module
// whose top-level names are settings. Only literal values are known; anything computed
// (`os.environ.get(...)`, string concatenation) is `dynamic`, which the rules then do not judge.
import type { SyntaxNode } from "@lezer/common";
import type { Site, SourceFile } from "../../engine/types.js";
import { literalValue } from "../python/literals.js";
import { analyzePythonModule } from "../python/module.js";
import { childNodes, nodeSite, pythonTree, statementsIn } from "../python/syntax.js";

export interface ConfigValue {
  /** The literal: a string, or a list of strings (`bind = ["0.0.0.0:8000"]`). */
  readonly value: string | readonly string[] | undefined;
  /** The value is computed, so the linter cannot know it. */
  readonly dynamic: boolean;
  /** The value as written (the whole statement when it is not a plain assignment). */
  readonly at: Site;
}

export interface GunicornConfigFile {
  readonly file: SourceFile;
  /** The settings it binds at top level, by gunicorn's name (`wsgi_app`, `bind`, `chdir`, `pythonpath`, `worker_class`). */
  readonly settings: ReadonlyMap<string, ConfigValue>;
}

const READ = ["wsgi_app", "bind", "chdir", "pythonpath", "worker_class", "raw_env", "reload"];

export function readGunicornConfig(file: SourceFile): GunicornConfigFile {
  const module = analyzePythonModule(file);
  const assigned = lastAssignments(file);
  const settings = new Map<string, ConfigValue>();
  for (const name of READ) {
    const binding = module.topLevel.get(name);
    if (!binding) continue;
    const node = assigned.get(name);
    const literal = node ? literalValue(file, node) : undefined;
    const value = typeof literal === "string" ? literal : Array.isArray(literal) && literal.every((item) => typeof item === "string") ? (literal as string[]) : undefined;
    settings.set(name, { value, dynamic: value === undefined, at: node ? nodeSite(file, node) : binding.site });
  }
  return { file, settings };
}

/** The value node of the last plain top-level `name = value` of each name (also `a = b = value`). */
function lastAssignments(file: SourceFile): Map<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  for (const statement of statementsIn(pythonTree(file).topNode)) {
    if (statement.name !== "AssignStatement") continue;
    const parts = childNodes(statement);
    const value = parts.at(-1);
    if (!value) continue;
    for (const [index, part] of parts.entries()) {
      if (part.name === "VariableName" && parts[index + 1]?.name === "AssignOp") found.set(file.text.slice(part.from, part.to), value);
    }
  }
  return found;
}
