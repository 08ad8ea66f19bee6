import { ErrorCodes, Message, type DataCallback, type Disposable, type Event, type MessageReader, type MessageWriter, type PartialMessageInfo } from 'vscode-languageserver/node';

/** The JSON-RPC error replies the library does not send itself. */
export const PARSE_ERROR_REPLY = { code: ErrorCodes.ParseError, message: 'Parse error: the message is not valid JSON.' };
export const INVALID_MESSAGE_REPLY = { code: ErrorCodes.InvalidRequest, message: 'Invalid request: not a JSON-RPC 2.0 request, notification or response.' };
export const AFTER_SHUTDOWN_REPLY = { code: ErrorCodes.InvalidRequest, message: 'Invalid request: the server is shutting down; only the exit notification is accepted.' };

/**
 * Sits between the transport's reader and the connection and answers what the JSON-RPC 2.0 and LSP specifications
 * require but vscode-jsonrpc leaves unanswered: a message that is not JSON gets a `-32700` parse error (id null),
 * valid JSON that is no request, notification or response gets `-32600`, and after a `shutdown` request every
 * further request gets `-32600` too. A document request (hover, code action) whose params lack the document, position
 * or range gets `-32602` rather than a handler's TypeError. Everything else passes through unchanged.
 */
export class ConformingReader implements MessageReader {
  shutdownReceived = false;

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  get onError(): Event<Error> {
    return this.inner.onError;
  }

  get onClose(): Event<void> {
    return this.inner.onClose;
  }

  get onPartialMessage(): Event<PartialMessageInfo> {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    const errors = this.inner.onError((error) => {
      if (error instanceof SyntaxError) this.reply(null, PARSE_ERROR_REPLY);
    });
    const listening = this.inner.listen((message) => {
      const answer = this.check(message);
      if (answer === null) callback(message);
      else this.reply(answer.id, answer.error);
    });
    return { dispose: () => (errors.dispose(), listening.dispose()) };
  }

  dispose(): void {
    this.inner.dispose();
  }

  /** null to pass the message on, or the error to answer instead. */
  private check(message: Message): { id: string | number | null; error: { code: number; message: string } } | null {
    if (Message.isRequest(message)) {
      if (this.shutdownReceived) return { id: message.id, error: AFTER_SHUTDOWN_REPLY };
      if (message.method === 'shutdown') this.shutdownReceived = true;
      const invalid = invalidParams(message.method, message.params);
      return invalid === null ? null : { id: message.id, error: { code: ErrorCodes.InvalidParams, message: `Invalid params: ${invalid}.` } };
    }
    if (Message.isNotification(message) || Message.isResponse(message)) return null;
    const id = (message as { id?: unknown } | null)?.id;
    return { id: typeof id === 'string' || typeof id === 'number' ? id : null, error: INVALID_MESSAGE_REPLY };
  }

  private reply(id: string | number | null, error: { code: number; message: string }): void {
    // A client that is gone cannot be told; the transport reports that itself.
    this.writer.write({ jsonrpc: '2.0', id, error } as Message).catch(() => undefined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && [value.line, value.character].every((n) => Number.isInteger(n) && (n as number) >= 0);
}

/** What is missing from the params of a document request the server answers; null when they have the right shape. */
export function invalidParams(method: string, params: unknown): string | null {
  const needs = DOCUMENT_REQUESTS[method];
  if (needs === undefined) return null;
  if (!isRecord(params)) return `${method} needs an object`;
  if (!isRecord(params.textDocument) || typeof params.textDocument.uri !== 'string') return `${method} needs textDocument.uri, a string`;
  if (needs.includes('position') && !isPosition(params.position)) return `${method} needs position, a line and character of non-negative integers`;
  if (needs.includes('range') && !(isRecord(params.range) && isPosition(params.range.start) && isPosition(params.range.end))) return `${method} needs range, a start and end position`;
  if (needs.includes('context') && !(isRecord(params.context) && Array.isArray(params.context.diagnostics))) return `${method} needs context.diagnostics, an array`;
  return null;
}

const DOCUMENT_REQUESTS: Record<string, readonly string[]> = {
  'textDocument/hover': ['position'],
  'textDocument/codeAction': ['range', 'context'],
  'textDocument/diagnostic': [],
};
