import { useState, type FormEvent } from 'react';
import type { WalletStatus } from '../../../src-shared/contract/wallet.ts';
import { useWalletStore } from '../../stores/wallet.ts';
import { FormError, NewPassphraseFields } from './PassphraseFields.tsx';
import { useAction } from './use-action.ts';

export function ChangePassphrase() {
  const change = useWalletStore((s) => s.changePassphrase);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction(async (c: string, n: string) => {
    await change(c, n);
    setCurrent('');
    setDone(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (current && next) void run(current, next);
  };
  return (
    <details className="wallet-card" onToggle={() => setDone(false)}>
      <summary>Change passphrase</summary>
      <form className="wallet-form" onSubmit={submit} aria-label="Change passphrase">
        <label htmlFor="current-passphrase">Current passphrase</label>
        <input id="current-passphrase" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        <NewPassphraseFields label="New passphrase" onChange={setNext} />
        <FormError error={error} />
        {done ? <p role="status">Passphrase changed.</p> : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !current || !next}>
            {busy ? 'Saving…' : 'Change passphrase'}
          </button>
        </div>
      </form>
    </details>
  );
}

export function RemoveWallet({ status }: { status: WalletStatus }) {
  const remove = useWalletStore((s) => s.remove);
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useAction(remove);
  const matches = typed.trim().toLowerCase() === status.address?.toLowerCase();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (matches) void run(typed.trim());
  };
  return (
    <details className="wallet-card danger-zone">
      <summary>Remove wallet from this device</summary>
      <form className="wallet-form" onSubmit={submit} aria-label="Remove wallet">
        <p className="wallet-warning">
          This deletes the key from this device. Without your recovery phrase{status.secretKind === 'privateKey' ? ' (or private key)' : ''} the wallet, its
          funds and your backups cannot be recovered.
        </p>
        <label htmlFor="remove-address">Type the wallet address to confirm</label>
        <input id="remove-address" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        <FormError error={error} />
        <div className="form-actions">
          <button type="submit" className="danger" disabled={busy || !matches}>
            {busy ? 'Removing…' : 'Remove wallet'}
          </button>
        </div>
      </form>
    </details>
  );
}
