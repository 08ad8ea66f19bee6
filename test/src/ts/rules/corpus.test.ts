import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../../rules/out/engine.js';

/**
 * Realistic Node pipeline code, one scenario per file: `safe/` holds code real teams ship (consumers that dead-letter,
 * idempotent retries, CDK stacks with alarmed DLQs, HTTP handlers, scripts, tests, look-alike method names),
 * `unsafe/` code that loses, repeats or silently drops messages. Every finding counts, embedded SQL included.
 */
const CORPUS = path.resolve(__dirname, '../../../fixtures/ts-corpus');
const SOURCE = /\.(ts|js)$/;

interface Expectation {
  /** `<rule-id> <line>`, in line order. */
  findings: string[];
  /** Why a safe file may still produce these findings. */
  reason?: string;
}

/** Known findings on safe files: arguably right, or false positives of rules this corpus does not cover yet. */
const SAFE_EXCEPTIONS: Record<string, Expectation> = {
  'safe/cli-backfill-script.ts': {
    findings: ['per-row-write 28'],
    reason: 'arguably right: the backfill really does wait for one INSERT per line of the file',
  },
};

const UNSAFE: Record<string, Expectation> = {
  'unsafe/amqp-consumer-republish-no-id.ts': { findings: ['poison-message 12', 'retry-side-effect 14'] },
  'unsafe/amqp-nack-requeue-forever.ts': { findings: ['nack-without-dead-letter 18'] },
  'unsafe/amqp-reject-without-dlx.ts': { findings: ['nack-without-dead-letter 17'] },
  'unsafe/bullmq-lookup-not-dedup.ts': { findings: ['retry-side-effect 12'] },
  'unsafe/bullmq-receipt-email.ts': { findings: ['retry-side-effect 12'] },
  'unsafe/cdk-dlq-without-alarm.ts': { findings: ['dlq-unmonitored 12'] },
  'unsafe/cdk-queue-without-dlq.ts': { findings: ['queue-without-dlq 12', 'queue-without-dlq 28'] },
  'unsafe/kafka-dlq-error-only.ts': { findings: ['dlq-missing-context 16'] },
  'unsafe/kafka-each-batch-swallow.ts': { findings: ['swallowed-consumer-error 14'] },
  'unsafe/kafka-eos-parse-rethrown.ts': { findings: ['poison-message 13'] },
  'unsafe/kafka-parse-blocks-partition.ts': { findings: ['poison-message 13'] },
  'unsafe/lambda-commonjs-swallow.js': { findings: ['swallowed-consumer-error 11'] },
  'unsafe/p-retry-stripe-without-key.ts': { findings: ['retry-side-effect 8'] },
  'unsafe/sqs-consumer-sentry-only.ts': { findings: ['swallowed-consumer-error 11'] },
  'unsafe/sqs-lambda-log-and-continue.ts': { findings: ['swallowed-consumer-error 11'] },
  'unsafe/temporal-activity-partner-post.ts': { findings: ['retry-side-effect 8'] },
  'unsafe/warehouse-poll-every-30s.ts': { findings: ['tight-polling-interval 22'] },
};

function corpusFiles(kind: 'safe' | 'unsafe'): string[] {
  return fs
    .readdirSync(path.join(CORPUS, kind))
    .filter((name) => SOURCE.test(name))
    .map((name) => `${kind}/${name}`)
    .sort();
}

/** Every finding of one file at default settings, as `<rule-id> <line>`, with the messages for a failure report. */
function lintCorpusFile(file: string): { found: string[]; detail: string } {
  const result = lintText(fs.readFileSync(path.join(CORPUS, file), 'utf8'), { filename: file });
  const findings = result.findings.filter((f) => f.ruleId !== 'unused-suppression');
  return {
    found: findings.map((f) => `${f.ruleId} ${f.range.start.line}`),
    detail: findings.map((f) => `\n  ${f.range.start.line}:${f.range.start.column} ${f.ruleId}: ${f.message}`).join(''),
  };
}

describe('TypeScript rule corpus', () => {
  describe('safe pipeline code produces no finding', () => {
    for (const file of corpusFiles('safe')) {
      it(file, () => {
        const { found, detail } = lintCorpusFile(file);
        assert.deepEqual(found, SAFE_EXCEPTIONS[file]?.findings ?? [], `findings:${detail}`);
      });
    }
  });

  describe('unsafe pipeline code produces exactly the listed findings', () => {
    for (const file of corpusFiles('unsafe')) {
      it(file, () => {
        const expectation = UNSAFE[file];
        assert.ok(expectation, `${file} has no entry in UNSAFE`);
        const { found, detail } = lintCorpusFile(file);
        assert.deepEqual(found, expectation.findings, `findings:${detail}`);
      });
    }
  });

  it('has at least 30 safe and 10 unsafe scenarios', () => {
    assert.ok(corpusFiles('safe').length >= 30, `${corpusFiles('safe').length} safe files`);
    assert.ok(corpusFiles('unsafe').length >= 10, `${corpusFiles('unsafe').length} unsafe files`);
  });

  it('lists only files that exist', () => {
    const present = new Set([...corpusFiles('safe'), ...corpusFiles('unsafe')]);
    assert.deepEqual([...Object.keys(SAFE_EXCEPTIONS), ...Object.keys(UNSAFE)].filter((f) => !present.has(f)), []);
  });
});
