// The README's configuration tables, written from the one table of environment variables (src-main/kernel/config/config-env.ts)
// and the settings' defaults and `applies` (src-main/kernel/config/config.ts). `node tools/docs/configuration-tables.ts` prints
// them; test/unit/tools/docs/configuration-tables.test.ts fails when the README's copy differs.
import { DEFAULT_SETTINGS, ENV_VARIABLES, SETTING_APPLIES } from '../../src-main/kernel/config/config.ts';
import type { Settings } from '../../src-shared/contract/index.ts';

export const ENV_TABLE_HEADER = '| Variable | What it does | Default | Secret |';
export const SETTINGS_TABLE_HEADER = '| Setting | Default | Applies |';

export function environmentTable(): string {
  const rows = ENV_VARIABLES.map((v) => {
    const scope = 'cliOnly' in v && v.cliOnly ? ' (`pdw` only)' : 'devOnly' in v && v.devOnly ? ' (development and tests only: the packaged app ignores it)' : '';
    return `| \`${v.name}\` | ${v.description}${scope} | ${v.default} | ${v.secret ? 'yes: never logged or shown' : ''} |`;
  });
  return [ENV_TABLE_HEADER, '|---|---|---|---|', ...rows].join('\n');
}

export function settingsTable(): string {
  const rows = (Object.keys(SETTING_APPLIES) as (keyof Settings)[]).map(
    (key) => `| \`${key}\` | \`${JSON.stringify(DEFAULT_SETTINGS[key])}\` | ${SETTING_APPLIES[key] === 'live' ? 'at once' : 'at the next start'} |`,
  );
  return [SETTINGS_TABLE_HEADER, '|---|---|---|', ...rows].join('\n');
}

/** The table in `markdown` that starts with `header`, up to its first blank line. */
export function tableIn(markdown: string, header: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

if (import.meta.main) console.log(`${environmentTable()}\n\n${settingsTable()}`);
