import { callArguments, calleeName, enclosing, qualifiedCallee, receiver, stringValue } from '../../ast.js';
import { importsAny, isTestFile, type PyDocument } from '../../model.js';
import type { PyNode } from '../../parser.js';
import { definePyRule } from '../../rule-api.js';
import docs from './docs.js';

type MessageId = 'inTask' | 'atParse';

/** Clock reads, by qualified name. */
const CLOCK = /^(datetime\.datetime\.(now|utcnow|today)|datetime\.date\.today|pendulum\.(now|today)|airflow\.utils\.timezone\.utcnow)$/;
/** Parameters through which Airflow hands a callable the run's logical date. */
const LOGICAL = /^(ds|ds_nodash|ts|logical_date|execution_date|data_interval_start|data_interval_end|next_ds|prev_ds)$/;
/** A date (not a time) formatted from the clock: the string names a day or a month. */
const DATE_FORMAT = /%[Ydm]/;
/** Calls whose arguments are output, not data: the clock there labels a message. */
const OUTPUT = /^(print|debug|info|warning|warn|error|exception|critical|log)$/;
const FUNCTIONS = new Set(['function_definition']);

/** `now()` under `from datetime import datetime`, `datetime.datetime.now()`, `date.today()`, `pendulum.now("UTC")`. */
function isClock(doc: PyDocument, call: PyNode): boolean {
  const q = qualifiedCallee(doc, call);
  return q !== null && CLOCK.test(q);
}

/**
 * The clock read turned into a day: `now().strftime("%Y-%m-%d")`, `now().date()`, `date.today()` (with or without
 * `.isoformat()`). A bare `now()` is as often a timer or an audit stamp; a day is a window.
 */
function asDay(doc: PyDocument, call: PyNode): PyNode | null {
  const q = qualifiedCallee(doc, call) ?? '';
  const attribute = call.parent?.type === 'attribute' ? call.parent : null;
  const method = attribute?.childForFieldName('attribute')?.text;
  const outer = attribute?.parent?.type === 'call' ? attribute.parent : null;
  if (outer && method === 'strftime') {
    const format = stringValue(callArguments(outer).positional[0] ?? null);
    return format !== null && DATE_FORMAT.test(format) && !/%[HMS]/.test(format) ? outer : null;
  }
  if (outer && method === 'date') return outer;
  if (/date\.today$|pendulum\.today$/.test(q)) return outer && (method === 'isoformat' || method === 'strftime') ? outer : call;
  return null;
}

/** Inside an output call (`print(...)`, `log.info(...)`) or a `Param(...)` default of a manually triggered DAG. */
function labelOnly(doc: PyDocument, node: PyNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (FUNCTIONS.has(n.type)) return false;
    if (n.type !== 'call') continue;
    const name = calleeName(n) ?? '';
    if (OUTPUT.test(name) && (name !== 'log' || receiver(n) !== null || qualifiedCallee(doc, n) !== 'math.log')) return true;
    if (name === 'Param') return true;
  }
  return false;
}

/** `day = now().strftime(...)` whose every later use is a log line (`print("date:", day)`): a label, not a window. */
function onlyLogged(doc: PyDocument, day: PyNode, scope: PyNode): boolean {
  const assignment = day.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== day.id) return false;
  const name = assignment.childForFieldName('left');
  if (name?.type !== 'identifier') return false;
  const uses = scope.descendantsOfType('identifier').filter((n) => n !== null && n.text === name.text && n.startIndex > name.endIndex) as PyNode[];
  return uses.every((use) => labelOnly(doc, use));
}

/** The parameter names of a function, with `**kwargs` / `**context` as `**`. */
function parameters(fn: PyNode): string[] {
  const list = fn.childForFieldName('parameters');
  const names: string[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'dictionary_splat_pattern') names.push('**');
    else if (p.type === 'identifier') names.push(p.text);
    else names.push(p.childForFieldName('name')?.text ?? p.namedChild(0)?.text ?? '');
  }
  return names;
}

/** True for an Airflow TaskFlow task (`@task`, `@task.python`, `@task(...)`). */
function isTaskFlow(doc: PyDocument, fn: PyNode): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
  return (decorated?.namedChildren ?? []).some((d) => {
    if (d?.type !== 'decorator') return false;
    const text = d.text.replace(/^@/, '').replace(/\(.*$/s, '');
    const head = text.split('.')[0];
    const bound = doc.imports.get(head)?.qualified ?? head;
    return /^airflow\.(decorators|sdk)\.task$/.test(bound) || /^airflow\.(decorators|sdk)$/.test(bound) && /\.task$/.test(text);
  });
}

/** Names handed to an operator as `python_callable=`. */
function callables(doc: PyDocument): Set<string> {
  const out = new Set<string>();
  for (const call of doc.calls) {
    const value = callArguments(call).keywords.get('python_callable');
    if (value?.type === 'identifier') out.add(value.text);
  }
  return out;
}

export default definePyRule<Record<string, never>, MessageId>({
  meta: {
    id: 'wall-clock-window',
    language: 'py',
    concept: 'late-data',
    defaultSeverity: 'hint',
    messages: {
      inTask: 'The day this task works on is read from the clock, not from the run: a retry, a late start or a backfill computes another day. Use the logical date Airflow passes ({{use}}).',
      atParse: "This day is computed each time the scheduler parses the DAG file, not once per run: tasks parsed or retried on another day see another value. Use the run's logical date (the `ds` template variable, or `data_interval_start` in a task).",
    },
    docs,
  },
  relevant: (text) => /airflow/.test(text) && /\b(now|utcnow|today)\(/.test(text),
  check(context) {
    const { doc } = context;
    if (isTestFile(context.filename) || !importsAny(doc, ['airflow'])) return;
    const named = callables(doc);
    for (const call of doc.calls) {
      if (!isClock(doc, call)) continue;
      const day = asDay(doc, call);
      if (!day || labelOnly(doc, day)) continue;
      const fn = enclosing(call, FUNCTIONS);
      if (onlyLogged(doc, day, fn ?? doc.root)) continue;
      if (!fn) {
        // Module level of a DAG file: evaluated at every parse. Only a day that reaches something (not a
        // start_date, which Airflow wants static and other rules judge).
        const statement = call.parent;
        if (/start_date|end_date/.test(statement?.parent?.text.slice(0, 40) ?? '')) continue;
        context.report({ node: call, messageId: 'atParse' });
        continue;
      }
      // The outermost function decides: a helper nested in a task is part of the task.
      let outer = fn;
      for (let f = enclosing(fn, FUNCTIONS); f; f = enclosing(f, FUNCTIONS)) outer = f;
      const params = parameters(outer);
      const name = outer.childForFieldName('name')?.text ?? '';
      const task = isTaskFlow(doc, outer) || named.has(name);
      if (!task) continue;
      const logical = params.find((p) => LOGICAL.test(p));
      if (!logical && !params.includes('**')) continue;
      context.report({
        node: call,
        messageId: 'inTask',
        data: { use: logical ? `\`${logical}\`` : '`context["data_interval_start"]`' },
      });
    }
  },
});
