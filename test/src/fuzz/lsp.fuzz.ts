import { RawServer } from '../server/raw-client.js';
import { prng } from '../sql/prng.js';
import { engineCase } from './engine.fuzz.js';

/** A reply slower than this counts as a hang (generous: the machine may be loaded and a didOpen lints at once). */
export const REPLY_LIMIT_MS = 20_000;

type Random = () => number;
type Json = Record<string, unknown>;

/** One step of a sequence, as sent; `expect` says which reply a request must get. */
export interface Step {
  send: Json | string;
  expect?: 'result' | 'parse-error' | 'invalid-request' | 'invalid-params' | 'method-not-found' | 'exit-0';
}

const EXTENSIONS = ['sql', 'ts', 'js', 'sql.j2', 'tsx', 'txt'];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: Random, below: number): number => Math.floor(random() * below);

function randomPosition(random: Random): { line: number; character: number } {
  return { line: int(random, 40), character: int(random, 120) };
}

function randomRange(random: Random): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const a = randomPosition(random);
  const b = randomPosition(random);
  return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
}

/** Sequence `index` of the run seeded with `seed`: didOpen/didChange/hover/codeAction/malformed JSON/shutdown in a random order. */
export function lspSequence(seed: number, index: number): Step[] {
  const random = prng((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const uris = Array.from({ length: 1 + int(random, 3) }, (_, k) => `file:///fuzz/${seed}/${index}/doc${k}.${pick(random, EXTENSIONS)}`);
  const versions = new Map<string, number>();
  const steps: Step[] = [];
  let id = 1;
  const request = (method: string, params: unknown, expect: Step['expect'] = 'result'): void => {
    steps.push({ send: { jsonrpc: '2.0', id: id++, method, params }, expect });
  };
  const notify = (method: string, params: unknown): void => {
    steps.push({ send: { jsonrpc: '2.0', method, params } });
  };
  const length = 3 + int(random, 14);
  for (let n = 0; n < length; n++) {
    const uri = pick(random, uris);
    const roll = random();
    if (roll < 0.22) {
      const text = engineCase(seed, index * 17 + n).text;
      versions.set(uri, 1);
      notify('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('sql') ? 'sql' : 'typescript', version: 1, text } });
    } else if (roll < 0.42) {
      const version = (versions.get(uri) ?? 0) + (random() < 0.9 ? 1 : -1);
      versions.set(uri, version);
      const text = engineCase(seed, index * 17 + n + 1000).text.slice(0, int(random, 200));
      const change = random() < 0.8 ? { range: randomRange(random), text } : { text };
      notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    } else if (roll < 0.62) {
      request('textDocument/hover', { textDocument: { uri }, position: randomPosition(random) });
    } else if (roll < 0.77) {
      const diagnostics = random() < 0.5 ? [] : [{ range: randomRange(random), message: 'm', source: 'pipelint', code: pick(random, ['blind-insert', 'unguarded-ddl', 'x']), data: pick(random, [null, 1, 'x', { ruleId: 'blind-insert' }, [1]]) }];
      request('textDocument/codeAction', { textDocument: { uri }, range: randomRange(random), context: { diagnostics } });
    } else if (roll < 0.84) {
      steps.push({ send: pick(random, ['{', '{"jsonrpc":"2.0","id":', 'null,', '\u0000\u00ff', '{"a":1}}', '"unterminated']), expect: 'parse-error' });
    } else if (roll < 0.88) {
      steps.push({ send: pick(random, ['[]', '42', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","method":7}']), expect: 'invalid-request' });
    } else if (roll < 0.91) {
      request(`fuzz/unknown${int(random, 3)}`, {}, 'method-not-found');
    } else if (roll < 0.94) {
      // Params of the wrong shape: an InvalidParams error, and the server lives on.
      const position = pick(random, [undefined, { line: -1, character: 0 }, { line: 0.5, character: 0 }, { line: 0 }]);
      const params = pick(random, [null, {}, { textDocument: 3 }, [1, 2], { textDocument: { uri: 7 } }, { textDocument: { uri }, position }]);
      request(pick(random, ['textDocument/hover', 'textDocument/codeAction']), params, 'invalid-params');
    } else {
      versions.delete(uri);
      notify('textDocument/didClose', { textDocument: { uri } });
    }
  }
  if (random() < 0.02) {
    request('shutdown', null);
    request('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: 0, character: 0 } }, 'invalid-request');
    steps.push({ send: { jsonrpc: '2.0', method: 'exit' }, expect: 'exit-0' });
  } else {
    for (const uri of uris) notify('textDocument/didClose', { textDocument: { uri } });
    // A last request proves the server is still answering after everything above.
    request('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: 0, character: 0 } });
  }
  return steps;
}

function replyProblem(step: Step, reply: Json): string | null {
  if (reply.jsonrpc !== '2.0') return `reply without jsonrpc 2.0: ${JSON.stringify(reply).slice(0, 200)}`;
  const hasResult = 'result' in reply;
  const error = reply.error as { code?: unknown; message?: unknown } | undefined;
  if (hasResult === (error !== undefined)) return `reply needs exactly one of result and error: ${JSON.stringify(reply).slice(0, 200)}`;
  if (error !== undefined && (!Number.isInteger(error.code) || typeof error.message !== 'string')) return `malformed error: ${JSON.stringify(error)}`;
  const wanted = { 'parse-error': -32700, 'invalid-request': -32600, 'invalid-params': -32602, 'method-not-found': -32601 } as const;
  if (step.expect === 'result' && !hasResult) return `expected a result, got ${JSON.stringify(error)}`;
  if (step.expect !== undefined && step.expect in wanted && error?.code !== wanted[step.expect as keyof typeof wanted]) {
    return `expected error ${wanted[step.expect as keyof typeof wanted]}, got ${JSON.stringify(reply).slice(0, 200)}`;
  }
  if (hasResult && step.expect === 'result') {
    const method = (step.send as Json).method;
    const result = reply.result as Json | unknown[] | null;
    if (method === 'textDocument/hover' && result !== null && typeof (result as { contents?: { value?: unknown } }).contents?.value !== 'string') return `hover without Markdown contents: ${JSON.stringify(result).slice(0, 200)}`;
    if (method === 'textDocument/codeAction' && result !== null && !Array.isArray(result)) return `codeAction result is not an array: ${JSON.stringify(result).slice(0, 200)}`;
  }
  return null;
}

/** Plays one sequence against `server`; the problems, and whether the server ended (an `exit` step). */
export async function playSequence(server: RawServer, steps: readonly Step[]): Promise<{ problems: string[]; ended: boolean }> {
  const problems: string[] = [];
  for (const step of steps) {
    if (typeof step.send === 'string') server.sendRaw(step.send);
    else server.send(step.send);
    if (step.expect === 'exit-0') {
      const code = await Promise.race([server.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), REPLY_LIMIT_MS))]);
      if (code !== 0) problems.push(`exit after shutdown ended with ${String(code)}, not 0`);
      return { problems, ended: true };
    }
    const id = typeof step.send === 'string' || step.expect === 'parse-error' || step.expect === 'invalid-request' && !('id' in (step.send as Json)) ? null : ((step.send as Json).id as number | undefined);
    if (step.expect === undefined && (typeof step.send === 'string' || !('id' in step.send))) continue;
    const reply = await server.responseTo(id ?? null, REPLY_LIMIT_MS);
    if (reply === null) {
      problems.push(server.process.exitCode !== null || server.process.signalCode !== null ? `server died (${server.process.exitCode ?? server.process.signalCode}): ${server.stderr.slice(-500)}` : `hang: no reply to ${JSON.stringify(step.send).slice(0, 200)} within ${REPLY_LIMIT_MS} ms`);
      return { problems, ended: true };
    }
    const problem = replyProblem(step, reply);
    if (problem !== null) problems.push(problem);
  }
  return { problems, ended: false };
}

async function startServer(): Promise<RawServer> {
  const server = new RawServer();
  server.keepNotifications = false;
  server.answerServerRequests();
  await server.initialize();
  return server;
}

/** Replays a saved failing sequence (its steps as JSON) against a fresh server. */
export async function replay(input: unknown): Promise<string[]> {
  const server = await startServer();
  try {
    return (await playSequence(server, input as Step[])).problems;
  } finally {
    if (server.process.exitCode === null) server.process.kill();
  }
}

/** `cases` random message sequences against a real server process over stdio, restarted only when a sequence ends it. */
export async function run(cases: number, seed: number): Promise<{ cases: number; failures: string[] }> {
  const failures: string[] = [];
  let server = await startServer();
  try {
    for (let i = 0; i < cases; i++) {
      const steps = lspSequence(seed, i);
      const { problems, ended } = await playSequence(server, steps);
      for (const p of problems) failures.push(`${p.split('\n')[0]}\n${JSON.stringify(steps)}`);
      if (ended) {
        if (server.process.exitCode === null) server.process.kill();
        server = await startServer();
      }
    }
  } finally {
    if (server.process.exitCode === null) server.process.kill();
  }
  return { cases, failures };
}
