import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Severity } from '../core/types.js';
import type { AnyRuleModule } from './create-rule.js';
import { tsRules } from './rules/index.js';

type EslintSeverity = 'error' | 'warn';

interface PipelintPlugin {
  meta: { name: string; version: string };
  rules: Record<string, AnyRuleModule>;
  configs: { recommended: TSESLint.FlatConfig.Config };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require('../../../package.json') as { version: string };

/** ESLint has two severities: pipelint's `info` and `hint` become warnings there. */
function eslintSeverity(severity: Severity): EslintSeverity {
  return severity === 'error' ? 'error' : 'warn';
}

const rules: Record<string, AnyRuleModule> = Object.fromEntries(tsRules.map((r) => [r.meta.id, r.module]));

const plugin: PipelintPlugin = {
  meta: { name: 'pipelint', version: manifest.version },
  rules,
  configs: { recommended: {} },
};

plugin.configs.recommended = {
  name: 'pipelint/recommended',
  // Self-contained: TypeScript files parse without the user configuring typescript-eslint first.
  files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
  languageOptions: { parser: tsParser as TSESLint.FlatConfig.Parser },
  plugins: { pipelint: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(tsRules.map((r) => [`pipelint/${r.meta.id}`, eslintSeverity(r.meta.defaultSeverity)])),
};

export = plugin;
