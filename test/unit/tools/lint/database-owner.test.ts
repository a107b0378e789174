// The database-owner rule: outside the owning modules, importing better-sqlite3 (types too, re-exports,
// import()) or fs/sqlite.ts (opener, statement cache) and calling prepare / pragma / transaction are errors; regular expressions' exec and SQL in
// strings are not; owners, tools and tests are left alone; and the app's own tree is clean.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { databaseOwnerPlugin, DATABASE_OWNERS } from '../../../../tools/lint/database-owner.ts';
import { sourceFiles } from '../../../../tools/lint/dependency-check.ts';

const root = resolve(import.meta.dirname, '../../../..');
const linter = new Linter({ cwd: root });
const config = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { pdw: databaseOwnerPlugin }, rules: { 'pdw/database-owner': 'error' as const } }];
const lint = (file: string, text: string) => linter.verify(text, config, join(root, file)).map((m) => ({ line: m.line, rule: m.ruleId, message: m.message }));

describe('database owner rule', () => {
  it('refuses better-sqlite3 and statements outside the owners', () => {
    const text = [
      "import type Database from 'better-sqlite3';",
      "export type { Statement } from 'better-sqlite3';",
      'export const read = (db: Database.Database) => db.prepare("SELECT 1").get();',
      'export const mode = (db: Database.Database) => db.pragma("journal_mode");',
      'export const atomically = (db: Database.Database) => db.transaction(() => 1)();',
      "export const later = () => import('better-sqlite3');",
      "import { StatementCache } from '../fs/sqlite.ts';",
    ].join('\n');
    const found = lint('src-main/search/keyword-heads.ts', text);
    expect(found.map((m) => m.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(found.every((m) => m.rule === 'pdw/database-owner')).toBe(true);
    expect(found[0]?.message).toMatch(/src-main\/search\/keyword-heads\.ts imports better-sqlite3: .*ask the owner through a method/);
    expect(found[2]?.message).toMatch(/^\.prepare\(\) outside a database's owning modules/);
  });

  it('does not count a regular expression exec, SQL in a string or a comment', () => {
    const text = [
      '// db.prepare("SELECT 1") is the owner\'s job',
      "export const sql = 'SELECT 1 FROM t; -- db.prepare(x)';",
      'export const match = /^(\\d+)$/.exec("12");',
    ].join('\n');
    expect(lint('src-main/backup/restore.ts', text)).toEqual([]);
  });

  it('leaves the owners, tools and tests alone', () => {
    const text = "import Database from 'better-sqlite3';\nexport const n = new Database(':memory:').prepare('SELECT 1').get();\n";
    for (const file of [...DATABASE_OWNERS, 'tools/bench/retrieval/fts-baseline.ts', 'test/unit/library/catalog.test.ts']) expect(lint(file, text)).toEqual([]);
    expect(lint('src-main/library/snapshot-export.ts', text)).toHaveLength(2);
  });

  it('finds nothing in the app: every database is reached through its owner', () => {
    // Only files that mention what the rule looks for are parsed: the rest cannot break it.
    const suspects = sourceFiles(root, ['src-main']).filter((f) => /better-sqlite3|fs\/sqlite\.ts|\.(prepare|pragma|transaction)\b/.test(readFileSync(join(root, f), 'utf8')));
    expect(suspects).toEqual(expect.arrayContaining([...DATABASE_OWNERS]));
    const found = suspects.flatMap((f) => lint(f, readFileSync(join(root, f), 'utf8')).map((m) => `${f}:${m.line} ${m.message}`));
    expect(found).toEqual([]);
  });
});
