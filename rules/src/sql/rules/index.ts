import type { SqlRule } from '../rule-api.js';
import blindInsert from './blind-insert.js';
import copyForceReload from './copy-force-reload.js';
import freshnessCost from './freshness-cost.js';
import highWatermarkWithoutLookback from './high-watermark-without-lookback.js';
import incrementalWithoutUniqueKey from './incremental-without-unique-key.js';
import mergeWithoutPartitionFilter from './merge-without-partition-filter.js';
import nonAtomicReplace from './non-atomic-replace.js';
import nondeterministicValue from './nondeterministic-value.js';
import relativeUpdate from './relative-update.js';
import unguardedDdl from './unguarded-ddl.js';
import wallClockWindow from './wall-clock-window.js';

/** Every SQL rule, in alphabetical order of id. */
export const sqlRules: readonly SqlRule<object>[] = [
  blindInsert,
  copyForceReload,
  freshnessCost,
  highWatermarkWithoutLookback,
  incrementalWithoutUniqueKey,
  mergeWithoutPartitionFilter,
  nonAtomicReplace,
  nondeterministicValue,
  relativeUpdate,
  unguardedDdl,
  wallClockWindow,
] as readonly SqlRule<object>[];
