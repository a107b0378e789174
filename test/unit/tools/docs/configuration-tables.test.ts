import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../../../src-main/kernel/config/config.ts';
import { ENV_TABLE_HEADER, environmentTable, SETTINGS_TABLE_HEADER, settingsTable, tableIn } from '../../../../tools/docs/configuration-tables.ts';

const README = new URL('../../../../README.md', import.meta.url);

describe("the README's configuration tables", () => {
  it('list every environment variable from the one table (node tools/docs/configuration-tables.ts prints them)', async () => {
    const readme = await readFile(README, 'utf8');
    expect(tableIn(readme, ENV_TABLE_HEADER)).toBe(environmentTable());
    for (const v of ENV_VARIABLES) expect(readme).toContain(`| \`${v.name}\` |`);
  });

  it('list every setting with its default and when a change applies', async () => {
    expect(tableIn(await readFile(README, 'utf8'), SETTINGS_TABLE_HEADER)).toBe(settingsTable());
  });

  it('notice a drift', () => {
    const drifted = environmentTable().replace('| `PDW_CACHE_DIR` |', '| `PDW_CACHE` |');
    expect(tableIn(`intro\n\n${drifted}\n\nmore`, ENV_TABLE_HEADER)).not.toBe(environmentTable());
  });
});
