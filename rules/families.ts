// What each rule family is for: the headings of docs/rules/README.md and the README's family
// table. A rule's family is the part of its id before the slash.
export const FAMILIES: Readonly<Record<string, string>> = {
  spin: "What Spin requires of a pod: capabilities, privilege, user and group ids (and the user Spin recorded), host paths, writable volumes, ingress hosts, images, secret file modes.",
  k8s: "Kubernetes mistakes the API server rejects or silently ignores: schema errors, misplaced security fields, broken links between Ingress, Service and pods, credentials and committed Secrets, duplicate objects, export residue, unfilled placeholders.",
  uwsgi: "The uWSGI ini as uWSGI really reads it (quotes, inline comments, `%` variables, unknown options) and whether it names an app that loads.",
  app: "The Python app as the server imports it: arguments parsed at import, imports that fail or never return, the development server.",
  python: "Python modules a server imports that do not parse.",
  gunicorn: "gunicorn and uvicorn commands whose app reference does not resolve.",
  yaml: "YAML that does not parse or repeats a key.",
  "nw-lint": "The linter itself: suppressions that silence nothing, files it cannot read.",
};

export function familyOf(ruleId: string): string {
  return ruleId.slice(0, ruleId.indexOf("/"));
}
