#!/usr/bin/env node
// node bench/python-parse-only.mjs DIR: reads every .py file under DIR and parses it with
// @lezer/python, on one thread, as nw-lint does before any Python check. With parse-only.mjs (the
// YAML) it is what merely parsing the corpus costs: the floor of a linter that checks both.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parser } from "@lezer/python";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node bench/python-parse-only.mjs DIR");
  process.exit(2);
}
const files = readdirSync(dir, { recursive: true }).filter((file) => file.endsWith(".py")).sort();
let chars = 0;
for (const file of files) {
  const text = readFileSync(join(dir, file), "utf8");
  chars += parser.parse(text).length;
}
console.log(`python parse: files=${files.length} chars=${chars}`);
