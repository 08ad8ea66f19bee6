/** How an option takes its value: a flag takes none, the others the next argument or `--name=value`. */
export type OptionType = 'flag' | 'string' | 'integer';

export interface OptionSpec {
  name: string;
  alias?: string;
  type: OptionType;
  /** Shown in --help after the option name, e.g. `<format>`. */
  valueName?: string;
  /** Accepted values of a string option; anything else is a usage error. */
  choices?: readonly string[];
  /** A flag that also accepts `--no-<name>`, which sets it to false. */
  negatable?: boolean;
  /** A flag that also takes an inline value, `--name=<valueName>` (never the next argument, which may be a path). */
  inlineValue?: boolean;
  description: string;
}

export type OptionValue = string | number | boolean;

export interface ParsedArgs {
  /** The subcommand, or null for linting. */
  command: string | null;
  positionals: string[];
  /** By option name; absent when not given. */
  values: Record<string, OptionValue>;
}

export interface CommandSpec {
  name: string;
  usage: string;
  description: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses argv against an options table. A first positional naming a command selects it. */
export function parseArgs(argv: readonly string[], options: readonly OptionSpec[], commands: readonly CommandSpec[]): ParsedArgs {
  const parsed: ParsedArgs = { command: null, positionals: [], values: {} };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      addPositional(parsed, arg, commands);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const { spec, inlineValue, negated } = lookupOption(arg, options);
    if (spec.type === 'flag') {
      if (inlineValue !== undefined && spec.inlineValue !== true) throw new UsageError(`option '--${spec.name}' takes no value`);
      if (inlineValue === '') throw new UsageError(`option '--${spec.name}=' needs a value ${spec.valueName ?? ''}`.trimEnd());
      parsed.values[spec.name] = inlineValue ?? !negated;
      continue;
    }
    const raw = inlineValue ?? argv[++i];
    if (raw === undefined) throw new UsageError(`option '--${spec.name}' needs a value ${spec.valueName ?? ''}`.trimEnd());
    parsed.values[spec.name] = convertValue(spec, raw);
  }
  return parsed;
}

function addPositional(parsed: ParsedArgs, arg: string, commands: readonly CommandSpec[]): void {
  if (parsed.command === null && parsed.positionals.length === 0 && commands.some((c) => c.name === arg)) {
    parsed.command = arg;
  } else {
    parsed.positionals.push(arg);
  }
}

function lookupOption(arg: string, options: readonly OptionSpec[]): { spec: OptionSpec; inlineValue?: string; negated: boolean } {
  if (!arg.startsWith('--')) {
    const spec = options.find((o) => o.alias === arg.slice(1));
    if (spec === undefined || arg.length !== 2) throw new UsageError(`unknown option '${arg}'`);
    return { spec, negated: false };
  }
  const eq = arg.indexOf('=');
  const name = arg.slice(2, eq === -1 ? undefined : eq);
  const inlineValue = eq === -1 ? undefined : arg.slice(eq + 1);
  const spec = options.find((o) => o.name === name);
  if (spec !== undefined) return { spec, inlineValue, negated: false };
  const positive = name.startsWith('no-') ? options.find((o) => o.name === name.slice(3) && o.negatable === true) : undefined;
  if (positive !== undefined) return { spec: positive, inlineValue, negated: true };
  throw new UsageError(`unknown option '--${name}'`);
}

function convertValue(spec: OptionSpec, raw: string): OptionValue {
  if (spec.type === 'integer') {
    if (!/^\d+$/.test(raw)) throw new UsageError(`option '--${spec.name}' needs a whole number, got '${raw}'`);
    return Number(raw);
  }
  if (spec.choices !== undefined && !spec.choices.includes(raw)) {
    throw new UsageError(`option '--${spec.name}' must be one of ${spec.choices.join(', ')}, got '${raw}'`);
  }
  return raw;
}

export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function integerValue(args: ParsedArgs, name: string): number | undefined {
  const value = args.values[name];
  return typeof value === 'number' ? value : undefined;
}

/** True or false when the flag was given (as --x or --no-x), undefined otherwise. */
export function flagValue(args: ParsedArgs, name: string): boolean | undefined {
  const value = args.values[name];
  return typeof value === 'boolean' ? value : undefined;
}

export interface HelpSections {
  usage: string[];
  commands: readonly CommandSpec[];
  options: readonly OptionSpec[];
  /** Extra titled paragraphs, e.g. exit codes. */
  footer: { title: string; lines: string[] }[];
}

export function renderHelp(sections: HelpSections): string {
  const out: string[] = ['Usage:', ...sections.usage.map((u) => `  ${u}`), '', 'Commands:'];
  out.push(...twoColumns(sections.commands.map((c) => [c.usage, c.description])));
  out.push('', 'Options:');
  out.push(...twoColumns(sections.options.map((o) => [optionLabel(o), optionDescription(o)])));
  for (const { title, lines } of sections.footer) out.push('', `${title}:`, ...lines.map((l) => `  ${l}`));
  return out.join('\n') + '\n';
}

function optionLabel(o: OptionSpec): string {
  const long = o.negatable === true ? `--[no-]${o.name}` : `--${o.name}`;
  const value = o.type !== 'flag' ? ` ${o.valueName ?? '<value>'}` : o.inlineValue === true ? `[=${o.valueName ?? '<value>'}]` : '';
  return `${o.alias !== undefined ? `-${o.alias}, ` : '    '}${long}${value}`;
}

function optionDescription(o: OptionSpec): string {
  return o.choices !== undefined ? `${o.description} (${o.choices.join(', ')})` : o.description;
}

function twoColumns(rows: string[][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}
