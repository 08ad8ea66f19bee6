import type { FindingCounts, LintWorkspaceResult, StatusParams } from '@pipelint/language-server';

export type ClientState = 'starting' | 'running' | 'stopped';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The status bar text for the client's state and the server's last status report. Each state looks different:
 * off (pipelint.enable is false), clean, warnings only, errors (the error icon), configuration error. The count
 * is what the Problems panel lists: the open files until Lint Workspace has run, the whole workspace after it.
 * Hints are dots under the code and not in Problems, so they are named in the tooltip only.
 */
export function statusText(state: ClientState, status: StatusParams | undefined): { text: string; tooltip: string } {
  if (state === 'starting') return { text: '$(sync~spin) pipelint', tooltip: 'pipelint: starting the language server' };
  if (state === 'stopped') return { text: '$(circle-slash) pipelint', tooltip: 'pipelint: the language server is not running' };
  if (status?.state === 'configError') return { text: '$(error) pipelint config', tooltip: `pipelint: configuration error: ${status.detail ?? ''}` };
  if (status?.state === 'disabled') return { text: '$(circle-slash) pipelint off', tooltip: 'pipelint: off for the open files (setting pipelint.enable)' };
  const open: FindingCounts = { findings: status?.openFindings ?? 0, errors: status?.openErrors ?? 0, hints: status?.openHints ?? 0 };
  const counts = status?.workspace ?? open;
  const scope = status?.workspace ? 'the workspace' : 'open files';
  const inOpen = status?.workspace ? ` (${open.findings} in open files)` : '';
  const hints = counts.hints > 0 ? `; ${plural(counts.hints, 'hint')} shown as dots` : '';
  const count = counts.findings;
  const errors = Math.min(counts.errors, count);
  if (count === 0) return { text: '$(check) pipelint', tooltip: `pipelint: no problems in ${scope}${hints}` };
  if (errors === 0) return { text: `$(warning) pipelint ${count}`, tooltip: `pipelint: ${plural(count, 'problem')} in ${scope}${inOpen}${hints}` };
  const others = count - errors;
  const text = others === 0 ? `$(error) pipelint ${errors}` : `$(error) pipelint ${errors} $(warning) ${others}`;
  return { text, tooltip: `pipelint: ${plural(count, 'problem')} in ${scope}${inOpen}, ${plural(errors, 'error')}${hints}` };
}

/** The message after Lint Workspace: every lintable file, open ones included, and what was left out. */
export function lintWorkspaceSummary(result: LintWorkspaceResult): string {
  const skipped = result.skipped > 0 ? ` (${plural(result.skipped, 'file')} skipped: ignored, off, too large or unreadable)` : '';
  return `pipelint: ${plural(result.findings, 'finding')} in ${result.filesWithFindings} of ${plural(result.filesLinted, 'file')} linted${skipped}.`;
}
