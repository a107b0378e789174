// Beside the schedule: whether scheduled backups run while the wallet is locked, turning that on (the system
// keychain, or where there is none an explained key file) and off, and an Unlock action when a scheduled run
// failed for want of a key.
import { useEffect, useState, type FormEvent } from 'react';
import type { ScheduleStatus } from '../../../src-shared/contract/backup.ts';
import { useBackupsStore } from '../../stores/backups.ts';
import { useWalletStore } from '../../stores/wallet.ts';
import { UnlockForm } from '../wallet/UnlockForm.tsx';
import { FormError } from '../wallet/PassphraseFields.tsx';
import { useAction } from '../wallet/use-action.ts';
import { runAction } from '../../api/run-action.ts';

const HOW: Record<NonNullable<ScheduleStatus['unattended']['method']>, string> = {
  'os-keychain': 'the backup keys are sealed by the system keychain',
  'key-file': 'the backup keys are in a key file readable by you alone',
  environment: 'the service environment supplies the passphrase (PDW_PASSPHRASE)',
};

export const KEY_FILE_NOTE =
  'The three backup keys (derived from your recovery phrase, never the key that spends from the wallet) go to a file in the data folder readable by you alone. Whoever reads it can decrypt your backups, but cannot spend from the wallet.';

export function UnattendedBackups({ schedule }: { schedule: ScheduleStatus }) {
  const wallet = useWalletStore((s) => s.status);
  const setUnattended = useBackupsStore((s) => s.setUnattended);
  const [consent, setConsent] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [unlocking, setUnlocking] = useState(false);
  useEffect(() => {
    if (!wallet) runAction(useWalletStore.getState().load());
  }, [wallet]);
  const { busy, error, run } = useAction(async (input: Parameters<typeof setUnattended>[0]) => {
    await setUnattended(input);
    setPassphrase('');
  });
  if (schedule.interval === 'off' || !wallet?.exists) return null;
  const { unattended } = schedule;
  const locked = wallet.locked;
  const askPassphrase = locked && wallet.sealer === 'passphrase';
  const keychain = unattended.keychainAvailable;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run({ enabled: true, method: keychain ? 'os-keychain' : 'key-file', ...(askPassphrase ? { passphrase } : {}) });
  };
  const lockedFailure = schedule.lastOutcome === 'failed' && locked && !unattended.enabled;

  return (
    <div className="panel" data-testid="unattended">
      {lockedFailure ? (
        <div className="panel-row" role="alert">
          <strong>The last scheduled backup could not run: the wallet was locked.</strong>
          <span className="muted">Unlock it, or let backups run while it is locked (below).</span>
          {unlocking ? null : <button onClick={() => setUnlocking(true)}>Unlock</button>}
        </div>
      ) : null}
      {lockedFailure && unlocking ? (
        <UnlockForm status={wallet} />
      ) : unattended.enabled && unattended.method ? (
        <div className="panel-row">
          <strong>Runs while the wallet is locked</strong>
          <span className="muted">{HOW[unattended.method]}.</span>
          <button disabled={busy} onClick={() => void run({ enabled: false })}>
            Turn off
          </button>
        </div>
      ) : (
        <form onSubmit={submit} aria-label="Run while locked">
          <p className="muted">
            The wallet locks after 15 idle minutes and at every start; scheduled backups then need the backup keys kept apart from it.{' '}
            {keychain ? 'They are sealed by the system keychain, which only your account opens.' : KEY_FILE_NOTE}
          </p>
          {keychain ? null : (
            <label>
              <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> I understand: keep the backup keys in a key file
            </label>
          )}
          {askPassphrase ? (
            <>
              {' '}
              <label htmlFor="unattended-passphrase">Wallet passphrase (once)</label>{' '}
              <input id="unattended-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </>
          ) : null}{' '}
          <button type="submit" className="primary" disabled={busy || (!keychain && !consent) || (askPassphrase && !passphrase)}>
            Run while locked
          </button>
          <FormError error={error} />
        </form>
      )}
    </div>
  );
}
