// When a kept snapshot counts as expiring soon: it ends within the warning window (days, a setting) and
// renewal, due for at least one epoch already, has not extended it (the app was not running, or renewal keeps
// failing). The second condition keeps the warning quiet where epochs are short: on testnet (1-day epochs, 5
// bought) every kept snapshot always ends within a week, and renewal extends it in time when it runs.
import type { SnapshotRecord } from './backup-db.ts';

const DAY_MS = 86_400_000;

export interface ExpiryWindow {
  nowMs: number;
  currentEpoch: number;
  warningDays: number;
  /** Renewal stores an object again once it has at most this many epochs left. */
  renewWithinEpochs: number;
}

export function isExpiringSoon(s: Pick<SnapshotRecord, 'state' | 'forgottenAt' | 'endEpoch'>, expiresAtMs: number, w: ExpiryWindow): boolean {
  if (s.state !== 'complete' || s.forgottenAt !== null || s.endEpoch === null || w.warningDays <= 0) return false;
  if (s.endEpoch <= w.currentEpoch) return false; // expired: another state
  const renewalOverdue = s.endEpoch - w.currentEpoch < w.renewWithinEpochs;
  return renewalOverdue && expiresAtMs - w.nowMs <= w.warningDays * DAY_MS;
}
