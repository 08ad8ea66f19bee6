import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { PipelintServer } from './server.js';

// The transport comes from the command line: --stdio, --node-ipc (how VS Code forks it) or --socket=<port>.
const connection = createConnection(ProposedFeatures.all);
new PipelintServer(connection);
connection.listen();
