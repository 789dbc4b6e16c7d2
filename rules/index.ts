// The rule registry: one module per rule, listed here once. Everything else (the `rules`
// command, explain pages, docs, SARIF rules[], the config schema's rule list) is generated from it.
import type { Rule } from "../src/engine/types.js";
import k8sSchema from "./k8s/schema.js";
import k8sSecretInEnv from "./k8s/secret-in-env.js";
import k8sSecurityContextPlacement from "./k8s/security-context-placement.js";
import nwLintUnreadableFile from "./nw-lint/unreadable-file.js";
import nwLintUnusedSuppression from "./nw-lint/unused-suppression.js";
import spinCapabilitiesAddForbidden from "./spin/capabilities-add-forbidden.js";
import spinCapabilitiesDropAll from "./spin/capabilities-drop-all.js";
import spinFsGroup from "./spin/fs-group.js";
import spinImageRegistry from "./spin/image-registry.js";
import spinImageTag from "./spin/image-tag.js";
import spinPrivileged from "./spin/privileged.js";
import spinRunAsUser from "./spin/run-as-user.js";
import spinUserInCommand from "./spin/user-in-command.js";
import yamlSyntax from "./yaml/syntax.js";

export const allRules: readonly Rule[] = ([
  k8sSchema,
  k8sSecretInEnv,
  k8sSecurityContextPlacement,
  nwLintUnreadableFile,
  nwLintUnusedSuppression,
  spinCapabilitiesAddForbidden,
  spinCapabilitiesDropAll,
  spinFsGroup,
  spinImageRegistry,
  spinImageTag,
  spinPrivileged,
  spinRunAsUser,
  spinUserInCommand,
  yamlSyntax,
] as Rule[]).sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
