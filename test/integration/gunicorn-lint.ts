// Lints a gunicorn fixture app (fixtures/apps/gunicorn/<name>) as the harness runs it: the
// fixture's command, started in its `cwd`, in an image that holds the fixture directory. The
// image is a Dockerfile made in memory (`WORKDIR`, `COPY . `, `CMD [argv]`), so nw-lint reads the
// command the way it reads any image's, and the fixture directory stays as the real server saw it.
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { allRules } from "../../rules/index.js";
import { DEFAULT_SETTINGS } from "../../src/engine/config.js";
import { discover } from "../../src/engine/discover.js";
import { lint } from "../../src/engine/lint.js";
import { createSourceFile } from "../../src/engine/source.js";
import type { LintReport } from "../../src/engine/types.js";

export interface ServerCommand {
  readonly argv: readonly string[];
  readonly cwd: string;
}

export function readCommand(dir: string): ServerCommand {
  return JSON.parse(readFileSync(join(dir, "command.json"), "utf8")) as ServerCommand;
}

/** The Dockerfile that runs `command` from the fixture directory copied to /srv/app. */
export function fixtureDockerfile(command: ServerCommand): string {
  return ["FROM python:3.11-slim", "WORKDIR /srv/app", "COPY . /srv/app", `WORKDIR ${posix.join("/srv/app", command.cwd)}`, `CMD ${JSON.stringify(command.argv)}`, ""].join("\n");
}

export function lintFixtureApp(dir: string, command: ServerCommand = readCommand(dir)): LintReport {
  const discovery = discover(["."], { cwd: dir, ignore: [], maxFileSize: DEFAULT_SETTINGS.maxFileSize });
  const dockerfile = createSourceFile("Dockerfile", join(dir, "Dockerfile"), fixtureDockerfile(command), "dockerfile");
  return lint({ files: [...discovery.files, dockerfile], settings: DEFAULT_SETTINGS, rules: allRules, tree: discovery.tree });
}
