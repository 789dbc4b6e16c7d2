// The rule registry: one module per rule, listed here once. Everything else (the `rules`
// command, explain pages, docs, SARIF rules[], the config schema's rule list) is generated from it.
import type { Rule } from "../src/engine/types.js";
import appArgvMismatch from "./app/argv-mismatch.js";
import appDebugServer from "./app/debug-server.js";
import appImportFails from "./app/import-fails.js";
import gunicornAppNotFound from "./gunicorn/app-not-found.js";
import k8sDuplicateObject from "./k8s/duplicate-object.js";
import k8sExportResidue from "./k8s/export-residue.js";
import k8sIngressBackend from "./k8s/ingress-backend.js";
import k8sPlaceholder from "./k8s/placeholder.js";
import k8sPortChain from "./k8s/port-chain.js";
import k8sSchema from "./k8s/schema.js";
import k8sSecretCommitted from "./k8s/secret-committed.js";
import k8sSecretEncoding from "./k8s/secret-encoding.js";
import k8sSecretInEnv from "./k8s/secret-in-env.js";
import k8sSecurityContextPlacement from "./k8s/security-context-placement.js";
import k8sServiceSelector from "./k8s/service-selector.js";
import k8sVolumeMountMissing from "./k8s/volume-mount-missing.js";
import nwLintUnreadableFile from "./nw-lint/unreadable-file.js";
import nwLintUnusedSuppression from "./nw-lint/unused-suppression.js";
import pythonSyntax from "./python/syntax.js";
import spinCapabilitiesAddForbidden from "./spin/capabilities-add-forbidden.js";
import spinCapabilitiesDropAll from "./spin/capabilities-drop-all.js";
import spinFsGroup from "./spin/fs-group.js";
import spinGlobalMountWritable from "./spin/global-mount-writable.js";
import spinHostpath from "./spin/hostpath.js";
import spinImageRegistry from "./spin/image-registry.js";
import spinImageTag from "./spin/image-tag.js";
import spinIngressHost from "./spin/ingress-host.js";
import spinPrivilegedPort from "./spin/privileged-port.js";
import spinPrivileged from "./spin/privileged.js";
import spinRunAsUser from "./spin/run-as-user.js";
import spinSecretMode from "./spin/secret-mode.js";
import spinStaticReadOnly from "./spin/static-read-only.js";
import spinUidAnnotation from "./spin/uid-annotation.js";
import spinUserInCommand from "./spin/user-in-command.js";
import uwsgiCallableIgnored from "./uwsgi/callable-ignored.js";
import uwsgiCallableNotFound from "./uwsgi/callable-not-found.js";
import uwsgiDieOnTerm from "./uwsgi/die-on-term.js";
import uwsgiDuplicateOption from "./uwsgi/duplicate-option.js";
import uwsgiIniSyntax from "./uwsgi/ini-syntax.js";
import uwsgiInlineComment from "./uwsgi/inline-comment.js";
import uwsgiMagicVariable from "./uwsgi/magic-variable.js";
import uwsgiModuleNotFound from "./uwsgi/module-not-found.js";
import uwsgiNeedApp from "./uwsgi/need-app.js";
import uwsgiNoApp from "./uwsgi/no-app.js";
import uwsgiProtocolMismatch from "./uwsgi/protocol-mismatch.js";
import uwsgiQuotedValue from "./uwsgi/quoted-value.js";
import uwsgiUidGidOption from "./uwsgi/uid-gid-option.js";
import uwsgiUnknownOption from "./uwsgi/unknown-option.js";
import yamlSyntax from "./yaml/syntax.js";

export const allRules: readonly Rule[] = ([
  appArgvMismatch,
  appDebugServer,
  appImportFails,
  gunicornAppNotFound,
  k8sDuplicateObject,
  k8sExportResidue,
  k8sIngressBackend,
  k8sPlaceholder,
  k8sPortChain,
  k8sSchema,
  k8sSecretCommitted,
  k8sSecretEncoding,
  k8sSecretInEnv,
  k8sSecurityContextPlacement,
  k8sServiceSelector,
  k8sVolumeMountMissing,
  nwLintUnreadableFile,
  nwLintUnusedSuppression,
  pythonSyntax,
  spinCapabilitiesAddForbidden,
  spinCapabilitiesDropAll,
  spinFsGroup,
  spinGlobalMountWritable,
  spinHostpath,
  spinImageRegistry,
  spinImageTag,
  spinIngressHost,
  spinPrivilegedPort,
  spinPrivileged,
  spinRunAsUser,
  spinSecretMode,
  spinStaticReadOnly,
  spinUidAnnotation,
  spinUserInCommand,
  uwsgiCallableIgnored,
  uwsgiCallableNotFound,
  uwsgiDieOnTerm,
  uwsgiDuplicateOption,
  uwsgiIniSyntax,
  uwsgiInlineComment,
  uwsgiMagicVariable,
  uwsgiModuleNotFound,
  uwsgiNeedApp,
  uwsgiNoApp,
  uwsgiProtocolMismatch,
  uwsgiQuotedValue,
  uwsgiUidGidOption,
  uwsgiUnknownOption,
  yamlSyntax,
] as Rule[]).sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
