import { useEffect, useState, type FormEvent } from 'react';
import { SETTING_APPLIES, type Settings } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';
import { describeEpochs, type EpochLength } from '../components/format.ts';
import { Page } from '../components/Page.tsx';
import { PublisherAuthForm } from '../components/PublisherAuthForm.tsx';
import { BrowserNotificationsSetting } from '../components/BrowserNotifications.tsx';
import { RetentionRules } from '../components/backup/RetentionRules.tsx';
import { SearchQualityCheck } from '../components/search/SearchQualityCheck.tsx';
import { useAppStore } from '../stores/app.ts';
import { useUiStore } from '../stores/ui.ts';

/** Number fields are edited as text and converted when saved. */
const NUMERIC = ['storageEpochs', 'keepSnapshots', 'keepDaily', 'keepWeekly', 'keepMonthly', 'expiryWarningDays'] as const;
type Numeric = (typeof NUMERIC)[number];
type Draft = Omit<Settings, Numeric> & Record<Numeric, string>;

const toDraft = (settings: Settings): Draft => {
  const numbers = Object.fromEntries(NUMERIC.map((k) => [k, String(settings[k])])) as Record<Numeric, string>;
  return { ...settings, ...numbers };
};

const FIELDS: { key: keyof Settings; label: string; help: string }[] = [
  { key: 'walrusPublisherUrl', label: 'Walrus publisher', help: 'Where backups are written.' },
  { key: 'walrusAggregatorUrl', label: 'Walrus aggregator', help: 'Where backups are read from.' },
  { key: 'suiRpcUrl', label: 'Sui RPC', help: 'Full node for balances and blob ownership.' },
];

/** How long an epoch lasts on the deployment in use (the backup schedule's answer; absent where there is none). */
function useEpochLength(): EpochLength | null {
  const [epoch, setEpoch] = useState<EpochLength | null>(null);
  useEffect(() => {
    let live = true;
    api.call('backup.schedule', {}).then(
      (schedule) => live && setEpoch(schedule.epoch),
      () => undefined, // the failure toast says it; the field keeps its plain help
    );
    return () => {
      live = false;
    };
  }, []);
  return epoch;
}

export function SettingsPage() {
  const settings = useAppStore((s) => s.settings);
  const locked = useAppStore((s) => s.lockedByEnv);
  const dataDir = useAppStore((s) => s.info?.dataDir);
  const mode = useAppStore((s) => s.info?.mode);
  const save = useAppStore((s) => s.saveSettings);
  const pushToast = useUiStore((s) => s.pushToast);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const epoch = useEpochLength();

  useEffect(() => {
    if (settings) setDraft(toDraft(settings));
  }, [settings]);
  if (!draft || !settings) return <Page title="Settings" subtitle="Loading…" />;

  const changes = (Object.keys(draft) as (keyof Settings)[]).filter((k) => String(draft[k]) !== String(settings[k]));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const patch = Object.fromEntries(changes.map((k) => [k, (NUMERIC as readonly string[]).includes(k) ? Number(draft[k]) : draft[k]]));
      await save(patch as Partial<Settings>);
      const later = changes.filter((k) => SETTING_APPLIES[k] === 'next-start');
      const note = later.length ? ` ${later.join(', ')}: takes effect at the next start.` : '';
      pushToast({ kind: 'info', title: 'Settings saved', message: `${changes.length} setting(s) changed.${note}` });
    } catch {
      // the failure toast already explains what was wrong
    } finally {
      setSaving(false);
    }
  };
  const set = (key: keyof Draft, value: string) => setDraft({ ...draft, [key]: value } as Draft);

  return (
    <Page title="Settings" subtitle={dataDir ? `Data directory: ${dataDir}` : undefined}>
      <form className="settings-form" onSubmit={(e) => void submit(e)}>
        {FIELDS.map((f) => (
          <label key={f.key}>
            <span>{f.label}</span>
            <input name={f.key} type="url" value={String(draft[f.key])} disabled={locked.includes(f.key)} onChange={(e) => set(f.key, e.target.value)} required />
            <small>{locked.includes(f.key) ? 'Fixed for this run (by an environment variable or the local Walrus).' : f.help}</small>
          </label>
        ))}
        <label>
          <span>Sui network</span>
          <select name="suiNetwork" value={draft.suiNetwork} disabled={locked.includes('suiNetwork')} onChange={(e) => set('suiNetwork', e.target.value)}>
            {['mainnet', 'testnet', 'devnet', 'localnet'].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          <span>Storage epochs per backup</span>
          <input name="storageEpochs" type="number" required min={1} max={53} value={draft.storageEpochs} onChange={(e) => set('storageEpochs', e.target.value)} />
          <small>
            How long Walrus keeps each backup (1–53 epochs)
            {epoch ? <span data-testid="epoch-length">{` · ${describeEpochs(Number(draft.storageEpochs), epoch)}`}</span> : null}.
          </small>
        </label>
        <label>
          <span>Snapshots to keep</span>
          <input name="keepSnapshots" type="number" required min={1} max={1000} value={draft.keepSnapshots} onChange={(e) => set('keepSnapshots', e.target.value)} />
          <small>The newest complete backups that stay renewed (1–1000); older ones are forgotten and expire on Walrus.</small>
        </label>
        <RetentionRules values={draft} onChange={set} />
        <label>
          <span>Warn before expiry (days)</span>
          <input name="expiryWarningDays" type="number" required min={0} max={365} value={draft.expiryWarningDays} onChange={(e) => set('expiryWarningDays', e.target.value)} />
          <small>A kept snapshot that renewal has not extended counts as expiring soon this many days before its end (0: no warning).</small>
        </label>
        <label className="checkbox">
          <input name="useLocalWalrus" type="checkbox" checked={draft.useLocalWalrus} onChange={(e) => setDraft({ ...draft, useLocalWalrus: e.target.checked })} />
          <span>Use a local Walrus server (offline trial; takes effect at the next start)</span>
        </label>
        {mode === 'desktop' ? (
          <>
            <label className="checkbox">
              <input name="runInBackground" type="checkbox" checked={draft.runInBackground} onChange={(e) => setDraft({ ...draft, runInBackground: e.target.checked })} />
              <span>Keep running when the window is closed (scheduled backups go on; the tray icon opens or quits the app)</span>
            </label>
            <label className="checkbox">
              <input name="launchAtLogin" type="checkbox" checked={draft.launchAtLogin} onChange={(e) => setDraft({ ...draft, launchAtLogin: e.target.checked })} />
              <span>Start at login, in the tray</span>
            </label>
          </>
        ) : null}
        <label>
          <span>Theme</span>
          <select name="theme" value={draft.theme} onChange={(e) => set('theme', e.target.value)}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <div className="form-actions">
          <button type="button" disabled={!changes.length || saving} onClick={() => setDraft(toDraft(settings))}>
            Revert
          </button>
          <button type="submit" className="primary" disabled={!changes.length || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      <SearchQualityCheck />
      {mode === 'web' ? <BrowserNotificationsSetting /> : null}
      <PublisherAuthForm />
    </Page>
  );
}
