// Writes to a module's namespace by name, which the analysis does not follow:
// `globals()["app"] = …`, `vars()[name] = …`, `globals().update(…)`, `setattr(sys.modules[__name__], …)`
// and `exec(…)`. A name the module binds nowhere else may still be bound by one of them.
import type { SourceFile } from "../../engine/types.js";
import { childNamed, childNodes, nodeText, pythonTree } from "./syntax.js";

const NAMESPACE_SUBSCRIPT = /^(?:globals|vars)\(\)\[/;
const NAMESPACE_CALL = new Set(["exec", "globals().update", "globals().setdefault", "vars().update"]);

/** Where the module first writes its namespace by name (in file order, in a function too); undefined if it never does. */
export function firstNamespaceWrite(file: SourceFile): number | undefined {
  let found: number | undefined;
  const compact = (node: { from: number; to: number }) => file.text.slice(node.from, node.to).replace(/\s+/g, "");
  pythonTree(file).topNode.cursor().iterate((ref) => {
    if (found !== undefined) return false;
    if (ref.name === "AssignStatement") {
      const [target] = childNodes(ref.node);
      if (target && NAMESPACE_SUBSCRIPT.test(compact(target))) found = ref.from;
    } else if (ref.name === "CallExpression") {
      const [callee] = childNodes(ref.node);
      const name = callee && compact(callee);
      const args = childNamed(ref.node, "ArgList");
      const [, first] = args ? childNodes(args) : [];
      if (name && (NAMESPACE_CALL.has(name) || (name === "setattr" && first && /^sys\.modules\[/.test(nodeText(file, first).replace(/\s+/g, ""))))) found = ref.from;
    }
    return undefined;
  });
  return found;
}
