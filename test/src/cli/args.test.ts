import * as assert from 'node:assert/strict';
import { parseArgs, UsageError, type CommandSpec, type OptionSpec } from '@pipelint/engine/internal/cli/args.js';
import { helpText, OPTIONS } from '@pipelint/engine/internal/cli/main.js';

const options: OptionSpec[] = [
  { name: 'format', alias: 'f', type: 'string', choices: ['stylish', 'json'], description: 'format' },
  { name: 'max-warnings', type: 'integer', description: 'n' },
  { name: 'quiet', type: 'flag', description: 'quiet' },
  { name: 'color', type: 'flag', negatable: true, description: 'colour' },
];
const commands: CommandSpec[] = [{ name: 'rules', usage: 'rules', description: 'list' }];

describe('argument parsing', () => {
  it('reads long, short and inline option values', () => {
    assert.deepEqual(parseArgs(['--format', 'json', '--max-warnings=3', '-f', 'stylish', 'a.sql'], options, commands), {
      command: null,
      positionals: ['a.sql'],
      values: { format: 'stylish', 'max-warnings': 3 },
    });
  });

  it('sets a negatable flag to false with --no-', () => {
    assert.deepEqual(parseArgs(['--no-color', '--quiet'], options, commands).values, { color: false, quiet: true });
  });

  it('recognises a command only as the first positional', () => {
    assert.equal(parseArgs(['rules'], options, commands).command, 'rules');
    assert.deepEqual(parseArgs(['models', 'rules'], options, commands).positionals, ['models', 'rules']);
  });

  it('treats everything after -- as paths', () => {
    assert.deepEqual(parseArgs(['--', '--quiet'], options, commands).positionals, ['--quiet']);
  });

  it('rejects unknown options, missing values, bad choices and non-numbers', () => {
    const cases: [string[], RegExp][] = [
      [['--fromat', 'json'], /unknown option '--fromat'/],
      [['--format'], /option '--format' needs a value/],
      [['--format', 'xml'], /must be one of stylish, json, got 'xml'/],
      [['--max-warnings', 'ten'], /needs a whole number, got 'ten'/],
      [['--quiet=yes'], /takes no value/],
      [['--no-quiet'], /unknown option '--no-quiet'/],
      [['-x'], /unknown option '-x'/],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseArgs(argv, options, commands), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  });

  it('lists every option of the CLI and the exit codes in --help', () => {
    const help = helpText();
    for (const option of OPTIONS) assert.ok(help.includes(`--${option.name}`) || help.includes(`--[no-]${option.name}`), option.name);
    assert.match(help, /Exit codes:\n  0  no errors/);
    assert.match(help, /  2  usage error, invalid configuration/);
  });
});
