import { reportingOnce, defineRule, strongerEffect } from "../../src/engine/rule.js";
import type { Effect, RelatedSite, Site, SourceFile } from "../../src/engine/types.js";
import { headerMistake } from "../../src/languages/uwsgi/ini.js";
import { configLoad, configPath, valueBlemishes } from "../../src/languages/uwsgi/values.js";
import { shownPath, spellOption, type ConfigOption, type LostOption, type UnreadConfig, type UwsgiApp } from "../../src/model/uwsgi-apps.js";
import { appObject, lossEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/ini-syntax",
    title: "uWSGI reads the ini as written: an exact [uwsgi] section, key = value lines",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports ini lines uWSGI does not read as meant: a section header that is not exactly `[uwsgi]` (another case, inner spaces, a comment after `]`, no `]`, a UTF-8 byte-order mark before it); a file without the section; options before the first section; `key: value` lines; a merge conflict left in the file (`<<<<<<< HEAD`, once per conflict); an `ini =` (`include =`, `inherit =`, `--ini`, `--include` or `--inherit`) file that does not exist, or that the build's `.dockerignore` keeps out of the image (the message names the pattern and its line); an `ini` of a YAML, JSON or XML file (`ini = base.yaml`), which `ini` reads as an ini and finds no `[uwsgi]` section in; an `include` or `inherit` of a name uWSGI loads no config from (one not ending in `.ini`, `.yaml`, `.yml`, `.json`, `.js` or `.xml`, such as `base.conf`, or with a `:section` suffix, which only `ini` reads); and a config that includes itself, directly or through the configs it includes. An ini holding `{{ … }}` or `{% … %}` outside comments (a Jinja or `django-admin startproject --template` skeleton) is a template, whose lines are what its renderer makes of them: it is skipped like a YAML template, and not read either where another config includes it (its options unknown, like those of a config on a volume).",
      why: "uWSGI reads only the options of the exact section asked for (`[uwsgi]`), takes everything between `[` and the last character of a header as its name, and reads a line without `=` as a bare option named by the whole line. The options of a misspelled section, or before any section, are ignored without a word, so the app is never named: `*** no app loaded. GAME OVER ***` (SPIN.md, Loading the app: only `[uwsgi]` is read; docs/uwsgi-behaviour.md § 8, fixtures `section-uppercase`, `section-inner-spaces`, `section-trailing-comment`, `bom-before-section`, `keys-before-section`, `colon-separator`).",
      fix: "Write the header as `[uwsgi]` on its own line (a comment goes on the next line), put every option under it, and write options as `key = value`. Load an ini named otherwise than `*.ini`, or a section of one, with `ini` (`ini = base.ini:prod`), which reads any name; a YAML, JSON or XML config with `yaml`, `json`, `xml` or `include`. Write a config's file name itself: uWSGI expands no `$(VAR)` or `%(name)` in it.",
      sources: ["SPIN.md § Loading the app (uWSGI ini)", "docs/uwsgi-behaviour.md § 8 (section headers)"],
      related: ["uwsgi/no-app", "uwsgi/magic-variable"],
    },
    messages: {
      header: "{{header}} is not the [{{section}}] section uWSGI reads: {{why}}; uWSGI ignores the options under it",
      noSection: "{{file}} has no [{{section}}] section: uWSGI reads none of its options",
      emptySection: "the [{{section}}] section of {{file}} is empty: uWSGI finds no option in it (`Can't find section \"{{section}}\"`)",
      beforeSection: "{{line}} comes before the first section header: uWSGI ignores it",
      colon: "{{line}} is not `key = value`: uWSGI reads one option named \"{{line}}\" and ignores it",
      conflict: "{{line}} starts a merge conflict left in the file: uWSGI reads both sides, and each marker line as an option",
      include: "uWSGI cannot read the config {{path}} ({{containerPath}} does not exist) and exits (`realpath() of {{path}} failed`)",
      includeExcluded: "uWSGI cannot read the config {{path}}: {{dockerignore}} keeps it out of the image (line {{line}}: {{pattern}}), so {{containerPath}} does not exist and uWSGI exits (`realpath() of {{path}} failed`)",
      readAsIni: "{{option}} reads {{path}} as an ini file and finds no [{{section}}] section in it (`*** WARNING: Can't find section \"{{section}}\" in INI configuration file {{path}} ***`): uWSGI applies none of its options",
      refused: "uWSGI loads no config from {{value}} and exits (`unable to load configuration from {{value}}`): {{option}} reads only a name that ends in .ini, .yaml, .yml, .json, .js or .xml{{section}}",
      includeLoop: "{{path}} includes itself, directly or through the configs it includes: uWSGI reads it again and again without end and never loads the app (an include loop ends in a crash)",
    },
    hints: {
      header: "{{fix}}",
      noSection: "{{fix}}",
      emptySection: "add the app's options (module, http-socket, need-app …) under [{{section}}]",
      beforeSection: "move it under the [uwsgi] header",
      colon: "write {{intended}} = {{value}}",
      conflict: "resolve the conflict: keep the lines meant and delete the markers",
      include: "{{where}}",
      includeExcluded: "add !{{excludedPath}} to {{dockerignore}} after line {{line}}, or remove that pattern",
      readAsIni: "load it with {{loader}}, which reads it as {{format}}",
      refused: "{{fix}}",
      includeLoop: "remove this line, or point it at the config meant",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      const report = (messageId: "header" | "noSection" | "emptySection" | "beforeSection" | "colon" | "conflict" | "include" | "includeExcluded" | "readAsIni" | "refused" | "includeLoop", data: Record<string, string>, at: Site, effect: Effect | undefined, related?: RelatedSite) =>
        once.report({ messageId, data, at, ...(effect ? { effect } : {}), object, ...(related ? { related: [related] } : {}) });
      for (const [index, { file, document, section, sectionFound }] of app.configs.entries()) {
        const lostIn = (start: number, end: number) => app.lost.filter((lost) => lost.why === "outside-section" && lost.at.file === file && lost.at.start > start && lost.at.start < end);
        const headers = document.lines.filter((line) => line.kind === "section" || headerMistake(document, line, section));
        const mistakes = headers.filter((line) => headerMistake(document, line, section));
        for (const header of mistakes) {
          const next = headers.find((line) => line.start > header.start)?.start ?? file.text.length;
          const why = headerMistake(document, header, section)!;
          const fix = header.start === 0 && file.hadBom ? "save the file as UTF-8 without a byte-order mark" : `write the header as [${section}] on a line of its own`;
          report("header", { header: file.text.slice(header.start, header.end), section, why, fix }, { file, start: header.start, end: header.end }, strongestLoss(app, lostIn(header.start, next)));
        }
        const firstHeader = headers[0]?.start ?? file.text.length;
        const before = lostIn(-1, firstHeader);
        const emptyHeader = sectionFound ? undefined : headers.find((line) => line.kind === "section" && line.section === section);
        if (emptyHeader) {
          // The [uwsgi] header is there, with nothing under it: what comes before it is lost on its own.
          const effect = index === 0 && app.entries.length === 0 ? "wont-start" : undefined;
          report("emptySection", { file: file.path, section }, { file, start: emptyHeader.start, end: emptyHeader.end }, effect);
        }
        if (!sectionFound && !emptyHeader && mistakes.length === 0) {
          const at = before[0]?.at ?? (headers[0] ? { file, start: headers[0].start, end: headers[0].end } : { file, start: 0, end: 0 });
          const effect = strongerEffect(strongestLoss(app, before), index === 0 && app.entries.length === 0 ? "wont-start" : undefined);
          // A section named after the file (`ini = base.ini:prod`) is asked for by that name: the file's own sections are the other way out.
          const named = section === "uwsgi" ? [] : headers.filter((line) => line.kind === "section").map((line) => `[${line.section}]`);
          const fix = LONE_CARRIAGE_RETURN.test(file.text)
            ? "save the file with \\n line endings: uWSGI splits lines only at \\n, so lines that end in a lone \\r are one line to it"
            : named.length > 0 ? `ask for a section the file has (${named.join(", ")}), or add [${section}] to it` : `put [${section}] on the first line`;
          report("noSection", { file: file.path, section, fix }, at, effect);
        } else {
          for (const lost of before) report("beforeSection", { line: lineText(lost) }, lost.at, lossEffect(app, lost.intended));
        }
      }
      for (const lost of app.lost.filter((candidate) => candidate.why === "colon")) {
        report("colon", { line: lineText(lost), intended: lost.intended, value: valueAfterColon(lineText(lost)) }, lost.at, lossEffect(app, lost.intended));
      }
      for (const lost of conflictStarts(app.lost)) report("conflict", { line: lineText(lost) }, lost.at, undefined);
      for (const unread of app.unreadConfigs.filter((config) => config.missing && !blemished(config.by))) {
        const data = { path: unread.path, containerPath: shownPath(app, unread.containerPath), where: unexpandedFix(unread.path) ?? "include paths are relative to the directory uWSGI starts in, not to the including file" };
        const by = unread.excluded;
        if (by) {
          const related = { at: by.at, message: `this pattern keeps ${by.path} out of the image` };
          report("includeExcluded", { ...data, dockerignore: by.at.file.path, line: String(by.line), pattern: by.pattern, excludedPath: by.path }, unread.by.at, "wont-start", related);
        } else report("include", data, unread.by.at, "wont-start");
      }
      for (const unread of app.unreadConfigs.filter((config) => config.readAsIni)) {
        report("readAsIni", readAsIniData(unread), unread.by.at, app.entries.length === 0 ? "wont-start" : undefined);
      }
      for (const { by } of app.unreadConfigs.filter((config) => config.refused && !refusedForBlemish(config.by))) report("refused", refusedData(by), by.at, "wont-start");
      for (const unread of app.unreadConfigs.filter((config) => config.loop)) report("includeLoop", { path: unread.path }, unread.by.at, "wont-start");
    }
    once.flush();
  },
});

const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/** `include = "base.ini"` is refused for its quotes (or a trailing comment), which uwsgi/quoted-value (uwsgi/inline-comment) reports. */
function refusedForBlemish(by: ConfigOption): boolean {
  return by.origin === "ini" && configLoad(by.key, cleanValue(by)) !== "refused";
}

/** `ini = "base.ini"` names no file for its quotes (or a trailing comment): uwsgi/quoted-value (uwsgi/inline-comment) reports that. */
function blemished(by: ConfigOption): boolean {
  return cleanValue(by) !== by.value;
}

function cleanValue(by: ConfigOption): string {
  return by.origin === "ini" ? valueBlemishes(by.key, by.value).clean : by.value;
}

/** What an `include` or `inherit` uWSGI refuses names, and how `ini`, which reads any name and a `:section`, loads it. */
function refusedData(by: ConfigOption): Record<string, string> {
  const option = by.origin === "command" ? `--${by.key}` : by.key;
  const { path, section } = configPath(cleanValue(by));
  const withIni = spellOption(by.origin, "ini", cleanValue(by));
  // `ini` reads its config in place; only `inherit` reads one after all the others.
  const inPlace = by.key === "inherit" ? ", which reads it in place rather than last" : "";
  return {
    value: by.value, option,
    section: section ? ` (a :section suffix only ini reads)` : "",
    fix: unexpandedFix(path) ?? (section ? `to read the [${section}] section of ${path}, write ${withIni}${inPlace}` : `rename ${path} to end in .ini, or write ${withIni}${inPlace}`),
  };
}

/** `ini = base.yaml`: what ini looked for, and the option that reads the file in its own format. */
function readAsIniData({ by, path }: UnreadConfig): Record<string, string> {
  const format = /\.ya?ml$/.test(path) ? "yaml" : /\.xml$/.test(path) ? "xml" : "json";
  return {
    option: by.origin === "command" ? `--${by.key}` : by.key, path,
    section: configPath(by.value).section || "uwsgi",
    loader: `${spellOption(by.origin, format, path)} (or ${spellOption(by.origin, "include", path)})`,
    format: format === "json" ? "JSON" : format.toUpperCase(),
  };
}

/** uWSGI takes the name of a config to load as written: `$(CONF)` or `%(dir)` stays in it, whichever option loads it. */
function unexpandedFix(path: string): string | undefined {
  const variable = /\$\([^)]*\)|%\([^)]*\)/.exec(path)?.[0];
  return variable && `write the config's file name itself in place of ${variable}: uWSGI does not expand ${variable} in the name of a config it loads`;
}

/** One diagnostic per conflict: its `<<<<<<<` line, or the first marker of one whose start is not in the file. */
function conflictStarts(lost: readonly LostOption[]): LostOption[] {
  const starts: LostOption[] = [];
  let open: SourceFile | undefined;
  for (const marker of lost.filter((candidate) => candidate.why === "conflict")) {
    const text = lineText(marker);
    if (text.startsWith("<") || open !== marker.at.file) starts.push(marker);
    open = text.startsWith(">") ? undefined : marker.at.file;
  }
  return starts;
}

/** `module: app:app` → `app:app`: what follows the first `:` (or the first blank), the value meant; `…` when nothing does. */
function valueAfterColon(line: string): string {
  return /^[^:\s]*[:\s]\s*(.*)$/.exec(line)?.[1]?.trim() || "…";
}

function lineText(lost: LostOption): string {
  return lost.at.file.text.slice(lost.at.start, lost.at.end);
}

function strongestLoss(app: UwsgiApp, lost: readonly LostOption[]): Effect | undefined {
  return lost.reduce<Effect | undefined>((effect, option) => strongerEffect(effect, lossEffect(app, option.intended)), undefined);
}
