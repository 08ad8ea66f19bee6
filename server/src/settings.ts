import {
  AUTO_DIALECT,
  DEFAULT_EDITOR_SETTINGS,
  DIALECTS,
  docsBaseUrlProblem,
  EDITOR_SETTING_RANGES,
  isKnownRule,
  SEVERITY_SETTINGS,
  type Dialect,
  type ResolvedConfig,
  type SeveritySetting,
} from '@pipelint/engine';
import type { PipelintSettings } from './protocol.js';

const SEVERITIES: readonly string[] = SEVERITY_SETTINGS;
const { debounceMs, maxFileSizeKb } = EDITOR_SETTING_RANGES;

export interface NormalizedSettings {
  settings: PipelintSettings;
  /** Values that were ignored, as sentences for the output channel. */
  problems: string[];
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function numberIn(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Reads the `pipelint` settings section as a client sends it; anything malformed falls back to the default. */
export function normalizeSettings(raw: unknown): NormalizedSettings {
  const input = record(raw) ?? {};
  const problems: string[] = [];
  const rules: Record<string, string> = {};
  for (const [id, severity] of Object.entries(record(input.rules) ?? {})) {
    if (!isKnownRule(id)) problems.push(`pipelint.rules: '${id}' is not a pipelint rule; ignored.`);
    else if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) problems.push(`pipelint.rules.${id}: expected one of ${SEVERITIES.join(', ')}; ignored.`);
    else rules[id] = severity;
  }
  const dialect = typeof input.dialect === 'string' && (input.dialect === AUTO_DIALECT || (DIALECTS as readonly string[]).includes(input.dialect)) ? input.dialect : DEFAULT_EDITOR_SETTINGS.dialect;
  if (input.dialect !== undefined && dialect !== input.dialect) problems.push(`pipelint.dialect: '${String(input.dialect)}' is not a known dialect; using the config file's.`);
  let docsBaseUrl = typeof input.docsBaseUrl === 'string' ? input.docsBaseUrl.trim().replace(/\/+$/, '') : DEFAULT_EDITOR_SETTINGS.docsBaseUrl;
  const urlProblem = docsBaseUrl === '' ? null : docsBaseUrlProblem(docsBaseUrl);
  if (urlProblem !== null) {
    problems.push(`pipelint.docsBaseUrl: ${urlProblem}; ignored.`);
    docsBaseUrl = DEFAULT_EDITOR_SETTINGS.docsBaseUrl;
  }
  return {
    settings: {
      enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_EDITOR_SETTINGS.enable,
      rules,
      dialect,
      assumeInTransaction: input.assumeInTransaction === true,
      debounceMs: numberIn(input.debounceMs, DEFAULT_EDITOR_SETTINGS.debounceMs, debounceMs.minimum, debounceMs.maximum),
      maxFileSizeKb: numberIn(input.maxFileSizeKb, DEFAULT_EDITOR_SETTINGS.maxFileSizeKb, maxFileSizeKb.minimum, maxFileSizeKb.maximum),
      docsBaseUrl,
    },
    problems,
  };
}

/** Editor settings are personal overrides: they win over pipelint.config.json, which CI also reads. */
export function applySettings(config: ResolvedConfig, settings: PipelintSettings): ResolvedConfig {
  const rules = { ...config.rules };
  for (const [id, severity] of Object.entries(settings.rules)) {
    rules[id] = { severity: severity as SeveritySetting, options: config.rules[id]?.options ?? {} };
  }
  return {
    ...config,
    rules,
    dialect: settings.dialect === AUTO_DIALECT ? config.dialect : (settings.dialect as Dialect),
    assumeInTransaction: config.assumeInTransaction || settings.assumeInTransaction,
    docsBaseUrl: settings.docsBaseUrl !== '' ? settings.docsBaseUrl : (config.docsBaseUrl ?? null),
  };
}
