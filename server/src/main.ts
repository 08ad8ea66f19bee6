import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { PipelintServer } from './server.js';

// The transport comes from the command line: --stdio, --node-ipc (how VS Code forks it) or --socket=<port>.
const connection = createConnection(ProposedFeatures.all);
new PipelintServer(connection);
// One failed request or notification must not take the server down with every open editor's diagnostics.
process.on('unhandledRejection', (reason) => connection.console.error(`pipelint: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
connection.listen();
