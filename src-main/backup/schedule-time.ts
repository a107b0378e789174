// When a scheduled backup is next due: every interval after the last run, or — for schedules of whole days
// with a time of day — on the calendar day that many days later at that local wall-clock time. Days are
// counted on the calendar (not as 24 h), so a daily 02:30 run stays at 02:30 across DST changes; on the night
// a time does not exist (clocks jump forward over it) the run happens just after the jump.
const DAY_MS = 86_400_000;
export const MIN_INTERVAL_MS = 15 * 60_000;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

/** Whole days for an interval that is a whole number of days; null otherwise (a time of day needs one). */
export function wholeDays(intervalMs: number): number | null {
  return intervalMs >= DAY_MS && intervalMs % DAY_MS === 0 ? intervalMs / DAY_MS : null;
}

/** Why a schedule cannot be kept, or null when it can (0 turns the schedule off). */
export function scheduleProblem(intervalMs: number, timeOfDay: string | null): string | null {
  if (intervalMs !== 0 && intervalMs < MIN_INTERVAL_MS) return 'Choose an interval of at least 15 minutes.';
  if (timeOfDay === null) return null;
  if (!isTimeOfDay(timeOfDay)) return `"${timeOfDay}" is not a time of day: write it as HH:MM, from 00:00 to 23:59.`;
  if (wholeDays(intervalMs) === null) return 'A time of day applies to schedules of whole days (daily, weekly, every N days): choose one, or clear the time.';
  return null;
}

/** The local time `timeOfDay` on the calendar day `days` after the day of `from` (local time). */
export function atTimeOfDay(from: number, days: number, timeOfDay: string): number {
  const [, hh, mm] = TIME_OF_DAY.exec(timeOfDay) ?? [];
  const day = new Date(from);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + days, Number(hh), Number(mm)).getTime();
}

/** The first `timeOfDay` at or after `now`: today's, or tomorrow's when today's has passed. */
export function nextTimeOfDay(now: number, timeOfDay: string): number {
  const today = atTimeOfDay(now, 0, timeOfDay);
  return today >= now ? today : atTimeOfDay(now, 1, timeOfDay);
}

/** The next run after one that happened (or was skipped) at `ranAt`. */
export function nextRunAfter(ranAt: number, intervalMs: number, timeOfDay: string | null): number {
  const days = wholeDays(intervalMs);
  if (timeOfDay === null || days === null) return ranAt + intervalMs;
  // A run that came late (catch-up after the app was closed) still puts the next one on the chosen time.
  return atTimeOfDay(ranAt, days, timeOfDay);
}

/** The first run of a schedule just set: at once (never backed up), or one interval after the last run. */
export function firstRun(now: number, lastRunAt: number | null, intervalMs: number, timeOfDay: string | null): number {
  if (timeOfDay !== null && wholeDays(intervalMs) !== null) {
    const next = nextTimeOfDay(now, timeOfDay);
    return lastRunAt === null ? next : Math.max(next, nextRunAfter(lastRunAt, intervalMs, timeOfDay));
  }
  return lastRunAt === null ? now : Math.max(now, lastRunAt + intervalMs);
}
