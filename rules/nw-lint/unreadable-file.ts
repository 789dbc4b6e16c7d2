import { defineRule } from "../../src/engine/rule.js";

/** Reported by the engine for files and directories it could not read; the other files are still linted. */
export default defineRule({
  meta: {
    id: "nw-lint/unreadable-file",
    title: "Files and directories can be read",
    severity: "error",
    docs: {
      what: "Reports a file that nw-lint was asked to lint but could not read (no permission, over the size limit `maxFileSize`, 10 MB by default, or an I/O error), a directory it could not list, and a pipe, socket or device met in a directory walk.",
      why: "A file that is not linted can hide any problem; saying so is better than a silent pass.",
      fix: "Make the file or directory readable, raise `maxFileSize` in `.nw-lint.yaml`, or exclude the path with `ignore`.",
      sources: ["CLI.md § Exit codes"],
    },
    messages: {
      unreadable: "{{reason}}",
    },
  },
  check() {},
});
