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

/**
 * Removal is a confirmation dialog: the address typed back, the passphrase (a keychain-protected wallet has none: its
 * recovery phrase instead) and, while the phrase was never confirmed, an explicit "my backups become unreadable".
 */
export function RemoveWallet({ status }: { status: WalletStatus }) {
  const remove = useWalletStore((s) => s.remove);
  const [typed, setTyped] = useState('');
  const [proof, setProof] = useState('');
  const [accepted, setAccepted] = useState(false);
  const { busy, error, run } = useAction(remove);
  const byPassphrase = status.sealer === 'passphrase';
  const unconfirmed = status.secretKind === 'phrase' && !status.phraseConfirmed;
  const secretName = status.secretKind === 'privateKey' ? 'private key' : 'recovery phrase';
  const matches = typed.trim().toLowerCase() === status.address?.toLowerCase();
  const ready = matches && proof !== '' && (!unconfirmed || !byPassphrase || accepted);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    const given = byPassphrase ? { passphrase: proof, ...(unconfirmed ? { acceptUnreadableBackups: accepted } : {}) } : { secret: proof };
    void run({ confirmAddress: typed.trim(), ...given }).finally(() => setProof(''));
  };
  return (
    <details className="wallet-card danger-zone">
      <summary>Remove wallet from this device</summary>
      <form className="wallet-form" onSubmit={submit} aria-label="Remove wallet">
        <p className="wallet-warning">
          This deletes the key from this device. Without your {secretName} the wallet, its funds and your backups cannot be recovered.
        </p>
        <label htmlFor="remove-address">Type the wallet address to confirm</label>
        <input id="remove-address" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        <label htmlFor="remove-proof">{byPassphrase ? 'Passphrase of this wallet' : `Its ${secretName}`}</label>
        {byPassphrase ? (
          <input id="remove-proof" type="password" autoComplete="current-password" value={proof} onChange={(e) => setProof(e.target.value)} />
        ) : (
          <textarea id="remove-proof" rows={2} autoComplete="off" autoCapitalize="none" spellCheck={false} value={proof} onChange={(e) => setProof(e.target.value)} />
        )}
        {unconfirmed && byPassphrase ? (
          <label className="checkbox-row">
            <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} />
            The recovery phrase was never confirmed: I accept that my backups on Walrus become unreadable without it.
          </label>
        ) : null}
        <FormError error={error} />
        <div className="form-actions">
          <button type="submit" className="danger" disabled={busy || !ready}>
            {busy ? 'Removing…' : 'Remove wallet'}
          </button>
        </div>
      </form>
    </details>
  );
}
