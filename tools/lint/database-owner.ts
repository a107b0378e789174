// One owner per database: only the modules that own a SQLite database import better-sqlite3 or our
// opener and statement cache (kernel/fs/sqlite.ts), or call a connection's prepare / pragma / transaction; everyone else asks them through methods named for what
// they want (docs/architecture.md, "Databases"). Checked on the syntax tree, so comments, strings and
// regular expressions' `.exec(` never count; `exec` itself is left out for that reason, and because
// without `prepare` and `better-sqlite3` a module has no connection to run it on.
import { relative } from 'node:path';
import type { Rule } from 'eslint';

/** The modules allowed to touch SQLite, by the database they own. */
export const DATABASE_OWNERS: readonly string[] = [
  'src-main/kernel/fs/sqlite.ts', // opens every database the same way, caches statements
  // The library's catalog: its schema, its queries, and the queries kept apart for search's reads, keyword
  // heads and snapshots.
  'src-main/library/catalog.ts',
  'src-main/library/catalog-vector-reads.ts',
  'src-main/library/catalog-keyword-reads.ts',
  'src-main/library/catalog-document-reads.ts',
  'src-main/library/schema.ts',
  'src-main/library/keyword-heads-table.ts',
  'src-main/library/removed-chunks.ts',
  'src-main/library/snapshot-rows.ts',
  // The backup history.
  'src-main/backup/backup-db.ts',
  'src-main/backup/run-table.ts',
  'src-main/backup/outbox-table.ts',
  'src-main/backup/object-index.ts',
  'src-main/backup/backup-schema.ts',
  // The local Walrus server's store.
  'src-main/walrus-local/store.ts',
];

/** Where the rule applies: the app's code (tools and tests may open a database to look inside). */
const CHECKED = /^src-main\//;
const CONNECTION_METHODS = new Set(['prepare', 'pragma', 'transaction']);
/** What gives a module a connection or statements: the driver, and our opener and statement cache. */
const SQLITE_MODULE = /^better-sqlite3$|(^|\/)fs\/sqlite\.ts$/;

const posix = (path: string) => path.split('\\').join('/');

const databaseOwnerRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Only the owning modules of a database import better-sqlite3 or prepare statements.' },
    schema: [],
  },
  create(context) {
    const file = posix(relative(context.cwd, context.filename));
    if (!CHECKED.test(file) || DATABASE_OWNERS.includes(file)) return {};
    const importMessage = (source: string) => `${file} imports ${source}: only a database's owning modules do (DATABASE_OWNERS in tools/lint/database-owner.ts); ask the owner through a method instead`;
    const checkSource = (node: Rule.Node, source: unknown) => {
      if (typeof source === 'string' && SQLITE_MODULE.test(source)) context.report({ node, message: importMessage(source) });
    };
    return {
      ImportDeclaration: (node) => checkSource(node, node.source.value),
      ExportNamedDeclaration: (node) => checkSource(node, node.source?.value),
      ExportAllDeclaration: (node) => checkSource(node, node.source.value),
      ImportExpression: (node) => checkSource(node, node.source.type === 'Literal' ? node.source.value : undefined),
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'require') checkSource(node, node.arguments[0]?.type === 'Literal' ? node.arguments[0].value : undefined);
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || !CONNECTION_METHODS.has(callee.property.name)) return;
        context.report({
          node,
          message: `.${callee.property.name}() outside a database's owning modules (DATABASE_OWNERS in tools/lint/database-owner.ts): add a method named for what this code wants to the owner`,
        });
      },
    };
  },
};

export const databaseOwnerPlugin = { rules: { 'database-owner': databaseOwnerRule } };
