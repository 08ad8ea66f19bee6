/**
 * What the client does with the `command:` links the server writes (core/docs-url.ts): which commands Markdown
 * and the lesson view may run, and how a command reads the page id from its link's argument. No `vscode` import,
 * so tests run it directly.
 */
import { DOC_LINK_COMMANDS, type ShowLessonArgs, type ShowRuleDocsArgs } from '@pipelint/language-server';

/** Passed as `enabledCommands` to hovers and `enableCommandUris` to the lesson view: these and nothing else. */
export const TRUSTED_COMMANDS: readonly string[] = DOC_LINK_COMMANDS;

function idArg(arg: unknown, key: 'lessonId' | 'ruleId'): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as Record<string, unknown>)[key] === 'string') return (arg as Record<string, string>)[key];
  return undefined;
}

/** The lesson id of a `pipelint.showLesson` call: `{ lessonId }` from a link, a bare id from a caller. */
export function lessonArg(arg: unknown): string | undefined {
  return idArg(arg as ShowLessonArgs | string, 'lessonId');
}

/** The rule id of a `pipelint.showRuleDocs` call. */
export function ruleArg(arg: unknown): string | undefined {
  return idArg(arg as ShowRuleDocsArgs | string, 'ruleId');
}

/**
 * The command and arguments VS Code runs for a `command:` link: `command:<id>?<encoded JSON array>`, or null
 * when the link is not one of ours.
 */
export function parseCommandLink(href: string): { command: string; args: unknown[] } | null {
  const match = /^command:([\w.]+)(?:\?(.*))?$/.exec(href);
  if (!match || !TRUSTED_COMMANDS.includes(match[1])) return null;
  const args: unknown = match[2] === undefined ? [] : JSON.parse(decodeURIComponent(match[2]));
  return { command: match[1], args: Array.isArray(args) ? args : [args] };
}
