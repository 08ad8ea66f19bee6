/**
 * The lists every part of pipelint agrees on, written once: the CLI, the config loader and schema, the
 * language server, the VS Code client and the static manifest (package.json, checked by a drift test).
 * Dependency-free at run time, so the extension's bundle can import it without the engine
 * (`@pipelint/engine/constants`), and the ground floor of the engine: it imports nothing.
 */

/** The SQL dialects pipelint knows; a config file, an editor setting, `--dialect` and rule options pick one. */
export type Dialect = 'ansi' | 'postgres' | 'snowflake' | 'bigquery' | 'spark' | 'redshift' | 'mysql' | 'sqlite';

export const DIALECTS: readonly Dialect[] = ['ansi', 'postgres', 'snowflake', 'bigquery', 'spark', 'redshift', 'mysql', 'sqlite'];

/** Severities a config file, an editor setting or `--rule` may give a rule; `off` disables it. */
export const SEVERITY_SETTINGS = ['off', 'hint', 'info', 'warn', 'error'] as const;

/** Searched for in each directory from the linted file upward; the first name wins within one directory. */
export const CONFIG_FILE_NAMES: readonly string[] = ['pipelint.config.json', '.pipelintrc.json'];

/** File name endings linted as SQL (dbt and Airflow templates included). */
export const SQL_EXTENSIONS: readonly string[] = ['.sql', '.sql.j2', '.sql.jinja', '.jinja.sql'];

/** The editor language pipelint contributes for SQL Jinja templates (package.json `contributes.languages`). */
export const JINJA_SQL_LANGUAGE_ID = 'jinja-sql';

/**
 * File name endings the editor opens as `jinja-sql`: the template endings of SQL_EXTENSIONS, and `.j2.sql`, which
 * the engine lints as `.sql` (its Jinja is lexed in every SQL file) but which is a template too.
 */
export const JINJA_SQL_EXTENSIONS: readonly string[] = [...SQL_EXTENSIONS.filter((ext) => ext !== '.sql'), '.j2.sql'];

/** File name endings linted as TypeScript or JavaScript; `.d.ts` files are not linted. */
export const TS_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * The editor language ids pipelint lints, each with the extension the engine lints a document of that
 * language as when its own name does not tell (an untitled buffer, a `.pgsql` file).
 */
export const EDITOR_LANGUAGES: Readonly<Record<string, string>> = {
  sql: '.sql',
  [JINJA_SQL_LANGUAGE_ID]: '.sql',
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

export const EDITOR_LANGUAGE_IDS: readonly string[] = Object.keys(EDITOR_LANGUAGES);

/** The `pipelint.*` editor settings (package.json `contributes.configuration`), as the client sends them. */
export interface EditorSettings {
  enable: boolean;
  /** Rule id -> severity; overrides the config file. */
  rules: Record<string, string>;
  /** 'auto' defers to pipelint.config.json; else one of DIALECTS. */
  dialect: string;
  /** When true, every SQL file is linted as if it ran inside one transaction; false defers to the config file. */
  assumeInTransaction: boolean;
  debounceMs: number;
  maxFileSizeKb: number;
  /** Where the team hosts the docs (core/docs-url.ts); '' defers to the config file's `docsBaseUrl`, else offline links. */
  docsBaseUrl: string;
}

/** The `pipelint.dialect` setting that defers to the config file. */
export const AUTO_DIALECT = 'auto';

export const DEFAULT_EDITOR_SETTINGS: Readonly<EditorSettings> = {
  enable: true,
  rules: {},
  dialect: AUTO_DIALECT,
  assumeInTransaction: false,
  debounceMs: 150,
  maxFileSizeKb: 2048,
  docsBaseUrl: '',
};

/** Bounds of the numeric settings; a value outside is clamped. */
export const EDITOR_SETTING_RANGES: Readonly<Record<'debounceMs' | 'maxFileSizeKb', { minimum: number; maximum: number }>> = {
  debounceMs: { minimum: 0, maximum: 5000 },
  maxFileSizeKb: { minimum: 1, maximum: 1024 * 1024 },
};
