// A worker thread of `--jobs`: lints the texts the main thread sends, with the configs it resolved, and
// posts back each result by its index. It reads no file and writes none: reading, the cache, fixes and
// the report stay in the main thread, so a run's output does not depend on how the work was shared.
import { parentPort } from 'node:worker_threads';
import { lintText } from '../engine.js';
import type { WorkerBatch, WorkerReply } from './parallel.js';

const port = parentPort;
if (port !== null) {
  port.on('message', (batch: WorkerBatch) => {
    const reply: WorkerReply = { batch: batch.batch, results: [] };
    for (const item of batch.items) {
      try {
        const result = lintText(item.text, { filename: item.filename, config: item.config });
        reply.results.push({ index: item.index, result: { language: result.language, findings: result.findings, suppressedCount: result.suppressedCount } });
      } catch (error) {
        // lintText never throws; should it, the main thread lints that file itself and reports what happens.
        reply.results.push({ index: item.index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    port.postMessage(reply);
  });
}
