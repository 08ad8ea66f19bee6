import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, SERVER_BIN } from './lsp-client.js';
import { RawServer } from './raw-client.js';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('language server protocol conformance (real stdio)', function () {
  this.timeout(30000);
  let server: RawServer;

  afterEach(() => {
    if (server.process.exitCode === null) server.process.kill();
  });

  it('answers a message that is not JSON with a -32700 parse error and keeps serving', async () => {
    server = new RawServer();
    server.sendRaw('{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.deepEqual(await server.nextResponse(), { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message is not valid JSON.' } });
    await server.initialize();
    server.send({ id: 2, method: 'shutdown' });
    assert.deepEqual(await server.nextResponse(), { jsonrpc: '2.0', id: 2, result: null });
  });

  it('answers valid JSON that is no request, notification or response with -32600', async () => {
    server = new RawServer();
    await server.initialize();
    server.sendRaw('[1, 2]');
    assert.deepEqual(await server.nextResponse(), {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Invalid request: not a JSON-RPC 2.0 request, notification or response.' },
    });
    server.sendRaw('{"jsonrpc": "2.0", "id": 7}');
    assert.deepEqual((await server.nextResponse()).id, 7);
  });

  it('answers a hover or code action without a document, position or range with -32602, not a TypeError', async () => {
    server = new RawServer();
    await server.initialize();
    server.send({ id: 2, method: 'textDocument/hover', params: {} });
    assert.deepEqual(await server.nextResponse(), {
      jsonrpc: '2.0',
      id: 2,
      error: { code: -32602, message: 'Invalid params: textDocument/hover needs textDocument.uri, a string.' },
    });
    server.send({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.sql' }, position: { line: -1, character: 0 } } });
    assert.deepEqual((await server.nextResponse()).error, { code: -32602, message: 'Invalid params: textDocument/hover needs position, a line and character of non-negative integers.' });
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    server.send({ id: 4, method: 'textDocument/codeAction', params: { textDocument: { uri: 'file:///x.sql' }, range } });
    assert.deepEqual((await server.nextResponse()).error, { code: -32602, message: 'Invalid params: textDocument/codeAction needs context.diagnostics, an array.' });
    server.send({ id: 5, method: 'textDocument/codeAction', params: { textDocument: { uri: 'file:///x.sql' }, range, context: { diagnostics: [] } } });
    assert.deepEqual(await server.nextResponse(), { jsonrpc: '2.0', id: 5, result: [] });
  });

  it('rejects requests after shutdown with InvalidRequest and exits 0 on exit', async () => {
    server = new RawServer();
    await server.initialize();
    server.send({ id: 2, method: 'shutdown' });
    assert.deepEqual(await server.nextResponse(), { jsonrpc: '2.0', id: 2, result: null });
    server.send({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.sql' }, position: { line: 0, character: 0 } } });
    assert.deepEqual(await server.nextResponse(), {
      jsonrpc: '2.0',
      id: 3,
      error: { code: -32600, message: 'Invalid request: the server is shutting down; only the exit notification is accepted.' },
    });
    server.send({ method: 'exit' });
    assert.equal(await server.exited, 0);
  });

  it('exits 1 on exit without a shutdown first', async () => {
    server = new RawServer();
    await server.initialize();
    server.send({ method: 'exit' });
    assert.equal(await server.exited, 1);
  });

  it('exits 1 when the client closes the stream without shutdown, 0 after one', async () => {
    server = new RawServer();
    await server.initialize();
    server.process.stdin!.end();
    assert.equal(await server.exited, 1);
    server = new RawServer();
    await server.initialize();
    server.send({ id: 2, method: 'shutdown' });
    await server.nextResponse();
    server.process.stdin!.end();
    assert.equal(await server.exited, 0);
  });
});

describe('pipelint-language-server command line', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [SERVER_BIN, ...args], { encoding: 'utf8', timeout: 20000, input: '' });

  it('prints usage for --help and exits 0', () => {
    const result = run('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: pipelint-language-server <transport>\n/);
    assert.match(result.stdout, /\n {2}--stdio {12}JSON-RPC over standard input and output\n/);
    assert.equal(result.stderr, '');
  });

  it('prints the package version for --version', () => {
    const result = run('--version');
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${VERSION}\n`);
  });

  it('prints usage, not a stack trace, and exits 2 without a transport', () => {
    const result = run();
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^pipelint-language-server: no transport given: pass --stdio, --node-ipc, --socket=<port> or --pipe=<name>\n\nUsage: /);
    assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+/);
  });

  it('exits 2 for a --socket that is not a port', () => {
    const result = run('--socket=abc');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^pipelint-language-server: --socket needs a port number from 1 to 65535, not "abc"\n/);
  });
});
