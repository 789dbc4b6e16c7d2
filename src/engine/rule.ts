import type { Rule } from "./types.js";

/** Declares a rule; the generic ties each finding's `messageId` to the rule's own messages. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/** Fills `{{name}}` placeholders from a finding's data. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}
