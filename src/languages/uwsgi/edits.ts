// Text edits on uWSGI ini files, for fixes. Whole lines come from the engine's line edits; these
// add what is ini-specific: a new option line written like the file's others, and an edit inside
// a value given by offsets into the value as uWSGI read it.
import { lineStartOf } from "../../engine/line-edits.js";
import type { Site, TextEdit } from "../../engine/types.js";
import type { IniDocument } from "./ini.js";

/** A value as written in the file, and as uWSGI read it. */
export interface WrittenValue {
  readonly at: Site;
  readonly raw: string;
}

/** Replaces [start, end) of a value; undefined when the file's text is not the value as read (magic variables expanded). */
export function valueEdit(value: WrittenValue, start: number, end: number, text: string): TextEdit | undefined {
  const { file, start: at, end: to } = value.at;
  if (file.text.slice(at, to) !== value.raw) return undefined;
  return { file, start: at + start, end: at + end, text };
}

/** `true` in place of the value an ini line turned a boolean option off with; undefined when the line is not as uWSGI read it. */
export function turnOnEdit(setting: WrittenValue): TextEdit | undefined {
  return valueEdit(setting, 0, setting.raw.length, "true");
}

/** `key = value` written as the document's first entry is: its indentation and the spaces around `=`. */
export function optionLine(document: IniDocument, key: string, value: string): string {
  const model = document.lines.find((line) => line.kind === "entry" && line.key && line.value && line.hasEquals);
  if (!model?.key || !model.value) return `${key} = ${value}`;
  const text = document.file.text;
  const indent = text.slice(lineStartOf(document.file, model.key.start), model.key.start);
  const equals = text.slice(model.key.end, model.value.start);
  return /^\s*=\s*$/.test(equals) && /^\s*$/.test(indent) ? `${indent}${key}${equals}${value}` : `${key} = ${value}`;
}
