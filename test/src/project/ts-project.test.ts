import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { forgetCutOffNotes, TsProjectSession } from '@pipelint/engine/internal/project/ts-project.js';
import { lintForEditor } from '@pipelint/language-server/internal/lint-document.js';
import { makeTree, removeTree, REPO_ROOT, run } from '../cli/helpers.js';
import { LspTestClient, pathToUri } from '../server/lsp-client.js';

const SERVICE = path.join(REPO_ROOT, 'test', 'fixtures', 'ts-project', 'node-service');

const KAFKA_BLOCKS = 'and nothing routes it away: kafkajs retries the same offset, so one bad message blocks the partition.';
const RABBIT_LOOPS = 'and nothing routes it away: RabbitMQ redelivers it, it fails again, and the consumer loops on it.';
const SWALLOWED = 'counts as processed: the failed message is acknowledged and lost, with no retry and no dead-letter copy.';

/** The findings the fixture service must give, and no others (the safe look-alikes give none). */
const EXPECTED: [string, string, number, number, string][] = [
  ['src/bus/shipments.ts', 'poison-message', 8, 24, `\`JSON.parse\` throws on a malformed message from the consumer built in \`src/bus/bus.ts\` ${KAFKA_BLOCKS}`],
  ['src/cycle-consumer.ts', 'poison-message', 6, 21, `\`JSON.parse\` throws on a malformed message from the consumer built in \`src/cycle/a.ts\` ${KAFKA_BLOCKS}`],
  [
    'src/deep-consumer.ts',
    'parse-error',
    1,
    1,
    'pipelint stopped following the local imports of this file (imports more than 8 modules deep); clients built beyond that point are unknown to the rules, so findings may be missing.',
  ],
  ['src/orders-consumer.ts', 'poison-message', 8, 21, `\`JSON.parse\` throws on a malformed message from the consumer built in \`src/kafka/client.ts\` ${KAFKA_BLOCKS}`],
  ['src/payments-consumer.ts', 'poison-message', 6, 23, `\`JSON.parse\` throws on a malformed message from the consumer built in \`src/lib/queue.ts\` ${KAFKA_BLOCKS}`],
  ['src/rabbit/email-worker.js', 'swallowed-consumer-error', 9, 7, `This catch only logs, so this RabbitMQ message from the channel built in \`src/rabbit/connection.js\` ${SWALLOWED}`],
  ['src/rabbit/invoice-worker.ts', 'poison-message', 7, 21, `\`JSON.parse\` throws on a malformed message from the channel built in \`src/rabbit/channel.ts\` ${RABBIT_LOOPS}`],
  ['src/refunds-consumer.ts', 'swallowed-consumer-error', 11, 9, `This catch only logs, so this kafkajs message from the consumer built in \`src/kafka/client.ts\` ${SWALLOWED}`],
];

function session(relative: string): TsProjectSession {
  return new TsProjectSession(path.join(SERVICE, relative));
}

describe('TS/JS project model', function () {
  beforeEach(() => forgetCutOffNotes());

  describe('follows each import style to the library value it holds', function () {
    it('an ESM re-export (`export { x as y } from`, `export *`) of a consumer built from `new Kafka()`', function () {
      assert.deepEqual(session('src/orders-consumer.ts').resolveImport('./kafka', 'named', ['ordersConsumer'], ['run']), {
        module: 'kafkajs',
        steps: ['Kafka', 'new', 'consumer', '()', 'run'],
        file: 'src/kafka/client.ts',
      });
      assert.equal(session('src/orders-consumer.ts').resolveImport('./kafka', 'named', ['createConsumer'], ['()', 'run'])?.module, 'kafkajs');
    });

    it('`export default`, a factory function, and a namespace import', function () {
      const s = session('src/audit-consumer.ts');
      assert.deepEqual(s.resolveImport('./kafka/client', 'default', [], ['consumer', '()']), {
        module: 'kafkajs',
        steps: ['Kafka', 'new', 'consumer', '()'],
        file: 'src/kafka/client.ts',
      });
      assert.deepEqual(s.resolveImport('./kafka/client', 'named', ['createConsumer'], ['()', 'run'])?.steps, ['Kafka', 'new', 'consumer', '()', 'run']);
      assert.deepEqual(s.resolveImport('./kafka/client', 'namespace', [], ['consumer', 'run'])?.steps, ['Kafka', 'new', 'consumer', '()', 'run']);
    });

    it('CommonJS `module.exports = { f: () => channel }` with the channel assigned inside `connect()`', function () {
      assert.deepEqual(session('src/rabbit/email-worker.js').resolveImport('./connection', 'require', ['getChannel'], ['()', 'consume']), {
        module: 'amqplib',
        steps: ['connect', '()', 'createChannel', '()', 'consume'],
        file: 'src/rabbit/connection.js',
      });
    });

    it('a `let` typed with the library type, a class field set in the constructor, and a tsconfig `paths` alias', function () {
      assert.deepEqual(session('src/rabbit/invoice-worker.ts').resolveImport('./channel', 'named', ['ch'], ['consume'])?.module, 'amqplib');
      assert.deepEqual(session('src/bus/shipments.ts').resolveImport('./bus', 'named', ['Bus'], ['new', 'consumer', 'run'])?.steps, [
        'Kafka',
        'new',
        'consumer',
        '()',
        'run',
      ]);
      assert.equal(session('src/payments-consumer.ts').resolveFile('@lib/queue', path.join(SERVICE, 'src/payments-consumer.ts')), path.join(SERVICE, 'src/lib/queue.ts'));
      assert.equal(session('src/payments-consumer.ts').resolveImport('@lib/queue', 'named', ['paymentsConsumer'], ['run'])?.module, 'kafkajs');
    });

    it('ends an import cycle without a value instead of looping, and still resolves what the cycle does define', function () {
      const s = session('src/cycle-consumer.ts');
      assert.equal(s.resolveImport('./cycle/a', 'named', ['missing'], []), null);
      assert.equal(s.resolveImport('./cycle/a', 'named', ['cycleConsumer'], ['run'])?.module, 'kafkajs');
      assert.equal(s.cutOff, null);
    });

    it('stops at the import-depth limit and says why', function () {
      const s = session('src/deep-consumer.ts');
      assert.equal(s.resolveImport('./chain/link0', 'named', ['deepConsumer'], ['run']), null);
      assert.equal(s.cutOff, 'imports more than 8 modules deep');
      assert.equal(session('src/chain/link2.ts').resolveImport('./link3', 'named', ['deepConsumer'], [])?.module, 'kafkajs');
    });

    it('gives nothing for a local object that only looks like a client, or a package it does not know', function () {
      assert.equal(session('src/local-runner.ts').resolveImport('./jobs/runner', 'named', ['runner'], ['run']), null);
      assert.equal(session('src/rabbit/email-worker.js').resolveImport('../jobs/mailer', 'require', [], ['send']), null);
    });
  });

  it('gives the findings it must and no others through the CLI', async function () {
    const result = await run(['--format', 'json', '.'], { cwd: SERVICE });
    assert.equal(result.code, 1, result.stderr);
    const findings = (JSON.parse(result.stdout) as { filePath: string; findings: { ruleId: string; line: number; column: number; message: string }[] }[]).flatMap(
      (f) => f.findings.map((x) => [f.filePath, x.ruleId, x.line, x.column, x.message]),
    );
    assert.deepEqual(findings, EXPECTED);
  });

  it('says a cut-off walk on the file whose walk was cut, the same on every run (so --jobs cannot change it)', async function () {
    const first = await run(['--format', 'json', 'src/deep-consumer.ts'], { cwd: SERVICE });
    const again = await run(['--format', 'json', 'src/deep-consumer.ts'], { cwd: SERVICE });
    const ids = (out: string): string[] => (JSON.parse(out) as { findings: { ruleId: string }[] }[]).flatMap((f) => f.findings.map((x) => x.ruleId));
    assert.deepEqual(ids(first.stdout), ['parse-error']);
    assert.deepEqual(ids(again.stdout), ['parse-error']);
  });

  it('gives the language server the same findings, read from disk around the document', function () {
    for (const [file, rule, line, column, message] of EXPECTED.filter((e) => e[1] !== 'parse-error')) {
      const filename = path.join(SERVICE, file);
      const out = lintForEditor(fs.readFileSync(filename, 'utf8'), filename, DEFAULT_CONFIG, 2048, { error: () => undefined });
      assert.deepEqual(
        out.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column, f.message]),
        [[rule, line, column, message]],
        file,
      );
    }
  });

  it('gives the ESLint plugin the same findings, reading the neighbours from disk', function () {
    const configDir = fs.mkdtempSync(path.join(REPO_ROOT, 'test-artifacts-eslint-project-'));
    try {
      fs.writeFileSync(path.join(configDir, 'eslint.config.mjs'), "import pipelint from 'pipelint/eslint-plugin';\n\nexport default [pipelint.configs.recommended];\n");
      const out = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'), '--config', path.join(configDir, 'eslint.config.mjs'), '--format', 'json', SERVICE],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
      assert.equal(out.stderr, '');
      const results = JSON.parse(out.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
      const got = results.flatMap((r) => r.messages.map((m) => [path.relative(SERVICE, r.filePath).split(path.sep).join('/'), m.ruleId, m.line, m.column]));
      const want = EXPECTED.filter((e) => e[1] !== 'parse-error').map(([file, rule, line, column]) => [file, `pipelint/${rule}`, line, column]);
      assert.deepEqual(got, want);
    } finally {
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });

  describe('on a service that changes on disk', function () {
    let root: string;
    const worker = "import { channel } from './queue';\n\nchannel.consume('jobs', async (msg) => {\n  const job = JSON.parse(msg!.content.toString());\n  console.log(job);\n  channel.ack(msg!);\n});\n";
    const notAChannel = "export const channel = { consume: (_q: string, _f: (m: { content: Buffer } | null) => Promise<void>) => undefined, ack: (_m: unknown) => undefined };\n";
    const amqpChannel = "import amqp from 'amqplib';\n\nexport let channel: amqp.Channel;\n\nexport async function connect(): Promise<void> {\n  channel = await (await amqp.connect('amqp://localhost')).createChannel();\n}\n";

    beforeEach(() => {
      root = makeTree({ 'package.json': '{"name":"svc"}\n', 'src/worker.ts': worker, 'src/queue.ts': notAChannel });
    });
    afterEach(() => removeTree(root));

    it('re-lints an open file in the language server after an imported module is edited on disk', async function () {
      const client = new LspTestClient({ rootPath: root });
      client.settings = { debounceMs: 0 };
      try {
        await client.initialize();
        const uri = pathToUri(path.join(root, 'src/worker.ts'));
        await client.open(uri, 'typescript', worker);
        const before = await client.diagnostics(uri);
        assert.deepEqual(before.diagnostics.map((d) => d.code), []);
        fs.writeFileSync(path.join(root, 'src/queue.ts'), amqpChannel);
        const version = await client.change(uri, [{ text: worker }]);
        const after = await client.diagnosticsOfVersion(uri, version);
        assert.deepEqual(after.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['poison-message', 3, 14]]);
      } finally {
        await client.shutdown();
      }
    });
  });
});
