import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../core/config.js';
import type { CachedResult, LintCache } from './cache.js';
import type { FileReport } from './formats/types.js';
import { NODE_FS, type CliIO } from './io.js';
import { finishTarget, lintWithEngine, prepareTarget, type LintSettings, type LintTarget, type PendingLint } from './lint-run.js';
import { ProgressLine } from './progress.js';

/**
 * Below this many files to lint, a worker's start-up (loading the engine again) costs more than it
 * saves, so the run stays in one thread whatever `--jobs` says.
 */
export const PARALLEL_THRESHOLD = 200;
/**
 * Nor below this much text (UTF-16 code units, about bytes): 650 migration files of 5,000 lines in all
 * lint in a fraction of a second, less than a worker takes to load the engine.
 */
export const PARALLEL_MIN_TEXT = 1_000_000;
/** Files sent to a worker at a time: large enough to keep messages rare, small enough to share the tail. */
const BATCH_FILES = 24;

export interface WorkerBatch {
  batch: number;
  items: { index: number; filename: string; text: string; config: ResolvedConfig }[];
}

export interface WorkerReply {
  batch: number;
  results: ({ index: number; result: CachedResult } | { index: number; error: string })[];
}

/** What the last pool did, for tests: how many batches workers linted. */
export const poolStats = { workerBatches: 0, mainBatches: 0 };

/** `--jobs` when not given: the processors this process may use. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Whether a run of `files` files to lint with `jobs` threads is worth sharing out. */
export function runsInParallel(jobs: number, files: number, text: number, threshold = PARALLEL_THRESHOLD, minText = PARALLEL_MIN_TEXT): boolean {
  return jobs > 1 && files >= threshold && text >= minText;
}

/**
 * Lints the targets in `jobs` threads: the main thread reads each file and looks it up in the cache,
 * then lints batches itself while `jobs - 1` workers lint others. Reports come back in the order of the
 * targets, the same as a run in one thread. A worker that fails (it cannot start, or dies) hands its
 * batch back, and the main thread lints it.
 */
export async function lintTargetsInParallel(
  targets: readonly LintTarget[],
  settings: LintSettings,
  io: CliIO,
  jobs: number,
  cache?: LintCache,
  threshold = PARALLEL_THRESHOLD,
  minText = PARALLEL_MIN_TEXT,
): Promise<FileReport[]> {
  const fs = io.fs ?? NODE_FS;
  const reports: (FileReport | undefined)[] = new Array(targets.length);
  const pending: { index: number; work: PendingLint }[] = [];
  for (const [index, target] of targets.entries()) {
    const step = prepareTarget(target, settings, fs, cache);
    if ('report' in step) reports[index] = step.report;
    else pending.push({ index, work: step });
  }
  const progress = new ProgressLine(io.stderr, io.stderrIsTTY ?? io.isTTY, io.now ?? Date.now);
  try {
    const text = pending.reduce((n, p) => n + p.work.text.length, 0);
    if (runsInParallel(jobs, pending.length, text, threshold, minText)) await shareOut(pending, reports, Math.min(jobs, Math.ceil(pending.length / BATCH_FILES)) - 1, cache, progress);
    for (const { index, work } of pending) {
      if (reports[index] === undefined) reports[index] = finishTarget(work, lintWithEngine(work.text, work.target.absolutePath, work.config), cache);
    }
  } finally {
    progress.clear();
  }
  return reports as FileReport[];
}

async function shareOut(
  pending: readonly { index: number; work: PendingLint }[],
  reports: (FileReport | undefined)[],
  workers: number,
  cache: LintCache | undefined,
  progress: ProgressLine,
): Promise<void> {
  const byIndex = new Map(pending.map((p) => [p.index, p.work]));
  const batches: (typeof pending)[] = [];
  for (let i = 0; i < pending.length; i += BATCH_FILES) batches.push(pending.slice(i, i + BATCH_FILES));
  let next = 0;
  let done = 0;
  poolStats.workerBatches = 0;
  poolStats.mainBatches = 0;
  const record = (index: number, result: CachedResult): void => {
    reports[index] = finishTarget(byIndex.get(index) as PendingLint, result, cache);
    done++;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
  const running = new Set<Promise<void>>();
  for (let w = 0; w < workers; w++) {
    running.add(
      new Promise<void>((resolve) => {
        let worker: Worker;
        try {
          worker = new WorkerThread(path.join(__dirname, 'lint-worker.js'));
        } catch {
          resolve();
          return;
        }
        let current = -1;
        const send = (): void => {
          if (next >= batches.length) {
            current = -1;
            void worker.terminate().then(() => resolve());
            return;
          }
          current = next++;
          const items = batches[current].map(({ index, work }) => ({ index, filename: work.target.absolutePath, text: work.text, config: work.config }));
          worker.postMessage({ batch: current, items } satisfies WorkerBatch);
        };
        worker.on('message', (reply: WorkerReply) => {
          // A result the worker could not produce is left for the main thread to lint after the pool.
          for (const item of reply.results) if ('result' in item) record(item.index, item.result);
          poolStats.workerBatches++;
          send();
        });
        worker.on('error', () => {
          // Its batch is left unlinted: the main thread lints whatever has no report at the end.
          current = -1;
          resolve();
        });
        worker.on('exit', () => resolve());
        send();
      }),
    );
  }
  // The main thread takes batches too, yielding between them so that worker replies are handled.
  while (next < batches.length) {
    const mine = batches[next++];
    poolStats.mainBatches++;
    for (const { index, work } of mine) {
      if (reports[index] === undefined) record(index, lintResult(work));
    }
    const last = mine[mine.length - 1];
    progress.update(done, pending.length, last.work.target.path);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(running);
}

function lintResult(work: PendingLint): CachedResult {
  const result = lintWithEngine(work.text, work.target.absolutePath, work.config);
  return { language: result.language, findings: result.findings, suppressedCount: result.suppressedCount };
}
