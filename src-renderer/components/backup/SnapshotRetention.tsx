// Forget (asks first: the snapshot is no longer renewed and expires on Walrus) or keep a snapshot by hand;
// keeping a forgotten one that has not expired undoes the forgetting.
import { useState } from 'react';
import type { SnapshotSummary } from '../../../src-shared/contract/backup.ts';
import { runAction } from '../../api/run-action.ts';

interface Props {
  snapshot: SnapshotSummary;
  /** The newest complete snapshot is never forgotten. */
  newest: boolean;
  onForget(id: string): Promise<void>;
  onKeep(id: string): Promise<void>;
}

export function SnapshotRetention({ snapshot: s, newest, onForget, onKeep }: Props) {
  const [confirming, setConfirming] = useState(false);
  if (s.state !== 'complete') return null;
  if (s.forgottenAt) {
    return s.expired ? null : (
      <button title="Renew it again, and never forget it automatically" onClick={() => runAction(onKeep(s.id))}>
        Keep
      </button>
    );
  }
  if (newest) return null;
  if (!confirming) return <button onClick={() => setConfirming(true)}>Forget</button>;
  return (
    <span className="confirm" role="alertdialog" aria-label="Confirm forgetting">
      Stop renewing this snapshot? It expires on Walrus{s.expiresAt ? ` around ${new Date(s.expiresAt).toLocaleDateString()}` : ''}.
      <button className="danger" autoFocus onClick={() => runAction(onForget(s.id).finally(() => setConfirming(false)))}>
        Forget snapshot
      </button>
      <button onClick={() => setConfirming(false)}>Cancel</button>
    </span>
  );
}
