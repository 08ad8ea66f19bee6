import { globMatcher } from './glob.js';

/** Folders that hold a migration tool's scripts: `migrations`, `db-migrations`, `migrate`, Temporal's `versioned`. */
const MIGRATION_FOLDER = /^(?:.*[-_.])?(?:migrations?|migrate)$|^versioned$/i;
/** A folder named by a schema version below a `versioned` folder: `v1.2`, `v8`, `1.10`. */
const VERSION_FOLDER = /^v?\d+(?:\.\d+)*$/i;
/**
 * A file name that carries an ordered version: `0030_schema.up.sql`, `20220607000001_x.postgres.up.sql`,
 * `0002-add-column.sql`, `000006.sql`, and the TypeScript/JavaScript migration classes of TypeORM, knex and
 * Sequelize (`1612345678901-AddUsers.ts`, `20210101120000_create_users.js`), whose embedded SQL the same tool
 * runs once and records.
 */
const VERSIONED_NAME = /^\d{3,}(?:[-_.].*)?\.(?:sql|[cm]?[jt]s)$/i;
/** Names that say what they are wherever they sit: Flyway `V1.2__x.sql` / undo `U3__x.sql`, golang-migrate `7_x.up.sql`. */
const TOOL_NAME = /^[VU]\d+(?:[._]\d+)*__.+\.sql$|^\d+_.+\.(?:up|down)\.sql$/;
/** A file named only by its version: `000006.sql`. */
const NUMBER_NAME = /^\d{4,}\.sql$/;

/**
 * True for a versioned migration: a file that a migration tool applies once, in version order, and records in its
 * history table, so no second run of it ever happens. Flyway's repeatable `R__x.sql` scripts are re-applied
 * whenever they change, so they are not counted. `extra` are the user's globs (`migrationFiles`).
 */
export function isVersionedMigration(filename: string, extra: ((path: string) => boolean) | null): boolean {
  const path = filename.replace(/\\/g, '/');
  if (extra !== null && extra(path)) return true;
  const parts = path.split('/').filter((p) => p.length > 0 && p !== '.');
  const name = parts[parts.length - 1] ?? '';
  if (TOOL_NAME.test(name) || NUMBER_NAME.test(name)) return true;
  const folders = parts.slice(0, -1);
  const inFolder = folders.findIndex((f) => MIGRATION_FOLDER.test(f));
  if (inFolder < 0) return false;
  if (VERSIONED_NAME.test(name)) return true;
  // Temporal's layout: versioned/v1.2/<name>.sql, the version in the folder.
  return folders.slice(inFolder + 1).some((f) => VERSION_FOLDER.test(f));
}

/**
 * A matcher for the `migrationFiles` globs (case-insensitive), or null when there are none. Editors and the CLI
 * pass absolute paths, so a glob matches the path or any tail of it: `db/migrations/*.sql` wherever the project is.
 */
export function migrationMatcher(globs: readonly string[]): ((path: string) => boolean) | null {
  if (globs.length === 0) return null;
  const match = globMatcher(globs);
  if (match === null) return null;
  return (path) => {
    if (match(path)) return true;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) if (match(path.slice(i + 1))) return true;
    return false;
  };
}

/** The options of a rule that skips versioned migration files (`unguarded-ddl`, `blind-insert`, ...). */
export interface MigrationOptions {
  migrationFiles: string[];
  checkMigrations: boolean;
}

export const MIGRATION_DEFAULTS: MigrationOptions = { migrationFiles: [], checkMigrations: false };

/** The JSON-schema properties of {@link MigrationOptions}, shared so every rule documents them alike. */
export const MIGRATION_SCHEMA = {
  migrationFiles: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description:
      'Glob patterns of versioned migration files that a migration tool applies once and records, besides the ones pipelint recognizes by name (`0042_x.up.sql`, `V3__x.sql`, `<timestamp>_x.sql` in a migrations folder, `versioned/v1.2/`). Matched against the path and each of its tails, case-insensitively.',
  },
  checkMigrations: {
    type: 'boolean',
    default: false,
    description: 'Check versioned migration files too (by default they are skipped: the tool never runs one twice).',
  },
} as const;

/** True when the rule should skip this file: a versioned migration, and the user did not ask to check those. */
export function skipsMigration(filename: string, options: MigrationOptions): boolean {
  return !options.checkMigrations && isVersionedMigration(filename, migrationMatcher(options.migrationFiles));
}
