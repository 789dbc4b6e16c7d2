// The Python side of an app a server imports (uWSGI, gunicorn, uvicorn): what importing its module
// runs (the packages on the way, the module, the local modules its import imports), whether the
// name the server looks up is there and can be called as that server calls it, the argparse
// parsers that read sys.argv during the import, and the folders its Flask apps serve static
// files from. Each module is analysed by src/languages/python; this file only follows imports and
// asks the questions the servers ask.
import { posix } from "node:path";
import { fileLabel, lineText, positionAt } from "../engine/source.js";
import { suggestion } from "../engine/suggest.js";
import type { Site, SourceFile } from "../engine/types.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { simulateArgparse, type ArgparseResult } from "../languages/python/argparse.js";
import { flaskAppsBuiltBy, isFlaskFactory } from "../languages/python/flask.js";
import { firstNamespaceWrite } from "../languages/python/namespace-writes.js";
import { callError } from "../languages/python/functions.js";
import { analyzePythonModule, effectsWhenCalled, importUnknown, type ArgParser, type ArgvRead, type Binding, type FlaskApp, type ImportBlocker, type ModuleImport, type OfCall, type PythonModule, type RunCall } from "../languages/python/module.js";
import { pyargvWords, type CallableName } from "../languages/uwsgi/values.js";
import type { Location } from "./container-paths.js";
import type { PythonFile } from "./python-import.js";

/**
 * The name a server looks up and how it calls it: uWSGI calls only a bare trailing `()` with no
 * arguments (a call with arguments is looked up literally); gunicorn passes a factory call's
 * literal `arguments`.
 */
export interface LookedUpName extends CallableName {
  readonly arguments?: { readonly positional: number; readonly keywords: readonly string[] };
}

/** A module found by name (`resolveModule`). */
export interface ResolvedModule {
  readonly file: PythonFile | undefined;
  readonly packages: readonly PythonFile[];
  readonly inPackage: boolean;
}

/** Finds a dotted module name in some directories; undefined when it is not there (or cannot be seen). */
export type ModuleResolver = (name: string, directories: readonly Location[]) => ResolvedModule | undefined;

/** A module the app's import runs, analysed. */
export interface AppModule {
  readonly module: PythonModule;
  readonly file: PythonFile;
  /** Imported as part of a package, so its relative imports work. */
  readonly inPackage: boolean;
}

export type CallableLookup =
  | {
      readonly status: "found";
      readonly binding: Binding;
      readonly in: AppModule;
      /** A function named without `()` that cannot take `(environ, start_response)`: the server serves the function itself and each request fails with TypeError. */
      readonly uncalledFactory: boolean;
      /** The function (an uncalled factory) has parameters a call with no arguments leaves without a value: `name()` fails too. */
      readonly needsArguments?: boolean;
      /** A factory the server calls that returns nothing (no `return <value>`): the app is None. */
      readonly returnsNone?: boolean;
      /** The name is bound to None after the import: the app is None. */
      readonly isNone?: boolean;
    }
  /** `name()` on something that cannot be called with the arguments the server passes: the call raises TypeError. */
  | { readonly status: "not-callable"; readonly binding: Binding; readonly in: AppModule; readonly error: string; readonly isFlaskApp: boolean }
  | {
      readonly status: "missing";
      /**
       * Why: bound only in a function, only under the `__main__` guard, the app bound under another name, nowhere, a call with
       * arguments (looked up literally), a namespace package (no attributes), or imported from a module that does not bind it.
       */
      readonly why: "function" | "main-guard" | "other-name" | "nowhere" | "arguments" | "namespace" | "import";
      /** For `function`: the function; for `other-name`: the name to use instead; for `import`: the name imported. */
      readonly name?: string;
      /** For `import`: the file of the module whose import fails (the app module, or one it re-exports from), that of the module it imports from, and the import that takes its app (`from web import application as app`). */
      readonly importer?: SourceFile;
      readonly from?: SourceFile;
      readonly importFrom?: string;
      /** For `other-name`: `name` is a factory that returns the app (use `name()`). */
      readonly factory?: boolean;
      /** For `other-name`: the app's framework (`Flask`, `FastAPI`). */
      readonly framework?: string;
      /** For `function`: the top-level name the import binds an app to all the same (`application = create_app()`); for `import`: the name the module imported from binds its app to. */
      readonly boundAs?: string;
      /** For `function` and a factory: it has parameters a call with no arguments leaves without a value, so `name()` fails. */
      readonly needsArguments?: boolean;
      /** The Python definition that explains it. */
      readonly site?: Site;
    }
  | { readonly status: "unverifiable"; readonly message: string };

export interface AppCode {
  /** The module the server imports; undefined for a namespace package, which has no file. */
  readonly main: AppModule | undefined;
  /** Every module the import runs: the packages on the way, the module, then the local modules it imports. */
  readonly imported: readonly AppModule[];
  readonly callable: CallableLookup;
  /** Parsers that certainly parse `sys.argv` during the import, then in the factory the server calls (`parseCall.calledAs`). */
  readonly parsers: readonly ArgParser[];
  /** `sys.argv[N]` reads during the import, then in the factory the server calls (`calledAs`), with the module that reads. */
  readonly argvReads: readonly ModuleArgvRead[];
  /** What stops the load in the factory the server calls after the import (its `app.run()`, with `calledAs`): the module's own are its `importBlockers`. */
  readonly factoryBlockers: readonly OfCall<ImportBlocker>[];
  /** Flask development-server runs in the factory the server calls (`calledAs`). */
  readonly factoryRunCalls: readonly OfCall<RunCall>[];
  /** Imports that certainly fail the import of the app (`from web import create_app` of a web.py without it), in the modules the import certainly runs. */
  readonly failedImports: readonly FailedImport[];
}

/**
 * `; wsgi:app is not checked: …` for code an image runs with Python 2 that Python 3 does not
 * read (`print "loaded"`): python/syntax judges no Python 2 code, and the other checks say
 * nothing of a module that fails to compile, so only `--verbose` says it went unchecked.
 */
export function python2Unchecked(reference: string, code: AppCode | undefined, image: Dockerfile | undefined): string {
  const unread = image?.python && image.python.major < 3 ? code?.imported.find(({ module }) => importUnknown(module)) : undefined;
  if (!unread) return "";
  const { major, minor } = image!.python!;
  return `; ${reference} is not checked: the image runs Python ${major}.${minor} (FROM ${image!.from}), and nw-lint reads Python 3, which does not compile ${fileLabel(unread.file.file)}`;
}

/** `from m import n` of a local module m that certainly binds no `n`: `ImportError: cannot import name`. */
export interface FailedImport {
  /** The import statement. */
  readonly site: Site;
  readonly name: string;
  /** The module whose import runs the statement, and the module imported from. */
  readonly importer: AppModule;
  readonly from: AppModule;
  /** A name m binds that `n` may be a typo of. */
  readonly closeName?: string;
}

export interface ModuleArgvRead {
  readonly read: ArgvRead;
  /** The module that reads, as messages name its file (`fileLabel`). */
  readonly module: string;
}

/** Modules an import is followed through at most: an app's own code, bounded for huge trees. */
const MAX_MODULES = 200;

/** What importing a found app module runs, and what the server finds there under the name it looks up. */
export function appCode(found: ResolvedModule, callable: LookedUpName, searchPath: readonly Location[], resolve: ModuleResolver): AppCode {
  const imported: AppModule[] = found.packages.map((file) => analysed(file, true));
  const main = found.file && analysed(found.file, found.inPackage);
  if (main) imported.push(main);
  const seen = new Set(imported.map((module) => module.file.file));
  for (let index = 0; index < imported.length && imported.length < MAX_MODULES; index++) {
    for (const next of localImports(imported[index]!, searchPath, resolve)) {
      if (seen.has(next.file.file)) continue;
      seen.add(next.file.file);
      imported.push(next);
    }
  }
  const lookup: CallableLookup = main ? lookUpCallable(main, callable, searchPath, resolve) : { status: "missing", why: "namespace" };
  const factory = factoryOf(callable, lookup);
  const called = factory && effectsWhenCalled(factory.module, factory.name);
  return {
    main,
    imported,
    callable: called?.blockers.length ? neverReturns(lookup) : lookup,
    parsers: [...imported.flatMap(({ module }) => module.importTimeParsers.filter((parser) => parser.parseCall.certain)), ...(called?.parsers ?? [])],
    argvReads: [
      ...imported.flatMap(({ module }) => module.argvReads.map((read) => ({ read, module: fileLabel(module.file) }))),
      ...(called?.argvReads.map((read) => ({ read, module: fileLabel(factory!.module.file) })) ?? []),
    ],
    factoryBlockers: called?.blockers ?? [],
    factoryRunCalls: called?.runCalls ?? [],
    failedImports: main ? failedImports([...found.packages.map((file) => analysed(file, true)), main], searchPath, resolve) : [],
  };
}

/**
 * The imports that certainly fail, in the modules the import certainly runs: those it starts
 * with, and those an import certainly runs with nothing catching its ImportError imports. A
 * module's imports after one that fails never run. Relative imports are left alone: their
 * error names the package the module is imported in.
 */
function failedImports(certainlyRun: AppModule[], searchPath: readonly Location[], resolve: ModuleResolver): FailedImport[] {
  const failed: FailedImport[] = [];
  const seen = new Set(certainlyRun.map((module) => module.file.file));
  for (let index = 0; index < certainlyRun.length && certainlyRun.length < MAX_MODULES; index++) {
    const importer = certainlyRun[index]!;
    for (const source of importer.module.imports.filter((source) => source.certain && (source.level === 0 || importer.inPackage))) {
      // The module imported from runs before the name is looked up in it.
      for (const next of importedBy(importer, source, searchPath, resolve)) {
        if (seen.has(next.file.file)) continue;
        seen.add(next.file.file);
        certainlyRun.push(next);
      }
      const failure = source.level === 0 ? failedImport(importer, source, searchPath, resolve) : undefined;
      if (failure) {
        failed.push(failure);
        break;
      }
    }
  }
  return failed;
}

function failedImport(importer: AppModule, source: ModuleImport, searchPath: readonly Location[], resolve: ModuleResolver): FailedImport | undefined {
  const { name, site } = source;
  if (!name || name === "*" || !site) return undefined;
  const from = importedModule(importer, source.module, source.level, searchPath, resolve)?.module;
  if (!from || from.module.topLevel.has(name) || !certainlyLacks(from, name, importer, source, searchPath, resolve)) return undefined;
  const bound = [...from.module.topLevel.values()].filter((binding) => binding.kind !== "star-import").map((binding) => binding.name);
  const closeName = suggestion(name, bound);
  return { site, name, importer, from, ...(closeName ? { closeName } : {}) };
}

/** A factory whose call never returns returns no None either: what blocks it is the finding (app/import-fails). */
function neverReturns(lookup: CallableLookup): CallableLookup {
  return lookup.status === "found" && lookup.returnsNone ? { ...lookup, returnsNone: false } : lookup;
}

/** The factory the server calls after the import (`m:create_app()`), which reads the same sys.argv. */
function factoryOf(callable: LookedUpName, lookup: CallableLookup): { readonly module: PythonModule; readonly name: string } | undefined {
  if (callable.call === "none" || lookup.status !== "found" || !lookup.binding.def) return undefined;
  return { module: lookup.in.module, name: lookup.binding.name };
}

function analysed(file: PythonFile, inPackage: boolean): AppModule {
  return { module: analyzePythonModule(file.file), file, inPackage };
}

/** The local modules a module's import statements import (absolute from the search path, relative from its package). */
function localImports(from: AppModule, searchPath: readonly Location[], resolve: ModuleResolver): AppModule[] {
  return from.module.imports.flatMap((source) => importedBy(from, source, searchPath, resolve));
}

/** The local modules one import statement imports: the packages on the way, then the module (for `from m import n`, the submodule m.n if there is one, else m). */
function importedBy(from: AppModule, source: ModuleImport, searchPath: readonly Location[], resolve: ModuleResolver): AppModule[] {
  const names = source.name && source.name !== "*" ? [`${source.module ? `${source.module}.` : ""}${source.name}`, source.module] : [source.module];
  for (const name of names.filter(Boolean)) {
    const imported = importedModule(from, name, source.level, searchPath, resolve);
    if (imported) return [...imported.packages.map((file) => analysed(file, true)), ...(imported.module ? [imported.module] : [])];
  }
  return [];
}

/**
 * The module an import in `from` names, found as Python finds it (absolute from the search path,
 * relative from the package `level` leading dots refer to) and analysed; `module` is undefined for
 * a namespace package. A module a relative import finds is in a package, so its own relative
 * imports work.
 */
function importedModule(from: AppModule, name: string, level: number, searchPath: readonly Location[], resolve: ModuleResolver): { readonly module: AppModule | undefined; readonly packages: readonly PythonFile[] } | undefined {
  const resolved = resolve(name, level === 0 ? searchPath : [packageDirectory(from, level)]);
  return resolved && { module: resolved.file && analysed(resolved.file, resolved.inPackage || level > 0), packages: resolved.packages };
}

/** The directory `level` leading dots refer to from a module: its own package for one dot. */
function packageDirectory(from: AppModule, level: number): Location {
  let containerPath = posix.dirname(from.file.containerPath);
  let repoPath = from.file.file.absolutePath && posix.dirname(from.file.file.absolutePath);
  for (let up = 1; up < level; up++) {
    containerPath = posix.dirname(containerPath);
    repoPath = repoPath && posix.dirname(repoPath);
  }
  return { containerPath, repoPath, volume: undefined };
}

/**
 * What uWSGI finds under the callable's name: an attribute of the module after its import (a
 * top-level binding, or one a star import brings in), called when the name ends in a bare `()`.
 */
function lookUpCallable(main: AppModule, callable: LookedUpName, searchPath: readonly Location[], resolve: ModuleResolver): CallableLookup {
  const { module } = main;
  if (callable.call === "call-with-arguments") return { status: "missing", why: "arguments", ...siteOf(module.topLevel.get(callable.name)) };
  const direct = module.topLevel.get(callable.name);
  const definition = direct && definitionOf({ binding: direct, in: main }, searchPath, resolve);
  if (definition && definition.unbound) return unboundImport(definition.binding, definition.in, definition.unbound);
  const found = definition || throughStarImports(main, callable.name, searchPath, resolve);
  if (found === "unknown") return { status: "unverifiable", message: `${callable.name} may come from a star import of a module outside the linted files` };
  if (found) return callWith(found.binding, found.in, callable, isAppDefinition(found, searchPath, resolve));
  const underGuard = module.boundUnderMainGuard.get(callable.name);
  if (underGuard) return { status: "missing", why: "main-guard", site: underGuard.site };
  const inFunction = module.boundInFunction.get(callable.name);
  if (inFunction) {
    const boundAs = appBoundName(module);
    return { status: "missing", why: "function", name: inFunction.functionName, site: inFunction.site, ...needsArguments(module.topLevel.get(inFunction.functionName)), ...(boundAs ? { boundAs } : {}) };
  }
  return otherName(module) ?? importedAppName(main, searchPath, resolve) ?? dynamicBinding(main, callable.name) ?? { status: "missing", why: "nowhere" };
}

/** `from m import name` of a module that binds no `name`: the import fails, and with it the app's. */
function unboundImport(imported: Binding, importer: AppModule, from: AppModule): CallableLookup {
  const source = imported.importedFrom!;
  const boundAs = appBoundName(from.module);
  return {
    status: "missing", why: "import", name: source.name, importer: importer.file.file, from: from.file.file, site: imported.site,
    ...(boundAs ? { boundAs, importFrom: `from ${".".repeat(source.level)}${source.module} import ${boundAs}${boundAs === imported.name ? "" : ` as ${imported.name}`}` } : {}),
  };
}

/** A name the module may bind by writing its namespace by name (`globals()["app"] = …`): it cannot be said missing. */
function dynamicBinding(main: AppModule, name: string): CallableLookup | undefined {
  const file = main.file.file;
  const write = firstNamespaceWrite(file);
  if (write === undefined) return undefined;
  const { line } = positionAt(file, write);
  return { status: "unverifiable", message: `${name} may be bound by ${lineText(file, line).trim()} (${file.path}:${line}), which nw-lint does not follow` };
}

function siteOf(binding: Binding | undefined): { readonly site?: Site } {
  return binding ? { site: binding.site } : {};
}

/** Hops from a name `from m import n` binds to where `n` is bound (`webapp/__init__.py` re-exporting `create_app` from `.factory`). */
const MAX_REEXPORTS = 5;

/**
 * The binding an imported name stands for, followed through local modules; the import itself when
 * the module is not found, with `unbound` when the module is read and certainly binds no such name
 * (the import fails: `ImportError: cannot import name`).
 */
function definitionOf(found: { binding: Binding; in: AppModule }, searchPath: readonly Location[], resolve: ModuleResolver): { binding: Binding; in: AppModule; unbound?: AppModule } {
  let current = found;
  for (let hop = 0; hop < MAX_REEXPORTS; hop++) {
    const source = current.binding.kind === "import" ? current.binding.importedFrom : undefined;
    if (!source?.name || source.name === "*") break;
    const module = importedModule(current.in, source.module, source.level, searchPath, resolve)?.module;
    const target = module?.module.topLevel.get(source.name);
    if (module && !target && certainlyLacks(module, source.name, current.in, source, searchPath, resolve)) return { ...current, unbound: module };
    if (!module || !target) break;
    current = { binding: target, in: module };
  }
  return current;
}

/**
 * `from m import name` fails when m binds no `name` after its import. Not certain when m may bind it
 * in ways not followed (a star import, a namespace written by name, a module `__getattr__`), when m
 * did not parse or was not read whole, or when `name` is a submodule of the package m, which the import loads.
 */
function certainlyLacks(module: AppModule, name: string, importer: AppModule, source: { module: string; level: number }, searchPath: readonly Location[], resolve: ModuleResolver): boolean {
  const { topLevel } = module.module;
  if (importUnknown(module.module) || topLevel.has("__getattr__") || [...topLevel.values()].some((binding) => binding.kind === "star-import")) return false;
  if (firstNamespaceWrite(module.file.file) !== undefined) return false;
  const submodule = source.module ? `${source.module}.${name}` : name;
  return importedModule(importer, submodule, source.level, searchPath, resolve) === undefined;
}

/** A name a `from m import *` of a local module binds (what `__all__` lists, else its public names). */
function throughStarImports(main: AppModule, name: string, searchPath: readonly Location[], resolve: ModuleResolver): { binding: Binding; in: AppModule } | "unknown" | undefined {
  let unknown = false;
  for (const binding of main.module.topLevel.values()) {
    const source = binding.importedFrom;
    if (binding.kind !== "star-import" || !source) continue;
    const star = importedModule(main, source.module, source.level, searchPath, resolve)?.module;
    if (!star) {
      unknown = true;
      continue;
    }
    const exported = star.module.dunderAll ? star.module.dunderAll.includes(name) : !name.startsWith("_");
    const target = star.module.topLevel.get(name);
    if (exported && target) return { binding: target, in: star };
  }
  return unknown ? "unknown" : undefined;
}

/** The found binding as the server uses it: taken as is, or called (with no arguments, or gunicorn's literal ones) for `name(...)`. */
function callWith(binding: Binding, where: AppModule, callable: LookedUpName, isFlaskApp: boolean): CallableLookup {
  const signature = binding.def;
  if (callable.call === "none") {
    const uncalledFactory = signature !== undefined && !isFlaskApp && !signature.acceptsArgs && signature.positionalParams < 2;
    return { status: "found", binding, in: where, uncalledFactory, ...(uncalledFactory && signature.requiredParams > 0 ? { needsArguments: true } : {}), ...(binding.isNone ? { isNone: true } : {}) };
  }
  const { positional, keywords } = callable.arguments ?? { positional: 0, keywords: [] };
  if (isFlaskApp) {
    return { status: "not-callable", binding, in: where, error: "TypeError: Flask.__call__() missing 2 required positional arguments: 'environ' and 'start_response'", isFlaskApp };
  }
  const error = signature && callError(signature, positional, keywords);
  if (error) return { status: "not-callable", binding, in: where, error, isFlaskApp: false };
  return { status: "found", binding, in: where, uncalledFactory: false, returnsNone: signature !== undefined && !signature.returnsValue };
}

/** The top-level name the module's import binds an app object to (not a factory), if one does. */
function appBoundName(module: PythonModule): string | undefined {
  const holder = otherName(module);
  return holder?.status === "missing" && !holder.factory ? holder.name : undefined;
}

/** The app under another name: a Flask object bound at import time, else a function that builds one, else another framework's app object. */
function otherName(module: PythonModule): CallableLookup | undefined {
  const bindings = [...module.topLevel.values()];
  const bound = bindings.find((binding) => binding.isFlaskApp);
  if (bound) return { status: "missing", why: "other-name", name: bound.name, framework: "Flask", site: bound.site };
  const factory = bindings.find((binding) => isFlaskFactory(module, binding));
  if (factory) return { status: "missing", why: "other-name", name: factory.name, framework: "Flask", factory: true, site: factory.site, ...needsArguments(factory) };
  const other = bindings.find((binding) => binding.framework !== undefined);
  return other && { status: "missing", why: "other-name", name: other.name, framework: other.framework!, site: other.site };
}

function needsArguments(binding: Binding | undefined): { needsArguments?: true } {
  return (binding?.def?.requiredParams ?? 0) > 0 ? { needsArguments: true } : {};
}

/** The name a Flask app from a local module is bound to: imported itself (`from app import app`), or built by a factory imported from there. */
function importedAppName(main: AppModule, searchPath: readonly Location[], resolve: ModuleResolver): CallableLookup | undefined {
  const built = [...main.module.topLevel.values()].find((binding) => isAppDefinition(definitionOf({ binding, in: main }, searchPath, resolve), searchPath, resolve));
  return built && { status: "missing", why: "other-name", name: built.name, framework: "Flask", site: built.site };
}

/** A Flask app where it is defined: `Flask(...)` itself, or what a factory imported from a local module returns. */
function isAppDefinition(definition: { binding: Binding; in: AppModule }, searchPath: readonly Location[], resolve: ModuleResolver): boolean {
  return definition.binding.isFlaskApp || builtByImportedFactory(definition.binding, definition.in, searchPath, resolve);
}

/** `application = create_app()` (or `webapp.create_app()`) where the factory comes from a local module (through its re-exports) and builds a Flask app there. */
function builtByImportedFactory(binding: Binding, where: AppModule, searchPath: readonly Location[], resolve: ModuleResolver): boolean {
  const factory = binding.calls === undefined ? undefined : importedDefinition(binding.calls, where, searchPath, resolve);
  return factory !== undefined && isFlaskFactory(factory.in.module, factory.binding);
}

/** What a name the module imports stands for: `create_app` of `from webapp import create_app`, or `webapp.create_app` of `import webapp`. */
function importedDefinition(name: string, where: AppModule, searchPath: readonly Location[], resolve: ModuleResolver): { binding: Binding; in: AppModule } | undefined {
  const [head, attribute, ...deeper] = name.split(".");
  const imported = where.module.topLevel.get(head!);
  if (imported?.kind !== "import" || deeper.length > 0) return undefined;
  if (attribute === undefined) return definitionOf({ binding: imported, in: where }, searchPath, resolve);
  const source = imported.importedFrom;
  if (!source || source.name === "*") return undefined;
  const module = importedModule(where, [source.module, source.name].filter(Boolean).join("."), source.level, searchPath, resolve)?.module;
  const target = module?.module.topLevel.get(attribute);
  return module && target && definitionOf({ binding: target, in: module }, searchPath, resolve);
}

/**
 * How the app fails on the argv the server gives it (`sys.argv` is `[prog, *argv]`): a parser that
 * rejects it, with argparse's result, or a `sys.argv[N]` certainly read past the end of the list
 * (an IndexError); of those, the one that runs first.
 */
export type ArgvFailure =
  | { readonly kind: "argparse"; readonly parser: ArgParser; readonly result: ArgparseResult & { readonly ok: false } }
  | ({ readonly kind: "index"; readonly sysArgv: readonly string[] } & ModuleArgvRead);

export function argvFailure(code: AppCode, argv: readonly string[], prog = "uwsgi"): ArgvFailure | undefined {
  const sysArgv = [prog, ...argv];
  const failures: { readonly failure: ArgvFailure; readonly at: Site; readonly calledAs: string | undefined }[] = [];
  for (const parser of code.parsers) {
    const result = simulateArgparse(parser, argv, prog);
    if (!result.ok) failures.push({ failure: { kind: "argparse", parser, result }, at: parser.parseCall.site, calledAs: parser.parseCall.calledAs });
  }
  for (const read of code.argvReads) {
    if (read.read.certain && argvLengthFor(read.read) > sysArgv.length) failures.push({ failure: { kind: "index", ...read, sysArgv }, at: read.read.site, calledAs: read.read.calledAs });
  }
  // The import runs before the factory the server calls; within each, modules in the order they are imported, then in their own order.
  const moduleOrder = new Map(code.imported.map(({ file }, index) => [file.file, index]));
  const phase = (calledAs: string | undefined) => (calledAs === undefined ? 0 : 1);
  failures.sort((a, b) => phase(a.calledAs) - phase(b.calledAs) || (moduleOrder.get(a.at.file) ?? 0) - (moduleOrder.get(b.at.file) ?? 0) || a.at.start - b.at.start);
  return failures[0]?.failure;
}

/** How many items `sys.argv` needs for the read to succeed. */
export function argvLengthFor(read: ArgvRead): number {
  return read.index >= 0 ? read.index + 1 : -read.index;
}

/** The namespace the app's parsers give for `pyargv`, when they all accept it. */
export function parsedArguments(code: AppCode, pyargv: string): ReadonlyMap<string, unknown> | undefined {
  const values = new Map<string, unknown>();
  for (const parser of code.parsers) {
    const result = simulateArgparse(parser, pyargvWords(pyargv), "uwsgi");
    if (!result.ok) return undefined;
    for (const [dest, value] of result.values) values.set(dest, value);
  }
  return values;
}

/** The Flask apps the import constructs. */
function importedFlaskApps(code: AppCode): { readonly app: FlaskApp; readonly in: AppModule }[] {
  return code.imported.flatMap((module) => module.module.flaskApps.filter((app) => app.context === "import").map((app) => ({ app, in: module })));
}

/** The Flask apps the server gets: those the import constructs, and those of the factory it calls (`m:create_app()`). */
export function servedFlaskApps(code: AppCode, callable: LookedUpName): { readonly app: FlaskApp; readonly in: AppModule }[] {
  const { callable: lookup } = code;
  const built = callable.call === "call" && lookup.status === "found" ? flaskAppsBuiltBy(lookup.in.module, lookup.binding).map((app) => ({ app, in: lookup.in })) : [];
  return [...importedFlaskApps(code), ...built];
}
