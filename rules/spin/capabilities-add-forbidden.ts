import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { deleteEntry, deleteItems, replaceScalar } from "../../src/languages/k8s/edits.js";
import { asSeq, mapAt, nodeRange, pairOf, seqItems, valueOf, stringValue } from "../../src/languages/k8s/nodes.js";
import { allContainers, capabilityName, mountsGlobalFs, objectRef } from "../../src/model/k8s.js";

const ALLOWED_WITHOUT_GLOBAL_FS = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SETGID", "SETUID", "NET_BIND_SERVICE"];
const ALLOWED_WITH_GLOBAL_FS = ["NET_BIND_SERVICE"];

export default defineRule({
  meta: {
    id: "spin/capabilities-add-forbidden",
    title: "Containers add back only the capabilities Spin allows",
    severity: "error",
    fixable: "safe",
    fixSafetyVaries: true,
    docs: {
      what: "Checks each entry of `securityContext.capabilities.add`: a pod that mounts the global file system may add only `NET_BIND_SERVICE`; other pods only CHOWN, DAC_OVERRIDE, FOWNER, KILL, SETGID, SETUID and NET_BIND_SERVICE.",
      why: "NERSC's capability table allows only these, and \"the Linux setuid and setgid capabilities will be dropped for containers accessing the global file system\" (SPIN.md, Capabilities: NERSC-R1). Kubernetes spells capabilities without the `CAP_` prefix.",
      fix: "Remove the capability from `add`; if the app needs it, change the app (for example listen on a port ≥ 1024 instead of adding NET_BIND_SERVICE). The fix writes an allowed capability as Kubernetes spells it (safe), and removes a forbidden one (unsafe: the app may need it, though Spin refuses the pod while it asks).",
      sources: ["SPIN.md § Capabilities (NERSC-R1 \"Allowed Kernel Capabilities\")"],
      related: ["spin/capabilities-drop-all"],
      settings: ["spin.globalFsPrefixes"],
    },
    messages: {
      forbidden: "container \"{{container}}\" adds {{capability}}, which Spin does not allow{{where}}",
      prefixed: "container \"{{container}}\" adds \"{{written}}\": Kubernetes names capabilities without the CAP_ prefix, write \"{{capability}}\"",
      lowerCase: "container \"{{container}}\" adds \"{{written}}\": capability names are case-sensitive, write \"{{capability}}\"",
    },
    hints: {
      forbidden: "allowed here: {{allowed}}",
      prefixed: "write {{capability}}",
      lowerCase: "write {{capability}}",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const file = container.workload.object.file;
      const onGlobalFs = mountsGlobalFs(container.workload);
      const allowed = onGlobalFs ? ALLOWED_WITH_GLOBAL_FS : ALLOWED_WITHOUT_GLOBAL_FS;
      const add = asSeq(valueOf(mapAt(container.node, "securityContext", "capabilities"), "add"));
      for (const item of seqItems(add)) {
        const written = stringValue(item);
        if (written === undefined) continue;
        const capability = capabilityName(written);
        const data = {
          container: container.name, capability, written, allowed: allowed.join(", "),
          where: onGlobalFs ? " in a pod that mounts the global file system" : "",
        };
        const common = { at: rangeSite(file, nodeRange(item)), effect: "rejected" as const, object: objectRef(container.workload.object, container) };
        if (!allowed.includes(capability)) {
          // The last capability goes with its `add:` key, rather than leave `add: []` behind.
          const capabilities = mapAt(container.node, "securityContext", "capabilities");
          const addPair = pairOf(capabilities, "add");
          const wholeKey = add?.items.length === 1 && capabilities && addPair ? deleteEntry(file, capabilities, addPair) : undefined;
          const removal = wholeKey ? [wholeKey] : add && deleteItems(file, add, [item]);
          context.report({ messageId: "forbidden", data, ...common, ...(removal ? { fix: { title: `remove ${written}`, edits: removal, applicability: "unsafe" as const } } : {}) });
        } else if (written !== capability) {
          const edit = replaceScalar(file, item, capability);
          context.report({ messageId: /^cap_/i.test(written) ? "prefixed" : "lowerCase", data, ...common, ...(edit ? { fix: { title: `write ${capability}`, edits: [edit] } } : {}) });
        }
      }
    }
  },
});
