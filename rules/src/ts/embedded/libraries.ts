import type { Dialect } from '../../sql/model.js';

/** How one SQL client library takes SQL text. */
export interface SqlLibrary {
  module: string;
  /** Methods whose first argument is SQL text: `client.query(text)`, `knex.raw(text)`. */
  methods: readonly string[];
  /** True when the library's tagged templates (`sql\`...\``, `prisma.$queryRaw\`...\``) carry SQL. */
  tagged: boolean;
  /** The dialect its SQL is in when the configuration names none; null when the library talks to several. */
  dialect: Dialect | null;
  /** Methods that run a callback (or, for `$transaction`, an array of queries) in one transaction. */
  transactionMethods: readonly string[];
}

const PRISMA_RAW = ['$executeRaw', '$queryRaw', '$executeRawUnsafe', '$queryRawUnsafe'];
const PG_PROMISE_METHODS = ['none', 'one', 'many', 'any', 'result', 'oneOrNone', 'manyOrNone', 'query', 'multi', 'multiResult'];

export const SQL_LIBRARIES: readonly SqlLibrary[] = [
  { module: 'pg', methods: ['query'], tagged: false, dialect: 'postgres', transactionMethods: [] },
  { module: 'pg-pool', methods: ['query'], tagged: false, dialect: 'postgres', transactionMethods: [] },
  { module: '@neondatabase/serverless', methods: ['query'], tagged: true, dialect: 'postgres', transactionMethods: [] },
  { module: 'postgres', methods: ['unsafe'], tagged: true, dialect: 'postgres', transactionMethods: ['begin'] },
  { module: 'slonik', methods: [], tagged: true, dialect: 'postgres', transactionMethods: ['transaction'] },
  { module: '@vercel/postgres', methods: ['query'], tagged: true, dialect: 'postgres', transactionMethods: [] },
  { module: 'pg-promise', methods: PG_PROMISE_METHODS, tagged: false, dialect: 'postgres', transactionMethods: ['tx', 'txIf'] },
  { module: 'mysql2', methods: ['query', 'execute'], tagged: false, dialect: 'mysql', transactionMethods: [] },
  { module: 'mysql2/promise', methods: ['query', 'execute'], tagged: false, dialect: 'mysql', transactionMethods: [] },
  { module: 'mysql', methods: ['query'], tagged: false, dialect: 'mysql', transactionMethods: [] },
  { module: 'better-sqlite3', methods: ['prepare', 'exec'], tagged: false, dialect: 'sqlite', transactionMethods: [] },
  { module: 'knex', methods: ['raw'], tagged: false, dialect: null, transactionMethods: ['transaction'] },
  { module: '@prisma/client', methods: PRISMA_RAW, tagged: true, dialect: null, transactionMethods: ['$transaction'] },
  { module: 'sequelize', methods: ['query'], tagged: false, dialect: null, transactionMethods: ['transaction'] },
  { module: 'typeorm', methods: ['query'], tagged: false, dialect: null, transactionMethods: ['transaction'] },
];

const BY_MODULE = new Map(SQL_LIBRARIES.map((lib) => [lib.module, lib]));


const SQL_START =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*(?:select|insert|update|delete|merge|upsert|replace|with|create|drop|alter|truncate|copy|begin|start|commit|rollback|end|savepoint|release|lock|grant|revoke|vacuum|analyze|call|do|set|refresh|comment|values|table)\b/i;

/** True when the text reads as one or more SQL statements rather than a fragment (`WHERE id = $1`) or prose. */
export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text);
}
