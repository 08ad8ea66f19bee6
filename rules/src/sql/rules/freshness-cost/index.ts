import { cadenceOf, cronCadence, formatCount, formatDuration, formatEvery, parseDuration, type Cadence } from '../../../core/schedule.js';
import { findTopLevelWord, isPunct, isWord, readTableRef } from '../../expr.js';
import { readObjectHeader } from '../../ddl.js';
import type { OtherStatement, SqlDocument, TableRef, Token } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { sameTable } from '../util/tables.js';
import docs from './docs.js';

export interface FreshnessCostOptions {
  minIntervalMinutes: number;
}

type MessageId = 'taskSchedule' | 'targetLag' | 'refreshInterval';

/** One refresh setting found in a statement: what it configures, its value token and how often it fires. */
interface Refresh {
  messageId: MessageId;
  name: TableRef;
  value: Token;
  cadence: Cadence;
}

const SECONDS_PER_MINUTE = 60;

export default defineSqlRule<FreshnessCostOptions, 'taskSchedule' | 'targetLag' | 'refreshInterval'>({
  meta: {
    id: 'freshness-cost',
    language: 'sql',
    concept: 'cost-of-freshness',
    defaultSeverity: 'hint',
    messages: {
      taskSchedule:
        'Task {{name}} runs {{every}} (about {{runs}} runs a day): its compute hardly ever gets to stop, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.',
      targetLag:
        'Dynamic table {{name}} has a target lag of {{lag}}: whenever its sources change Snowflake refreshes it that often, so a busy source keeps a warehouse running around the clock. Make sure someone needs data this fresh.',
      refreshInterval:
        'Materialized view {{name}} refreshes {{every}} while its base tables change (up to about {{runs}} refreshes a day), and every refresh is billed. Make sure someone needs data this fresh.',
    },
    schema: {
      type: 'object',
      properties: {
        minIntervalMinutes: {
          type: 'number',
          description:
            'Schedules, target lags and refresh intervals shorter than this many minutes are reported. The default, 15, is longer than the idle time after which warehouses usually suspend, so anything more frequent keeps them running. Python orchestrator schedules (Airflow, Dagster, Prefect) are reported below 5 minutes unless this is set.',
          default: 15,
        },
      },
      additionalProperties: false,
    },
    docs,
  },
  defaultOptions: { minIntervalMinutes: 15 },
  create(context) {
    const limitSeconds = context.options.minIntervalMinutes * SECONDS_PER_MINUTE;
    const check = (refresh: Refresh | null): void => {
      if (refresh === null || refresh.cadence.periodSeconds >= limitSeconds) return;
      context.report({ span: { start: refresh.value.start, end: refresh.value.end }, messageId: refresh.messageId, data: messageData(refresh) });
    };
    return {
      statement(statement) {
        const refresh = isWord(statement.tokens[0], 'CREATE') ? createdRefresh(statement.tokens) : statement.kind === 'other' ? alteredRefresh(statement) : null;
        if (refresh?.messageId === 'taskSchedule' && suspendedLater(context.doc, statement.index, refresh.name)) return;
        check(refresh);
      },
    };
  },
});

function messageData(refresh: Refresh): Record<string, string> {
  const { periodSeconds, runsPerDay } = refresh.cadence;
  if (refresh.messageId === 'targetLag') return { name: refresh.name.name, lag: formatDuration(periodSeconds) };
  return { name: refresh.name.name, every: formatEvery(periodSeconds), runs: formatCount(runsPerDay) };
}

/**
 * `CREATE TASK ... SCHEDULE`, `CREATE DYNAMIC TABLE ... TARGET_LAG`, `CREATE MATERIALIZED VIEW ... OPTIONS
 * (refresh_interval_minutes)`. Read from the tokens, whatever kind of statement the front end makes of the body.
 */
function createdRefresh(tokens: readonly Token[]): Refresh | null {
  const object = readObjectHeader(tokens, 1);
  const from = isWord(tokens[object.next], 'IF') && isWord(tokens[object.next + 1], 'NOT') ? object.next + 3 : object.next;
  const name = readTableRef(tokens, from)?.ref;
  if (name === undefined) return null;
  const header = headerTokens(tokens);
  switch (object.objectType) {
    case 'task':
      return taskSchedule(header, name);
    case 'table':
      return tokens.slice(1, object.next).some((t) => isWord(t, 'DYNAMIC')) ? targetLag(header, name) : null;
    case 'materialized view':
      return refreshInterval(header, name);
    default:
      return null;
  }
}

/** `ALTER TASK t SET SCHEDULE`, `ALTER DYNAMIC TABLE d SET TARGET_LAG`, `ALTER MATERIALIZED VIEW v SET OPTIONS (...)`. */
function alteredRefresh(statement: OtherStatement): Refresh | null {
  const tokens = statement.tokens;
  if (!tokens.some((t) => isWord(t, 'SET'))) return null;
  switch (statement.verb) {
    case 'ALTER TASK':
      return withName(tokens, 2, (name) => taskSchedule(tokens, name));
    case 'ALTER DYNAMIC':
      return isWord(tokens[2], 'TABLE') ? withName(tokens, 3, (name) => targetLag(tokens, name)) : null;
    case 'ALTER MATERIALIZED':
      return isWord(tokens[2], 'VIEW') ? withName(tokens, 3, (name) => refreshInterval(tokens, name)) : null;
    default:
      return null;
  }
}

function withName(tokens: readonly Token[], at: number, read: (name: TableRef) => Refresh | null): Refresh | null {
  const from = isWord(tokens[at], 'IF') && isWord(tokens[at + 1], 'EXISTS') ? at + 2 : at;
  const name = readTableRef(tokens, from);
  return name ? read(name.ref) : null;
}

/** The object's settings: the tokens before the top-level `AS` that starts its body. */
function headerTokens(tokens: readonly Token[]): readonly Token[] {
  const as = findTopLevelWord(tokens, 'AS');
  return as < 0 ? tokens : tokens.slice(0, as);
}

/** The token after `key =`, wherever it sits in the settings (`SCHEDULE = '5 MINUTE'`, `OPTIONS (k = v)`). */
function settingValue(tokens: readonly Token[], key: string): Token | null {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (isWord(tokens[i], key) && isPunct(tokens[i + 1], '=')) return tokens[i + 2];
  }
  return null;
}

function stringContent(token: Token | null): string | null {
  return token?.kind === 'string' && !token.unterminated ? token.text.slice(1, -1) : null;
}

function taskSchedule(tokens: readonly Token[], name: TableRef): Refresh | null {
  // A WHEN SYSTEM$STREAM_HAS_DATA(...) check runs without the warehouse: empty runs are skipped for free.
  if (tokens.some((t) => isWord(t, 'SYSTEM$STREAM_HAS_DATA'))) return null;
  const value = settingValue(tokens, 'SCHEDULE');
  const text = stringContent(value);
  if (value === null || text === null) return null;
  const cron = /^\s*USING\s+CRON\s+(.*)$/i.exec(text);
  // Snowflake cron is five fields followed by a time zone.
  const cadence = cron ? cronCadence(cron[1].trim().split(/\s+/).slice(0, 5).join(' ')) : durationCadence(text);
  return cadence ? { messageId: 'taskSchedule', name, value, cadence } : null;
}

function targetLag(tokens: readonly Token[], name: TableRef): Refresh | null {
  const value = settingValue(tokens, 'TARGET_LAG');
  const text = stringContent(value);
  const cadence = text === null ? null : durationCadence(text);
  return value && cadence ? { messageId: 'targetLag', name, value, cadence } : null;
}

/** BigQuery refreshes a materialized view automatically unless `enable_refresh = false`. */
function refreshInterval(tokens: readonly Token[], name: TableRef): Refresh | null {
  if (isWord(settingValue(tokens, 'ENABLE_REFRESH'), 'FALSE')) return null;
  const value = settingValue(tokens, 'REFRESH_INTERVAL_MINUTES');
  if (value?.kind !== 'number' || !/^\d+$/.test(value.text) || Number(value.text) === 0) return null;
  return { messageId: 'refreshInterval', name, value, cadence: cadenceOf(Number(value.text) * SECONDS_PER_MINUTE) };
}

function durationCadence(text: string): Cadence | null {
  const seconds = parseDuration(text);
  return seconds === null ? null : cadenceOf(seconds);
}

/** A later `ALTER TASK <name> SUSPEND` in the same script, not followed by a `RESUME`, leaves the task switched off. */
function suspendedLater(doc: SqlDocument, index: number, name: TableRef): boolean {
  let suspended = false;
  for (const s of doc.statements.slice(index + 1)) {
    if (s.kind !== 'other' || s.verb !== 'ALTER TASK') continue;
    const last = s.tokens[s.tokens.length - 1];
    if (!isWord(last, 'SUSPEND', 'RESUME')) continue;
    const target = readTableRef(s.tokens, isWord(s.tokens[2], 'IF') ? 4 : 2);
    if (target && sameTable(target.ref, name)) suspended = isWord(last, 'SUSPEND');
  }
  return suspended;
}
