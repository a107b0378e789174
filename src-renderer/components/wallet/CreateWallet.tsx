import { useState, type FormEvent } from 'react';
import { useWalletStore } from '../../stores/wallet.ts';
import { FormError, NewPassphraseFields } from './PassphraseFields.tsx';
import { useAction } from './use-action.ts';

export function CreateWallet({ needsPassphrase, onCancel }: { needsPassphrase: boolean; onCancel(): void }) {
  const create = useWalletStore((s) => s.create);
  const [words, setWords] = useState<12 | 24>(24);
  const [passphrase, setPassphrase] = useState<string | null>(null);
  const { busy, error, run } = useAction(create);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needsPassphrase && !passphrase) return;
    void run(words, passphrase ?? undefined);
  };
  return (
    <form className="wallet-card wallet-form" onSubmit={submit} aria-label="Create a wallet">
      <h2>Create a new wallet</h2>
      <fieldset className="wallet-choice">
        <legend>Recovery phrase length</legend>
        {([24, 12] as const).map((n) => (
          <label key={n}>
            <input type="radio" name="words" checked={words === n} onChange={() => setWords(n)} /> {n} words
          </label>
        ))}
      </fieldset>
      {needsPassphrase ? <NewPassphraseFields onChange={setPassphrase} /> : <p className="muted">The key is protected by your system keychain.</p>}
      <FormError error={error} />
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className="primary" disabled={busy || (needsPassphrase && !passphrase)}>
          {busy ? 'Creating…' : 'Create wallet'}
        </button>
      </div>
    </form>
  );
}
