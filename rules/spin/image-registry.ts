import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange, stringValue } from "../../src/languages/k8s/nodes.js";
import { allContainers, objectRef } from "../../src/model/k8s.js";
import { parseImageReference } from "../../src/model/image.js";

const RETIRED_REGISTRY = "registry.spin.nersc.gov";
const CURRENT_REGISTRY = "registry.nersc.gov";

export default defineRule({
  meta: {
    id: "spin/image-registry",
    title: "Images come from registry.nersc.gov, not the retired registry.spin.nersc.gov",
    severity: "info",
    fixable: "safe",
    docs: {
      what: "Reports images pulled from `registry.spin.nersc.gov`, the Rancher 1 name of the NERSC registry.",
      why: "NERSC images are `registry.nersc.gov/<project>/<image>:<tag>`; `registry.spin.nersc.gov` is the retired Rancher 1 name (SPIN.md, Images: NERSC).",
      fix: "Write `registry.nersc.gov` instead of `registry.spin.nersc.gov` (the fix does this).",
      sources: ["SPIN.md § Images (NERSC)"],
      related: ["spin/image-tag"],
    },
    messages: {
      retired: "image \"{{image}}\" names the retired registry {{registry}}",
    },
    hints: {
      retired: "use {{replacement}}",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const image = stringValue(container.image);
      if (!image || !container.image || parseImageReference(image).registry !== RETIRED_REGISTRY) continue;
      const file = container.workload.object.file;
      const [start, end] = nodeRange(container.image);
      const hostOffset = file.text.slice(start, end).indexOf(RETIRED_REGISTRY);
      context.report({
        messageId: "retired",
        data: { image, registry: RETIRED_REGISTRY, replacement: CURRENT_REGISTRY },
        at: rangeSite(file, [start, end]),
        object: objectRef(container.workload.object, container),
        ...(hostOffset >= 0
          ? { fix: { title: `use ${CURRENT_REGISTRY}`, edits: [{ file, start: start + hostOffset, end: start + hostOffset + RETIRED_REGISTRY.length, text: CURRENT_REGISTRY }] } }
          : {}),
      });
    }
  },
});
