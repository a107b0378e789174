// The authenticated publisher's JWT secret. Sent to main once and kept there in memory for this session;
// this form never reads it back (main only says where the secret comes from).
import { useEffect, useState, type FormEvent } from 'react';
import type { PublisherAuthStatus } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';
import { useUiStore } from '../stores/ui.ts';

const SOURCE_TEXT: Record<PublisherAuthStatus['source'], string> = {
  env: 'Set by WALRUS_PUBLISHER_JWT_SECRET for this run.',
  session: 'Set for this session (kept in memory, never saved): every store carries a fresh token.',
  'token-url': 'Not set: every store carries a token asked for at WALRUS_PUBLISHER_TOKEN_URL.',
  none: 'Not set: stores carry no token (open publishers, e.g. testnet).',
};

export function PublisherAuthForm() {
  const pushToast = useUiStore((s) => s.pushToast);
  const [status, setStatus] = useState<PublisherAuthStatus | null>(null);
  const [secret, setSecret] = useState('');
  const [lifetime, setLifetime] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.call('walrus.publisherAuth.get', {}).then(setStatus, () => undefined);
  }, []);
  if (!status) return null;

  const apply = async (next: string | null) => {
    setBusy(true);
    try {
      setStatus(await api.call('walrus.publisherAuth.set', { secret: next, ...(next && lifetime ? { expiringSec: Number(lifetime) } : {}) }));
      setSecret('');
      pushToast({ kind: 'info', title: 'Publisher token', message: next ? 'Stores now carry a token signed with this secret.' : 'Stores no longer carry a token.' });
    } catch {
      // the failure toast already explains what was wrong
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void apply(secret);
  };
  const fixed = status.source === 'env';

  return (
    <form className="settings-form" onSubmit={submit} aria-label="Authenticated publisher">
      <label>
        <span>Publisher JWT secret</span>
        <input name="publisherJwtSecret" type="password" autoComplete="off" value={secret} disabled={fixed || busy} placeholder="0x… (the publisher's --jwt-decode-secret)" onChange={(e) => setSecret(e.target.value)} />
        <small>{SOURCE_TEXT[status.source]} Needed to write to an authenticated publisher (mainnet).</small>
      </label>
      <label>
        <span>Token lifetime (seconds)</span>
        <input name="publisherJwtExpiringSec" type="number" min={1} value={lifetime} disabled={fixed || busy} placeholder={String(status.expiringSec)} onChange={(e) => setLifetime(e.target.value)} />
        <small>Must equal the publisher's --jwt-expiring-sec when it sets one.</small>
      </label>
      <div className="form-actions">
        <button type="button" disabled={fixed || busy || status.source === 'none'} onClick={() => void apply(null)}>
          Clear
        </button>
        <button type="submit" className="primary" disabled={fixed || busy || !secret}>
          Use this secret
        </button>
      </div>
    </form>
  );
}
