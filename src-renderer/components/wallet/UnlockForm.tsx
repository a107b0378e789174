import { useState, type FormEvent } from 'react';
import type { WalletStatus } from '../../../src-shared/contract/wallet.ts';
import { useWalletStore } from '../../stores/wallet.ts';
import { FormError } from './PassphraseFields.tsx';
import { useAction } from './use-action.ts';

export function UnlockForm({ status }: { status: WalletStatus }) {
  const unlock = useWalletStore((s) => s.unlock);
  const [passphrase, setPassphrase] = useState('');
  const needsPassphrase = status.sealer === 'passphrase';
  const { busy, error, run } = useAction(async (p: string | undefined) => {
    await unlock(p);
    setPassphrase('');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(needsPassphrase ? passphrase : undefined);
  };
  return (
    <form className="wallet-card wallet-form" onSubmit={submit} aria-label="Unlock the wallet">
      <h2>Wallet locked</h2>
      <p className="muted">
        Address <code className="wallet-address">{status.address}</code>
      </p>
      {needsPassphrase ? (
        <>
          <label htmlFor="unlock-passphrase">Passphrase</label>
          <input id="unlock-passphrase" type="password" autoComplete="current-password" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </>
      ) : null}
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || (needsPassphrase && !passphrase)}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </div>
    </form>
  );
}
