import type { SourceFile } from "../engine/types.js";
import type { YamlStream } from "../languages/k8s/parse.js";
import { buildK8sModel, type K8sModel } from "./k8s.js";
import { buildNetworkModel, type NetworkModel } from "./network.js";
import { buildStorageModel, type StorageModel } from "./storage.js";
import type { ResolvedSettings } from "../engine/config.js";

/** Everything the rules see: the parsed files and the cross-file model built from them. */
export interface ProjectModel {
  readonly files: readonly SourceFile[];
  readonly yaml: readonly YamlStream[];
  readonly k8s: K8sModel;
  /** Listeners, Services, Ingresses and how they link. */
  readonly network: NetworkModel;
  /** Volume mounts and the writable targets on each. */
  readonly storage: StorageModel;
}

export function buildProjectModel(files: readonly SourceFile[], yaml: readonly YamlStream[], settings: ResolvedSettings): ProjectModel {
  const k8s = buildK8sModel(yaml, { globalFsPrefixes: settings.spin.globalFsPrefixes });
  return {
    files,
    yaml,
    k8s,
    network: buildNetworkModel(k8s),
    storage: buildStorageModel(k8s, settings.writablePaths),
  };
}
