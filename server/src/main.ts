import { format } from 'node:util';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { parseInvocation, serverVersion, USAGE, type Transport } from './invocation.js';
import { ConformingReader } from './json-rpc.js';
import { PipelintServer } from './server.js';

function transportOf(transport: Transport): [MessageReader, MessageWriter] {
  switch (transport.kind) {
    case 'stdio':
      return [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
    case 'node-ipc':
      return [new IPCMessageReader(process), new IPCMessageWriter(process)];
    case 'socket':
      return createServerSocketTransport(transport.port);
    case 'pipe':
      return createServerPipeTransport(transport.name);
  }
}

function serve(transport: Transport): void {
  const [rawReader, writer] = transportOf(transport);
  const reader = new ConformingReader(rawReader, writer);
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  if (transport.kind === 'stdio') {
    // Standard output is the protocol stream: a stray console.log would corrupt it, so it goes to the client's log.
    console.log = (...args: unknown[]) => connection.console.log(format(...args));
    console.info = (...args: unknown[]) => connection.console.info(format(...args));
    console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
    console.error = (...args: unknown[]) => connection.console.error(format(...args));
  }
  // The client went away without `exit`: the protocol says 0 after a shutdown request, 1 otherwise.
  rawReader.onClose(() => process.exit(reader.shutdownReceived ? 0 : 1));
  new PipelintServer(connection);
  // One failed request or notification must not take the server down with every open editor's diagnostics.
  process.on('unhandledRejection', (reason) => connection.console.error(`pipelint: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
  connection.listen();
}

export function main(argv: readonly string[]): void {
  const invocation = parseInvocation(argv);
  switch (invocation.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    case 'version':
      process.stdout.write(`${serverVersion()}\n`);
      return;
    case 'usage-error':
      process.stderr.write(`pipelint-language-server: ${invocation.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    case 'serve':
      serve(invocation.transport);
  }
}

main(process.argv.slice(2));
