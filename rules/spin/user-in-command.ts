import { defineRule } from "../../src/engine/rule.js";
import { site } from "../../src/engine/source.js";
import { nodeRange, scalarText, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { allContainers, objectRef } from "../../src/model/k8s.js";
import { findUserSwitches } from "../../src/languages/shell/user-switch.js";

export default defineRule({
  meta: {
    id: "spin/user-in-command",
    title: "User and group ids belong in securityContext, not in the command",
    severity: "error",
    docs: {
      what: "Finds container `command`/`args` that switch user or group: uWSGI `--uid`/`--gid`, `su`, `sudo -u`, `gosu`, `su-exec`, `runuser`, `setpriv --reuid/--regid`, `chroot --userspec`, gunicorn `--user`/`--group`, also inside `sh -c \"…\"` strings.",
      why: "With every capability dropped a process cannot change its user: uWSGI exits with `setgid(): Operation not permitted` when started as root, or `cannot setgid() as non-root user` otherwise. Spin sets the user through `runAsUser`/`runAsGroup`/`fsGroup` (SPIN.md, User and group: seed item 2, uWSGI source).",
      fix: "Remove the switch from the command and set `securityContext.runAsUser` (and `runAsGroup`, pod `fsGroup`) to the same numeric ids.",
      sources: ["SPIN.md § User and group (seed item 2, slides, uWSGI source)"],
      related: ["spin/run-as-user", "spin/fs-group"],
    },
    messages: {
      switch: "container \"{{container}}\" switches {{what}} in its command ({{argument}})",
    },
    hints: {
      switch: "remove it and set securityContext.runAsUser/runAsGroup instead; with capabilities dropped the switch fails",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const file = container.workload.object.file;
      const words = [...container.command, ...container.args].flatMap((node) => {
        const text = scalarText(node);
        return text === undefined ? [] : [{ text, node }];
      });
      for (const found of findUserSwitches(words.map((word) => word.text))) {
        const node: YamlNode = words[found.argumentIndex]!.node;
        const [start, end] = nodeRange(node);
        // Narrow to the switch itself when it is written literally inside the scalar (e.g. in `sh -c "…"`).
        const offset = file.text.slice(start, end).indexOf(found.token);
        const at = offset >= 0 ? site(file, start + offset, start + offset + found.token.length) : site(file, start, end);
        context.report({
          messageId: "switch",
          data: { container: container.name, what: found.what, argument: found.token },
          at,
          effect: "wont-start",
          object: objectRef(container.workload.object, container),
        });
      }
    }
  },
});
