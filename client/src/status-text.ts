import type { StatusParams } from '@pipelint/language-server';

export type ClientState = 'starting' | 'running' | 'stopped';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The status bar text for the client's state and the server's last status report. Each state looks different:
 * off (pipelint.enable is false), clean, warnings only, errors (the error icon), configuration error.
 */
export function statusText(state: ClientState, status: StatusParams | undefined): { text: string; tooltip: string } {
  if (state === 'starting') return { text: '$(sync~spin) pipelint', tooltip: 'pipelint: starting the language server' };
  if (state === 'stopped') return { text: '$(circle-slash) pipelint', tooltip: 'pipelint: the language server is not running' };
  if (status?.state === 'configError') return { text: '$(error) pipelint config', tooltip: `pipelint: configuration error: ${status.detail ?? ''}` };
  if (status?.state === 'disabled') return { text: '$(circle-slash) pipelint off', tooltip: 'pipelint: off for the open files (setting pipelint.enable)' };
  const count = status?.openFindings ?? 0;
  const errors = Math.min(status?.openErrors ?? 0, count);
  if (count === 0) return { text: '$(check) pipelint', tooltip: 'pipelint: no findings in open files' };
  if (errors === 0) return { text: `$(warning) pipelint ${count}`, tooltip: `pipelint: ${plural(count, 'finding')} in open files` };
  const others = count - errors;
  const text = others === 0 ? `$(error) pipelint ${errors}` : `$(error) pipelint ${errors} $(warning) ${others}`;
  return { text, tooltip: `pipelint: ${plural(count, 'finding')} in open files, ${plural(errors, 'error')}` };
}
