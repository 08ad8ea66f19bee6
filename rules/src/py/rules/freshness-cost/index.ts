import { cadenceOf, cronCadence, formatCount, formatEvery, type Cadence } from '../../../core/schedule.js';
import { callArguments, numberValue, qualifiedCallee, resolveName, stringValue } from '../../ast.js';
import { importsAny, type PyDocument } from '../../model.js';
import type { PyNode } from '../../parser.js';
import { definePyRule } from '../../rule-api.js';
import docs from './docs.js';

export interface FreshnessCostOptions {
  minIntervalMinutes: number;
}

type MessageId = 'dagSchedule' | 'continuous' | 'dagsterSchedule' | 'prefectSchedule';

/** The orchestrators whose schedules this rule reads. */
const ORCHESTRATORS = ['airflow', 'dagster', 'prefect'];

/** The keyword each scheduling call takes its schedule in, by what the call is. */
interface Target {
  messageId: MessageId;
  keywords: readonly string[];
  /** The positional index of the schedule, when it may be passed so. */
  position?: number;
}

function targetOf(qualified: string): Target | null {
  if (/^airflow(\.models(\.dag)?|\.sdk)?\.(DAG|dag)$/.test(qualified) || /^airflow\.decorators\.dag$/.test(qualified)) {
    return { messageId: 'dagSchedule', keywords: ['schedule', 'schedule_interval', 'timetable'] };
  }
  if (/^dagster\.(ScheduleDefinition|schedule)$/.test(qualified)) return { messageId: 'dagsterSchedule', keywords: ['cron_schedule'] };
  if (/^prefect(\.client)?\.schedules\.(CronSchedule|IntervalSchedule|Cron|Interval)$/.test(qualified) || /^prefect\.(schedules\.)?(Cron|Interval)$/.test(qualified)) {
    return { messageId: 'prefectSchedule', keywords: ['cron', 'interval'], position: 0 };
  }
  return null;
}

const TIMEDELTA_SECONDS: Record<string, number> = { weeks: 604_800, days: 86_400, hours: 3_600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001 };
/** `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)`: the positional order. */
const TIMEDELTA_ORDER = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];

/** Seconds of `timedelta(minutes=1)` / `pendulum.duration(minutes=1)` with literal arguments only; else null. */
function durationSeconds(doc: PyDocument, node: PyNode): number | null {
  if (node.type !== 'call') return null;
  const callee = qualifiedCallee(doc, node);
  if (callee !== 'datetime.timedelta' && callee !== 'pendulum.duration') return null;
  const args = callArguments(node);
  if (args.spread) return null;
  let seconds = 0;
  for (const [i, arg] of args.positional.entries()) {
    const n = numberValue(arg);
    const unit = callee === 'datetime.timedelta' ? TIMEDELTA_ORDER[i] : undefined;
    if (n === null || unit === undefined) return null;
    seconds += n * TIMEDELTA_SECONDS[unit];
  }
  for (const [name, value] of args.keywords) {
    const n = numberValue(value);
    if (n === null || !(name in TIMEDELTA_SECONDS)) return null;
    seconds += n * TIMEDELTA_SECONDS[name];
  }
  return seconds > 0 ? seconds : null;
}

type Reading = { kind: 'cadence'; cadence: Cadence } | { kind: 'continuous' };

/** How often a schedule value fires: a cron string, a timedelta, an Airflow cron timetable; null when unknown. */
function readSchedule(doc: PyDocument, raw: PyNode, numbersAreSeconds: boolean): Reading | null {
  const node = resolveName(doc, raw);
  const text = stringValue(node);
  if (text !== null) {
    if (text.trim() === '@continuous') return { kind: 'continuous' };
    const cadence = cronCadence(text);
    return cadence ? { kind: 'cadence', cadence } : null;
  }
  if (numbersAreSeconds) {
    const n = numberValue(node);
    if (n !== null && n > 0) return { kind: 'cadence', cadence: cadenceOf(n) };
  }
  const seconds = durationSeconds(doc, node);
  if (seconds !== null) return { kind: 'cadence', cadence: cadenceOf(seconds) };
  // `CronTriggerTimetable("*/1 * * * *", timezone="UTC")` and `CronDataIntervalTimetable(...)` carry a cron.
  if (node.type === 'call' && /^airflow\.timetables\.trigger\.(CronTriggerTimetable|MultipleCronTriggerTimetable)$|^airflow\.timetables\.interval\.CronDataIntervalTimetable$/.test(qualifiedCallee(doc, node) ?? '')) {
    const args = callArguments(node);
    const cron = args.keywords.get('cron') ?? args.positional[0];
    return cron ? readSchedule(doc, cron, false) : null;
  }
  return null;
}

/** What the message calls the scheduled thing: the DAG id, the decorated function, the schedule's name. */
function nameOf(call: PyNode): string | null {
  const args = callArguments(call);
  const id = stringValue(args.keywords.get('dag_id') ?? args.keywords.get('name') ?? args.positional[0] ?? null);
  if (id) return id;
  const decorated = call.parent?.type === 'decorator' ? call.parent.parent?.childForFieldName('definition')?.childForFieldName('name') : null;
  return decorated ? decorated.text : null;
}

/** `name` (raw, for the hover card) when the DAG or schedule is named, and the label the message starts with. */
function nameData(call: PyNode, kind: 'DAG' | 'Schedule'): Record<string, string> {
  const name = nameOf(call);
  return name === null ? { label: `This ${kind === 'DAG' ? 'DAG' : 'schedule'}` } : { name, label: `${kind} \`${name}\`` };
}

export default definePyRule<FreshnessCostOptions, MessageId>({
  meta: {
    id: 'freshness-cost',
    language: 'py',
    concept: 'cost-of-freshness',
    defaultSeverity: 'hint',
    messages: {
      dagSchedule:
        '{{label}} runs {{every}} (about {{runs}} runs a day): every run schedules its tasks and starts their workers, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.',
      continuous:
        '{{label}} is `@continuous`: a new run starts as soon as the last one ends, around the clock, so it costs as much as an always-on pipeline. Make sure someone needs data this fresh.',
      dagsterSchedule:
        '{{label}} runs {{every}} (about {{runs}} runs a day): every tick launches a run and its compute, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.',
      prefectSchedule:
        'This Prefect schedule runs {{every}} (about {{runs}} runs a day): every run starts the flow and its compute, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.',
    },
    schema: {
      type: 'object',
      properties: {
        minIntervalMinutes: {
          type: 'number',
          description:
            'Schedules shorter than this many minutes are reported. The default is 15 for warehouse schedules; Python orchestrator schedules use 5 unless this is set.',
        },
      },
      additionalProperties: false,
    },
    docs,
  },
  defaultOptions: { minIntervalMinutes: 5 },
  relevant: (text) => /airflow|dagster|prefect/.test(text),
  check(context) {
    const { doc } = context;
    if (!importsAny(doc, ORCHESTRATORS)) return;
    const limitSeconds = context.options.minIntervalMinutes * 60;
    for (const call of doc.calls) {
      const qualified = qualifiedCallee(doc, call);
      const target = qualified === null ? null : targetOf(qualified);
      if (!target) continue;
      const args = callArguments(call);
      const value = target.keywords.map((k) => args.keywords.get(k)).find((v) => v !== undefined) ?? (target.position !== undefined ? args.positional[target.position] : undefined);
      if (!value) continue;
      // Prefect's `interval=60` counts seconds; Airflow and Dagster take no bare numbers.
      const reading = readSchedule(doc, value, target.messageId === 'prefectSchedule');
      if (!reading) continue;
      const name = nameData(call, target.messageId === 'dagsterSchedule' ? 'Schedule' : 'DAG');
      if (reading.kind === 'continuous') {
        if (target.messageId === 'dagSchedule') context.report({ node: value, messageId: 'continuous', data: name });
        continue;
      }
      if (reading.cadence.periodSeconds >= limitSeconds) continue;
      context.report({
        node: value,
        messageId: target.messageId,
        data: { ...name, every: formatEvery(reading.cadence.periodSeconds), runs: formatCount(reading.cadence.runsPerDay) },
      });
    }
  },
});
