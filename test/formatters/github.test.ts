import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, format } from "../../src/formatters/github.js";
import { DEPLOYMENT, diagnosticAt, formatterContext, sourceFile } from "./report-builder.js";

const manifest = sourceFile("k8s/app.yaml", DEPLOYMENT);

describe("GitHub formatter", () => {
  it("prints one workflow command per diagnostic, by severity", () => {
    const diagnostics = [
      diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]"),
      diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest"),
      diagnosticAt(manifest, "uwsgi/need-app", "name: app", { message: "no need-app" }),
    ];
    expect(format({ diagnostics, files: [manifest] }, formatterContext())).toBe(
      [
        "::error file=k8s/app.yaml,line=13,col=15,endLine=13,endColumn=30,title=spin/capabilities-drop-all::spin/capabilities-drop-all at drop: [NET_RAW]",
        "::warning file=k8s/app.yaml,line=10,col=18,endLine=10,endColumn=58,title=k8s/image-tag::k8s/image-tag at registry.nersc.gov/nightwatch/app:latest",
        "::notice file=k8s/app.yaml,line=4,col=3,endLine=4,endColumn=12,title=uwsgi/need-app::no need-app",
        "",
      ].join("\n"),
    );
  });

  it("names files from the repository root, wherever nw-lint ran, and a file outside the repository by its absolute path", () => {
    const here = sourceFile("app.yaml", DEPLOYMENT);
    const outside = sourceFile("../../elsewhere/app.yaml", DEPLOYMENT);
    const diagnostics = [diagnosticAt(here, "spin/capabilities-drop-all", "drop: [NET_RAW]"), diagnosticAt(outside, "spin/capabilities-drop-all", "drop: [NET_RAW]")];
    const files = format({ diagnostics, files: [here, outside] }, { ...formatterContext(), cwd: "/repo/k8s" }).split("\n").filter(Boolean).map((line) => /file=([^,]*)/.exec(line)?.[1]);
    expect(files).toEqual(["k8s/app.yaml", "/elsewhere/app.yaml"]);
  });

  it("escapes the message as data and the properties as properties", () => {
    const file = sourceFile("k8s/a,b:c%.yaml", DEPLOYMENT);
    const diagnostic = diagnosticAt(file, "spin/capabilities-drop-all", "drop: [NET_RAW]", {
      message: 'port 80%: "a:b", c\r\nnext',
      hint: "add ALL",
    });
    expect(format({ diagnostics: [diagnostic], files: [file] }, formatterContext())).toBe(
      "::error file=k8s/a%2Cb%3Ac%25.yaml,line=13,col=15,endLine=13,endColumn=30,title=spin/capabilities-drop-all" +
        '::port 80%25: "a:b", c%0D%0Anext%0Aadd ALL\n',
    );
  });

  it("escapes exactly as @actions/core does", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext%3A a%2Cb");
    expect(escapeProperty("%3A")).toBe("%253A");
  });

  it("prints only errors under --quiet", () => {
    const diagnostics = [
      diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest"),
      diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]"),
    ];
    const lines = format({ diagnostics, files: [manifest] }, formatterContext({ quiet: true })).split("\n");
    expect(lines.map((line) => line.slice(0, line.indexOf(" ")))).toEqual(["::error", ""]);
  });

  it("leaves suppressed diagnostics out", () => {
    const suppressed = diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]", {
      suppressed: { kind: "comment" },
    });
    expect(format({ diagnostics: [suppressed], files: [manifest] }, formatterContext())).toBe("");
  });
});
