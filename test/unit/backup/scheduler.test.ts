// The scheduler against an injected clock: due runs, catch-up once after downtime, skipping unchanged
// libraries, exponential backoff after failures, and no overlapping runs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupScheduler, INTERVALS, type SchedulerDeps } from '../../../src-main/backup/scheduler.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const H = INTERVALS.hourly;
const MIN = 60_000;

function harness(dir: string, overrides: Partial<SchedulerDeps> = {}) {
  const world = { now: 1_000_000_000, changes: true, fail: false, runs: 0 };
  const deps: SchedulerDeps = {
    file: join(dir, 'schedule.json'),
    now: () => world.now,
    hasChanges: async () => world.changes,
    backup: async () => {
      world.runs++;
      if (world.fail) throw new Error('Walrus publisher: 503');
      return { state: 'complete' };
    },
    ...overrides,
  };
  return { world, deps, scheduler: new BackupScheduler(deps) };
}

describe('BackupScheduler', () => {
  it('runs when due, then every interval', () =>
    withTempDir(async (dir) => {
      const { world, scheduler } = harness(dir);
      await scheduler.load();
      await scheduler.setInterval(H);
      expect(await scheduler.tick()).toBe('ran'); // never ran: due now
      expect(await scheduler.tick()).toBe('not-due');
      world.now += H - 1;
      expect(await scheduler.tick()).toBe('not-due');
      world.now += 1;
      expect(await scheduler.tick()).toBe('ran');
      expect(world.runs).toBe(2);
    }));

  it('catches up once after the app was closed through several due times', () =>
    withTempDir(async (dir) => {
      const first = harness(dir);
      await first.scheduler.load();
      await first.scheduler.setInterval(H);
      await first.scheduler.tick();
      const { world, scheduler } = harness(dir);
      world.now = first.world.now + 5 * H; // five runs missed
      await scheduler.load();
      expect(await scheduler.tick()).toBe('not-due'); // soon after start, not at once
      world.now += MIN;
      expect(await scheduler.tick()).toBe('ran');
      expect(await scheduler.tick()).toBe('not-due');
      expect(world.runs).toBe(1);
      expect(scheduler.state.nextRunAt).toBe(world.now + H);
    }));

  it('skips a run when nothing changed', () =>
    withTempDir(async (dir) => {
      const { world, scheduler } = harness(dir);
      await scheduler.load();
      await scheduler.setInterval(H);
      await scheduler.tick();
      world.changes = false;
      world.now += H;
      expect(await scheduler.tick()).toBe('skipped');
      expect(world.runs).toBe(1);
      expect(scheduler.state.lastOutcome).toBe('skipped');
    }));

  it('backs off exponentially after failures, capped at the interval, and resets on success', () =>
    withTempDir(async (dir) => {
      const { world, scheduler } = harness(dir);
      await scheduler.load();
      await scheduler.setInterval(H);
      world.fail = true;
      const delays: number[] = [];
      for (let i = 0; i < 8; i++) {
        expect(await scheduler.tick()).toBe('failed');
        delays.push((scheduler.state.nextRunAt as number) - world.now);
        world.now = scheduler.state.nextRunAt as number;
      }
      expect(delays).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN, 32 * MIN, H, H]);
      expect(scheduler.state).toMatchObject({ failures: 8, lastError: 'Walrus publisher: 503' });
      world.fail = false;
      world.changes = false; // a failed last run is retried even without new changes
      expect(await scheduler.tick()).toBe('ran');
      expect(scheduler.state).toMatchObject({ failures: 0, lastOutcome: 'complete' });
    }));

  it('never starts a second run while one is going', () =>
    withTempDir(async (dir) => {
      let finish = () => {};
      const { scheduler } = harness(dir, {
        backup: () => new Promise((resolve) => (finish = () => resolve({ state: 'complete' }))),
      });
      await scheduler.load();
      await scheduler.setInterval(H);
      const first = scheduler.tick();
      await new Promise((r) => setTimeout(r, 10));
      expect(await scheduler.tick()).toBe('busy');
      finish();
      expect(await first).toBe('ran');
    }));
});
