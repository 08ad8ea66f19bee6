import type { Dialect } from '../sql/model.js';
import type { SeveritySetting } from './types.js';

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

/** Configuration as the engine consumes it: already found, parsed, validated and merged. */
export interface ResolvedConfig {
  /** Only rules named here differ from their defaults. */
  rules: Record<string, RuleSetting>;
  dialect: Dialect;
  assumeInTransaction: boolean;
  ignore: string[];
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  dialect: 'ansi',
  assumeInTransaction: false,
  ignore: [],
};
