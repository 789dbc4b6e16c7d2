import { defineRule, reportingOnce } from "../../src/engine/rule.js";
import { fileLabel } from "../../src/engine/source.js";
import { objectRef, type Container } from "../../src/model/k8s.js";
import type { NetworkModel } from "../../src/model/network.js";
import { servedCode } from "../../src/model/served-code.js";

const RCE = "the Werkzeug debugger lets any visitor who reaches it execute code on the server (remote code execution)";

export default defineRule({
  meta: {
    id: "app/debug-server",
    title: "Flask's development server and its debugger do not serve the app",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports a container, compose service or image whose command serves the app with Flask's development server: `flask run` (with or without `--debug`), or `python app.py` (also `python -m app`) whose module reaches `app.run(...)`; it points at what turns the interactive debugger on when something does (`--debug`, `FLASK_DEBUG=1` in the environment, `app.run(debug=True)`). It also reports `app.run(debug=True)` on the import path of a module that gunicorn, uvicorn or uWSGI imports, or in the factory the server calls after the import (`module = app:create_app()`). `FLASK_DEBUG=1` counts where Flask's own server runs; under gunicorn or uWSGI it only sets `app.debug`, without the interactive debugger, and is not reported. The message says when an Ingress routes to the container.",
      why: "The Werkzeug debugger executes Python sent from the browser by whoever reaches the port, so a debugger behind a Spin Ingress is remote code execution on a public host; Flask's own documentation says the development server is not for production. Spin's ingress controller (nginx) forwards any visitor's request to the pod's port (SPIN.md, Ingress and services; RULES.md § 7).",
      fix: "Serve the app with gunicorn (`gunicorn --bind 0.0.0.0:8080 'app:create_app()'`) or uWSGI, remove `--debug`/`FLASK_DEBUG`, and keep `app.run(debug=True)` under `if __name__ == \"__main__\":` for local use only.",
      sources: ["RULES.md § 7 (Other Python servers)", "SPIN.md § Ingress and services (the ingress controller speaks HTTP to the backend)"],
      related: ["gunicorn/app-not-found", "k8s/port-chain"],
    },
    messages: {
      debugger: "{{how}}: Flask's development server runs with the debugger on ({{by}}); {{rce}}{{exposure}}",
      devServer: "{{how}}: Flask's development server serves the app, and it is not for production{{exposure}}",
      importRun: "app.run(debug=True) runs when {{server}} imports {{module}}: it starts Flask's development server with the debugger on, and {{rce}}",
      factoryRun: "app.run(debug=True) runs when {{server}} calls {{name}}() to get the app: it starts Flask's development server with the debugger on, and {{rce}}",
    },
    hints: {
      debugger: "serve the app with gunicorn or uWSGI and turn the debugger off",
      devServer: "serve the app with gunicorn (gunicorn --bind 0.0.0.0:8080 module:app) or uWSGI",
      importRun: "keep app.run(...) under if __name__ == \"__main__\": and let the server import the app",
      factoryRun: "let {{name}}() return the app without running it, and keep app.run(...) under if __name__ == \"__main__\":",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.servers.apps) {
      const { devServer } = app;
      if (!devServer) continue;
      const container = app.runner.container;
      const common = { ...(container ? { object: objectRef(container.workload.object, container) } : {}) };
      const exposure = container ? ingressExposure(model.network, container) : "";
      if (devServer.debugger) {
        once.report({ messageId: "debugger", at: devServer.debugger.at, data: { how: devServer.how, by: devServer.debugger.by, rce: RCE, exposure }, ...common, related: [{ at: devServer.at, message: "the development server starts here" }] });
      } else {
        once.report({ messageId: "devServer", at: devServer.at, data: { how: devServer.how, exposure }, ...common });
      }
    }
    for (const { code, server, object } of servedCode(model)) {
      for (const { module } of code.imported) {
        for (const call of module.runCalls) {
          if (call.kind !== "run" || call.underMainGuard || call.debug !== true) continue;
          once.report({ messageId: "importRun", at: call.site, data: { server, module: fileLabel(module.file), rce: RCE }, object });
        }
      }
      for (const call of code.factoryRunCalls) {
        if (call.kind === "run" && call.debug === true) once.report({ messageId: "factoryRun", at: call.site, data: { server, name: call.calledAs, rce: RCE }, object });
      }
    }
    once.flush();
  },
});

/** "; Ingress "web" routes web.ns.production.svc.spin.nersc.org to it, so anyone on the internet can" — or nothing. */
function ingressExposure(network: NetworkModel, container: Container): string {
  for (const ingress of network.ingresses) {
    for (const backend of ingress.backends) {
      // A backend naming a port its Service lacks routes nowhere (k8s/ingress-backend reports it).
      if (!backend.service?.workloads.includes(container.workload) || (backend.port && !backend.servicePort)) continue;
      const host = ingress.hosts[0]?.value;
      return `; Ingress "${ingress.object.name}" routes ${host ? `https://${host}` : "outside traffic"} to this container, so anyone on the internet can reach it`;
    }
  }
  return "";
}
