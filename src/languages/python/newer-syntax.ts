// Syntax only Python 3.12 and newer parse, which lezer's grammar accepts: `type` aliases, type
// parameter lists (PEP 695), and f-strings whose replacement fields hold the string's own quote
// or a backslash (PEP 701). Worded as CPython 3.11.2 reports them; f-string errors it places
// inside the string by rules of its own, so they are given the whole f-string.
import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import type { SyntaxProblem } from "./module.js";
import { childNodes, nodeText, pythonTree, statementAt } from "./syntax.js";

const found = new WeakMap<SourceFile, SyntaxProblem | undefined>();

/** The first place of the module that Python 3.11 refuses and 3.12 accepts; computed once per file, on demand. */
export function syntaxNewerThan311(file: SourceFile): SyntaxProblem | undefined {
  if (!found.has(file)) found.set(file, firstNewerSyntax(file));
  return found.get(file);
}

function firstNewerSyntax(file: SourceFile): SyntaxProblem | undefined {
  let problem: SyntaxProblem | undefined;
  const report = (start: number, end: number, message: string) => {
    problem = { start, end, message, statement: statementAt(file, start), exception: "SyntaxError" };
  };
  pythonTree(file).topNode.cursor().iterate((ref) => {
    if (problem) return false;
    switch (ref.name) {
      case "TypeDefinition": {
        const name = ref.node.getChild("VariableName");
        if (name) report(name.from, name.to, "invalid syntax");
        return false;
      }
      case "TypeParamList":
        report(ref.from, ref.from + 1, ref.node.parent?.name === "FunctionDefinition" ? "expected '('" : "invalid syntax");
        return false;
      case "FormatString": {
        const message = formatStringProblem(file, ref.node);
        if (message) report(ref.from, ref.to, message);
        return false;
      }
    }
    return undefined;
  });
  return problem;
}

/** What 3.11 says of an f-string whose replacement field holds a backslash or the string's own quote. */
function formatStringProblem(file: SourceFile, node: SyntaxNode): string | undefined {
  const quote = /^[a-zA-Z]*("""|'''|"|')/.exec(nodeText(file, node))?.[1];
  if (!quote) return undefined;
  for (const field of childNodes(node).filter((child) => child.name === "FormatReplacement")) {
    const text = nodeText(file, field);
    if (text.includes("\\")) return "f-string expression part cannot include a backslash";
    const nested = text.indexOf(quote);
    if (nested !== -1) {
      const open = unclosedBracket(text.slice(1, nested));
      return open ? `f-string: unmatched '${open}'` : "f-string: expecting '}'";
    }
  }
  return undefined;
}

function unclosedBracket(text: string): string | undefined {
  const open: string[] = [];
  for (const char of text) {
    if ("([{".includes(char)) open.push(char);
    else if (")]}".includes(char)) open.pop();
  }
  return open.at(-1);
}
