// `pdw retention preview [--last N] [--daily N] [--weekly N] [--monthly N] [--json]`: what the saved retention
// rules (Settings: keepSnapshots, keepDaily, keepWeekly, keepMonthly), with any rule given here instead, would
// keep and forget now. Changes nothing; `pdw backup` applies the saved rules after each snapshot.
import type { RetentionPreview } from '../../../src-shared/contract/backup.ts';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { callBackup } from './backup.ts';

const RULES = { last: 'keepLast', daily: 'keepDaily', weekly: 'keepWeekly', monthly: 'keepMonthly' } as const;

export const retentionCommand: Command = {
  name: 'retention',
  summary: 'Preview which backup snapshots the retention rules (keep last, daily, weekly, monthly) would keep and forget',
  usage: 'pdw retention preview [--last N] [--daily N] [--weekly N] [--monthly N] [--json]   (days, weeks and months in UTC)',
  options: { last: { type: 'string' }, daily: { type: 'string' }, weekly: { type: 'string' }, monthly: { type: 'string' } },
  positionals: true,
  async run(ctx, { values, positionals }) {
    if (positionals.length !== 1 || positionals[0] !== 'preview') {
      console.error(`pdw retention: the one subcommand is preview.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const overrides: Record<string, number> = {};
    for (const [flag, rule] of Object.entries(RULES)) {
      const given = values[flag];
      if (typeof given !== 'string') continue;
      if (!/^\d+$/.test(given)) {
        console.error(`pdw retention: --${flag} takes a whole number of snapshots to keep (0 turns the rule off), not "${given}".`);
        return EXIT_USAGE;
      }
      overrides[rule] = Number(given);
    }
    const app = await ctx.openApp({ mode: 'cli' });
    const preview = await callBackup(app, 'backup.retentionPreview', overrides);
    ctx.print(preview, () => describePreview(preview));
    return EXIT_OK;
  },
};

function describePreview(p: RetentionPreview): string {
  const { keepLast, keepDaily, keepWeekly, keepMonthly } = p.policy;
  return [
    `Rules: keep last ${keepLast}, daily ${keepDaily}, weekly ${keepWeekly}, monthly ${keepMonthly} (UTC days, ISO weeks, months).`,
    `Keep ${p.keep.length}:`,
    ...p.keep.map((k) => `  ${k.createdAt}  ${k.id}  (${k.reasons.join(', ')})`),
    `Forget ${p.forget.length}${p.forget.length ? ' (no longer renewed; each expires on Walrus at its end epoch)' : ''}:`,
    ...p.forget.map((f) => `  ${f.createdAt}  ${f.id}`),
  ].join('\n');
}
