// The calendar retention rules in Settings, with what they would keep and forget listed before saving
// (backup.retentionPreview with the values being edited; nothing changes until Save).
import { useEffect, useState } from 'react';
import { retentionPolicySchema, type RetentionPolicy, type RetentionPreview } from '../../../src-shared/contract/index.ts';
import { api } from '../../api/client.ts';
import { formatDate } from '../format.ts';

const RULES = [
  { key: 'keepDaily', label: 'Daily snapshots to keep', unit: 'days' },
  { key: 'keepWeekly', label: 'Weekly snapshots to keep', unit: 'weeks (ISO, Monday first)' },
  { key: 'keepMonthly', label: 'Monthly snapshots to keep', unit: 'months' },
] as const;

export type RuleKey = (typeof RULES)[number]['key'];
const PREVIEW_DELAY_MS = 300;

export function RetentionRules({ values, onChange }: { values: Record<RuleKey | 'keepSnapshots', string>; onChange(key: RuleKey, value: string): void }) {
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const policy: Partial<RetentionPolicy> = { keepLast: Number(values.keepSnapshots), keepDaily: Number(values.keepDaily), keepWeekly: Number(values.keepWeekly), keepMonthly: Number(values.keepMonthly) };
  // A value being typed may be out of range or blank: no preview then (the inputs say their bounds), and no request
  // that main would refuse with an error toast at every keystroke.
  const blank = (['keepSnapshots', ...RULES.map((r) => r.key)] as const).some((k) => values[k].trim() === '');
  const valid = !blank && retentionPolicySchema.safeParse(policy).success;
  const key = valid ? JSON.stringify(policy) : null;
  useEffect(() => {
    let live = true;
    if (key === null) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      api.call('backup.retentionPreview', JSON.parse(key) as Partial<RetentionPolicy>).then(
        (p) => live && setPreview(p),
        () => live && setPreview(null), // the failure toast says why (no history, …)
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return (
    <>
      {RULES.map((r) => (
        <label key={r.key}>
          <span>{r.label}</span>
          <input name={r.key} type="number" required min={0} max={1000} value={values[r.key]} onChange={(e) => onChange(r.key, e.target.value)} />
          <small>The newest snapshot of each of the last N {r.unit} that have one, in UTC (0: off).</small>
        </label>
      ))}
      {preview ? (
        <div className="panel" data-testid="retention-preview">
          <strong>With these rules: keep {preview.keep.length}, forget {preview.forget.length}</strong>
          {preview.forget.length ? (
            <ul>
              {preview.forget.map((f) => (
                <li key={f.id}>
                  Forget {formatDate(f.createdAt)} <span className="muted">({f.id.slice(0, 10)}…: no longer renewed, it expires on Walrus)</span>
                </li>
              ))}
            </ul>
          ) : (
            <small className="muted">Nothing would be forgotten now.</small>
          )}
        </div>
      ) : null}
    </>
  );
}
