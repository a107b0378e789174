// Next-run computation for schedules of any interval and a time of day, in real time zones across their
// DST changes (Europe/Berlin: 30 March 2025 02:00 → 03:00, 26 October 2025 03:00 → 02:00; America/New_York
// a week apart), with the clock and TZ injected. A daily 02:30 must stay at 02:30 local, never drift an hour.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupScheduler } from '../../../src-main/backup/scheduler.ts';
import { atTimeOfDay, firstRun, nextRunAfter, nextTimeOfDay, scheduleProblem } from '../../../src-main/backup/schedule-time.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const DAY = 86_400_000;
const H = 3_600_000;
const MIN = 60_000;
let savedTz: string | undefined;

function inZone(tz: string) {
  beforeEach(() => {
    savedTz = process.env.TZ;
    process.env.TZ = tz;
  });
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
}

/** Local wall-clock text of an instant, in the zone under test. */
const local = (t: number) => {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

describe('schedule times in Europe/Berlin', () => {
  inZone('Europe/Berlin');

  it('uses the zone it is given (the test would prove nothing in UTC)', () => {
    expect(new Date(Date.UTC(2025, 0, 15, 12)).getTimezoneOffset()).toBe(-60);
    expect(new Date(Date.UTC(2025, 6, 15, 12)).getTimezoneOffset()).toBe(-120);
  });

  it('keeps a daily 02:30 at 02:30 local across the autumn change (a 25-hour day)', () => {
    const ran = Date.parse('2025-10-25T00:30:00Z'); // 02:30 CEST on the 25th
    expect(local(ran)).toBe('2025-10-25 02:30');
    const next = nextRunAfter(ran, DAY, '02:30');
    expect(local(next)).toBe('2025-10-26 02:30');
    expect(next - ran).toBe(DAY); // 02:30 happens twice on the 26th: the first one, once
    const after = nextRunAfter(next, DAY, '02:30');
    expect(local(after)).toBe('2025-10-27 02:30');
    expect(after - next).toBe(DAY + H); // the wall clock, not 24 h, decides
  });

  it('runs just after the jump on the spring night 02:30 does not exist, then back at 02:30', () => {
    const ran = Date.parse('2025-03-29T01:30:00Z'); // 02:30 CET on the 29th
    const skipped = nextRunAfter(ran, DAY, '02:30');
    expect(local(skipped)).toBe('2025-03-30 03:30');
    expect(skipped - ran).toBe(DAY); // 23 wall-clock hours later, never twice and never a day late
    expect(local(nextRunAfter(skipped, DAY, '02:30'))).toBe('2025-03-31 02:30');
  });

  it('a weekly run at 09:00 lands on the same weekday at 09:00 across the change', () => {
    const ran = Date.parse('2025-10-20T07:00:00Z'); // Monday 09:00 CEST
    const next = nextRunAfter(ran, 7 * DAY, '09:00');
    expect(local(next)).toBe('2025-10-27 09:00');
    expect(new Date(next).getDay()).toBe(1);
  });

  it('a late catch-up run puts the next one back on the chosen time', () => {
    const late = Date.parse('2025-06-10T16:47:00Z'); // 18:47 local
    expect(local(nextRunAfter(late, DAY, '02:30'))).toBe('2025-06-11 02:30');
  });

  it('a new schedule starts at the next time of day, or one interval after the last run', () => {
    const now = Date.parse('2025-06-10T10:00:00Z'); // 12:00 local
    expect(local(nextTimeOfDay(now, '18:00'))).toBe('2025-06-10 18:00');
    expect(local(nextTimeOfDay(now, '08:00'))).toBe('2025-06-11 08:00');
    expect(local(firstRun(now, null, DAY, '08:00'))).toBe('2025-06-11 08:00');
    const ranYesterday = now - DAY;
    expect(local(firstRun(now, ranYesterday, 7 * DAY, '08:00'))).toBe('2025-06-16 08:00');
    expect(local(firstRun(now, now - 30 * DAY, 7 * DAY, '08:00'))).toBe('2025-06-11 08:00');
  });

  it('intervals that are not whole days ignore the calendar: every 90 minutes is 90 minutes', () => {
    const ran = Date.parse('2025-10-26T00:30:00Z');
    expect(nextRunAfter(ran, 90 * MIN, null)).toBe(ran + 90 * MIN);
    expect(firstRun(ran, null, 90 * MIN, null)).toBe(ran);
    expect(firstRun(ran, ran - 30 * MIN, 90 * MIN, null)).toBe(ran + 60 * MIN);
  });
});

describe('schedule times in America/New_York', () => {
  inZone('America/New_York');

  it('keeps a daily 01:30 at 01:30 through the fall-back night (01:30 happens twice: runs once)', () => {
    const ran = Date.parse('2025-11-01T05:30:00Z'); // 01:30 EDT
    const next = nextRunAfter(ran, DAY, '01:30');
    expect(local(next)).toBe('2025-11-02 01:30');
    const after = nextRunAfter(next, DAY, '01:30');
    expect(local(after)).toBe('2025-11-03 01:30');
    expect(after - next).toBeGreaterThanOrEqual(DAY); // the second 01:30 of the 2nd is not a second run
  });

  it('atTimeOfDay counts calendar days across the spring change', () => {
    const from = Date.parse('2025-03-08T17:00:00Z'); // 12:00 EST
    expect(local(atTimeOfDay(from, 1, '12:00'))).toBe('2025-03-09 12:00');
    expect(atTimeOfDay(from, 1, '12:00') - from).toBe(DAY - H);
  });
});

describe('schedule validation', () => {
  it('names what to change', () => {
    expect(scheduleProblem(10 * MIN, null)).toMatch(/at least 15 minutes/);
    expect(scheduleProblem(15 * MIN, null)).toBeNull();
    expect(scheduleProblem(0, null)).toBeNull();
    expect(scheduleProblem(DAY, '24:00')).toMatch(/HH:MM/);
    expect(scheduleProblem(DAY, '7:30')).toMatch(/HH:MM/);
    expect(scheduleProblem(6 * H, '07:30')).toMatch(/whole days/);
    expect(scheduleProblem(3 * DAY, '07:30')).toBeNull();
  });
});

describe('BackupScheduler with a time of day', () => {
  inZone('Europe/Berlin');

  it('runs daily at the chosen time across the DST change, and refuses schedules it cannot keep', () =>
    withTempDir(async (dir) => {
      const world = { now: Date.parse('2025-10-24T10:00:00Z'), runs: [] as string[] };
      const scheduler = new BackupScheduler({
        file: join(dir, 'schedule.json'),
        now: () => world.now,
        hasChanges: async () => true,
        backup: async () => (world.runs.push(local(world.now)), { state: 'complete' }),
      });
      await scheduler.load();
      await expect(scheduler.setSchedule(5 * MIN, null)).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(scheduler.setSchedule(H, '02:30')).rejects.toThrow(/whole days/);
      await scheduler.setSchedule(DAY, '02:30');
      expect(local(scheduler.state.nextRunAt!)).toBe('2025-10-25 02:30');
      // A clock that ticks every 10 minutes for four days.
      for (let i = 0; i < 4 * 144; i++) {
        world.now += 10 * MIN;
        await scheduler.tick();
      }
      expect(world.runs).toEqual(['2025-10-25 02:30', '2025-10-26 02:30', '2025-10-27 02:30', '2025-10-28 02:30']);
    }));

  it('loads a schedule file written before time of day, pause and the failure streak existed', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'schedule.json');
      const now = Date.parse('2025-06-01T10:00:00Z');
      const old = { intervalMs: DAY, lastRunAt: now - H, lastOutcome: 'failed', lastError: 'Walrus publisher: 503', failures: 2, nextRunAt: now + H, nextMaintainAt: null };
      await writeFile(file, JSON.stringify(old));
      const scheduler = new BackupScheduler({ file, now: () => now, hasChanges: async () => true, backup: async () => ({ state: 'complete' }) });
      await scheduler.load();
      expect(scheduler.state).toEqual({ ...old, timeOfDay: null, paused: false, failingSince: null, lastErrorCode: null });
    }));

  it('runs nothing while paused, keeps the pause across a restart, and catches up after resuming', () =>
    withTempDir(async (dir) => {
      const world = { now: Date.parse('2025-06-01T10:00:00Z'), runs: 0 };
      const make = () =>
        new BackupScheduler({
          file: join(dir, 'schedule.json'),
          now: () => world.now,
          hasChanges: async () => true,
          backup: async () => (world.runs++, { state: 'complete' }),
        });
      const first = make();
      await first.load();
      await first.setSchedule(H, null);
      await first.setPaused(true);
      expect(await first.tick()).toBe('not-due');
      const second = make(); // the app restarted
      world.now += 5 * H;
      await second.load();
      expect(second.state.paused).toBe(true);
      world.now += 10 * MIN;
      expect(await second.tick()).toBe('not-due');
      expect(world.runs).toBe(0);
      await second.setPaused(false);
      expect(await second.tick()).toBe('ran');
      expect(world.runs).toBe(1);
    }));
});
