// Syntax that lezer's grammar (or nw-lint's patches to it) accepts but an older Python refuses,
// with the version that brought it:
// - 3.8: the `:=` operator (PEP 572);
// - 3.9: any expression as a decorator (PEP 614, `@routes[0].route("/")`);
// - 3.10: the `match` statement (PEP 634);
// - 3.11: `except*` (PEP 654);
// - 3.12: `type` aliases, type parameter lists (PEP 695), and f-strings whose replacement fields
//   hold the string's own quote, a backslash, a comment or, quoted once, a line break (PEP 701).
//   These are worded as CPython 3.11.2
//   reports them; f-string errors it places inside the string by rules of its own, so they are
//   given the whole f-string.
import type { SyntaxNode } from "@lezer/common";
import { lineText, positionAt } from "../../engine/source.js";
import type { SourceFile } from "../../engine/types.js";
import type { PythonVersion } from "../dockerfile/parse.js";
import type { SyntaxProblem } from "./module.js";
import { childNodes, nodeText, pythonTree, statementAt } from "./syntax.js";

export interface NewerSyntax {
  /** The first Python that parses it. */
  readonly since: PythonVersion;
  /** What it is (`the match statement`); for 3.12 syntax, undefined: `problem.message` says it as 3.11 does. */
  readonly feature: string | undefined;
  readonly problem: SyntaxProblem;
}

const found = new WeakMap<SourceFile, readonly NewerSyntax[]>();

/** The first place of the module that `version` refuses and a newer Python parses; the module is walked once, on demand. */
export function syntaxNewerThan(file: SourceFile, version: PythonVersion): NewerSyntax | undefined {
  let firsts = found.get(file);
  if (!firsts) found.set(file, (firsts = firstOfEachVersion(file)));
  return firsts.find((newer) => isOlder(version, newer.since));
}

function isOlder(version: PythonVersion, than: PythonVersion): boolean {
  return version.major < than.major || (version.major === than.major && version.minor < than.minor);
}

const V3_8 = { major: 3, minor: 8 };
const V3_9 = { major: 3, minor: 9 };
const V3_10 = { major: 3, minor: 10 };
const V3_11 = { major: 3, minor: 11 };
const V3_12 = { major: 3, minor: 12 };

/** A decorator Python 3.8 accepts: a dotted name, called or not. */
const DOTTED_DECORATOR = /^@[ \t]*[\p{L}_][\p{L}\p{N}_]*(?:[ \t]*\.[ \t]*[\p{L}_][\p{L}\p{N}_]*)*[ \t]*(?:\(|#|\\?$)/u;

/** In file order, each syntax newer than an older version's that comes before all newer than it. */
function firstOfEachVersion(file: SourceFile): NewerSyntax[] {
  const all: NewerSyntax[] = [];
  const report = (since: PythonVersion, feature: string | undefined, start: number, end: number, message = "invalid syntax") => {
    if (all.some((earlier) => !isOlder(earlier.since, since))) return;
    all.push({ since, feature, problem: { start, end, message, statement: statementAt(file, start), exception: "SyntaxError" } });
  };
  pythonTree(file).topNode.cursor().iterate((ref) => {
    switch (ref.name) {
      // In a call's arguments too (`print(y := 1)`), where lezer writes no NamedExpression.
      case "AssignOp":
        if (file.text.startsWith(":=", ref.from)) report(V3_8, "the := operator", ref.from, ref.to);
        return undefined;
      case "Decorator": {
        const { line, column } = positionAt(file, ref.from);
        const rest = lineText(file, line).slice(column - 1);
        if (!DOTTED_DECORATOR.test(rest)) report(V3_9, "a decorator that is not a dotted name (PEP 614)", ref.from, ref.from + rest.length);
        return undefined;
      }
      case "MatchStatement":
        report(V3_10, "the match statement", ref.from, ref.from + "match".length);
        return undefined;
      case "*":
        if (ref.node.parent?.name === "TryStatement" && ref.node.prevSibling?.name === "except") report(V3_11, "except*", ref.node.prevSibling.from, ref.to);
        return undefined;
      case "TypeDefinition": {
        const name = ref.node.getChild("VariableName");
        if (name) report(V3_12, undefined, name.from, name.to);
        return false;
      }
      case "TypeParamList":
        report(V3_12, undefined, ref.from, ref.from + 1, ref.node.parent?.name === "FunctionDefinition" ? "expected '('" : "invalid syntax");
        return false;
      case "FormatString": {
        const problem = formatStringProblem(file, ref.node);
        if (problem) report(V3_12, undefined, problem.start ?? ref.from, problem.end ?? ref.to, problem.message);
        return false;
      }
    }
    return undefined;
  });
  return all;
}

/** What 3.11 says of an f-string whose replacement field holds a backslash, a comment, the string's own quote, or (quoted once) a line break. */
function formatStringProblem(file: SourceFile, node: SyntaxNode): { message: string; start?: number; end?: number } | undefined {
  const quote = /^[a-zA-Z]*("""|'''|"|')/.exec(nodeText(file, node))?.[1];
  if (!quote) return undefined;
  for (const field of childNodes(node).filter((child) => child.name === "FormatReplacement")) {
    const text = nodeText(file, field);
    const nested = text.indexOf(quote);
    // 3.11 ends the f-string at its own quote: a backslash right after it is a line continuation out of place.
    if (nested !== -1 && text[nested + quote.length] === "\\") {
      const at = field.from + nested + quote.length;
      return { message: "unexpected character after line continuation character", start: at, end: at + 1 };
    }
    if (text.includes("\\")) return { message: "f-string expression part cannot include a backslash" };
    if (quote.length === 1 && text.includes("\n")) return { message: `unterminated string literal (detected at line ${positionAt(file, node.from).line})` };
    if (text.includes("#")) return { message: "f-string expression part cannot include '#'" };
    if (nested !== -1) {
      const open = unclosedBracket(text.slice(1, nested));
      return { message: open ? `f-string: unmatched '${open}'` : "f-string: expecting '}'" };
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
