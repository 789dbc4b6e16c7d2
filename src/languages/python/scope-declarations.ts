// `global` and `nonlocal` statements CPython 3.11's symbol table refuses: a name the scope has
// already used, assigned or taken as a parameter (`app = Flask(…)` then `global app` in the same
// function), and a `nonlocal` name no enclosing function binds. Each scope's names are recorded
// in the order CPython's symtable.c visits them, with the same flags: a use, an assignment (by any
// statement that binds, `del` included), an annotation, a parameter; imports bind but do not count
// for `global`. A comprehension's body is a scope of its own, its first iterable runs in the
// enclosing one. Only a module with the shape of either statement is walked.

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import type { Candidate } from "./syntax-errors.js";
import { childNodes, COMPREHENSIONS, nodeText, pythonTree, readAsAs, splitAtCommas, statementAt } from "./syntax.js";

type Flag = "parameter" | "use" | "annotation" | "assignment" | "import" | "global" | "nonlocal";

interface Scope {
  /** A comprehension's own scope: a walrus in it binds in the scope around it. */
  readonly kind: "module" | "class" | "function" | "comprehension";
  readonly parent: Scope | undefined;
  readonly names: Map<string, Set<Flag>>;
  /** The first `global` or `nonlocal` statement naming each name, where CPython reports what is wrong with the declaration. */
  readonly directives: Map<string, SyntaxNode>;
}

const TARGET_CONTAINERS: ReadonlySet<string> = new Set(["TupleExpression", "ArrayExpression", "ParenthesizedExpression"]);
/** A `global` or `nonlocal` statement may be in the text: at a line's start or after `;` or `:` (a word in a comment or a string mostly is not). */
const DECLARATION = /(?:^|[;:])[ \t]*(?:global|nonlocal)\b/m;
/** Under this import annotations are never evaluated, so the symbol table gives them a scope of their own. */
const FUTURE_ANNOTATIONS = /^from[ \t]+__future__[ \t]+import[^#\n]*\bannotations\b/m;

/**
 * The first such error, as CPython finds it: while building the table (in the order of the text),
 * else while resolving the `nonlocal` names, scope by scope and, in each, in the order the names
 * first appear.
 */
export function scopeDeclarationErrors(file: SourceFile): Candidate[] {
  if (!DECLARATION.test(file.text)) return [];
  const walk = new ScopeWalk(file);
  walk.run(pythonTree(file).topNode, walk.scope("module", undefined));
  if (walk.error) return [walk.error];
  for (const scope of walk.scopes) {
    for (const [name, flags] of scope.names) {
      if (!flags.has("nonlocal")) continue;
      const directive = scope.directives.get(name)!;
      if (flags.has("global")) return [walk.candidate(directive, `name '${name}' is nonlocal and global`, "scopes")];
      if (scope.kind === "module") return [walk.candidate(directive, "nonlocal declaration not allowed at module level", "scopes")];
      if (!boundOutside(scope, name)) return [walk.candidate(directive, `no binding for nonlocal '${name}' found`, "scopes")];
    }
  }
  return [];
}

/**
 * Whether a function around the scope binds the name (or declares it nonlocal in turn); class
 * bodies and the module do not count, but a class gives its methods `__class__`.
 */
function boundOutside(scope: Scope, name: string): boolean {
  for (let outer = scope.parent; outer && outer.kind !== "module"; outer = outer.parent) {
    if (outer.kind === "class") {
      if (name === "__class__") return true;
      continue;
    }
    const flags = outer.names.get(name);
    if (flags?.has("global")) return false;
    if (flags && (flags.has("nonlocal") || flags.has("parameter") || flags.has("assignment") || flags.has("annotation") || flags.has("import"))) return true;
  }
  return false;
}

/** A node to read, in a scope, as an expression or statement or as an assignment's target. */
interface Visit {
  readonly node: SyntaxNode;
  readonly scope: Scope;
  readonly asTarget: boolean;
}

class ScopeWalk {
  readonly scopes: Scope[] = [];
  error: Candidate | undefined;
  private readonly queued: Visit[] = [];

  private readonly annotationsEvaluated: boolean;

  constructor(private readonly file: SourceFile) {
    this.annotationsEvaluated = !FUTURE_ANNOTATIONS.test(file.text);
  }

  scope(kind: Scope["kind"], parent: Scope | undefined): Scope {
    const scope: Scope = { kind, parent, names: new Map(), directives: new Map() };
    this.scopes.push(scope);
    return scope;
  }

  candidate(statement: SyntaxNode, message: string, stage: Candidate["stage"]): Candidate {
    return { start: statement.from, end: statement.to, message, statement: statementAt(this.file, statement.from), stage };
  }

  /**
   * Visits the module in the order of the text, from a stack rather than by recursion: a chain of
   * 1,500 `+` is 1,500 levels of tree, which would overflow the call stack. Each visit queues what
   * it reads next; the queue goes on the stack so that it is read before the visit's siblings.
   */
  run(top: SyntaxNode, module: Scope): void {
    this.statements(top, module);
    const stack: Visit[] = [];
    do {
      for (let index = this.queued.length - 1; index >= 0; index--) stack.push(this.queued[index]!);
      this.queued.length = 0;
      const visit = stack.pop();
      if (!visit) return;
      if (visit.asTarget) this.visitTarget(visit.node, visit.scope);
      else this.visit(visit.node, visit.scope);
    } while (!this.error);
  }

  private statements(container: SyntaxNode, scope: Scope): void {
    for (const child of childNodes(container)) this.node(child, scope);
  }

  private node(node: SyntaxNode, scope: Scope): void {
    this.queued.push({ node, scope, asTarget: false });
  }

  private target(node: SyntaxNode, scope: Scope): void {
    this.queued.push({ node, scope, asTarget: true });
  }

  private flag(scope: Scope, name: SyntaxNode, flag: Flag): void {
    const text = nodeText(this.file, name);
    const flags = scope.names.get(text) ?? new Set<Flag>();
    flags.add(flag);
    scope.names.set(text, flags);
  }

  private visit(node: SyntaxNode, scope: Scope): void {
    switch (node.name) {
      case "VariableName":
        return this.flag(scope, node, "use");
      case "FunctionDefinition":
        return this.functionDefinition(node, scope);
      case "ClassDefinition":
        return this.classDefinition(node, scope);
      case "LambdaExpression":
        return this.lambda(node, scope);
      case "ScopeStatement":
        return this.declaration(node, scope);
      case "ImportStatement":
        return this.importStatement(node, scope);
      case "AssignStatement":
        return this.assignment(node, scope);
      case "UpdateStatement": {
        const [target, ...rest] = childNodes(node);
        if (target) this.target(target, scope);
        return rest.forEach((part) => this.node(part, scope));
      }
      case "DeleteStatement":
        return childNodes(node).slice(1).forEach((part) => this.target(part, scope));
      case "NamedExpression": {
        const [target, ...rest] = childNodes(node);
        let binding = scope;
        while (binding.kind === "comprehension" && binding.parent) binding = binding.parent;
        // In a comprehension at module level the walrus declares the name global rather than assigning it.
        if (target?.name === "VariableName" && binding !== scope && binding.kind === "module") this.flag(binding, target, "global");
        else if (target) this.target(target, binding);
        return rest.forEach((part) => this.node(part, scope));
      }
      case "CapturePattern":
        return childNodes(node).forEach((part) => this.target(part, scope));
      case "KeywordPattern":
        // `Point(x=0)`: the keyword names an attribute, not a variable.
        return childNodes(node).slice(1).forEach((part) => this.node(part, scope));
      case "TypeDef":
        if (this.annotationsEvaluated) this.inOrder(childNodes(node), scope);
        return;
      case "TryStatement":
        return this.tryStatement(node, scope);
      case "ArgList":
        return this.argumentList(node, scope);
      default:
        if (COMPREHENSIONS.has(node.name)) return this.comprehension(childNodes(node), scope);
        return this.bindAfterKeywords(node, scope);
    }
  }

  /** `for x in`, `with … as x`, `except E as x`: the names after the keyword are targets, the rest is read in order. */
  private bindAfterKeywords(node: SyntaxNode, scope: Scope): void {
    const parts = childNodes(node);
    const forIndex = node.name === "ForStatement" ? parts.findIndex((part) => part.name === "for") : -1;
    const inIndex = forIndex === -1 ? -1 : parts.findIndex((part) => part.name === "in");
    parts.forEach((part, index) => {
      if (index > forIndex && index < inIndex) this.target(part, scope);
      else this.inOrder([part], scope, parts[index - 1]);
    });
  }

  /** Nodes read in order, a name after `as` (or after an `or` that parse.ts wrote for an `as`) being a target. */
  private inOrder(parts: readonly SyntaxNode[], scope: Scope, before?: SyntaxNode): void {
    parts.forEach((part, index) => {
      const previous = index === 0 ? before : parts[index - 1];
      const afterAs = previous !== undefined && (previous.name === "as" || (previous.name === "or" && readAsAs(this.file, previous)));
      if (afterAs) this.target(part, scope);
      else this.node(part, scope);
    });
  }

  /** CPython's symbol table reads a `try` as body, `else`, handlers, `finally`. */
  private tryStatement(node: SyntaxNode, scope: Scope): void {
    const parts = childNodes(node);
    const at = (keyword: string) => {
      const index = parts.findIndex((part) => part.name === keyword);
      return index === -1 ? parts.length : index;
    };
    const [handlers, orElse, final] = [at("except"), at("else"), at("finally")];
    const handlersEnd = Math.min(orElse, final);
    for (const [start, end] of [[0, Math.min(handlers, orElse, final)], [orElse, final], [handlers, handlersEnd], [final, parts.length]] as const) {
      if (start < end) this.inOrder(parts.slice(start, end), scope);
    }
  }

  /** An assignment's target: names bind, the parts of an attribute or a subscript are read. */
  private visitTarget(node: SyntaxNode, scope: Scope): void {
    if (node.name === "VariableName") return this.flag(scope, node, "assignment");
    if (TARGET_CONTAINERS.has(node.name)) return childNodes(node).forEach((part) => this.target(part, scope));
    this.node(node, scope);
  }

  private assignment(node: SyntaxNode, scope: Scope): void {
    const parts = childNodes(node);
    const lastAssign = parts.map((part) => part.name).lastIndexOf("AssignOp");
    const valueStart = lastAssign === -1 ? parts.length : lastAssign + 1;
    const annotated = parts.some((part) => part.name === "TypeDef");
    parts.forEach((part, index) => {
      if (part.name === "AssignOp") return;
      if (index >= valueStart || part.name === "TypeDef") this.node(part, scope);
      else if (annotated && part.name === "VariableName") this.annotate(node, part, scope);
      else this.target(part, scope);
    });
  }

  /** `x: int` of a name already declared global or nonlocal, which the symbol table refuses at the annotation, except at module level. */
  private annotate(statement: SyntaxNode, name: SyntaxNode, scope: Scope): void {
    const text = nodeText(this.file, name);
    const declared = scope.names.get(text);
    const declaration = declared?.has("global") ? "global" : declared?.has("nonlocal") ? "nonlocal" : undefined;
    if (declaration && scope.kind !== "module" && !this.error) this.error = this.candidate(statement, `annotated name '${text}' can't be ${declaration}`, "symtable");
    this.flag(scope, name, "annotation");
  }

  private declaration(node: SyntaxNode, scope: Scope): void {
    const [keyword, ...names] = childNodes(node);
    const declared = keyword?.name === "nonlocal" ? "nonlocal" : "global";
    for (const name of names) {
      if (name.name !== "VariableName") continue;
      const text = nodeText(this.file, name);
      const flags = scope.names.get(text);
      const earlier = flags?.has("parameter") ? "parameter" : flags?.has("use") ? "use" : flags?.has("annotation") ? "annotation" : flags?.has("assignment") ? "assignment" : undefined;
      if (earlier && !this.error) {
        const message = {
          parameter: `name '${text}' is parameter and ${declared}`,
          use: `name '${text}' is used prior to ${declared} declaration`,
          annotation: `annotated name '${text}' can't be ${declared}`,
          assignment: `name '${text}' is assigned to before ${declared} declaration`,
        }[earlier];
        this.error = this.candidate(node, message, "symtable");
        return;
      }
      this.flag(scope, name, declared);
      if (!scope.directives.has(text)) scope.directives.set(text, node);
    }
  }

  /** `import a.b` binds `a`; `import a.b as c` and `from m import x as c` bind `c`; `from m import x` binds `x`. */
  private importStatement(node: SyntaxNode, scope: Scope): void {
    const parts = childNodes(node);
    for (const item of splitAtCommas(parts.slice(parts.findIndex((part) => part.name === "import") + 1))) {
      const as = item.findIndex((part) => part.name === "as");
      const bound = as === -1 ? item.find((part) => part.name === "VariableName") : item[as + 1];
      if (bound?.name === "VariableName") this.flag(scope, bound, "import");
    }
  }

  private functionDefinition(node: SyntaxNode, scope: Scope): void {
    const inner = this.scope("function", scope);
    for (const part of childNodes(node)) {
      if (part.name === "VariableName") this.flag(scope, part, "assignment");
      else if (part.name === "ParamList") this.parameters(part, scope, inner);
      else if (part.name === "Body") this.statements(part, inner);
      else this.node(part, scope);
    }
  }

  private classDefinition(node: SyntaxNode, scope: Scope): void {
    const inner = this.scope("class", scope);
    for (const part of childNodes(node)) {
      if (part.name === "VariableName") this.flag(scope, part, "assignment");
      else if (part.name === "Body") this.statements(part, inner);
      else this.node(part, scope);
    }
  }

  private lambda(node: SyntaxNode, scope: Scope): void {
    const inner = this.scope("function", scope);
    for (const part of childNodes(node)) {
      if (part.name === "ParamList") this.parameters(part, scope, inner);
      else this.node(part, inner);
    }
  }

  /** Parameters bind in the function; their defaults and annotations are read where the function is defined. */
  private parameters(list: SyntaxNode, outer: Scope, inner: Scope): void {
    let inDefault = false;
    for (const part of childNodes(list)) {
      if (part.name === ",") inDefault = false;
      else if (part.name === "AssignOp") inDefault = true;
      else if (part.name === "VariableName" && !inDefault) this.flag(inner, part, "parameter");
      else this.node(part, outer);
    }
  }

  /** A keyword argument's name is no use of a variable; a lone generator (`sum(x for x in xs)`) is a comprehension without brackets. */
  private argumentList(list: SyntaxNode, scope: Scope): void {
    const parts = childNodes(list);
    if (parts.some((part) => part.name === "for")) return this.comprehension(parts, scope);
    parts.forEach((part, index) => {
      const keyword = part.name === "VariableName" && parts[index + 1]?.name === "AssignOp" && nodeText(this.file, parts[index + 1]!) === "=";
      if (!keyword) this.node(part, scope);
    });
  }

  /** The first `in`'s iterable is read in the enclosing scope; the rest in the comprehension's own. */
  private comprehension(parts: readonly SyntaxNode[], scope: Scope): void {
    const inner = this.scope("comprehension", scope);
    const firstIn = parts.findIndex((part) => part.name === "in");
    const clauseAfter = parts.findIndex((part, index) => index > firstIn && (part.name === "for" || part.name === "if" || part.name === "async"));
    const iterableEnd = clauseAfter === -1 ? parts.length - 1 : clauseAfter;
    parts.forEach((part, index) => this.node(part, index > firstIn && index < iterableEnd ? scope : inner));
  }
}
