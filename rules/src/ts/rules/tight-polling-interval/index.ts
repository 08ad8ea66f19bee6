import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cadenceOf, cronCadence, formatCount, formatEvery, type Cadence } from '../../../core/schedule.js';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, dottedName, isFunction, isInside, objectProperty, staticString, unwrap, walk } from '../../util/ast.js';
import { awsCommand, calledFunction, downstreamCallsIn } from '../../util/downstream.js';
import { importsOf } from '../../util/imports.js';
import { GLOBAL_MODULE, pathIs, resolveFunction, resolveInitializer, resolveObject, valuePath } from '../../util/values.js';
import { anyOf, CDK, importsOneOf, mentions } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type MessageId = 'poll' | 'schedule';

export interface TightPollingIntervalOptions {
  minIntervalMs: number;
}

/** A call that makes a backend do work: what messages call it and what kind of system answers. */
interface BackendCall {
  name: string;
  target: string;
}

const WAREHOUSE_MODULES = ['snowflake-sdk', '@google-cloud/bigquery', '@databricks/sql', '@clickhouse/client'];
const WAREHOUSE_METHOD = /^(execute|query|createQueryJob|executeStatement)$/;
const WAREHOUSE_COMMAND = /^(ExecuteStatement|BatchExecuteStatement|StartQueryExecution)Command$/;
const UI_MODULES = ['react', 'react-dom', 'vue', 'svelte', 'preact', 'solid-js', '@angular/core'];
const SLEEP_NAME = /^(sleep|delay|wait|pause|setTimeout)$/;
const EVENTS = 'aws-cdk-lib/aws-events';
const SCHEDULER = 'aws-cdk-lib/aws-scheduler';
const DURATION_UNITS: Record<string, number> = { millis: 0.001, seconds: 1, minutes: 60, hours: 3_600, days: 86_400 };
const MAX_NUMBER_DEPTH = 8;

export const tightPollingInterval = defineTsRule<MessageId, TightPollingIntervalOptions>({
  type: 'suggestion',
  relevant: anyOf(
    mentions('setInterval', 'setTimeout', 'sleep', 'delay', 'wait', 'pause'),
    importsOneOf(['node-cron', 'node-schedule', 'cron']),
    CDK,
  ),
  defaultOptions: { minIntervalMs: 300_000 },
  meta: {
    id: 'tight-polling-interval',
    concept: 'cost-of-freshness',
    defaultSeverity: 'hint',
    schema: {
      type: 'object',
      properties: {
        minIntervalMs: {
          type: 'number',
          description:
            'Polling periods and schedules shorter than this many milliseconds are reported. The default, 300000 (five minutes), separates micro-batches from loops that never really stop.',
          default: 300_000,
        },
      },
      additionalProperties: false,
    },
    messages: {
      poll: '{{trigger}} calls `{{call}}` {{every}} (about {{runs}} times a day): {{target}} does this work around the clock, whether or not anything changed.',
      schedule:
        'This schedule fires {{every}} (about {{runs}} times a day): its targets run around the clock and cost about as much as an always-on service.',
    },
    docs,
  },
  create(context, options) {
    if (isUiFile(context)) return {};
    const limitSeconds = options.minIntervalMs / 1000;
    const report = (node: TSESTree.Node, messageId: MessageId, cadence: Cadence | null, data: Record<string, string> = {}): void => {
      if (cadence === null || cadence.periodSeconds <= 0 || cadence.periodSeconds >= limitSeconds) return;
      context.report({ node, messageId, data: { ...data, every: formatEvery(cadence.periodSeconds), runs: formatCount(cadence.runsPerDay) } });
    };
    const reportPoll = (periodNode: TSESTree.Node, cadence: Cadence | null, trigger: string, work: TSESTree.Node | null): void => {
      if (cadence === null || cadence.periodSeconds >= limitSeconds) return;
      const call = work ? backendCallIn(context, work) : null;
      if (call) report(periodNode, 'poll', cadence, { trigger, call: call.name, target: call.target });
    };
    return {
      CallExpression(node): void {
        const timer = timerCall(context, node);
        if (timer) {
          const period = node.arguments[1];
          const callback = resolveFunction(context, node.arguments[0]);
          if (period && callback && (timer === 'setInterval' || isInside(node, callback))) {
            reportPoll(period, msCadence(context, period), timer === 'setInterval' ? '`setInterval`' : `\`setTimeout\` rescheduling \`${dottedName(node.arguments[0]) ?? 'it'}\``, callback.body);
          }
          return;
        }
        const cron = cronJob(context, node);
        if (cron) {
          reportPoll(cron.expression, cronExpressionCadence(context, cron.expression), 'This cron job', resolveFunction(context, cron.callback)?.body ?? null);
          return;
        }
        const schedule = cdkSchedule(context, node);
        if (schedule) report(schedule.node, 'schedule', schedule.cadence);
      },
      NewExpression(node): void {
        if (!pathIs(valuePath(context, node.callee), 'cron', ['CronJob'])) return;
        const expression = node.arguments[0];
        if (expression) reportPoll(expression, cronExpressionCadence(context, expression), 'This cron job', resolveFunction(context, node.arguments[1])?.body ?? null);
      },
      'WhileStatement, DoWhileStatement, ForStatement'(node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement): void {
        if (!isEndless(node)) return;
        const sleep = fixedSleep(context, node.body);
        if (sleep) reportPoll(sleep, msCadence(context, sleep), 'This loop', node.body);
      },
      ForOfStatement(node): void {
        const right = unwrap(node.right);
        if (!node.await || right.type !== AST_NODE_TYPES.CallExpression || !right.arguments[0]) return;
        if (!pathIs(valuePath(context, right.callee), ['timers/promises', 'node:timers/promises'], ['setInterval'])) return;
        reportPoll(right.arguments[0], msCadence(context, right.arguments[0]), '`setInterval`', node.body);
      },
    };
  },
});

function isUiFile(context: Context): boolean {
  return /\.[jt]sx$/.test(context.filename) || importsOf(context).importsAny(UI_MODULES);
}

/** The global `setInterval`, or a `setTimeout` (checked by the caller to reschedule the function it is in). */
function timerCall(context: Context, call: TSESTree.CallExpression): 'setInterval' | 'setTimeout' | null {
  const path = valuePath(context, call.callee);
  if (pathIs(path, GLOBAL_MODULE, ['setInterval']) || pathIs(path, ['timers', 'node:timers'], ['setInterval'])) return 'setInterval';
  if (pathIs(path, GLOBAL_MODULE, ['setTimeout']) || pathIs(path, ['timers', 'node:timers'], ['setTimeout'])) return 'setTimeout';
  return null;
}

/** `cron.schedule(expr, fn)` (node-cron), `schedule.scheduleJob(expr, fn)` (node-schedule), `CronJob.from({ cronTime, onTick })` (cron). */
function cronJob(context: Context, call: TSESTree.CallExpression): { expression: TSESTree.Node; callback: TSESTree.Node | undefined } | null {
  const path = valuePath(context, call.callee);
  if (pathIs(path, 'node-cron', ['schedule']) || pathIs(path, 'node-schedule', ['scheduleJob'])) {
    return call.arguments[0] ? { expression: call.arguments[0], callback: call.arguments[1] } : null;
  }
  if (!pathIs(path, 'cron', ['CronJob', 'from'])) return null;
  const params = resolveObject(context, call.arguments[0]);
  const expression = objectProperty(params, 'cronTime')?.value;
  return expression ? { expression, callback: objectProperty(params, 'onTick')?.value } : null;
}

function cronExpressionCadence(context: Context, node: TSESTree.Node): Cadence | null {
  const text = staticString(unwrap(node)) ?? staticString(resolveInitializer(context, node));
  return text === null ? null : cronCadence(text);
}

/** `Schedule.rate(Duration.minutes(1))`, `Schedule.cron({ minute: '*' })` of aws-events, and `ScheduleExpression.rate` of aws-scheduler. */
function cdkSchedule(context: Context, call: TSESTree.CallExpression): { node: TSESTree.Node; cadence: Cadence | null } | null {
  const path = valuePath(context, call.callee);
  const arg = call.arguments[0];
  if (!arg) return null;
  if (pathIs(path, EVENTS, ['Schedule', 'rate']) || pathIs(path, SCHEDULER, ['ScheduleExpression', 'rate'])) {
    const seconds = cdkDurationSeconds(context, arg);
    return { node: arg, cadence: seconds === null ? null : cadenceOf(seconds) };
  }
  if (!pathIs(path, EVENTS, ['Schedule', 'cron']) && !pathIs(path, SCHEDULER, ['ScheduleExpression', 'cron'])) return null;
  const fields = resolveObject(context, arg);
  const field = (key: string): string | null => {
    const value = objectProperty(fields, key)?.value;
    return value === undefined ? '*' : staticString(value);
  };
  const minute = field('minute');
  const hour = field('hour');
  return { node: arg, cadence: fields && minute !== null && hour !== null ? cronCadence(`${minute} ${hour} * * *`) : null };
}

/** `Duration.minutes(5)` from aws-cdk-lib, in seconds. */
function cdkDurationSeconds(context: Context, node: TSESTree.Node): number | null {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.CallExpression || !n.arguments[0]) return null;
  const path = valuePath(context, n.callee);
  const unit = path?.steps[path.steps.length - 1] ?? '';
  if (!pathIs(path, 'aws-cdk-lib', ['Duration', unit]) || !(unit in DURATION_UNITS)) return null;
  const amount = staticNumber(context, n.arguments[0], 0);
  return amount === null ? null : amount * DURATION_UNITS[unit];
}

function msCadence(context: Context, node: TSESTree.Node): Cadence | null {
  const ms = staticNumber(context, node, 0);
  return ms === null || ms <= 0 ? null : cadenceOf(ms / 1000);
}

/** A number the code spells out: literals, `60 * 1000`, and `const` names holding them. */
function staticNumber(context: Context, node: TSESTree.Node, depth: number): number | null {
  if (depth > MAX_NUMBER_DEPTH) return null;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.Literal) return typeof n.value === 'number' ? n.value : null;
  if (n.type === AST_NODE_TYPES.Identifier) {
    const init = resolveInitializer(context, n);
    return init ? staticNumber(context, init, depth + 1) : null;
  }
  if (n.type !== AST_NODE_TYPES.BinaryExpression || n.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  const left = staticNumber(context, n.left, depth + 1);
  const right = staticNumber(context, n.right, depth + 1);
  if (left === null || right === null) return null;
  switch (n.operator) {
    case '*':
      return left * right;
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '/':
      return right === 0 ? null : left / right;
    default:
      return null;
  }
}

type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

/**
 * A loop meant to run for the life of the process: `while (true)`, `for (;;)`, or `while (!stopped)` on a flag the
 * loop never sets, with no `break` or `return` out of it. `while (cursor)` pagination and poll-until-done loops end.
 */
function isEndless(loop: Loop): boolean {
  if (loop.test !== null && !isStopFlag(loop.test, loop.body)) return false;
  let exits = false;
  walk(loop.body, (node) => {
    if (exits || isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement) exits = true;
    else if (node.type === AST_NODE_TYPES.BreakStatement) exits = node.label !== null || breaksThisLoop(node, loop);
    return undefined;
  });
  return !exits;
}

function isStopFlag(test: TSESTree.Expression, body: TSESTree.Statement): boolean {
  if (test.type === AST_NODE_TYPES.Literal) return test.value === true;
  const flag = test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' ? test.argument : test;
  const name = dottedName(flag);
  if (name === null) return false;
  let written = false;
  walk(body, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && dottedName(node.left) === name) written = true;
    if (node.type === AST_NODE_TYPES.UpdateExpression && dottedName(node.argument) === name) written = true;
    return !written;
  });
  return !written;
}

/** An unlabelled `break` leaves the innermost loop or switch around it. */
function breaksThisLoop(node: TSESTree.BreakStatement, loop: Loop): boolean {
  for (const a of ancestors(node, loop)) if (a.type === AST_NODE_TYPES.SwitchStatement || isLoop(a)) return false;
  return true;
}

function isLoop(node: TSESTree.Node): boolean {
  return [
    AST_NODE_TYPES.WhileStatement,
    AST_NODE_TYPES.DoWhileStatement,
    AST_NODE_TYPES.ForStatement,
    AST_NODE_TYPES.ForOfStatement,
    AST_NODE_TYPES.ForInStatement,
  ].includes(node.type);
}

/**
 * The period of the first awaited sleep in the loop whose length is fixed: `await sleep(5000)`,
 * `await setTimeout(5000)` (timers/promises), `await new Promise((r) => setTimeout(r, 5000))`. A sleep whose
 * length changes (a backoff) does not count.
 */
function fixedSleep(context: Context, body: TSESTree.Statement): TSESTree.Node | null {
  let found: TSESTree.Node | null = null;
  walk(body, (node) => {
    if (found !== null || isFunction(node)) return false;
    if (node.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
    const period = sleepPeriod(unwrap(node.argument));
    if (period && staticNumber(context, period, 0) !== null) found = period;
    return undefined;
  });
  return found;
}

function sleepPeriod(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type === AST_NODE_TYPES.CallExpression && SLEEP_NAME.test(calleeName(node) ?? '')) return node.arguments[0] ?? null;
  if (node.type !== AST_NODE_TYPES.NewExpression || dottedName(node.callee) !== 'Promise') return null;
  const executor = node.arguments[0] ? unwrap(node.arguments[0]) : null;
  if (!isFunction(executor)) return null;
  let period: TSESTree.Node | null = null;
  walk(executor.body, (n) => {
    if (period === null && n.type === AST_NODE_TYPES.CallExpression && calleeName(n) === 'setTimeout') period = n.arguments[1] ?? null;
  });
  return period;
}

/**
 * The first call in the code that makes a database, a warehouse or an HTTP API work. Code that also receives from
 * or publishes to a queue is a consumer or an outbox relay: messages, not the clock, decide how much work it does.
 */
function backendCallIn(context: Context, root: TSESTree.Node): BackendCall | null {
  const calls = downstreamCallsIn(context, root);
  if (calls.some((c) => c.kind === 'queue')) return null;
  const warehouse = warehouseCallIn(context, root, 0);
  if (warehouse) return warehouse;
  const call = calls[0];
  if (!call) return null;
  return { name: call.name, target: call.kind === 'http' ? 'the API' : 'the database' };
}

function warehouseCallIn(context: Context, root: TSESTree.Node, depth: number): BackendCall | null {
  let found: BackendCall | null = null;
  walk(root, (node) => {
    if (found !== null) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    if (isWarehouseCall(context, node)) found = { name: dottedName(node.callee) ?? calleeName(node) ?? 'query', target: 'the warehouse' };
    else if (depth === 0) {
      const callee = calledFunction(context, node);
      if (callee) found = warehouseCallIn(context, callee.body, depth + 1);
    }
    return undefined;
  });
  return found;
}

/** A query sent to Snowflake, BigQuery, Databricks, ClickHouse, the Redshift Data API or Athena. */
function isWarehouseCall(context: Context, call: TSESTree.CallExpression): boolean {
  const method = calleeName(call);
  if (method === 'send') return WAREHOUSE_COMMAND.test(awsCommand(context, call) ?? '');
  if (method === null || !WAREHOUSE_METHOD.test(method)) return false;
  const path = valuePath(context, call.callee);
  if (path !== null && path.module !== GLOBAL_MODULE) return WAREHOUSE_MODULES.includes(path.module);
  return importsOf(context).importsAny(WAREHOUSE_MODULES);
}
