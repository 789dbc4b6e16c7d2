// Every app module a server imports — uWSGI's entries and gunicorn's or uvicorn's app — with the
// server that imports it and the workload it runs in: what python/syntax, app/import-fails and
// app/debug-server look through, whichever server loads the code.
import type { ObjectRef } from "../engine/types.js";
import { importUnknown } from "../languages/python/module.js";
import { objectRef } from "./k8s.js";
import type { ProjectModel } from "./project.js";
import type { ServerApp } from "./python-servers.js";
import type { AppEntry, UwsgiApp } from "./uwsgi-apps.js";
import type { AppCode } from "./uwsgi-code.js";
import { appObject } from "./uwsgi-effects.js";

export interface ServedCode {
  readonly code: AppCode;
  /** As messages name it: `uWSGI`, `gunicorn`, `uvicorn`. */
  readonly server: string;
  readonly object: ObjectRef | undefined;
  /** Where it comes from: a uWSGI app entry, or a gunicorn/uvicorn app. */
  readonly source: { readonly uwsgi: UwsgiApp; readonly entry: AppEntry } | { readonly server: ServerApp };
}

export function servedCode(model: ProjectModel): ServedCode[] {
  const found: ServedCode[] = [];
  for (const app of model.uwsgi.apps) {
    for (const entry of app.entries) {
      if (entry.code) found.push({ code: entry.code, server: "uWSGI", object: appObject(app), source: { uwsgi: app, entry } });
    }
  }
  for (const app of model.servers.apps) {
    const container = app.runner.container;
    if (app.code) found.push({ code: app.code, server: app.server, object: container && objectRef(container.workload.object, container), source: { server: app } });
  }
  return found;
}

/** Whether importing the code fails on a syntax error (then only python/syntax reports it), or may, a module not read whole (importUnknown). */
export function codeFailsToCompile(code: AppCode): boolean {
  return code.imported.some(({ module }) => importUnknown(module));
}
