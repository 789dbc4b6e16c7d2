// The config schema states each setting's default from DEFAULT_SETTINGS, so editors, the rule
// pages and the prose cannot disagree with what a run without the setting does.
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS } from "../src/engine/config.js";
import { configSchema, settingDescription } from "../src/engine/config-schema.js";

describe("the config schema", () => {
  it("gives every setting and every rule's severity its default", () => {
    const schema = configSchema(allRules.map((rule) => rule.meta)) as { properties: Record<string, { default?: unknown; properties?: Record<string, { default?: unknown }> }> };
    const { rules, spin, ...others } = schema.properties;
    expect(Object.fromEntries(Object.entries(others).map(([key, node]) => [key, node.default]))).toEqual({
      writablePaths: [], apps: [], ignore: [], maxFileSize: DEFAULT_SETTINGS.maxFileSize,
    });
    expect(spin!.properties).toMatchObject({ clusters: { default: ["development", "production"] }, globalFsPrefixes: { default: ["/global/"] } });
    expect(rules!.properties!["spin/image-tag"]!.default).toBe(allRules.find((rule) => rule.meta.id === "spin/image-tag")!.meta.severity);
  });

  it("says the default in a setting's description for the rule pages", () => {
    expect(settingDescription("spin.clusters")).toBe("Cluster labels allowed in ingress hosts. Default: `[development, production]`.");
    expect(settingDescription("maxFileSize")).toBe("Files larger than this many bytes are reported and skipped. Default: `10485760`.");
  });
});
