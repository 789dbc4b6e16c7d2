import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange, stringValue } from "../../src/languages/k8s/nodes.js";
import { allContainers, objectRef } from "../../src/model/k8s.js";
import { parseImageReference } from "../../src/model/image.js";

export default defineRule({
  meta: {
    id: "spin/image-tag",
    title: "Images are pinned to an explicit tag",
    severity: "warning",
    docs: {
      what: "Warns when a container image has no tag or uses `:latest` (a digest counts as pinned).",
      why: "NERSC recommends explicit version tags over `:latest`: with `:latest` a restart can silently run a different build, and a rollback has nothing to return to (SPIN.md, Images: NERSC-R1).",
      fix: "Tag each build with a version (`registry.nersc.gov/<project>/<image>:1.4.2`) and use that tag.",
      sources: ["SPIN.md § Images (NERSC, NERSC-R1)"],
      related: ["spin/image-registry"],
    },
    messages: {
      untagged: "image \"{{image}}\" has no tag, so it means :latest",
      latest: "image \"{{image}}\" uses the :latest tag",
    },
    hints: {
      untagged: "pin an explicit version tag",
      latest: "pin an explicit version tag",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const image = stringValue(container.image);
      if (!image || !container.image) continue;
      const { tag, digest } = parseImageReference(image);
      if (digest || (tag && tag !== "latest")) continue;
      context.report({
        messageId: tag ? "latest" : "untagged",
        data: { image },
        at: rangeSite(container.workload.object.file, nodeRange(container.image)),
        object: objectRef(container.workload.object, container),
      });
    }
  },
});
