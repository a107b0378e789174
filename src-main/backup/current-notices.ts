// The notice rules (notices.ts) applied to this machine's backups: the history, the run log and the schedule.
import type { BackupNotice } from '../../src-shared/contract/backup.ts';
import type { BackupEngine } from './engine.ts';
import { snapshotSummaries } from './history.ts';
import { backupNotices } from './notices.ts';
import type { ScheduleState } from './scheduler.ts';

export function currentNotices(engine: BackupEngine, schedule: ScheduleState | null): BackupNotice[] {
  return backupNotices({
    now: Date.now(),
    schedule,
    runs: engine.runs.list(0, 20).runs,
    snapshots: snapshotSummaries(engine),
    warnDays: engine.options.expiryWarningDays(),
  });
}
