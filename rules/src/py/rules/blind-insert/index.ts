import { LOG_TABLES } from '../../../sql/rules/util/log-tables.js';
import { callArguments, calleeName, enclosing, receiver, stringValue, isTrue } from '../../ast.js';
import { isTestFile, type PyDocument } from '../../model.js';
import type { PyNode } from '../../parser.js';
import { definePyRule } from '../../rule-api.js';
import docs from './docs.js';

interface Options {
  allowTables: string[];
}

type MessageId = 'sparkAppend' | 'insertInto' | 'toSqlAppend';

/** DataFrameWriter methods that write the frame somewhere; the first argument names the table or path. */
const SINKS = new Set(['saveAsTable', 'insertInto', 'save', 'parquet', 'csv', 'json', 'orc', 'text', 'jdbc', 'table']);

/** Writer options that make an append idempotent or turn it into a replace. */
const IDEMPOTENT_OPTIONS = /^(replaceWhere|txnAppId|txnVersion|partitionOverwriteMode)$/i;

const FUNCTIONS = new Set(['function_definition']);

/** The calls of one method chain, innermost first: `df.write.mode("append").saveAsTable("t")` gives mode, saveAsTable. */
function chainOf(call: PyNode): PyNode[] {
  const inner: PyNode[] = [];
  for (let node = receiver(call); node; ) {
    if (node.type === 'call') {
      inner.unshift(node);
      node = receiver(node);
    } else if (node.type === 'attribute') {
      node = node.childForFieldName('object');
    } else break;
  }
  const outer: PyNode[] = [];
  for (let node: PyNode = call; ; ) {
    const attribute = node.parent;
    const next = attribute?.type === 'attribute' ? attribute.parent : null;
    if (!next || next.type !== 'call' || next.childForFieldName('function')?.id !== attribute?.id) break;
    outer.push(next);
    node = next;
  }
  return [...inner, call, ...outer];
}

/** True when the chain goes through `.write` (a batch DataFrameWriter), not `.writeStream`. */
function throughWrite(call: PyNode): boolean {
  for (let node = call.childForFieldName('function'); node; ) {
    if (node.type === 'attribute') {
      if (node.childForFieldName('attribute')?.text === 'write') return true;
      if (node.childForFieldName('attribute')?.text === 'writeStream') return false;
      node = node.childForFieldName('object');
    } else if (node.type === 'call') {
      node = node.childForFieldName('function');
    } else return false;
  }
  return false;
}

function optionName(call: PyNode): string[] {
  const name = calleeName(call);
  const args = callArguments(call);
  if (name === 'option') return [stringValue(args.positional[0] ?? null) ?? ''];
  if (name === 'options') return [...args.keywords.keys()];
  return [];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

/** The table a name or path ends in: `lake.orders` -> orders, `s3://b/events/` -> events. */
function lastName(target: string): string {
  return target.replace(/[/\\]+$/, '').split(/[./\\]/).pop() ?? target;
}

/**
 * A dedup or replace visible before the write in the same function: a TRUNCATE / DELETE / DROP of the same table
 * (or of any table when the target is not a literal), or a `.delete(...)` on a Delta table.
 */
function clearedBefore(doc: PyDocument, call: PyNode, target: string | null): boolean {
  const scope = enclosing(call, FUNCTIONS) ?? doc.root;
  const before = doc.text.slice(scope.startIndex, call.startIndex);
  const table = target === null ? '[\\w.`"\\[\\]{}]+' : escapeName(lastName(target));
  const sql = new RegExp(`\\b(truncate(\\s+table)?|delete\\s+from|drop\\s+table(\\s+if\\s+exists)?|insert\\s+overwrite(\\s+table)?)\\s+[\\w.\`"\\[\\]{}]*?\\b${table}\\b`, 'i');
  return sql.test(before) || /\.delete\(/.test(before) || /\bif_exists\s*=\s*["']replace["']/.test(before);
}

function escapeName(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export default definePyRule<Options, MessageId>({
  meta: {
    id: 'blind-insert',
    language: 'py',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      sparkAppend: 'A re-run appends every row to `{{table}}` again: nothing here removes what an earlier attempt of this write left behind.',
      insertInto: '`insertInto` appends to `{{table}}` unless `overwrite=True`: a re-run adds every row again, and nothing here removes what an earlier attempt wrote.',
      toSqlAppend: '`if_exists="append"` adds every row to `{{table}}` again on a re-run: nothing here removes what an earlier attempt wrote.',
    },
    schema: {
      type: 'object',
      properties: {
        allowTables: {
          type: 'array',
          items: { type: 'string' },
          default: LOG_TABLES,
          description: 'Glob patterns of append-only tables (audit or event logs whose rows each carry a unique run id); matched against the table name or the last part of a path.',
        },
      },
      additionalProperties: false,
    },
    docs,
  },
  defaultOptions: { allowTables: [...LOG_TABLES] },
  relevant: (text) => /append|insertInto/.test(text),
  check(context) {
    const { doc } = context;
    if (isTestFile(context.filename)) return;
    const allowed = context.options.allowTables.map(globToRegExp);
    const isAllowed = (target: string | null): boolean => target !== null && allowed.some((re) => re.test(lastName(target)) || re.test(target));
    const describe = (node: PyNode | null | undefined, target: string | null): string => target ?? node?.text ?? 'target';
    const reported = new Set<number>();
    for (const call of doc.calls) {
      const name = calleeName(call);
      const args = callArguments(call);
      if (name === 'to_sql' || name === 'write_database') {
        const value = args.keywords.get(name === 'to_sql' ? 'if_exists' : 'if_table_exists');
        if (stringValue(value ?? null) !== 'append' || !value) continue;
        // A custom insert method (`method=upsert`) usually writes with ON CONFLICT: not a blind append.
        const method = args.keywords.get('method');
        if (method && stringValue(method) !== 'multi' && method.type !== 'none') continue;
        const targetNode = args.keywords.get(name === 'to_sql' ? 'name' : 'table_name') ?? args.positional[0];
        const target = stringValue(targetNode ?? null);
        if (isAllowed(target) || clearedBefore(doc, call, target)) continue;
        context.report({ node: value.parent ?? value, messageId: 'toSqlAppend', data: { table: describe(targetNode, target) } });
        continue;
      }
      if (!name || (name !== 'mode' && !SINKS.has(name) && name !== 'append') || !throughWrite(call)) continue;
      const chain = chainOf(call);
      const sink = chain.find((c) => SINKS.has(calleeName(c) ?? ''));
      if (!sink || reported.has(sink.id)) continue;
      const sinkArgs = callArguments(sink);
      const modes = chain.flatMap((c) => (calleeName(c) === 'mode' ? [stringValue(callArguments(c).positional[0] ?? null)] : []));
      const modeKeyword = sinkArgs.keywords.get('mode');
      const mode = stringValue(modeKeyword ?? null) ?? modes[modes.length - 1];
      const sinkName = calleeName(sink);
      const targetNode = sinkArgs.keywords.get(sinkName === 'jdbc' ? 'table' : 'name') ?? sinkArgs.keywords.get('path') ?? (sinkName === 'jdbc' ? sinkArgs.positional[1] : sinkArgs.positional[0]);
      const target = stringValue(targetNode ?? null);
      if (chain.some((c) => optionName(c).some((o) => IDEMPOTENT_OPTIONS.test(o)))) continue;
      if (sinkName === 'insertInto') {
        const overwrite = sinkArgs.keywords.get('overwrite') ?? sinkArgs.positional[1];
        if (isTrue(overwrite) || overwrite?.type === 'identifier' || (mode !== undefined && mode !== 'append')) continue;
        if (isAllowed(target) || clearedBefore(doc, sink, target)) continue;
        reported.add(sink.id);
        context.report({ node: sink.childForFieldName('function')?.childForFieldName('attribute') ?? sink, messageId: 'insertInto', data: { table: describe(targetNode, target) } });
        continue;
      }
      if (mode !== 'append') continue;
      if (isAllowed(target) || clearedBefore(doc, sink, target)) continue;
      reported.add(sink.id);
      const at = modeKeyword?.parent ?? chain.find((c) => calleeName(c) === 'mode' && stringValue(callArguments(c).positional[0] ?? null) === 'append')?.childForFieldName('arguments')?.namedChild(0) ?? sink;
      context.report({ node: at, messageId: 'sparkAppend', data: { table: describe(targetNode, target) } });
    }
  },
});
