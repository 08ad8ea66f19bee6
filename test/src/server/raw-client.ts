import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_BIN } from './lsp-client.js';

/** A server over real stdio, fed raw bytes, so malformed frames can be sent as a broken client would. */
export class RawServer {
  readonly process: ChildProcess;
  private buffer = Buffer.alloc(0);
  /** Off to keep memory flat over long fuzz runs: published diagnostics are then dropped. */
  keepNotifications = true;
  private readonly replies: Record<string, unknown>[] = [];
  private waiting: (() => void) | null = null;
  readonly exited: Promise<number | null>;

  stderr = '';

  constructor() {
    this.process = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-50_000);
    });
    this.process.stdin!.on('error', () => undefined);
    this.process.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
  }

  sendRaw(body: string): void {
    if (!this.process.stdin!.writable) return;
    this.process.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  send(message: Record<string, unknown>): void {
    this.sendRaw(JSON.stringify({ jsonrpc: '2.0', ...message }));
  }

  /** The next message from the server that is a response (has an id and no method), in order. */
  async nextResponse(): Promise<Record<string, unknown>> {
    for (;;) {
      const index = this.replies.findIndex((m) => !('method' in m));
      if (index >= 0) return this.replies.splice(index, 1)[0];
      if (this.process.exitCode !== null || this.process.signalCode !== null) throw new Error('the server exited');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** The response with this id, or null when none arrives within `ms` or the server exits. Other responses are kept. */
  async responseTo(id: string | number | null, ms: number): Promise<Record<string, unknown> | null> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.replies.findIndex((m) => !('method' in m) && m.id === id);
      if (index >= 0) return this.replies.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0 || this.process.exitCode !== null || this.process.signalCode !== null) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => (clearTimeout(timer), resolve());
      });
    }
  }

  /** Answers the server's own requests (configuration, registration, progress) so it never waits on the client. */
  answerServerRequests(settings: Record<string, unknown> = {}): void {
    this.onServerRequest = (message) => {
      const params = message.params as { items?: unknown[] } | undefined;
      const result = message.method === 'workspace/configuration' ? (params?.items ?? []).map(() => settings) : null;
      this.send({ id: message.id, result });
    };
  }

  /** Notifications and requests from the server since the last call. */
  takeServerMessages(): Record<string, unknown>[] {
    const out = this.replies.filter((m) => 'method' in m);
    for (let i = this.replies.length - 1; i >= 0; i--) if ('method' in this.replies[i]) this.replies.splice(i, 1);
    return out;
  }

  private onServerRequest: ((message: Record<string, unknown>) => void) | null = null;

  async initialize(): Promise<void> {
    this.send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    const reply = await this.nextResponse();
    assert.equal(reply.id, 1);
    this.send({ method: 'initialized', params: {} });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) break;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Record<string, unknown>;
      if ('method' in message && 'id' in message && this.onServerRequest !== null) this.onServerRequest(message);
      else if (!('method' in message) || this.keepNotifications) this.replies.push(message);
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    }
    this.waiting?.();
    this.waiting = null;
  }
}

