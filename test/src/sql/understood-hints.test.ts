import assert from 'node:assert/strict';
import { mergedHints, type ProvenanceHint } from '@pipelint/engine/internal/sql/understood.js';

function hint(offset: number, key: string, file: string, line: number): ProvenanceHint {
  return { offset, key, file, label: `${key} from ${file}`, tooltip: `${key}: x, line ${line} of ${file}` };
}

describe('inlay hints of what pipelint understood', function () {
  it('merges the settings one file gave at one place into one label, in order, and keeps other files apart', function () {
    const hints = [
      hint(42, 'materialized', 'dbt_project.yml', 4),
      hint(42, 'incremental_strategy', 'models/_props.yml', 3),
      hint(42, 'unique_key', 'dbt_project.yml', 5),
      hint(0, 'full_refresh', 'dbt_project.yml', 9),
    ];
    assert.deepEqual(mergedHints(hints), [
      {
        offset: 42,
        key: 'materialized, unique_key',
        file: 'dbt_project.yml',
        label: 'dbt_project.yml: materialized, unique_key',
        tooltip: 'materialized: x, line 4 of dbt_project.yml\nunique_key: x, line 5 of dbt_project.yml',
      },
      { ...hint(42, 'incremental_strategy', 'models/_props.yml', 3), label: 'models/_props.yml: incremental_strategy' },
      { ...hint(0, 'full_refresh', 'dbt_project.yml', 9), label: 'dbt_project.yml: full_refresh' },
    ]);
    assert.equal(hints[0].label, 'materialized from dbt_project.yml', 'the input is not changed');
  });
});
