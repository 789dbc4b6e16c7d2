// Runs a module's import in the abstract: statements in order, with Python's scopes (module,
// function locals, class bodies, `global`), the `__main__` guard, and calls into the module's own
// functions followed. Values are tracked only as far as values.ts models them; everything else is
// unknown. Functions the import never calls are read afterwards, once, for their locals and Flask apps.
// A server that calls a factory after the import (`m:create_app()`) is followed by a run of its own.

import type { SyntaxNode } from "@lezer/common";
import type { Site, SourceFile } from "../../engine/types.js";
import { ParserDraft } from "./argparse-builder.js";
import type { ArgParser } from "./argparse-definition.js";
import { createFlaskApp, flaskDebugFlag, runDebug, staticFolderOf, type FlaskAppDraft } from "./flask.js";
import { containsReturn, globalNames, parameterNames, signature } from "./functions.js";
import { CLICK_COMMAND_FACTORIES, EXIT_FUNCTIONS, FRAMEWORK_APPS, importedValue, libraryCall, unboundName } from "./library.js";
import { literalValue } from "./literals.js";
import type { ArgvRead, Binding, BindingKind, ImportBlocker, ModuleImport, OfCall, PythonModule, RunCall } from "./module.js";
import { callArguments, childNamed, childNodes, dottedName, holdsNoStatement, nodeSite, nodeText, pythonTree, readAsAs, splitAtCommas, statementsIn } from "./syntax.js";
import { absolutePath, joinPath, literalString, parentDirectory, UNKNOWN_VALUE, type Argument, type EvaluatedArguments, type Scope, type Value } from "./values.js";

export type InterpretedModule = Omit<PythonModule, "file" | "syntaxErrors" | "unparsedFrom">;

export function interpretModule(file: SourceFile): InterpretedModule {
  return new Interpreter(file).run();
}

/** What a server's call of the module's top-level function `name`, after the import, runs (with no arguments it could not take). */
export interface CallEffects {
  /** The parsers that parse sys.argv, each with `parseCall.calledAs`. */
  readonly parsers: readonly ArgParser[];
  /** The `sys.argv[N]` reads, each with `calledAs`. */
  readonly argvReads: readonly ArgvRead[];
  /** The `app.run()` the call certainly reaches, which never returns, each with `calledAs`. */
  readonly blockers: readonly OfCall<ImportBlocker>[];
  /** The Flask development-server runs it reaches, each with `calledAs`. */
  readonly runCalls: readonly OfCall<RunCall>[];
}

export const NO_CALL_EFFECTS: CallEffects = { parsers: [], argvReads: [], blockers: [], runCalls: [] };

export function effectsOfCall(file: SourceFile, name: string): CallEffects {
  return new Interpreter(file).effectsOfCall(name);
}

/** `call`: a function a server calls after the import, run as certainly as the import. */
type Phase = "import" | "main-guard" | "function" | "call";

interface Context {
  readonly scope: Scope;
  readonly phase: Phase;
  /** The statement runs whenever its block runs: no branch or loop between it and the block's start. */
  readonly certain: boolean;
  /** Exception classes caught around the statement: `*` for a bare `except`, WITH for a `with` body. */
  readonly handlers: readonly string[];
  readonly statement: SyntaxNode;
}

interface FunctionScope extends Scope {
  returned?: Value;
}

/** A context manager may swallow any exception raised in its body, so nothing raised there is certain to stop the import. */
const WITH = "with";
/** Deeper expressions are not evaluated, so that no input can overflow the stack. */
const MAX_EXPRESSION_DEPTH = 200;

class Interpreter {
  private readonly module: Scope = { kind: "module", values: new Map(), globals: new Set() };
  private readonly topLevel = new Map<string, Binding>();
  private readonly underMainGuard = new Map<string, Binding>();
  private readonly inFunction = new Map<string, { readonly functionName: string; readonly site: Site }>();
  private dunderAll: string[] | undefined;
  private readonly flaskApps: FlaskAppDraft[] = [];
  private readonly parsers: ArgParser[] = [];
  private readonly blockers: ImportBlocker[] = [];
  private readonly runCalls: RunCall[] = [];
  private readonly argvReads: ArgvRead[] = [];
  private readonly starModules: string[] = [];
  private readonly imports: ModuleImport[] = [];
  /** What each function (by its `def` offset) returned; undefined while it runs. */
  private readonly returns = new Map<number, Value | undefined>();
  /** The scope each executed `def` closes over. */
  private readonly closures = new Map<number, Scope>();

  private expressionDepth = 0;
  /** Runs the import as a server does before it calls a factory (`effectsOfCall`). */
  private serverImport = false;

  constructor(private readonly file: SourceFile) {}

  run(): InterpretedModule {
    const script = this.runImport();
    for (const definition of this.uncalledFunctions(script)) {
      const context: Context = { scope: this.module, phase: "function", certain: false, handlers: [], statement: definition };
      this.callFunction(definition, this.closures.get(definition.from) ?? this.module, context);
    }
    const notTopLevel = <T>(map: Map<string, T>) => new Map([...map].filter(([name]) => !this.topLevel.has(name)));
    return {
      topLevel: this.topLevel,
      boundInFunction: notTopLevel(this.inFunction),
      boundUnderMainGuard: notTopLevel(this.underMainGuard),
      dunderAll: this.dunderAll,
      flaskApps: this.flaskApps,
      importTimeParsers: this.parsers,
      imports: this.imports,
      importBlockers: this.blockers,
      runCalls: this.runCalls,
      argvReads: this.argvReads,
    };
  }

  effectsOfCall(name: string): CallEffects {
    this.serverImport = true;
    this.runImport();
    const value = this.module.values.get(name);
    if (value?.kind !== "function") return NO_CALL_EFFECTS;
    // A function the import already ran is not run again: its effects are the import's.
    const [parsersOfImport, readsOfImport, blockersOfImport, runsOfImport] = [this.parsers.length, this.argvReads.length, this.blockers.length, this.runCalls.length];
    this.callFunction(value.node, value.closure, { scope: this.module, phase: "call", certain: true, handlers: [], statement: value.node });
    return {
      parsers: this.parsers.slice(parsersOfImport).map((parser) => ({ ...parser, parseCall: { ...parser.parseCall, calledAs: name } })),
      argvReads: this.argvReads.slice(readsOfImport).map((read) => ({ ...read, calledAs: name })),
      blockers: this.blockers.slice(blockersOfImport).map((blocker) => ({ ...blocker, calledAs: name })),
      runCalls: this.runCalls.slice(runsOfImport).map((call) => ({ ...call, calledAs: name })),
    };
  }

  /** Runs the module's statements as its import does; returns the module's syntax node. */
  private runImport(): SyntaxNode {
    const script = pythonTree(this.file).topNode;
    this.block(statementsIn(script), { scope: this.module, phase: "import", certain: true, handlers: [], statement: script });
    return script;
  }

  private uncalledFunctions(script: SyntaxNode): SyntaxNode[] {
    const definitions: SyntaxNode[] = [];
    script.cursor().iterate((ref) => {
      if (ref.name === "FunctionDefinition") definitions.push(ref.node);
      else if (holdsNoStatement(ref.type)) return false;
      return undefined;
    });
    return definitions.filter((definition) => !this.returns.has(definition.from));
  }

  // Statements

  private block(statements: readonly SyntaxNode[], context: Context): void {
    let certain = context.certain;
    for (const statement of statements) {
      // A literal of Context's shape: spreading the block's context for each statement costs more.
      this.statement(statement, { scope: context.scope, phase: context.phase, certain, handlers: context.handlers, statement });
      if (certain && context.scope.kind === "function" && containsReturn(statement)) certain = false;
    }
  }

  private statement(node: SyntaxNode, context: Context): void {
    switch (node.name) {
      case "AssignStatement":
        return this.assignment(node, context);
      case "UpdateStatement":
        return this.augmentedAssignment(node, context);
      case "ExpressionStatement":
        this.expressions(childNodes(node), context);
        return;
      case "ImportStatement":
        return this.importStatement(node, context);
      case "FunctionDefinition":
        return this.functionDefinition(node, context);
      case "ClassDefinition":
        return this.classDefinition(node, context);
      case "DecoratedStatement": {
        const definition = childNamed(node, "FunctionDefinition") ?? childNamed(node, "ClassDefinition");
        if (definition?.name === "FunctionDefinition") return this.functionDefinition(definition, { ...context, statement: definition }, { decorated: true, clickCommand: this.makesClickCommand(node, context) });
        return definition ? this.statement(definition, { ...context, statement: definition }) : undefined;
      }
      case "IfStatement":
        return this.ifStatement(node, context);
      case "WhileStatement":
      case "ForStatement":
        return this.loop(node, context);
      case "TryStatement":
        return this.tryStatement(node, context);
      case "WithStatement":
        return this.withStatement(node, context);
      case "MatchStatement":
        return this.matchStatement(node, context);
      case "RaiseStatement":
        return this.raiseStatement(node, context);
      case "ReturnStatement":
        return this.returnStatement(node, context);
      case "DeleteStatement":
        return this.deleteStatement(node, context);
    }
  }

  private assignment(node: SyntaxNode, context: Context): void {
    const groups: SyntaxNode[][] = [[]];
    for (const part of childNodes(node)) {
      if (part.name === "AssignOp") groups.push([]);
      else if (part.name !== "TypeDef") groups[groups.length - 1]!.push(part);
    }
    // An annotation alone (`x: int`) binds nothing.
    if (groups.length === 1) return;
    const valueNodes = groups.pop()!;
    const value = this.expressions(valueNodes, context);
    const single = valueNodes.length === 1 ? valueNodes[0] : undefined;
    const aliasOf = single?.name === "VariableName" ? nodeText(this.file, single) : undefined;
    const callee = single?.name === "CallExpression" ? single.firstChild : undefined;
    const calls = callee ? dottedName(this.file, callee) : undefined;
    for (const target of groups) this.bindTarget(target, value, context, "assign", { aliasOf, calls, valueNode: single });
    if (context.scope.kind === "module" && context.phase === "import" && groups.some((target) => this.isName(target, "__all__"))) {
      this.dunderAll = stringList(value);
    }
  }

  private augmentedAssignment(node: SyntaxNode, context: Context): void {
    const parts = childNodes(node);
    const operator = parts.findIndex((part) => part.name === "UpdateOp");
    const target = parts.slice(0, operator);
    const value = this.expressions(parts.slice(operator + 1), context);
    if (target.length !== 1 || target[0]!.name !== "VariableName") return;
    this.bindName(target[0]!, UNKNOWN_VALUE, context, "assign");
    if (this.isName(target, "__all__") && context.scope.kind === "module" && this.dunderAll) {
      const added = stringList(value);
      this.dunderAll = added ? [...this.dunderAll, ...added] : undefined;
    }
  }

  private importStatement(node: SyntaxNode, context: Context): void {
    const parts = childNodes(node);
    if (parts[0]!.name === "import") {
      for (const item of splitAtCommas(parts.slice(1))) {
        const as = item.findIndex((part) => part.name === "as");
        const dotted = (as === -1 ? item : item.slice(0, as)).filter((part) => part.name === "VariableName").map((part) => nodeText(this.file, part));
        // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
        const module = as === -1 ? dotted[0] : dotted.join(".");
        const name = as === -1 ? item[0] : item[as + 1];
        if (module === undefined || name?.name !== "VariableName") continue;
        if (context.phase === "import") this.imports.push(this.moduleImport({ module: dotted.join("."), level: 0 }, node, context));
        this.bindName(name, { kind: "imported", path: module }, context, "import", { importedFrom: { module, level: 0 } });
      }
      return;
    }
    const importKeyword = parts.findIndex((part) => part.name === "import");
    const source = parts.slice(1, importKeyword);
    const firstName = source.findIndex((part) => part.name === "VariableName");
    const dots = firstName === -1 ? source : source.slice(0, firstName);
    const level = dots.reduce((count, part) => count + (part.name === "Ellipsis" ? 3 : 1), 0);
    const module = source.filter((part) => part.name === "VariableName").map((part) => nodeText(this.file, part)).join(".");
    const prefix = ".".repeat(level) + module;
    if (level > 0 && failsTheImport(context)) this.recordBlocker(context, "relative-import");
    const names = parts.slice(importKeyword + 1).filter((part) => part.name !== "(" && part.name !== ")");
    if (names[0]?.name === "*") {
      if (context.phase === "import") this.imports.push(this.moduleImport({ module, name: "*", level }, node, context));
      if (level === 0 && context.phase !== "function") this.starModules.push(module);
      this.recordBinding(`*${prefix}`, names[0], context, "star-import", UNKNOWN_VALUE, { importedFrom: { module, name: "*", level } });
      return;
    }
    for (const item of splitAtCommas(names)) {
      const [imported, , alias] = item;
      const bound = item.length === 1 ? imported : alias;
      if (imported?.name !== "VariableName" || bound?.name !== "VariableName") continue;
      const name = nodeText(this.file, imported);
      if (context.phase === "import") this.imports.push(this.moduleImport({ module, name, level }, node, context));
      this.bindName(bound, importedValue(`${prefix}.${name}`), context, "import", { importedFrom: { module, name, level } });
    }
  }

  /** An import the import runs, with its statement; `certain` when its failure fails the import. */
  private moduleImport(source: ModuleImport, node: SyntaxNode, context: Context): ModuleImport {
    return { ...source, site: nodeSite(this.file, node), ...(failsTheImport(context) ? { certain: true as const } : {}) };
  }

  private functionDefinition(node: SyntaxNode, context: Context, { decorated = false, clickCommand = false } = {}): void {
    this.closures.set(node.from, context.scope);
    const name = childNamed(node, "VariableName");
    if (name) this.bindName(name, { kind: "function", node, closure: context.scope, ...(decorated ? { decorated } : {}), ...(clickCommand ? { clickCommand } : {}) }, context, "def");
  }

  /** `@click.command()`, `@click.group()` (or imported by name), or a group's `@cli.command()`. */
  private makesClickCommand(decorated: SyntaxNode, context: Context): boolean {
    return decorated.getChildren("Decorator").some((decorator) => {
      const [first, ...rest] = decorator.getChildren("VariableName").map((name) => nodeText(this.file, name));
      const made = rest.at(-1) ?? first;
      if (first === undefined || (made !== "command" && made !== "group")) return false;
      const object = this.lookup(first, context);
      if (object.kind === "imported") return CLICK_COMMAND_FACTORIES.has([object.path, ...rest].join("."));
      return object.kind === "function" && object.clickCommand === true && rest.length === 1;
    });
  }

  private classDefinition(node: SyntaxNode, context: Context): void {
    const body = childNamed(node, "Body");
    const scope: Scope = { kind: "class", values: new Map(), globals: new Set(), parent: context.scope };
    if (body) this.block(statementsIn(body), { ...context, scope });
    const name = childNamed(node, "VariableName");
    if (name) this.bindName(name, UNKNOWN_VALUE, context, "class");
  }

  private ifStatement(node: SyntaxNode, context: Context): void {
    // On import `__name__` is the module's name: a `== "__main__"` branch never runs, a `!= "__main__"` one always does,
    // and so does the `else` after only `== "__main__"` tests (`if __name__ == "__main__": … else: app = create_app()`).
    let importPathTaken = false;
    let onlyMainTestsBefore = true;
    let test: SyntaxNode | undefined;
    for (const part of childNodes(node)) {
      if (part.name === "if" || part.name === "elif" || part.name === "else") {
        test = undefined;
        continue;
      }
      if (part.name !== "Body") {
        test = part;
        continue;
      }
      const guard: MainGuard | undefined = test ? mainGuard(this.file, test) : onlyMainTestsBefore ? "not-main" : undefined;
      if (test && !importPathTaken) this.expression(test, context);
      const onMainOnly = importPathTaken || guard === "main";
      const phase = onMainOnly && context.phase === "import" ? "main-guard" : context.phase;
      this.block(statementsIn(part), { ...context, phase, certain: guard === "not-main" && context.certain });
      if (guard === "not-main") importPathTaken = true;
      onlyMainTestsBefore &&= guard === "main";
    }
  }

  private loop(node: SyntaxNode, context: Context): void {
    const parts = childNodes(node);
    const inKeyword = parts.findIndex((part) => part.name === "in");
    const bodies = parts.filter((part) => part.name === "Body");
    if (node.name === "ForStatement") {
      const targets = parts.slice(parts.findIndex((part) => part.name === "for") + 1, inKeyword);
      this.expressions(parts.slice(inKeyword + 1, parts.indexOf(bodies[0]!)), context);
      this.bindTarget(targets, UNKNOWN_VALUE, context, "for", {});
    } else if (parts[1]) {
      this.expression(parts[1], context);
    }
    for (const body of bodies) this.block(statementsIn(body), { ...context, certain: false });
  }

  private tryStatement(node: SyntaxNode, context: Context): void {
    const clauses: { keyword: string; test: SyntaxNode[]; body: SyntaxNode }[] = [];
    let keyword = "";
    let test: SyntaxNode[] = [];
    for (const part of childNodes(node)) {
      if (["try", "except", "else", "finally"].includes(part.name)) [keyword, test] = [part.name, []];
      else if (part.name === "Body") clauses.push({ keyword, test, body: part });
      else test.push(part);
    }
    const handlers = clauses.filter((clause) => clause.keyword === "except").flatMap((clause) => this.caughtClasses(clause.test));
    for (const clause of clauses) {
      const statements = statementsIn(clause.body);
      if (clause.keyword === "try") this.block(statements, { ...context, handlers: [...context.handlers, ...handlers] });
      else this.block(statements, clause.keyword === "finally" ? context : { ...context, certain: false });
    }
  }

  /** The exception classes an `except` clause names; `*` for a bare `except:`. */
  private caughtClasses(test: readonly SyntaxNode[]): string[] {
    const expression = test.find((part) => part.name !== "*" && part.name !== "as");
    if (!expression) return ["*"];
    const items = expression.name === "TupleExpression" || expression.name === "ParenthesizedExpression" ? childNodes(expression) : [expression];
    return items.flatMap((item) => {
      const name = dottedName(this.file, item);
      return name === undefined ? [] : [name.slice(name.lastIndexOf(".") + 1)];
    });
  }

  private withStatement(node: SyntaxNode, context: Context): void {
    const header = childNodes(node).filter((part) => !["with", "async", "Body"].includes(part.name));
    let items = splitAtCommas(header);
    // `with (a as b, c as d):` is a tuple of `a or b`, `c or d` in the tree (see parse.ts).
    if (items.length === 1 && items[0]!.length === 1 && /^(Parenthesized|Tuple)Expression$/.test(items[0]![0]!.name)) {
      items = splitAtCommas(childNodes(items[0]![0]!).slice(1, -1));
    }
    for (const item of items) {
      const as = item.findIndex((part) => part.name === "as");
      const [single] = item;
      const operator = single?.name === "BinaryExpression" ? childNamed(single, "or") : null;
      if (as !== -1) {
        this.expressions(item.slice(0, as), context);
        this.bindTarget(item.slice(as + 1), UNKNOWN_VALUE, context, "with", {});
      } else if (item.length === 1 && operator && readAsAs(this.file, operator)) {
        const [manager, , target] = childNodes(single!);
        this.expression(manager!, context);
        if (target) this.bindTarget([target], UNKNOWN_VALUE, context, "with", {});
      } else {
        this.expressions(item, context);
      }
    }
    const body = childNamed(node, "Body");
    if (body) this.block(statementsIn(body), { ...context, handlers: [...context.handlers, WITH] });
  }

  private matchStatement(node: SyntaxNode, context: Context): void {
    const [, subject] = childNodes(node);
    if (subject) this.expression(subject, context);
    for (const clause of childNamed(node, "MatchBody")?.getChildren("MatchClause") ?? []) {
      const body = childNamed(clause, "Body");
      if (body) this.block(statementsIn(body), { ...context, certain: false });
    }
  }

  private raiseStatement(node: SyntaxNode, context: Context): void {
    const [, exception] = childNodes(node);
    if (exception) this.expression(exception, context);
    const callee = exception?.name === "CallExpression" ? exception.firstChild! : exception;
    const raised = callee && dottedName(this.file, callee);
    const className = raised?.slice(raised.lastIndexOf(".") + 1);
    if (context.phase !== "import" || !context.certain || caught(context, className)) return;
    // `raise SystemExit(...)` is what sys.exit(...) does: it ends the process rather than failing the import.
    const raisedValue = callee && (callee.name === "VariableName" || callee.name === "MemberExpression") ? this.expression(callee, context) : undefined;
    const exits = raisedValue?.kind === "imported" && raisedValue.path === "builtins.SystemExit";
    this.recordBlocker(context, exits ? "exit" : "raise");
  }

  private returnStatement(node: SyntaxNode, context: Context): void {
    const value = this.expressions(childNodes(node).slice(1), context);
    const scope = context.scope as FunctionScope;
    if (scope.kind === "function" && scope.returned === undefined) scope.returned = value;
  }

  private deleteStatement(node: SyntaxNode, context: Context): void {
    if (context.scope.kind !== "module" || context.phase !== "import" || !context.certain) return;
    for (const target of childNodes(node).filter((part) => part.name === "VariableName")) {
      const name = nodeText(this.file, target);
      this.topLevel.delete(name);
      this.module.values.delete(name);
    }
  }

  /** `sys.argv[N]` with a literal integer N during the import or the server's call, unless an IndexError handler is around it. */
  private recordArgvRead(node: SyntaxNode, key: Value | undefined, context: Context): void {
    const index = literalInteger(key);
    if (index === undefined || (context.phase !== "import" && context.phase !== "call") || caught(context, "IndexError")) return;
    const site = nodeSite(this.file, node);
    this.argvReads.push({ index, site, text: this.file.text.slice(site.start, site.end), certain: context.certain });
  }

  /** Records that the current statement certainly stops the import. */
  private recordBlocker(context: Context, kind: ImportBlocker["kind"]): void {
    const at = nodeSite(this.file, context.statement);
    this.blockers.push({ kind, site: at, text: this.file.text.slice(at.start, at.end) });
  }

  // Bindings

  private bindTarget(
    target: readonly SyntaxNode[], value: Value, context: Context, kind: BindingKind,
    extra: { aliasOf?: string | undefined; calls?: string | undefined; valueNode?: SyntaxNode | undefined },
  ): void {
    const items = splitAtCommas(target);
    if (items.length > 1 || target.some((part) => part.name === ",")) return this.unpack(items, value, context, kind);
    const item = items[0];
    if (!item) return;
    if (item[0]!.name === "*") return this.bindTarget(item.slice(1), UNKNOWN_VALUE, context, kind, {});
    const node = item[0]!;
    switch (node.name) {
      case "VariableName":
        return this.bindName(node, value, context, kind, { ...(extra.aliasOf ? { aliasOf: extra.aliasOf } : {}), ...(extra.calls ? { calls: extra.calls } : {}) });
      case "ParenthesizedExpression":
      case "TupleExpression":
      case "ArrayExpression":
        return this.bindTarget(childNodes(node).slice(1, -1), value, context, kind, {});
      case "MemberExpression":
        return this.assignMember(node, value, extra.valueNode, context);
    }
  }

  private unpack(items: readonly SyntaxNode[][], value: Value, context: Context, kind: BindingKind): void {
    const values = value.kind === "tuple" ? value.items : value.kind === "literal" && Array.isArray(value.value) ? value.value.map((item) => ({ kind: "literal", value: item }) as Value) : [];
    const exact = values.length === items.length && !items.some((item) => item[0]!.name === "*");
    items.forEach((item, index) => this.bindTarget(item, exact ? values[index]! : UNKNOWN_VALUE, context, kind, {}));
  }

  /** `app.static_folder = …` and `os.environ["FLASK_DEBUG"] = …`. */
  private assignMember(node: SyntaxNode, value: Value, valueNode: SyntaxNode | undefined, context: Context): void {
    const [object, accessor, key] = childNodes(node);
    if (!object || !accessor || !key) return;
    const target = this.expression(object, context);
    if (accessor.name === "." && target.kind === "flask-app" && nodeText(this.file, key) === "static_folder" && valueNode) {
      target.app.staticFolder = staticFolderOf(this.file, { node: valueNode, value });
    } else if (accessor.name === "[" && target.kind === "imported" && target.path === "os.environ" && literalString(this.expression(key, context)) === "FLASK_DEBUG") {
      this.recordDebugEnv(value, context);
    }
  }

  private bindName(nameNode: SyntaxNode, value: Value, context: Context, kind: BindingKind, extra: Pick<Binding, "aliasOf" | "calls" | "importedFrom"> = {}): void {
    const name = nodeText(this.file, nameNode);
    const { scope } = context;
    if (value.kind === "flask-app" && value.app.boundTo === undefined) value.app.boundTo = name;
    if (scope.kind === "class") {
      scope.values.set(name, value);
    } else if (scope.kind === "function" && !scope.globals.has(name)) {
      scope.values.set(name, value);
      if (!this.inFunction.has(name)) this.inFunction.set(name, { functionName: scope.functionName!, site: bindingSite(this.file, context.statement) });
    } else {
      this.module.values.set(name, value);
      this.recordBinding(name, nameNode, context, scope.kind === "function" ? "global" : kind, value, extra);
    }
  }

  /** A binding in the module's namespace: on the import path, under the main guard, or only when a function runs. */
  private recordBinding(name: string, nameNode: SyntaxNode, context: Context, kind: BindingKind, value: Value, extra: Pick<Binding, "aliasOf" | "calls" | "importedFrom">): void {
    const functionName = kind === "global" ? context.scope.functionName : undefined;
    const binding: Binding = {
      name,
      site: bindingSite(this.file, context.statement),
      nameSite: nodeSite(this.file, nameNode),
      kind,
      ...extra,
      // A decorated name is what its decorator returns (Werkzeug's @Request.application makes a WSGI app of a function): no signature to judge.
      ...(value.kind === "function" && !value.decorated ? { def: signature(this.file, value.node) } : {}),
      isFlaskApp: value.kind === "flask-app",
      ...(value.kind === "literal" && value.value === null ? { isNone: true as const } : {}),
      ...(value.kind === "flask-app" ? { flaskApp: value.app } : {}),
      ...(value.kind === "framework-app" ? { framework: value.framework, ...(value.asgi ? { asgi: true as const } : {}) } : {}),
      ...(functionName !== undefined ? { functionName } : {}),
    };
    if (context.phase === "import") this.topLevel.set(name, binding);
    else if (context.phase === "main-guard") this.underMainGuard.set(name, binding);
    else if (!this.inFunction.has(name)) this.inFunction.set(name, { functionName: functionName!, site: binding.site });
  }

  private isName(target: readonly SyntaxNode[], name: string): boolean {
    return target.length === 1 && target[0]!.name === "VariableName" && nodeText(this.file, target[0]!) === name;
  }

  // Expressions

  /** Comma-separated expressions: one value, or a tuple of them. */
  private expressions(nodes: readonly SyntaxNode[], context: Context, options = { sequence: false }): Value {
    if (nodes.length === 1 && !options.sequence && nodes[0]!.name !== "*") return this.expression(nodes[0]!, context);
    const items = splitAtCommas(nodes);
    const values = items.map((item) => {
      if (item[0]!.name !== "*") return this.expression(item[0]!, context);
      if (item[1]) this.expression(item[1], context);
      return UNKNOWN_VALUE;
    });
    if (!options.sequence && items.length === 1 && !nodes.some((node) => node.name === ",")) return values[0]!;
    return tupleOf(values);
  }

  /** Nesting beyond MAX_EXPRESSION_DEPTH (`[[[[…`) is unknown: each level recurses here. */
  private expression(node: SyntaxNode, context: Context): Value {
    if (this.expressionDepth >= MAX_EXPRESSION_DEPTH) return UNKNOWN_VALUE;
    this.expressionDepth++;
    try {
      return this.evaluate(node, context);
    } finally {
      this.expressionDepth--;
    }
  }

  private evaluate(node: SyntaxNode, context: Context): Value {
    switch (node.name) {
      case "VariableName":
        return this.lookup(nodeText(this.file, node), context);
      case "String":
      case "ContinuedString":
      case "Number":
      case "Boolean":
      case "None":
      case "FormatString": {
        const value = literalValue(this.file, node);
        return value === undefined ? UNKNOWN_VALUE : { kind: "literal", value };
      }
      case "ParenthesizedExpression": {
        const inner = childNodes(node)[1];
        return inner ? this.expression(inner, context) : UNKNOWN_VALUE;
      }
      case "TupleExpression":
        return this.expressions(childNodes(node).slice(1, -1), context);
      case "ArrayExpression":
        // A list is a list even with one item and no comma: `["create"]`.
        return this.expressions(childNodes(node).slice(1, -1), context, { sequence: true });
      case "NamedExpression": {
        const [name, , value] = childNodes(node);
        const result = value ? this.expression(value, context) : UNKNOWN_VALUE;
        if (name?.name === "VariableName") this.bindName(name, result, context, "assign");
        return result;
      }
      case "MemberExpression":
        return this.member(node, context);
      case "CallExpression":
        return this.call(node, context);
      case "BinaryExpression":
        return this.binary(node, context);
      case "LambdaExpression":
        return UNKNOWN_VALUE;
      case "ConditionalExpression":
        return this.conditional(node, context);
      default: {
        // A comprehension's body runs once per item, maybe never.
        const inner = node.name.endsWith("ComprehensionExpression") ? { ...context, certain: false } : context;
        for (const child of childNodes(node)) if (child.type.is("Expression")) this.expression(child, inner);
        const value = literalValue(this.file, node);
        return value === undefined ? UNKNOWN_VALUE : { kind: "literal", value };
      }
    }
  }

  /** `a if test else b`; on import a `__name__ == "__main__"` test picks `b`, as an if statement does. */
  private conditional(node: SyntaxNode, context: Context): Value {
    const [then, , test, , otherwise] = childNodes(node);
    if (test) this.expression(test, context);
    const guard = test && mainGuard(this.file, test);
    const branch = (part: SyntaxNode | undefined, onMainOnly: boolean): Value =>
      part
        ? this.expression(part, { ...context, phase: onMainOnly && context.phase === "import" ? "main-guard" : context.phase, certain: context.certain && guard !== undefined && !onMainOnly })
        : UNKNOWN_VALUE;
    const thenValue = branch(then, guard === "main");
    const otherwiseValue = branch(otherwise, guard === "not-main");
    return guard === "main" ? otherwiseValue : guard === "not-main" ? thenValue : UNKNOWN_VALUE;
  }

  private lookup(name: string, context: Context): Value {
    if (name === "__name__") return { kind: "module-name" };
    if (name === "__file__") return { kind: "module-file" };
    const start = context.scope.kind === "function" && context.scope.globals.has(name) ? this.module : context.scope;
    // Function bodies do not see the class bodies around them.
    for (let scope: Scope | undefined = start; scope; scope = scope.parent) {
      if (scope.kind === "class" && scope !== context.scope) continue;
      const value = scope.values.get(name);
      if (value) return value;
    }
    return unboundName(name, this.starModules);
  }

  private member(node: SyntaxNode, context: Context): Value {
    const [objectNode, accessor, ...rest] = childNodes(node);
    if (!objectNode || !accessor) return UNKNOWN_VALUE;
    const object = this.expression(objectNode, context);
    if (accessor.name === "[") {
      const key = rest[0] && this.expression(rest[0], context);
      if (object.kind === "imported" && object.path === "sys.argv") {
        // `sys.argv[1]`, a subscript of one expression; `sys.argv[2:]`, a slice with only a start.
        if (rest.length === 2 && rest[1]!.name === "]") this.recordArgvRead(node, key, context);
        const start = literalInteger(key);
        if (rest.length === 3 && rest[1]!.name === ":" && rest[2]!.name === "]" && start !== undefined && start >= 0) return { kind: "argv-slice", start };
      }
      const variable = literalString(key);
      if (object.kind === "imported" && object.path === "os.environ" && variable !== undefined) return { kind: "env", variable, relativeTo: "app-root" };
      return UNKNOWN_VALUE;
    }
    if (!rest[0]) return UNKNOWN_VALUE;
    const name = nodeText(this.file, rest[0]);
    switch (object.kind) {
      case "imported":
        return importedValue(`${object.path}.${name}`);
      case "namespace":
        return { kind: "argument", dest: name, relativeTo: "app-root" };
      case "module-file":
      case "path":
        return name === "parent" ? parentDirectory(object) : { kind: "method", self: object, name };
      case "parser":
      case "group":
      case "flask-app":
        return { kind: "method", self: object, name };
      default:
        return UNKNOWN_VALUE;
    }
  }

  private binary(node: SyntaxNode, context: Context): Value {
    const [left, operator, right] = childNodes(node);
    if (!left) return UNKNOWN_VALUE;
    const leftValue = this.expression(left, context);
    // `a and b`, `a or b`: b runs only on some paths.
    const shortCircuit = operator?.name === "and" || operator?.name === "or";
    const rightValue = right ? this.expression(right, shortCircuit ? { ...context, certain: false } : context) : UNKNOWN_VALUE;
    if (operator && nodeText(this.file, operator) === "/" && (leftValue.kind === "path" || leftValue.kind === "module-file")) {
      return joinPath(leftValue, [rightValue]);
    }
    const value = literalValue(this.file, node);
    return value === undefined ? UNKNOWN_VALUE : { kind: "literal", value };
  }

  private call(node: SyntaxNode, context: Context): Value {
    const calleeNode = node.firstChild!;
    const callee = this.expression(calleeNode, context);
    const argList = childNamed(node, "ArgList");
    if (!argList) return UNKNOWN_VALUE;
    const raw = callArguments(this.file, argList);
    const evaluate = (argument: SyntaxNode) => ({ node: argument, value: this.expression(argument, context) });
    const keywords = new Map<string, Argument>();
    for (const [keyword, argument] of raw.keywords) keywords.set(keyword, evaluate(argument));
    const args: EvaluatedArguments = { positional: raw.positional.map(evaluate), keywords, spread: raw.spread };
    for (const walrus of raw.walruses) {
      const bound = args.positional.find((argument) => argument.node === walrus.value);
      this.bindName(walrus.name, bound?.value ?? UNKNOWN_VALUE, context, "assign");
    }
    if (isFlaskRun(this.file, calleeNode, callee)) return this.flaskRun(node, args, context);
    switch (callee.kind) {
      case "function":
        // click's standalone mode ends the process once the command has run, unless told not to.
        if (callee.clickCommand && !args.keywords.has("standalone_mode") && context.phase === "import" && context.certain && !caught(context, "SystemExit")) this.recordBlocker(context, "exit");
        return this.callFunction(callee.node, callee.closure, context);
      case "imported":
        return this.callImported(callee.path, node, args, context);
      case "method":
        return this.callMethod(callee.self, callee.name, node, args, context);
      default:
        return UNKNOWN_VALUE;
    }
  }

  private callImported(path: string, node: SyntaxNode, args: EvaluatedArguments, context: Context): Value {
    if (path === "flask.Flask") {
      const inFunction = context.phase === "function" || context.phase === "call";
      const app = createFlaskApp(this.file, nodeSite(this.file, node), args, inFunction ? "function" : context.phase, inFunction ? innermostFunction(context.scope) : undefined);
      this.flaskApps.push(app);
      return { kind: "flask-app", app };
    }
    if (path === "argparse.ArgumentParser") return { kind: "parser", parser: new ParserDraft(this.file, nodeSite(this.file, node), args) };
    const framework = FRAMEWORK_APPS.get(path);
    if (framework) return { kind: "framework-app", ...framework };
    if (path === "os.environ.setdefault" && literalString(args.positional[0]?.value) === "FLASK_DEBUG" && args.positional[1]) {
      this.recordDebugEnv(args.positional[1].value, context);
    }
    if (EXIT_FUNCTIONS.has(path) && context.phase === "import" && context.certain && !caught(context, "SystemExit")) this.recordBlocker(context, "exit");
    return libraryCall(path, args) ?? UNKNOWN_VALUE;
  }

  private callMethod(self: Value, name: string, node: SyntaxNode, args: EvaluatedArguments, context: Context): Value {
    const at = nodeSite(this.file, node);
    if (self.kind === "parser" || self.kind === "group") {
      const parser = self.parser;
      switch (name) {
        case "add_argument":
          parser.addArgument(at, args, self.kind === "group" ? self.exclusive : undefined);
          return UNKNOWN_VALUE;
        case "add_argument_group":
          return { kind: "group", parser };
        case "add_mutually_exclusive_group":
          return { kind: "group", parser, exclusive: parser.addExclusiveGroup(args) };
        case "set_defaults":
          parser.setDefaults(at, args);
          return UNKNOWN_VALUE;
        case "add_subparsers":
          parser.hasSubcommands = true;
          return UNKNOWN_VALUE;
        case "parse_args":
        case "parse_known_args":
          return self.kind === "parser" ? this.parse(self.parser, name === "parse_known_args", node, args, context) : UNKNOWN_VALUE;
      }
      return UNKNOWN_VALUE;
    }
    if ((self.kind === "path" || self.kind === "module-file") && (name === "resolve" || name === "absolute")) return absolutePath(self);
    if ((self.kind === "path" || self.kind === "module-file") && name === "joinpath") return joinPath(self, args.positional.map((argument) => argument.value));
    return UNKNOWN_VALUE;
  }

  private parse(parser: ParserDraft, known: boolean, node: SyntaxNode, args: EvaluatedArguments, context: Context): Value {
    const argvFrom = parsedArgvFrom((args.keywords.get("args") ?? args.positional[0])?.value);
    // Only an except clause that catches SystemExit keeps argparse's exit from ending the import.
    // What a parser with subcommands accepts is not known.
    if (argvFrom !== undefined && !parser.hasSubcommands && (context.phase === "import" || context.phase === "call") && !caught(context, "SystemExit", { byWith: false })) {
      this.parsers.push(parser.snapshot({ site: nodeSite(this.file, node), known, certain: context.certain, ...(argvFrom === 1 ? {} : { argvFrom }) }));
    }
    const namespace: Value = { kind: "namespace" };
    return known ? tupleOf([namespace, UNKNOWN_VALUE]) : namespace;
  }

  private flaskRun(node: SyntaxNode, args: EvaluatedArguments, context: Context): Value {
    if (context.phase === "function") return UNKNOWN_VALUE;
    this.runCalls.push({ kind: "run", site: nodeSite(this.file, node), underMainGuard: context.phase === "main-guard", ...runDebug(args) });
    // The development server serves forever: the import (or the server's call) never returns, whatever catches exceptions.
    if ((context.phase === "import" || context.phase === "call") && context.certain) this.recordBlocker(context, "run");
    return UNKNOWN_VALUE;
  }

  private recordDebugEnv(value: Value, context: Context): void {
    if (context.phase === "function") return;
    this.runCalls.push({ kind: "debug-env", site: nodeSite(this.file, context.statement), underMainGuard: context.phase === "main-guard", debug: flaskDebugFlag(value) });
  }

  /** Runs a function of the module once (later calls reuse what it returned); its parameters are unknown. */
  private callFunction(definition: SyntaxNode, closure: Scope, context: Context): Value {
    // The server's import skips the `__main__` guard: a factory called there (`main()`) first runs when the server calls it.
    if (this.serverImport && context.phase === "main-guard") return UNKNOWN_VALUE;
    if (this.returns.has(definition.from)) return this.returns.get(definition.from) ?? UNKNOWN_VALUE;
    this.returns.set(definition.from, undefined);
    const body = childNamed(definition, "Body");
    const name = childNamed(definition, "VariableName");
    const scope: FunctionScope = {
      kind: "function",
      values: new Map(parameterNames(this.file, definition).map((parameter) => [parameter, UNKNOWN_VALUE])),
      globals: body ? globalNames(this.file, body) : new Set(),
      parent: closure,
      functionName: name ? nodeText(this.file, name) : "<function>",
    };
    if (body) this.block(statementsIn(body), { ...context, scope, statement: definition });
    const result = scope.returned ?? { kind: "literal", value: null };
    this.returns.set(definition.from, result);
    return result;
  }
}

/** Where in `sys.argv` the list given to `parse_args` starts: argparse's own `sys.argv[1:]` when none (or None) is given; undefined for any other list. */
function parsedArgvFrom(given: Value | undefined): number | undefined {
  if (!given || (given.kind === "literal" && given.value === null)) return 1;
  if (given.kind === "argv-slice") return given.start;
  return given.kind === "imported" && given.path === "sys.argv" ? 0 : undefined;
}

function literalInteger(value: Value | undefined): number | undefined {
  return value?.kind === "literal" && typeof value.value === "number" && Number.isInteger(value.value) ? value.value : undefined;
}

function tupleOf(values: readonly Value[]): Value {
  if (values.every((value) => value.kind === "literal")) {
    return { kind: "literal", value: values.map((value) => (value as Extract<Value, { kind: "literal" }>).value) };
  }
  return { kind: "tuple", items: values };
}

function stringList(value: Value): string[] | undefined {
  if (value.kind !== "literal" || !Array.isArray(value.value)) return undefined;
  return value.value.every((item) => typeof item === "string") ? (value.value as string[]) : undefined;
}

/** The built-in base classes (below Exception) of the exceptions the analysis raises itself. */
// A Map: the class names looked up are the module's own (`raise constructor()`), no keys of Object's prototype.
const BASE_CLASSES: ReadonlyMap<string, readonly string[]> = new Map([["IndexError", ["LookupError"]], ["KeyError", ["LookupError"]], ["ModuleNotFoundError", ["ImportError"]]]);

/** An exception raised by the statement fails the import: it certainly runs during the import, and no handler of ImportError is around it. */
function failsTheImport(context: Context): boolean {
  return context.phase === "import" && context.certain && !caught(context, "ImportError");
}

function caught(context: Context, exception: string | undefined, options = { byWith: true }): boolean {
  const escapesException = exception === "SystemExit" || exception === "KeyboardInterrupt" || exception === "GeneratorExit";
  const bases = (exception && BASE_CLASSES.get(exception)) || [];
  return context.handlers.some(
    (handler) =>
      handler === "*" || handler === "BaseException" || handler === exception || bases.includes(handler) || (handler === "Exception" && !escapesException) || (handler === WITH && options.byWith),
  );
}

function innermostFunction(scope: Scope): string | undefined {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current.kind === "function") return current.functionName;
  }
  return undefined;
}

/** `x.run(...)` on a Flask object, or on a name `app` whose value is not known (imported, say). */
function isFlaskRun(file: SourceFile, calleeNode: SyntaxNode, callee: Value): boolean {
  if (callee.kind === "method") return callee.self.kind === "flask-app" && callee.name === "run";
  // Spelling the callee's dotted name walks it: first a cheap look at how it ends.
  return file.text.endsWith("run", calleeNode.to) && dottedName(file, calleeNode) === "app.run";
}

/** `__name__ == "__main__"` (either way round) is the main guard; `!=` its negation. */
type MainGuard = "main" | "not-main";

function mainGuard(file: SourceFile, test: SyntaxNode): MainGuard | undefined {
  if (test.name !== "BinaryExpression") return undefined;
  const [left, operator, right] = childNodes(test);
  if (operator?.name !== "CompareOp" || !left || !right) return undefined;
  const sides = [left, right].map((side) => (side.name === "VariableName" ? nodeText(file, side) : literalValue(file, side)));
  if (!(sides[0] === "__name__" && sides[1] === "__main__") && !(sides[1] === "__name__" && sides[0] === "__main__")) return undefined;
  // A string literal "__name__" is not the variable: require one side to be the name itself.
  if (![left, right].some((side) => side.name === "VariableName")) return undefined;
  const op = nodeText(file, operator);
  return op === "==" ? "main" : op === "!=" ? "not-main" : undefined;
}

/** The site of a binding statement: a compound statement's header, not its body. */
function bindingSite(file: SourceFile, statement: SyntaxNode): Site {
  const body = childNamed(statement, "Body");
  return nodeSite(file, body ? { from: statement.from, to: body.from } : statement);
}
