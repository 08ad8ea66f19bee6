import * as fs from 'node:fs';
import * as path from 'node:path';

/** The command line of pipelint-language-server, parsed without side effects. */
export type Transport = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number } | { kind: 'pipe'; name: string };

export type Invocation = { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string } | { kind: 'serve'; transport: Transport };

export const USAGE = [
  'Usage: pipelint-language-server <transport>',
  '',
  'The pipelint language server: lint SQL, dbt/Jinja SQL and TypeScript/JavaScript pipeline code in an editor.',
  '',
  'Transports (one is required):',
  '  --stdio            JSON-RPC over standard input and output',
  '  --node-ipc         Node IPC channel (how VS Code forks the server)',
  '  --socket=<port>    connect to a socket on this port',
  '  --pipe=<name>      connect to this named pipe or Unix socket',
  '',
  'Options:',
  '  --clientProcessId=<pid>  exit when this process ends (editors pass it)',
  '  -h, --help               print this help',
  '  -v, --version            print the version',
].join('\n');

/** What the command line asks for. Options the server does not know are left to the library (editors add some). */
export function parseInvocation(argv: readonly string[]): Invocation {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitOption(argv[i]);
    if (flag === '--stdio') return { kind: 'serve', transport: { kind: 'stdio' } };
    if (flag === '--node-ipc') return { kind: 'serve', transport: { kind: 'node-ipc' } };
    if (flag === '--socket' || flag === '--pipe') {
      const value = inline ?? argv[i + 1];
      if (value === undefined || value === '') return { kind: 'usage-error', message: `${flag} needs a value` };
      if (flag === '--pipe') return { kind: 'serve', transport: { kind: 'pipe', name: value } };
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return { kind: 'usage-error', message: `--socket needs a port number from 1 to 65535, not ${JSON.stringify(value)}` };
      return { kind: 'serve', transport: { kind: 'socket', port } };
    }
  }
  return { kind: 'usage-error', message: 'no transport given: pass --stdio, --node-ipc, --socket=<port> or --pipe=<name>' };
}

function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** The package version: package.json is two folders up from server/out, one up from the bundled dist/server.js. */
export function serverVersion(): string {
  for (const candidate of [path.join(__dirname, '..', '..', 'package.json'), path.join(__dirname, '..', 'package.json')]) {
    try {
      const manifest = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'pipelint' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // not this one
    }
  }
  return 'unknown';
}

