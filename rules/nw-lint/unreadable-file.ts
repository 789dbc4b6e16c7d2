import { defineRule } from "../../src/engine/rule.js";

/** Reported by the engine for files it could not read; the other files are still linted. */
export default defineRule({
  meta: {
    id: "nw-lint/unreadable-file",
    title: "Files can be read",
    severity: "error",
    docs: {
      what: "Reports a file that nw-lint was asked to lint but could not read: no permission, over the size limit (`maxFileSize`, 10 MB by default), or an I/O error.",
      why: "A file that is not linted can hide any problem; saying so is better than a silent pass.",
      fix: "Make the file readable, raise `maxFileSize` in `.nw-lint.yaml`, or exclude the file with `ignore`.",
      sources: ["CLI.md § Exit codes"],
    },
    messages: {
      unreadable: "{{reason}}",
    },
  },
  check() {},
});
