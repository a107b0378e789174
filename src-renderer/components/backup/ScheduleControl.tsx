// The Backups page's schedule: presets or any interval (≥ 15 minutes), a local time of day for schedules of
// whole days, pause/resume, and when the next run is. Checked here as the user types (what main refuses
// too), so a bad value is named before it is sent; plain form controls, so it all works from the keyboard.
import { useEffect, useState, type FormEvent } from 'react';
import type { RequestInput } from '../../../src-shared/contract/index.ts';
import type { ScheduleStatus } from '../../../src-shared/contract/backup.ts';
import { formatDate } from '../format.ts';
import { runAction } from '../../api/run-action.ts';

type Choice = ScheduleStatus['interval'];
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'off', label: 'Off' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'custom', label: 'Every…' },
];
const MIN_MINUTES = 15;
const DAY_MINUTES = 1440;

interface Draft {
  interval: Choice;
  minutes: string;
  timeOfDay: string;
}

const draftOf = (s: ScheduleStatus): Draft => ({ interval: s.interval, minutes: String(s.intervalMinutes || 60), timeOfDay: s.timeOfDay ?? '' });

/** The request for a draft, or what is wrong with it. */
export function scheduleRequest(d: Draft): { input: RequestInput<'backup.setSchedule'> } | { problem: string } {
  if (d.interval === 'off') return { input: { interval: 'off' } };
  let minutes: number | undefined;
  if (d.interval === 'custom') {
    minutes = Number(d.minutes);
    if (!Number.isInteger(minutes) || minutes < MIN_MINUTES) return { problem: `Choose a whole number of minutes, at least ${MIN_MINUTES}.` };
  }
  const wholeDays = d.interval === 'daily' || d.interval === 'weekly' || (minutes !== undefined && minutes % DAY_MINUTES === 0);
  if (d.timeOfDay !== '' && !wholeDays) return { problem: 'A time of day applies to daily, weekly or whole-day schedules (e.g. every 2880 minutes): clear the time or choose one.' };
  return { input: { interval: d.interval, ...(minutes !== undefined ? { minutes } : {}), timeOfDay: d.timeOfDay === '' ? null : d.timeOfDay } };
}

export function ScheduleControl({
  schedule,
  onSave,
  onPause,
}: {
  schedule: ScheduleStatus;
  onSave(input: RequestInput<'backup.setSchedule'>): Promise<void>;
  onPause(paused: boolean): Promise<void>;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(schedule));
  useEffect(() => setDraft(draftOf(schedule)), [schedule]);
  const request = scheduleRequest(draft);
  const saved = draftOf(schedule);
  const changed = draft.interval !== saved.interval || draft.timeOfDay !== saved.timeOfDay || (draft.interval === 'custom' && draft.minutes !== saved.minutes);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ('input' in request) runAction(onSave(request.input)); // a refusal shows as a toast
  };

  return (
    <form className="toolbar schedule" aria-label="Backup schedule" data-testid="schedule" onSubmit={submit}>
      <label>
        Automatic backups{' '}
        <select aria-label="Backup interval" value={draft.interval} onChange={(e) => setDraft({ ...draft, interval: e.target.value as Choice })}>
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {draft.interval === 'custom' ? (
        <label>
          <input aria-label="Minutes between backups" type="number" min={MIN_MINUTES} step={1} value={draft.minutes} onChange={(e) => setDraft({ ...draft, minutes: e.target.value })} /> min
        </label>
      ) : null}
      {draft.interval !== 'off' ? (
        <label>
          at{' '}
          <input aria-label="Time of day" type="time" value={draft.timeOfDay} onChange={(e) => setDraft({ ...draft, timeOfDay: e.target.value })} />
        </label>
      ) : null}
      <button type="submit" disabled={!changed || 'problem' in request}>
        Save schedule
      </button>
      {schedule.interval !== 'off' ? (
        <button type="button" onClick={() => runAction(onPause(!schedule.paused))}>
          {schedule.paused ? 'Resume backups' : 'Pause backups'}
        </button>
      ) : null}
      <span className="muted" data-testid="next-run">
        {schedule.paused ? 'Paused: no backups run until resumed' : schedule.nextRunAt ? `Next backup ${formatDate(schedule.nextRunAt)}` : ''}
        {schedule.lastError ? ` · last run failed: ${schedule.lastError}` : ''}
      </span>
      {'problem' in request ? (
        <span className="field-error" role="alert">
          {request.problem}
        </span>
      ) : null}
    </form>
  );
}
