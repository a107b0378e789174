import { useState, type FormEvent } from 'react';
import { useWalletStore } from '../../stores/wallet.ts';
import { FormError, NewPassphraseFields } from './PassphraseFields.tsx';
import { useAction } from './use-action.ts';

/** `title` and `onImported` let the Restore page reuse the form as "restore from recovery phrase". */
export function ImportWallet({ needsPassphrase, onCancel, title = 'Import a wallet', onImported }: { needsPassphrase: boolean; onCancel?(): void; title?: string; onImported?(): void }) {
  const importWallet = useWalletStore((s) => s.importWallet);
  const [secret, setSecret] = useState('');
  const [passphrase, setPassphrase] = useState<string | null>(null);
  const { busy, error, run } = useAction(async (s: string, p: string | undefined) => {
    await importWallet(s, p);
    setSecret('');
    onImported?.();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!secret.trim() || (needsPassphrase && !passphrase)) return;
    void run(secret, passphrase ?? undefined);
  };
  return (
    <form className="wallet-card wallet-form" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      <label htmlFor="wallet-secret">Recovery phrase or private key (suiprivkey…)</label>
      <textarea
        id="wallet-secret"
        className="wallet-secret"
        rows={3}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
      />
      {needsPassphrase ? <NewPassphraseFields onChange={setPassphrase} /> : null}
      <FormError error={error} />
      <div className="form-actions">
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Back
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy || !secret.trim() || (needsPassphrase && !passphrase)}>
          {busy ? 'Importing…' : 'Import wallet'}
        </button>
      </div>
    </form>
  );
}
