// Scheduled backups: an interval persisted in `backup/schedule.json`; a run missed while the app was
// closed runs once soon after start (catch-up); never two at once (the engine's lock also covers the
// CLI); a run with nothing changed is skipped; failures back off exponentially up to the interval.
// Maintenance (retention, then renewal of what is kept) follows every scheduled backup, and also runs on
// its own every few hours — also with backups off, so kept snapshots never expire unnoticed.
// A schedule of whole days may name a time of day (schedule-time.ts); pausing keeps the schedule but runs
// no backups until resumed (maintenance goes on, so kept snapshots still never expire unnoticed).
// `tick()` does all the deciding against an injected clock, so tests drive it without waiting.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/define.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { firstRun, nextRunAfter, scheduleProblem } from './schedule-time.ts';

export const INTERVALS = { hourly: 3_600_000, daily: 86_400_000, weekly: 604_800_000 } as const;

const stateSchema = z.object({
  intervalMs: z.number().int().nonnegative(), // 0: off
  lastRunAt: z.number().nullable(),
  lastOutcome: z.enum(['complete', 'pending', 'skipped', 'failed']).nullable(),
  lastError: z.string().nullable(),
  failures: z.number().int().nonnegative(),
  nextRunAt: z.number().nullable(),
  /** When maintenance is next due (absent in files written before it existed: due at once). */
  nextMaintainAt: z.number().nullable().default(null),
  /** Local HH:MM for schedules of whole days (absent in older files: none). */
  timeOfDay: z.string().nullable().default(null),
  /** Paused by the user: no backups until resumed (absent in older files: not paused). */
  paused: z.boolean().default(false),
  /** When the current streak of failed runs began; null while the last run did not fail. */
  failingSince: z.number().nullable().default(null),
  /** The last failure's error code (e.g. 'locked'), so the notice names the action that fixes it. */
  lastErrorCode: z.string().nullable().default(null),
});
export type ScheduleState = z.infer<typeof stateSchema>;

export interface SchedulerDeps {
  file: string;
  now: () => number;
  /** Whether the library changed since the last snapshot. */
  hasChanges: () => Promise<boolean>;
  backup: () => Promise<{ state: 'complete' | 'pending' }>;
  /** A due backup was skipped: nothing changed (the app logs it). */
  onSkipped?: () => void;
  /** Retention and renewal; absent: no maintenance. Its failures are the run log's business, never the schedule's. */
  maintain?: () => Promise<unknown>;
  /** Maintenance on its own, between backups; default 6 hours. */
  maintainEveryMs?: number;
  /** Next try after a failed maintenance; default 10 minutes. */
  maintainRetryMs?: number;
  /** First retry after a failure; doubles per failure, capped at the interval. Default 1 minute. */
  baseBackoffMs?: number;
  /** How soon after start a missed run catches up; default 1 minute. */
  catchUpDelayMs?: number;
  onChange?: (state: ScheduleState) => void;
}

const OFF: ScheduleState = {
  intervalMs: 0,
  lastRunAt: null,
  lastOutcome: null,
  lastError: null,
  failures: 0,
  nextRunAt: null,
  nextMaintainAt: null,
  timeOfDay: null,
  paused: false,
  failingSince: null,
  lastErrorCode: null,
};


export type TickOutcome = 'ran' | 'skipped' | 'failed' | 'maintained' | 'not-due' | 'busy';

export class BackupScheduler {
  readonly #deps: SchedulerDeps;
  #state: ScheduleState = OFF;
  #running: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  get state(): ScheduleState {
    return this.#state;
  }

  /** Loads the schedule; a run that fell due while the app was closed is set to happen soon, once. */
  async load(): Promise<void> {
    const raw = await readFile(this.#deps.file, 'utf8').catch(() => null);
    const parsed = raw === null ? null : stateSchema.safeParse(JSON.parse(raw));
    this.#state = parsed?.success ? parsed.data : OFF;
    const now = this.#deps.now();
    if (this.#state.intervalMs > 0 && (this.#state.nextRunAt === null || this.#state.nextRunAt < now)) {
      await this.#save({ nextRunAt: now + (this.#deps.catchUpDelayMs ?? 60_000) });
    }
  }

  async setInterval(intervalMs: number): Promise<void> {
    await this.setSchedule(intervalMs, null);
  }

  /**
   * Never backed up: the first run is due at once (or at the next time of day); otherwise one interval after
   * the last run. A schedule that cannot be kept (under 15 minutes, a malformed time, a time of day on a
   * sub-day interval) is refused with invalid_input, changing nothing.
   */
  async setSchedule(intervalMs: number, timeOfDay: string | null): Promise<void> {
    const problem = scheduleProblem(intervalMs, timeOfDay);
    if (problem) throw new AppError('invalid_input', problem);
    const { lastRunAt } = this.#state;
    const nextRunAt = intervalMs === 0 ? null : firstRun(this.#deps.now(), lastRunAt, intervalMs, timeOfDay);
    await this.#save({ intervalMs, timeOfDay: intervalMs === 0 ? null : timeOfDay, failures: 0, failingSince: null, nextRunAt });
  }

  /** Pauses or resumes backups; a run that fell due while paused happens at the next tick after resuming. */
  async setPaused(paused: boolean): Promise<void> {
    if (this.#state.paused !== paused) await this.#save({ paused });
  }

  /** Polls `tick` on a real timer (unref'd: it never keeps the process alive). */
  start(pollMs = 30_000): void {
    this.#timer ??= setInterval(() => void this.tick(), pollMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Runs a backup (then maintenance) if one is due, or maintenance alone when that is due; never two at once. */
  async tick(): Promise<TickOutcome> {
    const { intervalMs, nextRunAt, nextMaintainAt } = this.#state;
    const now = this.#deps.now();
    const backupDue = !this.#state.paused && intervalMs > 0 && nextRunAt !== null && nextRunAt <= now;
    const maintainDue = this.#deps.maintain !== undefined && (nextMaintainAt ?? now) <= now;
    if (!backupDue && !maintainDue) return 'not-due';
    if (this.#running) return 'busy';
    let outcome: TickOutcome = 'maintained';
    this.#running = (async () => {
      if (backupDue) outcome = await this.#backup(now, intervalMs);
      // After a complete or skipped backup (a pending one means Walrus is away; a failed one retries first).
      if (!backupDue || (outcome !== 'failed' && this.#state.lastOutcome !== 'pending')) await this.#maintain(now);
    })();
    try {
      await this.#running;
    } finally {
      this.#running = null;
    }
    return outcome;
  }

  async #backup(now: number, intervalMs: number): Promise<'ran' | 'skipped' | 'failed'> {
    try {
      if (!(await this.#deps.hasChanges()) && this.#state.lastOutcome !== 'failed') {
        this.#deps.onSkipped?.();
        await this.#save({ lastOutcome: 'skipped', nextRunAt: nextRunAfter(now, intervalMs, this.#state.timeOfDay) });
        return 'skipped';
      }
      const result = await this.#deps.backup();
      await this.#save({ lastRunAt: now, lastOutcome: result.state, lastError: null, lastErrorCode: null, failures: 0, failingSince: null, nextRunAt: nextRunAfter(now, intervalMs, this.#state.timeOfDay) });
      return 'ran';
    } catch (error) {
      const failures = this.#state.failures + 1;
      const backoff = Math.min(intervalMs, (this.#deps.baseBackoffMs ?? 60_000) * 2 ** (failures - 1));
      const lastError = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown } | null)?.code;
      const lastErrorCode = typeof code === 'string' ? code : null;
      await this.#save({ lastOutcome: 'failed', lastError, lastErrorCode, failures, failingSince: this.#state.failingSince ?? now, nextRunAt: now + backoff });
      return 'failed';
    }
  }

  async #maintain(now: number): Promise<void> {
    if (!this.#deps.maintain) return;
    const ok = await this.#deps.maintain().then(() => true, () => false);
    await this.#save({ nextMaintainAt: now + (ok ? (this.#deps.maintainEveryMs ?? 6 * 3_600_000) : (this.#deps.maintainRetryMs ?? 600_000)) });
  }

  async #save(patch: Partial<ScheduleState>): Promise<void> {
    this.#state = { ...this.#state, ...patch };
    await writeFileAtomic(this.#deps.file, JSON.stringify(this.#state));
    this.#deps.onChange?.(this.#state);
  }
}
