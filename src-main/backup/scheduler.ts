// Scheduled backups: an interval persisted in `backup/schedule.json`; a run missed while the app was
// closed runs once soon after start (catch-up); never two at once (the engine's lock also covers the
// CLI); a run with nothing changed is skipped; failures back off exponentially up to the interval.
// `tick()` does all the deciding against an injected clock, so tests drive it without waiting.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.ts';

export const INTERVALS = { hourly: 3_600_000, daily: 86_400_000, weekly: 604_800_000 } as const;

const stateSchema = z.object({
  intervalMs: z.number().int().nonnegative(), // 0: off
  lastRunAt: z.number().nullable(),
  lastOutcome: z.enum(['complete', 'pending', 'skipped', 'failed']).nullable(),
  lastError: z.string().nullable(),
  failures: z.number().int().nonnegative(),
  nextRunAt: z.number().nullable(),
});
export type ScheduleState = z.infer<typeof stateSchema>;

export interface SchedulerDeps {
  file: string;
  now: () => number;
  /** Whether the library changed since the last snapshot. */
  hasChanges: () => Promise<boolean>;
  backup: () => Promise<{ state: 'complete' | 'pending' }>;
  /** First retry after a failure; doubles per failure, capped at the interval. Default 1 minute. */
  baseBackoffMs?: number;
  /** How soon after start a missed run catches up; default 1 minute. */
  catchUpDelayMs?: number;
  onChange?: (state: ScheduleState) => void;
}

const OFF: ScheduleState = { intervalMs: 0, lastRunAt: null, lastOutcome: null, lastError: null, failures: 0, nextRunAt: null };

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
    // Never backed up: the first run is due at once; otherwise one interval after the last run.
    const { lastRunAt } = this.#state;
    const now = this.#deps.now();
    await this.#save({ intervalMs, failures: 0, nextRunAt: intervalMs === 0 ? null : lastRunAt === null ? now : Math.max(now, lastRunAt + intervalMs) });
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

  /** Runs a backup if one is due and none is running; resolves when that run is over. */
  async tick(): Promise<'ran' | 'skipped' | 'failed' | 'not-due' | 'busy'> {
    const { intervalMs, nextRunAt } = this.#state;
    if (intervalMs === 0 || nextRunAt === null || nextRunAt > this.#deps.now()) return 'not-due';
    if (this.#running) return 'busy';
    let outcome: 'ran' | 'skipped' | 'failed' = 'ran';
    this.#running = (async () => {
      const now = this.#deps.now();
      try {
        if (!(await this.#deps.hasChanges()) && this.#state.lastOutcome !== 'failed') {
          outcome = 'skipped';
          await this.#save({ lastOutcome: 'skipped', nextRunAt: now + intervalMs });
          return;
        }
        const result = await this.#deps.backup();
        await this.#save({ lastRunAt: now, lastOutcome: result.state, lastError: null, failures: 0, nextRunAt: now + intervalMs });
      } catch (error) {
        outcome = 'failed';
        const failures = this.#state.failures + 1;
        const backoff = Math.min(intervalMs, (this.#deps.baseBackoffMs ?? 60_000) * 2 ** (failures - 1));
        await this.#save({ lastOutcome: 'failed', lastError: error instanceof Error ? error.message : String(error), failures, nextRunAt: now + backoff });
      }
    })();
    try {
      await this.#running;
    } finally {
      this.#running = null;
    }
    return outcome;
  }

  async #save(patch: Partial<ScheduleState>): Promise<void> {
    this.#state = { ...this.#state, ...patch };
    await writeFileAtomic(this.#deps.file, JSON.stringify(this.#state));
    this.#deps.onChange?.(this.#state);
  }
}
