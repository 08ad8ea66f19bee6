import type { Severity } from './types.js';

/** Findings the engine itself reports. They belong to no lesson and cannot be fixed by a rewrite. */
export interface EngineRuleMeta {
  id: string;
  defaultSeverity: Severity;
  description: string;
  messages: Record<string, string>;
  /** Markdown, optional: what the finding covers in each front end, shown on the rule's page. */
  notes?: string;
}

export const UNUSED_SUPPRESSION: EngineRuleMeta = {
  id: 'unused-suppression',
  defaultSeverity: 'warn',
  description: 'A pipelint-disable comment that suppresses nothing hides future findings without reason.',
  messages: {
    unusedAll: 'This pipelint-disable comment suppresses no finding; remove it.',
    unusedRule: "This comment disables '{{rule}}', which reports nothing here; remove '{{rule}}' from it.",
    unknownRule: "'{{rule}}' is not a pipelint rule; the comment suppresses nothing.",
  },
};

export const PARSE_ERROR: EngineRuleMeta = {
  id: 'parse-error',
  defaultSeverity: 'error',
  description: 'The file, or part of it, could not be analysed; findings there may be missing.',
  messages: {
    binary: 'This file looks binary (it contains NUL bytes); pipelint did not analyse it.',
    syntax: 'Could not parse this file: {{detail}}. Findings after this point may be missing.',
    partial: '{{detail}}; pipelint analysed the rest, but findings near here may be missing.',
    tooLarge: 'This file is {{size}}, over the {{limit}} limit; only the first {{limit}} were analysed.',
    projectYaml:
      'Could not parse the dbt project file `{{file}}` (line {{line}}, column {{column}}: {{detail}}); this model was linted without the config it may hold.',
    yamlSyntax: 'Could not parse this YAML file (line {{line}}, column {{column}}: {{detail}}); the hooks it holds were not linted.',
    projectManifest:
      'Could not read dbt\'s manifest `{{file}}` (line {{line}}, column {{column}}: {{detail}}); this model\'s config was resolved from the YAML files and config() instead.',
    projectSkipped: 'The dbt project file `{{file}}` was not read ({{detail}}); this model was linted without the config it may hold.',
    importsCutOff:
      'pipelint stopped following the local imports of this file ({{detail}}); clients built beyond that point are unknown to the rules, so findings may be missing.',
  },
  notes: [
    'A SQL file is never rejected as a whole. Where the SQL front end cannot read part of a statement, it reports that',
    'part with the `partial` message, at `warn` unless the configuration sets `parse-error`, and the rules still run',
    'on everything else.',
    '',
    'It reads PL/pgSQL `CASE ... END CASE`, SnowSQL `PUT file:///dir/* @stage` (the `/*` of a path glob is not a',
    'comment), Snowflake `//` comments, and `${VAR}` placeholders in names.',
    '',
    'A missing `;` is reported too: "No `;` ends this statement before the CREATE on a later line". That happens when a',
    'CREATE, DROP, ALTER or TRUNCATE begins a line outside parentheses and blocks, right after a token that can end a',
    'statement, with no `;` before it, in a file that ends its other statements with `;` and holds no Jinja. A script',
    'runner would send the two statements as one. In files that never use `;`, in dbt macros and across notebook',
    'cells (`-- COMMAND ----`), pipelint still starts a new statement there but reports nothing.',
    '',
    'In dbt files, `{{ ... }}` and `{% ... %}` are read the way Jinja reads them: a Python string may span lines, and',
    'the closing `}}` or `%}` counts only outside brackets, so `meta={\'a\': {\'b\': 1}}` does not end at its',
    'inner `}}`. When no closer is found that way, the tag ends at its line, so a tag still being typed does not swallow',
    'the rest of the file. A SQL string literal that holds Jinja skips over it, so a quote inside',
    '`\'{{ x | replace("\'", "") }}\'` does not end the string.',
  ].join('\n'),
};

export const RULE_ERROR: EngineRuleMeta = {
  id: 'rule-error',
  defaultSeverity: 'error',
  description: 'A rule crashed on this file; the other rules still ran. Please report it with the file.',
  messages: {
    crashed: "Rule '{{rule}}' crashed on this file ({{detail}}); its findings here are missing, the other rules ran.",
  },
};

export const FILE_ERROR: EngineRuleMeta = {
  id: 'file-error',
  defaultSeverity: 'error',
  description:
    'A file or directory could not be read (permissions, a symbolic link loop, deleted during the run), or a configuration file cannot be used; the other files were linted. The run exits 2.',
  messages: {
    file: 'Could not read this file ({{reason}}); it was not linted, the other files were.',
    directory: 'Could not read this directory ({{reason}}); nothing inside it was linted, the other files were.',
    gitignore: 'Could not read this .gitignore ({{reason}}); its patterns were not applied, so files it excludes may have been linted.',
    config: 'This configuration file cannot be used: {{reason}}. The files it applies to were not linted ({{governed}}); the other files were.',
  },
};

export const ENGINE_RULES: readonly EngineRuleMeta[] = [PARSE_ERROR, RULE_ERROR, FILE_ERROR, UNUSED_SUPPRESSION];

/** A message template cut at its `{{ key }}` placeholders: text, key, text, key, ..., text; and each placeholder as written. */
interface CompiledTemplate {
  parts: string[];
  placeholders: string[];
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const compiledTemplates = new Map<string, CompiledTemplate>();
const COMPILED_LIMIT = 4096;

function compileTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (compiled !== undefined) return compiled;
  compiled = { parts: [], placeholders: [] };
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    compiled.parts.push(template.slice(last, match.index), match[1]);
    compiled.placeholders.push(match[0]);
    last = match.index + match[0].length;
  }
  compiled.parts.push(template.slice(last));
  if (compiledTemplates.size >= COMPILED_LIMIT) compiledTemplates.clear();
  compiledTemplates.set(template, compiled);
  return compiled;
}

/**
 * Fills a template's `{{ key }}` placeholders from `data`; a placeholder without data stays as written. Runs once per
 * finding, so each template is cut at its placeholders once rather than scanned with a regular expression each time.
 */
export function formatMessage(template: string, data: Record<string, string>): string {
  if (!template.includes('{{')) return template;
  const { parts, placeholders } = compileTemplate(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    out += (key in data ? data[key] : placeholders[(i - 1) >> 1]) + parts[i + 1];
  }
  return out;
}
