import { existsSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root (holding package.json and schemas/), ending in a separator: the nearest
 * directory above this code with a package.json, whether it runs from src (vitest), from tsc's
 * dist/src or from the bundle in dist/cli.
 */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir.endsWith(sep) ? dir : `${dir}${sep}`;
    if (dirname(dir) === dir) throw new Error(`nw-lint: no package.json above ${start}`);
  }
}

const manifest = JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")) as { version: string; homepage: string };

export const packageVersion: string = manifest.version;

/** The repository's web page, package.json's `homepage`: every link nw-lint prints hangs off it. */
export const HOMEPAGE_URL: string = manifest.homepage;

/** Where the rule pages live, relative to the package root. */
export const RULE_DOCS_DIR = "docs/rules";

/** The web address of a file of the repository, by its path from the package root. */
export function repositoryFileUrl(path: string): string {
  return `${HOMEPAGE_URL}/blob/main/${path}`;
}

const DOCS_BASE_URL = repositoryFileUrl(`${RULE_DOCS_DIR}/`);

/** The page `npm run generate` writes for a rule: docs/rules/<family>/<name>.md. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
