import { PY_EXTENSIONS, SQL_EXTENSIONS, TS_EXTENSIONS } from '../constants.js';

export type Language = 'sql' | 'ts' | 'py';

/** The language pipelint lints a file as, from its name; null when it does not lint it. */
export function languageOf(filename: string): Language | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.d.ts')) return null;
  if (SQL_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'sql';
  // dbt_project.yml and properties files hold hook SQL, linted with the SQL rules.
  if (isDbtYamlFile(filename)) return 'sql';
  if (TS_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'ts';
  if (PY_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'py';
  return null;
}

/** A dbt YAML file whose hooks pipelint lints: `dbt_project.yml`, or a `.yml`/`.yaml` file under a `models/` folder. */
export function isDbtYamlFile(filename: string): boolean {
  const slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
  const base = filename.slice(slash + 1).toLowerCase();
  if (base === 'dbt_project.yml') return true;
  if (!/\.ya?ml$/.test(base)) return false;
  return /(?:^|[\\/])models[\\/]/.test(filename);
}

/**
 * Loads what linting these languages needs before `lintText` may be called for them: the Python parser is
 * WebAssembly, compiled asynchronously once per process, and only when a Python file is linted. SQL and
 * TypeScript need nothing; a caller that never lints Python never calls it.
 */
export async function ensureLanguages(languages: Iterable<Language | null>): Promise<void> {
  for (const language of languages) {
    if (language === 'py') return pythonParser().ensurePython();
  }
}

/** Whether `lintText` can lint this language now (false for Python until `ensureLanguages` resolved). */
export function languageReady(language: Language): boolean {
  return language !== 'py' || (isPythonModuleLoaded() && pythonParser().isPythonReady());
}

let pythonModule: typeof import('../py/parser.js') | null = null;

function isPythonModuleLoaded(): boolean {
  return pythonModule !== null;
}

export function pythonParser(): typeof import('../py/parser.js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: SQL and TS runs never load it.
  pythonModule ??= require('../py/parser.js') as typeof import('../py/parser.js');
  return pythonModule;
}
