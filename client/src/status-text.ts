import type { StatusParams } from '@pipelint/language-server';

export type ClientState = 'starting' | 'running' | 'stopped';

/** The status bar text for the client's state and the server's last status report. */
export function statusText(state: ClientState, status: StatusParams | undefined): { text: string; tooltip: string } {
  if (state === 'starting') return { text: '$(sync~spin) pipelint', tooltip: 'pipelint: starting the language server' };
  if (state === 'stopped') return { text: '$(circle-slash) pipelint', tooltip: 'pipelint: the language server is not running' };
  if (status?.state === 'configError') return { text: '$(error) pipelint', tooltip: `pipelint: configuration error: ${status.detail ?? ''}` };
  const count = status?.openFindings ?? 0;
  if (count === 0) return { text: '$(check) pipelint', tooltip: 'pipelint: no findings in open files' };
  return { text: `$(warning) pipelint ${count}`, tooltip: `pipelint: ${count} finding${count === 1 ? '' : 's'} in open files` };
}
