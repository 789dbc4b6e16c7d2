import { suggestion } from "../../src/engine/suggest.js";
import { either } from "../../src/engine/text.js";
import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { objectRef } from "../../src/model/k8s.js";
import type { Ingress } from "../../src/model/network.js";

const SPIN_DOMAIN = "svc.spin.nersc.org";
const RANCHER1_DOMAIN = "spin.nersc.gov";
/** What precedes either domain: `<name>.<namespace>.<cluster>` when the host is right. */
const DOMAIN_SUFFIX = /\.?(?:svc\.)?spin\.nersc\.(?:org|gov)$/;

export default defineRule({
  meta: {
    id: "spin/ingress-host",
    title: "Spin ingress hosts are `<ingress>.<namespace>.<cluster>.svc.spin.nersc.org`",
    severity: "error",
    docs: {
      what: "Checks every Ingress host in Spin's domain: a host ending in `svc.spin.nersc.org` must be `<ingress name>.<namespace>.<cluster>.svc.spin.nersc.org` with a cluster of `spin.clusters`; a host ending in `spin.nersc.gov` (Rancher 1) is reported too. Other hosts (custom domains) are left alone.",
      why: "Spin names an Ingress `[name].[namespace].[cluster].svc.spin.nersc.org`, e.g. `app.nightwatchtest.development.svc.spin.nersc.org`, and every real Spin host follows it; `spin.nersc.gov` is the retired Rancher 1 domain (SPIN.md, Ingress and services: slides, REAL; Images: NERSC).",
      fix: "Use the host in the hint: the Ingress's own name and namespace and the cluster it runs on. Custom domains go in an extra rule with their own TLS secret.",
      sources: ["SPIN.md § Ingress and services (Rancher 2 slides, REAL corpus)"],
      related: ["k8s/ingress-backend"],
      settings: ["spin.clusters"],
    },
    messages: {
      template: "host \"{{host}}\" does not follow <ingress>.<namespace>.<cluster>.svc.spin.nersc.org: {{problem}}",
      rancher1: "host \"{{host}}\" is in the Rancher 1 domain spin.nersc.gov",
    },
    hints: {
      template: "use {{suggestion}}",
      rancher1: "use {{suggestion}}",
    },
  },
  check(model, context) {
    const clusters = context.settings.spin.clusters;
    for (const ingress of model.network.ingresses) {
      const ruleHosts = new Set(ingress.hosts.map((host) => host.value));
      for (const host of [...ingress.hosts, ...ingress.tlsHosts.filter((tls) => !ruleHosts.has(tls.value))]) {
        const name = host.value.toLowerCase();
        const rancher1 = name.endsWith(RANCHER1_DOMAIN);
        if (!rancher1 && !name.endsWith(SPIN_DOMAIN)) continue;
        const labels = name.replace(DOMAIN_SUFFIX, "").split(".");
        const problem = rancher1 ? undefined : templateProblem(labels, ingress, clusters);
        if (!rancher1 && !problem) continue;
        context.report({
          messageId: rancher1 ? "rancher1" : "template",
          data: { host: host.value, problem: problem ?? "", suggestion: suggestedHost(labels, ingress, clusters) },
          at: rangeSite(ingress.object.file, nodeRange(host.node)),
          // SPIN.md does not say Spin refuses such an Ingress; it applies, and the name does not reach the app.
          effect: "misbehaves",
          object: objectRef(ingress.object),
        });
      }
    }
  },
});

function templateProblem([name, namespace, cluster, ...extra]: readonly string[], ingress: Ingress, clusters: readonly string[]): string | undefined {
  if (cluster === undefined || extra.length > 0) return "it needs exactly three labels before svc.spin.nersc.org";
  if (name !== ingress.object.name) return `the first label must be the Ingress name "${ingress.object.name}"`;
  if (ingress.object.namespace !== undefined && namespace !== ingress.object.namespace) return `the second label must be the namespace "${ingress.object.namespace}"`;
  if (!clusters.includes(cluster)) return `the cluster "${cluster}" is not one of ${clusters.join(", ")}`;
  return undefined;
}

/**
 * The host the template gives: with the cluster label as written when it is one, a cluster it
 * shortens or misspells, or else each cluster (a label such as `staging` is no slip to correct, but a choice
 * to make, or a cluster to add to the config's spin.clusters).
 */
function suggestedHost(labels: readonly string[], ingress: Ingress, clusters: readonly string[]): string {
  const host = (cluster: string) => `${ingress.object.name}.${ingress.object.namespace ?? labels[1] ?? ingress.namespace}.${cluster}.svc.spin.nersc.org`;
  const written = labels[2];
  if (written === undefined || clusters.includes(written)) return host(written ?? clusters[0] ?? "<cluster>");
  // `prod` and `dev` are short for a cluster; `prodution` misspells one.
  const meant = clusters.find((cluster) => written.length >= 3 && cluster.startsWith(written)) ?? suggestion(written, clusters);
  if (meant || clusters.length <= 1) return host(meant ?? clusters[0] ?? "<cluster>");
  return `${either(clusters.map(host))}, or list ${written} in spin.clusters in the config`;
}
