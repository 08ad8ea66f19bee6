import * as nodeFs from 'node:fs';
import { UsageError } from './args.js';
import { decodeSource } from './encoding.js';

/** The file-system calls the CLI makes; injectable so tests can provoke faults that root would not see. */
export type CliFs = Pick<
  typeof nodeFs,
  | 'readFileSync'
  | 'statSync'
  | 'lstatSync'
  | 'readdirSync'
  | 'realpathSync'
  | 'openSync'
  | 'closeSync'
  | 'fstatSync'
  | 'readSync'
  | 'writeSync'
  | 'ftruncateSync'
  | 'accessSync'
  | 'existsSync'
  | 'writeFileSync'
  | 'mkdirSync'
  | 'renameSync'
  | 'rmSync'
>;

export const NODE_FS: CliFs = nodeFs;

export interface Writer {
  write(chunk: string): unknown;
}

/** Everything the CLI touches outside itself, injectable so tests run in-process. */
export interface CliIO {
  stdout: Writer;
  stderr: Writer;
  /** Reads all of standard input. */
  stdin: () => Promise<string>;
  cwd: string;
  /** Whether stdout is a terminal: turns colour on. */
  isTTY: boolean;
  /** Whether stderr is a terminal: turns the progress line on. Defaults to `isTTY`. */
  stderrIsTTY?: boolean;
  env: Record<string, string | undefined>;
  /** The terminal width, for wrapping lessons; unknown when not a terminal. */
  columns?: number;
  /** Milliseconds, for the progress line; defaults to Date.now. */
  now?: () => number;
  /** The file system; defaults to node:fs. */
  fs?: CliFs;
}

export function processIO(): CliIO {
  endQuietlyOnClosedPipe();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: readProcessStdin,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    columns: process.stdout.columns,
  };
}

/**
 * Reads all of standard input, decoded like a file (a UTF-16 BOM is honoured). A directory, or no
 * input at all (stdin closed, which Node turns into /dev/null), is a usage error: linting nothing and
 * exiting 0 would pass a CI step that was wired wrong. An empty pipe is an empty text, as an editor
 * sends for an empty buffer.
 */
async function readProcessStdin(): Promise<string> {
  let stat: nodeFs.Stats;
  try {
    stat = nodeFs.fstatSync(0);
  } catch (error) {
    throw new UsageError(`'--stdin' cannot read standard input: ${(error as Error).message.split(',')[0]}`);
  }
  if (stat.isDirectory()) throw new UsageError("'--stdin' found a directory on standard input; pipe the text to lint into pipelint");
  if (isDevNull(stat)) throw new UsageError("'--stdin' found no input: standard input is closed or /dev/null; pipe the text to lint into pipelint");
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (error) {
    throw new UsageError(`'--stdin' cannot read standard input: ${(error as Error).message.split(',')[0]}`);
  }
  return decodeSource(Buffer.concat(chunks)).text;
}

function isDevNull(stat: nodeFs.Stats): boolean {
  if (!stat.isCharacterDevice()) return false;
  try {
    return nodeFs.statSync('/dev/null').rdev === stat.rdev;
  } catch {
    return false;
  }
}

let pipeHandlers = false;

/**
 * `pipelint | head -1`: once the reader has gone, writes fail with EPIPE. There is nobody left to
 * tell, so the process ends at once, without a stack trace; the exit code already set stands.
 */
function endQuietlyOnClosedPipe(): void {
  if (pipeHandlers) return;
  pipeHandlers = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (stream === process.stdout) process.stderr.write(`pipelint: cannot write the report to standard output: ${error.message.split(',')[0]}\n`);
      process.exit(2);
    });
  }
}
