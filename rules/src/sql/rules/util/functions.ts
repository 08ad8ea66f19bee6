import type { FunctionCall } from '../../model.js';

/** Calls that read the wall clock; `unix_timestamp` only when called without arguments. */
const CLOCK_FUNCTIONS = new Set([
  'now', 'current_timestamp', 'current_date', 'current_time', 'current_datetime', 'localtimestamp', 'localtime',
  'getdate', 'getutcdate', 'sysdate', 'systimestamp', 'sysdatetime', 'sysutcdatetime', 'unix_timestamp',
  'statement_timestamp', 'transaction_timestamp', 'clock_timestamp', 'utc_timestamp', 'utc_date', 'curdate',
  'curtime',
]);

const RANDOM_FUNCTIONS = new Set([
  'random', 'rand', 'gen_random_uuid', 'uuid', 'uuid_generate_v4', 'uuid_generate_v1', 'newid', 'uuid_string',
  'generate_uuid', 'random_uuid',
]);

/** The unqualified, lower-cased function name: `pg_catalog.now` gives `now`. */
export function baseName(call: FunctionCall): string {
  const dot = call.name.lastIndexOf('.');
  return dot < 0 ? call.name : call.name.slice(dot + 1);
}

export function isClockCall(call: FunctionCall): boolean {
  const name = baseName(call);
  if (!CLOCK_FUNCTIONS.has(name)) return false;
  return name !== 'unix_timestamp' || call.args.length === 0;
}

export function isRandomCall(call: FunctionCall): boolean {
  return RANDOM_FUNCTIONS.has(baseName(call));
}
