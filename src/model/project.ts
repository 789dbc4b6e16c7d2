import type { SourceFile } from "../engine/types.js";
import type { YamlStream } from "../languages/k8s/parse.js";
import { buildK8sModel, type K8sModel } from "./k8s.js";
import type { ResolvedSettings } from "../engine/config.js";

/** Everything the rules see: the parsed files and the cross-file model built from them. */
export interface ProjectModel {
  readonly files: readonly SourceFile[];
  readonly yaml: readonly YamlStream[];
  readonly k8s: K8sModel;
}

export function buildProjectModel(files: readonly SourceFile[], yaml: readonly YamlStream[], settings: ResolvedSettings): ProjectModel {
  return {
    files,
    yaml,
    k8s: buildK8sModel(yaml, { globalFsPrefixes: settings.spin.globalFsPrefixes }),
  };
}
