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
  /**
   * `overrides` of the configuration file, in file order; loadConfigForFile applies the ones that match a file
   * and returns a config without them, so the engine never sees this.
   */
  overrides?: readonly ConfigOverride[];
  /** Where a team hosts the rule and lesson pages (core/docs-url.ts); null or absent: links that work offline. */
  docsBaseUrl?: string | null;
}

/** One entry of `overrides`: settings for the files its globs match, relative to the configuration file's folder. */
export interface ConfigOverride {
  /** Globs; one starting with `!` excludes the files it matches from this entry. */
  files: string[];
  dialect?: Dialect;
  assumeInTransaction?: boolean;
  /** Merged over the file's `rules` per rule id. */
  rules?: Record<string, RuleSetting>;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  dialect: 'ansi',
  assumeInTransaction: false,
  ignore: [],
};
