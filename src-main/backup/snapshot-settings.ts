// Settings that travel with a snapshot: the backup schedule's interval and the retention rules are sealed in
// each manifest, and a restore into a new data folder adopts them, so a new machine carries on as the old one
// did. The schedule is turned on with the adopted interval; the answer says what must hold for it to run.
import { readFileSync } from 'node:fs';
import type { RetentionPolicy, SnapshotSettings } from '../../src-shared/contract/backup.ts';
import { describePolicy } from './retention.ts';

export type AdoptedSettings = { scheduleIntervalMs: number | null; retention: RetentionPolicy | null; message: string };

/** The interval in the schedule file (`backup/schedule.json`), 0 when there is none or it cannot be read. */
export function scheduleIntervalIn(file: string): number {
  try {
    const interval = (JSON.parse(readFileSync(file, 'utf8')) as { intervalMs?: unknown }).intervalMs;
    return typeof interval === 'number' && Number.isInteger(interval) && interval >= 0 ? interval : 0;
  } catch {
    return 0;
  }
}

export interface AdoptionTarget {
  setScheduleInterval(ms: number): Promise<void>;
  setRetention(policy: RetentionPolicy): Promise<void>;
  /** Whether this process runs the schedule (the app) or not (the CLI: the app runs it once started). */
  runsSchedule: boolean;
  walletLocked: () => boolean;
}

export async function adoptSnapshotSettings(carried: SnapshotSettings | undefined, target: AdoptionTarget): Promise<AdoptedSettings> {
  if (!carried || (carried.scheduleIntervalMs === undefined && !carried.retention)) {
    return { scheduleIntervalMs: null, retention: null, message: 'The snapshot carries no schedule or retention settings (made by an earlier version): this folder keeps its own.' };
  }
  const said: string[] = [];
  if (carried.retention) {
    await target.setRetention(carried.retention);
    said.push(`retention keeps ${describePolicy(carried.retention)}`);
  }
  const interval = carried.scheduleIntervalMs;
  if (interval !== undefined) {
    await target.setScheduleInterval(interval);
    said.push(interval === 0 ? 'scheduled backups off' : `a backup every ${describeInterval(interval)}`);
  }
  const running = interval
    ? target.runsSchedule
      ? target.walletLocked()
        ? ' Scheduled backups wait until the wallet is unlocked: unlock it to let them run.'
        : ''
      : ' The app runs the schedule once it is started with the wallet unlocked; from the command line, run `pdw backup` on that interval.'
    : '';
  return { scheduleIntervalMs: interval ?? null, retention: carried.retention ?? null, message: `Adopted from the snapshot: ${said.join('; ')}.${running}` };
}

function describeInterval(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']];
  for (const [size, name] of units) {
    if (ms % size === 0) return ms === size ? name : `${ms / size} ${name}s`;
  }
  return `${Math.round(ms / 1000)} seconds`;
}
