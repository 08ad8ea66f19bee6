// Scaffolds a rule: `npm run new-rule -- <id> --lang sql|ts|py [--concept <lesson>]`. Creates the rule folder and its
// test file, then regenerates the indexes. The rule builds at once; its tests fail until it is filled in.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generate-rules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LESSONS = ['idempotency', 'backpressure', 'late-data', 'dead-letter-queues', 'cost-of-freshness'];

function camelCase(id) {
  return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

const DOCS = '    docs,';

/** The prose and examples of the rule, beside its code; its tests fail until the examples are written. */
const MARKDOWN = `One sentence: what the rule flags.

## Why

What goes wrong when this code is re-run, meets a load spike or a bad message.

## How to fix

The fix pattern, in words.

## When not to use it

When suppressing the rule is fine.

## Examples

`;

function sqlRule(id, concept) {
  return `import { defineSqlRule } from '../../rule-api.js';
import docs from './docs.js';

export default defineSqlRule({
  meta: {
    id: '${id}',
    language: 'sql',
    concept: '${concept}',
    defaultSeverity: 'warn',
    messages: {
      found: 'State the consequence: what a re-run, a load spike or a bad message does to {{table}}.',
    },
${DOCS}
  },
  create() {
    return {};
  },
});
`;
}

function tsRule(id, concept) {
  return `import { defineTsRule } from '../../create-rule.js';
import docs from './docs.js';

export const ${camelCase(id)} = defineTsRule<'found', Record<string, never>>({
  type: 'problem',
  meta: {
    id: '${id}',
    concept: '${concept}',
    defaultSeverity: 'warn',
    messages: {
      found: 'State the consequence: what a re-run, a load spike or a bad message does to {{name}}.',
    },
${DOCS}
  },
  create() {
    return {};
  },
});
`;
}

function pyRule(id, concept) {
  return `import { definePyRule } from '../../rule-api.js';
import docs from './docs.js';

export default definePyRule({
  meta: {
    id: '${id}',
    language: 'py',
    concept: '${concept}',
    defaultSeverity: 'warn',
    messages: {
      found: 'State the consequence: what a re-run, a load spike or a bad message does to {{name}}.',
    },
${DOCS}
  },
  check() {},
});
`;
}

function pyTest(id) {
  return `import rule from '../../../../rules/out/py/rules/${id}/index.js';
import { testPyRule } from './tester.js';

testPyRule(rule, {
  valid: [
    {
      name: 'the safe look-alike of the pattern',
      code: \`
x = 1
\`,
    },
  ],
  invalid: [
    {
      name: 'the pattern the rule exists for',
      code: \`
x = 1
\`,
      errors: [{ messageId: 'found', line: 2, column: 1 }],
    },
  ],
});
`;
}

function sqlTest(id) {
  return `import rule from '../../../../rules/out/sql/rules/${id}/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'the safe look-alike of the pattern',
      code: \`
        SELECT 1;
      \`,
    },
  ],
  invalid: [
    {
      name: 'the pattern the rule exists for',
      code: \`
        SELECT 1;
      \`,
      errors: [{ messageId: 'found', line: 1, column: 1 }],
    },
  ],
});
`;
}

function tsTest(id) {
  return `import { ${camelCase(id)} } from '../../../../rules/out/ts/rules/${id}/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(${camelCase(id)}, {
  valid: [
    {
      name: 'the safe look-alike of the pattern',
      code: \`
export const x = 1;
\`,
    },
  ],
  invalid: [
    {
      name: 'the pattern the rule exists for',
      code: \`
export const x = 1;
\`,
      errors: [{ messageId: 'found', line: 2, column: 1 }],
    },
  ],
});
`;
}

function fail(message) {
  process.stderr.write(`new-rule: ${message}\nusage: npm run new-rule -- <id> --lang sql|ts|py [--concept <lesson>]\n`);
  return 2;
}

function main(args) {
  const flag = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const id = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const lang = flag('--lang');
  const concept = flag('--concept') ?? 'idempotency';
  if (!id || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) return fail(`the rule id must be kebab-case, got ${id ?? 'nothing'}`);
  if (lang !== 'sql' && lang !== 'ts' && lang !== 'py') return fail(`--lang must be sql, ts or py, got ${lang ?? 'nothing'}`);
  if (!LESSONS.includes(concept)) return fail(`--concept must be one of ${LESSONS.join(', ')}`);
  const folder = join(root, 'rules', 'src', lang, 'rules', id);
  // A Python rule may share the id of a SQL or TypeScript rule (same concept and fix); SQL and TypeScript may not.
  const clashes = lang === 'py' ? ['py'] : ['sql', 'ts'];
  for (const other of clashes) {
    if (existsSync(join(root, 'rules', 'src', other, 'rules', id))) return fail(`${id} already exists in rules/src/${other}/rules/`);
  }
  const files = new Map([
    [join(folder, 'index.ts'), lang === 'sql' ? sqlRule(id, concept) : lang === 'ts' ? tsRule(id, concept) : pyRule(id, concept)],
    [join(folder, `${id}.md`), MARKDOWN],
    [join(root, 'test', 'src', lang, 'rules', `${id}.test.ts`), lang === 'sql' ? sqlTest(id) : lang === 'ts' ? tsTest(id) : pyTest(id)],
  ]);
  mkdirSync(folder, { recursive: true });
  for (const [file, content] of files) writeFileSync(file, content);
  for (const [file, content] of generatedFiles()) writeFileSync(join(root, file), content);
  const created = [...files.keys()].map((f) => relative(root, f)).join(', ');
  process.stdout.write(`created ${created}; regenerated the rule indexes.\nFill in the rule, its docs and examples and its tests, then run \`npm run docs\` and \`npm test\`.\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
