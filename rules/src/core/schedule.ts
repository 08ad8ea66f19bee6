/** How often something runs: the fixed period between two runs and how many runs that makes a day. */
export interface Cadence {
  periodSeconds: number;
  runsPerDay: number;
}

const SECONDS_PER_DAY = 86_400;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: SECONDS_PER_DAY };

const DURATION = /^\s*(\d+)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s*$/i;

/** Seconds in a duration as warehouses write it: `1 MINUTE`, `5 minutes`, `30 seconds`, `2 hours`, `1 day`; else null. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2][0].toLowerCase()];
  return seconds > 0 ? seconds : null;
}

export function cadenceOf(periodSeconds: number): Cadence {
  return { periodSeconds, runsPerDay: Math.round(SECONDS_PER_DAY / periodSeconds) };
}

const FIELD_RANGES: readonly [number, number][] = [
  [0, 59], // second
  [0, 59], // minute
  [0, 23], // hour
];

/**
 * The cadence of a cron expression that fires at a fixed period around the clock: five fields
 * (`0-59/5 * * * *`), or six with seconds first (`0-59/10 * * * * *`). Day, month and weekday fields are not
 * read. Null when the expression is not valid cron or its runs are not evenly spaced over the day
 * (`0 9-17 * * *` runs only in office hours, `0,5 * * * *` twice an hour in a burst).
 */
export function cronCadence(expression: string): Cadence | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return null;
  const timeFields = fields.length === 6 ? fields.slice(0, 3) : ['0', ...fields.slice(0, 2)];
  const sets = timeFields.map((f, i) => fieldValues(f, FIELD_RANGES[i]));
  if (sets.some((s) => s === null || s.length === 0)) return null;
  const [seconds, minutes, hours] = sets as number[][];
  const times: number[] = [];
  for (const h of hours) for (const m of minutes) for (const s of seconds) times.push(h * 3_600 + m * 60 + s);
  const period = evenGap(times.sort((a, b) => a - b));
  return period === null ? null : { periodSeconds: period, runsPerDay: times.length };
}

// The values one cron field matches: `*`, `*/n`, `a`, `a-b`, `a-b/n`, `a/n`, and comma lists of these.
function fieldValues(field: string, [min, max]: [number, number]): number[] | null {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(item);
    if (!m) return null;
    const from = m[1] === '*' ? min : Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : m[1] === '*' || m[3] !== undefined ? max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (from < min || to > max || from > to || step < 1) return null;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** The gap between consecutive times when every gap, including the one across midnight, is the same. */
function evenGap(times: readonly number[]): number | null {
  const gap = times.length === 1 ? SECONDS_PER_DAY : times[1] - times[0];
  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] !== gap) return null;
  return times[0] + SECONDS_PER_DAY - times[times.length - 1] === gap ? gap : null;
}

const UNITS: readonly [number, string][] = [
  [SECONDS_PER_DAY, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `1 minute`, `5 minutes`, `90 seconds`, `2 hours`: the largest unit that divides the duration. */
export function formatDuration(seconds: number): string {
  const [size, unit] = UNITS.find(([s]) => seconds % s === 0) ?? UNITS[UNITS.length - 1];
  const n = seconds / size;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `every minute`, `every 5 minutes`, `every 30 seconds`. */
export function formatEvery(seconds: number): string {
  const duration = formatDuration(seconds);
  return duration.startsWith('1 ') ? `every ${duration.slice(2)}` : `every ${duration}`;
}

/** `1,440`: a count as messages print it. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
