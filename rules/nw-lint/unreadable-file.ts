import { defineRule } from "../../src/engine/rule.js";

/** Reported by the engine for files and directories it could not read; the other files are still linted. */
export default defineRule({
  meta: {
    id: "nw-lint/unreadable-file",
    title: "Files and directories can be read",
    severity: "error",
    docs: {
      what: "Reports a file that nw-lint was asked to lint, or that the model needed (a Python module an app loads, a Dockerfile), but could not read (no permission, a loop of symbolic links, over the size limit `maxFileSize`, or an I/O error), a directory it could not list, and a pipe, socket or device met in a directory walk. An app whose module cannot be read is reported as unverified, never as missing.",
      why: "A file that is not linted can hide any problem; saying so is better than a silent pass.",
      fix: "Make the file or directory readable, raise `maxFileSize` in `.nw-lint.yaml`, or exclude the path with `ignore`.",
      sources: ["CLI.md § Exit codes"],
      settings: ["maxFileSize"],
    },
    messages: {
      unreadable: "{{reason}}",
    },
  },
  check() {},
});
