import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The package root (holding package.json and schemas/), whether run from src via vitest or from dist. */
export const packageRoot = fileURLToPath(new URL(import.meta.url.includes("/dist/") ? "../../../" : "../../", import.meta.url));

export const packageVersion: string = (JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")) as { version: string }).version;

export const HOMEPAGE_URL = "https://github.com/nersc-spin/nw-lint";

export const DOCS_BASE_URL = `${HOMEPAGE_URL}/blob/main/docs/rules/`;

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
