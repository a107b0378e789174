import { useState, type FormEvent } from 'react';
import { useWalletStore } from '../../stores/wallet.ts';
import { FormError } from './PassphraseFields.tsx';
import { useAction } from './use-action.ts';

/** The one time the recovery phrase is shown. */
export function PhraseDisplay({ phrase }: { phrase: string }) {
  const done = useWalletStore((s) => s.phraseWrittenDown);
  return (
    <section className="wallet-card" aria-labelledby="phrase-title">
      <h2 id="phrase-title">Your recovery phrase</h2>
      <p className="wallet-warning" role="note">
        Write these words down, in order, on paper, and keep them somewhere safe and offline. Anyone who has them controls this wallet and can
        read your backups. PDW will not show them again.
      </p>
      <ol className="phrase-grid" data-testid="recovery-phrase">
        {phrase.split(' ').map((word, i) => (
          <li key={i}>{word}</li>
        ))}
      </ol>
      <div className="form-actions">
        <button className="primary" autoFocus onClick={done}>
          I have written it down
        </button>
      </div>
    </section>
  );
}

/** Asks for the words at `positions` (1-based) to prove the phrase was written down. */
export function ConfirmPhrase({ positions, intro }: { positions: number[]; intro?: string }) {
  const confirm = useWalletStore((s) => s.confirmBackup);
  const [words, setWords] = useState<Record<number, string>>({});
  const { busy, error, run } = useAction(confirm);
  const complete = positions.every((p) => words[p]?.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (complete) void run(positions.map((position) => ({ position, word: words[position]!.trim() })));
  };
  return (
    <form className="wallet-card wallet-form" onSubmit={submit} aria-label="Confirm your recovery phrase">
      <h2>Confirm your recovery phrase</h2>
      <p>{intro ?? 'Type these words from the phrase you wrote down.'}</p>
      <div className="confirm-words">
        {positions.map((position, i) => (
          <label key={position}>
            <span>Word #{position}</span>
            <input
              value={words[position] ?? ''}
              onChange={(e) => setWords({ ...words, [position]: e.target.value })}
              autoFocus={i === 0}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
            />
          </label>
        ))}
      </div>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !complete}>
          {busy ? 'Checking…' : 'Confirm'}
        </button>
      </div>
    </form>
  );
}
