import type { Formatter } from './types.js';

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Loads only the chosen formatter: SARIF needs every rule's metadata, the others do not. */
export function loadFormatter(name: FormatName): Formatter {
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (name) {
    case 'stylish':
      return (require('./stylish.js') as typeof import('./stylish.js')).formatStylish;
    case 'json':
      return (require('./json.js') as typeof import('./json.js')).formatJson;
    case 'sarif':
      return (require('./sarif.js') as typeof import('./sarif.js')).formatSarif;
    case 'github':
      return (require('./github.js') as typeof import('./github.js')).formatGithub;
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}
