// The scheduler against an injected clock: due runs, catch-up once after downtime, skipping unchanged
// libraries, exponential backoff after failures, no overlapping runs, and maintenance (retention and
// renewal) after each backup and on its own between them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupScheduler, INTERVALS, type SchedulerDeps } from '../../../src-main/backup/scheduler.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const H = INTERVALS.hourly;
const MIN = 60_000;

function harness(dir: string, overrides: Partial<SchedulerDeps> = {}) {
  const world = { now: 1_000_000_000, changes: true, fail: false, runs: 0, skips: 0, maintained: [] as number[], maintainFails: false };
  const deps: SchedulerDeps = {
    file: join(dir, 'schedule.json'),
    now: () => world.now,
    hasChanges: async () => world.changes,
    backup: async () => {
      world.runs++;
      if (world.fail) throw new Error('Walrus publisher: 503');
      return { state: 'complete' };
    },
    onSkipped: () => void world.skips++,
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

  describe('maintenance', () => {
    const withMaintenance = (dir: string) => {
      const h = harness(dir);
      h.deps.maintain = async () => {
        h.world.maintained.push(h.world.now);
        if (h.world.maintainFails) throw new Error('Walrus aggregator: unreachable');
      };
      h.deps.maintainEveryMs = 6 * H;
      h.deps.maintainRetryMs = 10 * MIN;
      return h;
    };

    it('follows every complete or skipped backup, and is logged as skipped', () =>
      withTempDir(async (dir) => {
        const { world, scheduler } = withMaintenance(dir);
        await scheduler.load();
        await scheduler.setInterval(H);
        expect(await scheduler.tick()).toBe('ran');
        world.changes = false;
        world.now += H;
        expect(await scheduler.tick()).toBe('skipped');
        expect(world.skips).toBe(1);
        expect(world.maintained).toEqual([world.now - H, world.now]);
      }));

    it('runs on its own every few hours, also with backups off', () =>
      withTempDir(async (dir) => {
        const { world, scheduler } = withMaintenance(dir);
        await scheduler.load();
        expect(scheduler.state.intervalMs).toBe(0);
        expect(await scheduler.tick()).toBe('maintained'); // never maintained: due at once
        expect(await scheduler.tick()).toBe('not-due');
        world.now += 6 * H - 1;
        expect(await scheduler.tick()).toBe('not-due');
        world.now += 1;
        expect(await scheduler.tick()).toBe('maintained');
        expect(world.runs).toBe(0);
        expect(world.maintained).toHaveLength(2);
      }));

    it('retries a failed maintenance sooner, without touching the backup schedule', () =>
      withTempDir(async (dir) => {
        const { world, scheduler } = withMaintenance(dir);
        await scheduler.load();
        await scheduler.setInterval(24 * H);
        world.maintainFails = true;
        expect(await scheduler.tick()).toBe('ran');
        expect(scheduler.state).toMatchObject({ lastOutcome: 'complete', failures: 0, nextMaintainAt: world.now + 10 * MIN });
        world.now += 10 * MIN;
        world.maintainFails = false;
        expect(await scheduler.tick()).toBe('maintained');
        expect(scheduler.state.nextMaintainAt).toBe(world.now + 6 * H);
        expect(world.runs).toBe(1);
      }));

    it('does not follow a failed backup (the backup retries first)', () =>
      withTempDir(async (dir) => {
        const { world, scheduler } = withMaintenance(dir);
        await scheduler.load();
        await scheduler.setInterval(H);
        world.fail = true;
        expect(await scheduler.tick()).toBe('failed');
        expect(world.maintained).toEqual([]);
      }));

    it('reads a schedule file written before maintenance existed', () =>
      withTempDir(async (dir) => {
        const old = { intervalMs: H, lastRunAt: null, lastOutcome: null, lastError: null, failures: 0, nextRunAt: 2_000_000_000 };
        await writeFile(join(dir, 'schedule.json'), JSON.stringify(old));
        const { world, scheduler } = withMaintenance(dir);
        world.now = 1_999_000_000;
        await scheduler.load();
        expect(scheduler.state).toMatchObject({ intervalMs: H, nextMaintainAt: null });
        expect(await scheduler.tick()).toBe('maintained');
      }));
  });
});
