import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import type { Finding, LessonId, RuleMeta, Severity } from '@pipelint/engine/internal/core/types.js';
import { escapeData, escapeProperty, formatGithub } from '@pipelint/engine/internal/cli/formats/github.js';
import { toJsonResults } from '@pipelint/engine/internal/cli/formats/json.js';
import { buildSarif, formatSarif } from '@pipelint/engine/internal/cli/formats/sarif.js';
import { formatStylish } from '@pipelint/engine/internal/cli/formats/stylish.js';
import type { FileReport, FormatContext } from '@pipelint/engine/internal/cli/formats/types.js';
import { docsFileUrl, REPO_ROOT } from './helpers.js';

const SQL = 'BEGIN;\nINSERT INTO analytics.daily_orders\nSELECT * FROM staging.orders;\n\tDELETE FROM t;\n';

interface FindingSpec {
  ruleId: string;
  severity: Severity;
  start: number;
  end: number;
  concept?: LessonId | null;
  message?: string;
}

function finding(text: string, spec: FindingSpec): Finding {
  return {
    ruleId: spec.ruleId,
    concept: spec.concept === undefined ? 'idempotency' : spec.concept,
    severity: spec.severity,
    message: spec.message ?? `message of ${spec.ruleId}`,
    messageId: 'm',
    data: {},
    range: new LineIndex(text).range(spec.start, spec.end),
    origin: spec.concept === null ? 'engine' : 'sql',
  };
}

function report(findings: FindingSpec[], filePath = 'jobs/daily_orders.sql', text = SQL): FileReport {
  return {
    absolutePath: path.join('/work/project', filePath),
    path: filePath,
    text,
    language: 'sql',
    findings: findings.map((f) => finding(text, f)),
    suppressedCount: 0,
  };
}

const context: FormatContext = { cwd: '/work/project', color: false, version: '1.2.3' };
const insertStart = SQL.indexOf('INSERT');
const insertFinding: FindingSpec = { ruleId: 'blind-insert', severity: 'error', start: insertStart, end: insertStart + 'INSERT INTO analytics.daily_orders'.length };
const deleteStart = SQL.indexOf('DELETE');
const deleteFinding: FindingSpec = { ruleId: 'late-rule', severity: 'warn', start: deleteStart, end: deleteStart + 6, concept: 'late-data' };

describe('stylish output', () => {
  it('prints each finding as line:col, severity, message and rule id, with its source line and carets', () => {
    const out = formatStylish([report([insertFinding])], context);
    const lines = out.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'jobs/daily_orders.sql',
      '  2:1  error  message of blind-insert  blind-insert',
      '    2 | INSERT INTO analytics.daily_orders',
      '      | ' + '^'.repeat(34),
    ]);
  });

  it('keeps tabs in the caret line so carets stay under the columns', () => {
    const out = formatStylish([report([deleteFinding])], context);
    assert.ok(out.includes('    4 | \tDELETE FROM t;\n      | \t^^^^^^\n'), out);
  });

  it('underlines to the end of the first line for a multi-line finding', () => {
    const end = SQL.indexOf(';', insertStart) + 1;
    const out = formatStylish([report([{ ...insertFinding, end }])], context);
    assert.ok(out.includes('      | ' + '^'.repeat(34) + '\n'), out);
  });

  it('aligns columns within a file and ends with totals and the lessons to read', () => {
    const out = formatStylish([report([insertFinding, deleteFinding]), report([insertFinding], 'models/b.sql')], context);
    assert.ok(out.includes('  2:1  error    message of blind-insert  blind-insert\n'), out);
    assert.ok(out.includes('  4:2  warning  message of late-rule  late-rule\n'), out);
    const summary = out.slice(out.indexOf('✖'));
    assert.match(summary, /^✖ 3 problems \(2 errors, 1 warning\)\n/);
    assert.match(summary, /\n {3}2 {2}idempotency \(Idempotent pipelines\) +pipelint explain idempotency\n/);
    assert.match(summary, /\n {3}1 {2}late-data \([^)]+\) +pipelint explain late-data\n/);
  });

  it('crops a long line around the finding and keeps the carets under it', () => {
    const text = `SELECT ${'x, '.repeat(100)}now() FROM t;\n`;
    const start = text.indexOf('now()');
    const out = formatStylish([report([{ ruleId: 'r', severity: 'warn', start, end: start + 5 }], 'long.sql', text)], context);
    const [source, carets] = out.split('\n').slice(2, 4);
    assert.ok(source.startsWith('    1 | …') && source.endsWith('…') === false, source);
    assert.equal(carets.indexOf('^'), source.indexOf('now()'));
    assert.equal(carets.trimEnd().endsWith('^^^^^'), true);
  });

  it('says how many findings --fix can fix', () => {
    const file = report([insertFinding, deleteFinding]);
    file.findings[1].fix = { title: 'Guard it', edits: [{ span: { start: 0, end: 0 }, text: '' }] };
    assert.match(formatStylish([file], context), /\n✖ 2 problems \(1 error, 1 warning\)\n {2}1 of them can be fixed safely with `pipelint --fix`\n/);
    assert.doesNotMatch(formatStylish([report([insertFinding])], context), /--fix/);
  });

  it('prints nothing when there are no findings', () => {
    assert.equal(formatStylish([report([])], context), '');
  });

  it('colours severities only when asked', () => {
    const coloured = formatStylish([report([insertFinding])], { ...context, color: true });
    assert.ok(coloured.includes('\u001b[31merror\u001b[39m'));
    assert.ok(!formatStylish([report([insertFinding])], context).includes('\u001b['));
  });

  it('shows no code frame for a binary file', () => {
    const text = 'a\u0000b';
    const out = formatStylish([report([{ ruleId: 'parse-error', severity: 'error', start: 0, end: 0, concept: null }], 'x.sql', text)], context);
    assert.ok(!out.includes(' | '), out);
  });
});

describe('untrusted text in terminal output', () => {
  const evil = 'evil\u001b[2J\n::error file=x::forged';
  const spec: FindingSpec = { ...insertFinding, message: `DROP TABLE fails when ${evil} is already gone.` };

  it('stylish shows escape sequences and line breaks from the file as \\x1b and \\n, on the finding\'s line', () => {
    const lines = formatStylish([report([spec], 'jobs/a\u001b]8;;x\u0007.sql')], context).split('\n');
    assert.equal(lines[0], 'jobs/a\\x1b]8;;x\\x07.sql');
    assert.equal(lines[1], '  2:1  error  DROP TABLE fails when evil\\x1b[2J\\n::error file=x::forged is already gone.  blind-insert');
    assert.ok(!lines.some((l) => l.startsWith('::error')));
  });

  it('github keeps one annotation per finding and shows the file\'s control characters escaped', () => {
    const out = formatGithub([report([spec])]);
    assert.equal(out.split('\n').length, 2);
    assert.ok(out.includes('::DROP TABLE fails when evil\\x1b[2J\\n::error file=x::forged is already gone.%0AWhy and how to fix: '), out);
  });

  it('json keeps the true text, JSON-escaped', () => {
    const [file] = toJsonResults([report([spec])]);
    assert.equal(file.findings[0].message, `DROP TABLE fails when ${evil} is already gone.`);
    assert.ok(JSON.stringify(file).includes('evil\\u001b[2J\\n::error'));
  });
});

describe('json output', () => {
  it('has one entry per file with counts and findings carrying positions, concept and docs link', () => {
    const file = report([insertFinding, deleteFinding]);
    file.findings[0].fix = { title: 'Add a guard', edits: [{ span: { start: 7, end: 7 }, text: '-- x\n' }] };
    assert.deepEqual(toJsonResults([file]), [
      {
        filePath: 'jobs/daily_orders.sql',
        language: 'sql',
        errorCount: 1,
        warningCount: 1,
        suppressedCount: 0,
        findings: [
          {
            ruleId: 'blind-insert',
            severity: 'error',
            message: 'message of blind-insert',
            line: 2,
            column: 1,
            endLine: 2,
            endColumn: 35,
            concept: 'idempotency',
            docsUrl: docsFileUrl('rules', 'blind-insert'),
            fix: { title: 'Add a guard', edits: [{ start: 7, end: 7, text: '-- x\n' }] },
          },
          {
            ruleId: 'late-rule',
            severity: 'warn',
            message: 'message of late-rule',
            line: 4,
            column: 2,
            endLine: 4,
            endColumn: 8,
            concept: 'late-data',
            docsUrl: docsFileUrl('rules', 'late-rule'),
          },
        ],
      },
    ]);
  });

  it('links to the docsBaseUrl of the run when there is one', () => {
    const [file] = toJsonResults([report([insertFinding])], 'https://docs.example.com/pipelint');
    assert.equal(file.findings[0].docsUrl, 'https://docs.example.com/pipelint/rules/blind-insert.md');
  });
});

describe('github output', () => {
  it('escapes %, CR and LF in messages, and also , and : in properties', () => {
    assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('dir,a/b:c%.sql'), 'dir%2Ca/b%3Ac%25.sql');
  });

  it('writes one workflow command per finding, with where to read more on a second line: a command, not a runner path', () => {
    const out = formatGithub([report([{ ...insertFinding, message: 'Re-run: 100% duplicates' }], 'jobs/a,b.sql'), report([deleteFinding])]);
    assert.equal(
      out,
      '::error file=jobs/a%2Cb.sql,line=2,col=1,endLine=2,endColumn=35,title=pipelint(blind-insert)::Re-run: 100%25 duplicates%0AWhy and how to fix: pipelint explain blind-insert\n' +
        '::warning file=jobs/daily_orders.sql,line=4,col=2,endLine=4,endColumn=8,title=pipelint(late-rule)::message of late-rule%0AWhy and how to fix: pipelint explain late-rule\n',
    );
  });

  it('uses notice for info and hint findings, and the docsBaseUrl page when there is one', () => {
    const out = formatGithub([report([{ ruleId: 'parse-error', severity: 'info', start: 0, end: 1, concept: null, message: 'm' }])], { ...context, docsBaseUrl: 'https://docs.example.com/pl' });
    assert.equal(out, '::notice file=jobs/daily_orders.sql,line=1,col=1,endLine=1,endColumn=2,title=pipelint(parse-error)::m%0AWhy and how to fix: https://docs.example.com/pl/rules/parse-error.md\n');
  });
});

const blindInsertMeta: RuleMeta = {
  id: 'blind-insert',
  language: 'sql',
  concept: 'idempotency',
  defaultSeverity: 'error',
  messages: { m: 'x' },
  schema: { type: 'object', properties: {}, additionalProperties: false },
  fixable: false,
  hasSuggestions: false,
  docs: { description: 'Flags inserts.', why: 'A re-run duplicates rows.', howToFix: 'Use MERGE.', whenNotToUse: 'Never.', bad: [], good: [] },
};

let compiledSarifSchema: ((data: unknown) => boolean) | null = null;

function sarifValidator(): (data: unknown) => boolean {
  if (compiledSarifSchema) return compiledSarifSchema;
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  compiledSarifSchema = ajv.compile(schema);
  return compiledSarifSchema;
}

describe('sarif output', () => {
  it('carries the whole rule page in help, and an absolute helpUri only with a docsBaseUrl, valid SARIF 2.1.0 both ways', () => {
    const validate = sarifValidator();
    const offline = buildSarif([report([insertFinding])], context) as { runs: [Record<string, any>] };
    const hosted = buildSarif([report([insertFinding])], { ...context, docsBaseUrl: 'https://docs.example.com/pipelint' }) as { runs: [Record<string, any>] };
    for (const log of [offline, hosted]) assert.ok(validate(log), JSON.stringify((validate as unknown as { errors: unknown }).errors, null, 2));
    const rule = (log: typeof offline, id: string) => log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === id);
    for (const id of ['blind-insert', 'parse-error', 'file-error']) {
      assert.equal(rule(offline, id).helpUri, undefined, id);
      assert.equal(rule(offline, id).properties.docsPath, `docs/rules/${id}.md`);
      assert.equal(rule(hosted, id).helpUri, `https://docs.example.com/pipelint/rules/${id}.md`);
      assert.ok(rule(offline, id).help.text.length > 40 && rule(offline, id).help.markdown.startsWith('# '), id);
    }
    const markdown: string = rule(offline, 'blind-insert').help.markdown;
    assert.match(markdown, /## Examples/);
    assert.match(markdown, /\*\*Concept:\*\* Idempotent pipelines \(`idempotency`/);
    assert.doesNotMatch(markdown, /\]\((?!https?:)[^)]*\)/, 'no relative or file link in the offline help');
    assert.match(rule(hosted, 'blind-insert').help.markdown, /\[Idempotent pipelines\]\(https:\/\/docs\.example\.com\/pipelint\/lessons\/idempotency\.md\)/);
  });

  it('validates against the SARIF 2.1.0 schema, with the real rule registry', () => {
    const file = report([insertFinding, deleteFinding]);
    file.findings[0].fix = { title: 'Add a guard', edits: [{ span: { start: 7, end: 7 }, text: '-- x\n' }] };
    const validate = sarifValidator();
    const log = JSON.parse(formatSarif([file, report([{ ruleId: 'parse-error', severity: 'error', start: 0, end: 0, concept: null }], 'b.sql')], context)) as unknown;
    assert.ok(validate(log), JSON.stringify((validate as unknown as { errors: unknown }).errors, null, 2));
  });

  it('describes rules from their docs and points results at them by index with relative locations', () => {
    const log = buildSarif([report([insertFinding])], context, [blindInsertMeta]) as { runs: [Record<string, any>] };
    assert.ok(sarifValidator()(log));
    const run = log.runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/project/' } });
    const driver = run.tool.driver;
    assert.equal(driver.name, 'pipelint');
    assert.equal(driver.version, '1.2.3');
    assert.deepEqual(driver.rules[0], {
      id: 'blind-insert',
      shortDescription: { text: 'Flags inserts.' },
      fullDescription: { text: 'A re-run duplicates rows.', markdown: 'A re-run duplicates rows.' },
      help: driver.rules[0].help,
      defaultConfiguration: { level: 'error' },
      properties: { concept: 'idempotency', language: 'sql', fixable: false, tags: ['idempotency', 'sql'], docsPath: 'docs/rules/blind-insert.md' },
    });
    // Without a docsBaseUrl nothing in the log points at a page that may not resolve where it is viewed.
    assert.ok(!JSON.stringify(log).includes('file:///work/wt') && !JSON.stringify(driver.rules[0].help).includes('](file:'));
    assert.match(driver.rules[0].help.markdown, /^# [\s\S]*A re-run duplicates rows\.[\s\S]*Use MERGE\./);
    assert.equal(driver.rules[0].help.text, 'A re-run duplicates rows.\n\nHow to fix: Use MERGE.\n\nLesson: pipelint explain idempotency');
    assert.deepEqual(run.results[0], {
      ruleId: 'blind-insert',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'message of blind-insert' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'jobs/daily_orders.sql', uriBaseId: '%SRCROOT%' },
            region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 35, charOffset: 7, charLength: 34 },
          },
        },
      ],
      // Their values are checked in test/src/ci/sarif-fingerprints.test.ts.
      partialFingerprints: run.results[0].partialFingerprints,
    });
  });
});
