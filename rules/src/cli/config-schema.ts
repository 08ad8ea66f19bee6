import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITY_SETTINGS } from '../core/config-load.js';
import { ruleDocsHint } from '../core/docs-url.js';
import { ENGINE_RULES } from '../core/engine-rules.js';
import type { OptionsSchema, RuleMeta } from '../core/types.js';
import { allRuleMetas } from '../registry.js';
import { DIALECTS } from '../sql/model.js';

/** pipelint.schema.json at the repository root; a test fails when the committed file differs from this. */
export const CONFIG_SCHEMA_PATH = path.join(__dirname, '..', '..', '..', 'pipelint.schema.json');

type Schema = Record<string, unknown>;

interface SchemaRule {
  id: string;
  description: string;
  options: OptionsSchema | null;
}

/** The JSON Schema (draft-07) of pipelint.config.json, with one entry per rule from the registry. */
export function buildConfigSchema(metas: readonly RuleMeta[] = allRuleMetas()): Schema {
  const rules: SchemaRule[] = [
    ...metas.map((meta) => ({ id: meta.id, description: ruleDescription(meta), options: meta.schema })),
    ...ENGINE_RULES.map((rule) => ({ id: rule.id, description: `${rule.description} Default: ${rule.defaultSeverity}.`, options: null })),
  ].sort((a, b) => a.id.localeCompare(b.id));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'pipelint configuration',
    description: 'pipelint.config.json or .pipelintrc.json; the nearest file above a linted file applies to it.',
    type: 'object',
    additionalProperties: false,
    definitions: {
      severity: {
        description: 'off disables the rule; hint, info, warn and error report it. Only error makes pipelint exit 1.',
        enum: [...SEVERITY_SETTINGS],
      },
      rules: {
        type: 'object',
        description: 'Severity, and for some rules options, per rule id. Rules not listed keep their default severity.',
        additionalProperties: false,
        properties: Object.fromEntries(rules.map((rule) => [rule.id, ruleSettingSchema(rule)])),
      },
      dialect: {
        description: 'The SQL dialect of the .sql files this configuration applies to.',
        enum: [...DIALECTS],
        default: 'ansi',
      },
      assumeInTransaction: {
        type: 'boolean',
        description: 'Treat every SQL file as run inside one transaction by the scheduler (as with a `pipelint-assume-in-transaction` comment).',
        default: false,
      },
    },
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file, for editor completion.' },
      rules: { $ref: '#/definitions/rules' },
      dialect: { $ref: '#/definitions/dialect' },
      assumeInTransaction: { $ref: '#/definitions/assumeInTransaction' },
      ignore: {
        type: 'array',
        description: 'Globs of files not to lint, relative to the directory of this configuration file.',
        items: { type: 'string', minLength: 1 },
      },
      overrides: {
        type: 'array',
        description:
          'Settings for some files only, e.g. one dialect per folder of a monorepo. Every entry whose `files` match a file applies, in order: a later entry wins over an earlier one, and every entry over the top level. `rules` merge per rule id.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: {
              type: 'array',
              minItems: 1,
              description: 'Globs relative to the directory of this configuration file (`warehouse/**/*.sql`); a glob starting with `!` excludes the files it matches.',
              items: { type: 'string', minLength: 1 },
            },
            rules: { $ref: '#/definitions/rules' },
            dialect: { $ref: '#/definitions/dialect' },
            assumeInTransaction: { $ref: '#/definitions/assumeInTransaction' },
          },
        },
      },
      docsBaseUrl: {
        type: 'string',
        format: 'uri',
        description:
          'Where your team hosts the pipelint docs (the docs/ folder of the package). Links become <docsBaseUrl>/rules/<id>.md and <docsBaseUrl>/lessons/<id>.md; without it they point at pages that work offline.',
      },
    },
  };
}

function ruleDescription(meta: RuleMeta): string {
  return `${meta.docs.description} Concept: ${meta.concept}. Default: ${meta.defaultSeverity}. Details: ${ruleDocsHint(meta.id)}`;
}

function ruleSettingSchema(rule: SchemaRule): Schema {
  const severity = { $ref: '#/definitions/severity' };
  const tuple: Schema = { type: 'array', minItems: 1, maxItems: rule.options === null ? 1 : 2, items: rule.options === null ? [severity] : [severity, rule.options] };
  return { description: rule.description, oneOf: [severity, tuple] };
}

export function renderConfigSchema(metas?: readonly RuleMeta[]): string {
  return JSON.stringify(buildConfigSchema(metas), null, 2) + '\n';
}

if (require.main === module) {
  fs.writeFileSync(CONFIG_SCHEMA_PATH, renderConfigSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), CONFIG_SCHEMA_PATH)}\n`);
}
