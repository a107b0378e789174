// The dependency-order checker on small fixture trees laid out like the app's: it finds a cycle (types
// only, or through import()), a domain importing a later one or a peer, the local Walrus server's
// boundary, backup's way into the library, a peer's internal file (not its facade or a narrow interface),
// production code importing tools/, and a domain missing from the order; the real tree is clean.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependencyOrderPlugin, findViolations, readGraph, type Violation } from '../../../../tools/lint/dependency-check.ts';
import { makeTempDir } from '../../../helpers/temp-dir.ts';

let root: string;
beforeEach(async () => {
  root = await makeTempDir('pdw-deps-');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const check = (): Pick<Violation, 'file' | 'kind'>[] => findViolations(readGraph(root)).map(({ file, kind }) => ({ file, kind }));

describe('dependency order checker', () => {
  it('accepts imports that follow the order', () => {
    tree({
      'src-shared/contract.ts': 'export const A = 1;\n',
      'src-main/kernel/log.ts': "import { A } from '../../src-shared/contract.ts';\nexport const B = A;\n",
      'src-main/kernel/index.ts': "export { B } from './log.ts';\n",
      'src-main/walrus/ids.ts': "import { B } from '../kernel/index.ts';\nexport const C = B;\n",
      'src-main/library/catalog.ts': "import { C } from '../walrus/ids.ts';\nimport type { X } from 'some-package';\nexport const D: X = C;\n",
      'src-main/library/index.ts': "export { D } from './catalog.ts';\n",
      'src-main/app.ts': "import { D } from './library/index.ts';\nexport const E = D;\n",
      'test/unit/catalog.test.ts': "import { D } from '../../src-main/library/catalog.ts';\nimport '../../tools/helper.ts';\n",
      'tools/helper.ts': "import { E } from '../src-main/app.ts';\nexport const F = E;\n",
    });
    expect(check()).toEqual([]);
  });

  it('finds a deliberately introduced cycle, even through type imports', () => {
    tree({
      'src-main/walrus/context.ts': "import type { Lifetimes } from './lifetimes.ts';\nexport interface Context { l: Lifetimes }\n",
      'src-main/walrus/lifetimes.ts': "import type { Context } from './context.ts';\nexport type Lifetimes = (c: Context) => void;\n",
      'src-main/walrus/ids.ts': "import type { Context } from './context.ts';\nexport type Id = Context;\n",
    });
    const found = findViolations(readGraph(root));
    expect(found.map(({ file, kind }) => ({ file, kind }))).toEqual([
      { file: 'src-main/walrus/context.ts', kind: 'cycle' },
      { file: 'src-main/walrus/lifetimes.ts', kind: 'cycle' },
    ]);
    expect(found[0]!.message).toBe('Import cycle: src-main/walrus/context.ts → src-main/walrus/lifetimes.ts → src-main/walrus/context.ts.');
  });

  it('finds a cycle through a dynamic import() and one among tests', () => {
    tree({
      'src-main/cli/main.ts': "export async function run() { return import('./commands.ts'); }\n",
      'src-main/cli/commands.ts': "import { run } from './main.ts';\nexport const again = run;\n",
      'test/helpers/a.ts': "export * from './b.ts';\n",
      'test/helpers/b.ts': "export * from './a.ts';\n",
    });
    expect(check().map((v) => `${v.kind} ${v.file}`)).toEqual([
      'cycle src-main/cli/commands.ts',
      'cycle src-main/cli/main.ts',
      'cycle test/helpers/a.ts',
      'cycle test/helpers/b.ts',
    ]);
  });

  it('refuses a domain importing a later one or a peer', () => {
    tree({
      'src-main/library/catalog.ts': 'export const D = 1;\n',
      'src-main/embed/embedder.ts': 'export const E = 1;\n',
      'src-main/walrus/ids.ts': "import type { D } from '../library/catalog.ts';\nimport { E } from '../embed/embedder.ts';\nexport const C: typeof D = E;\n",
      'src-main/search/terms.ts': "import { C } from '../walrus/ids.ts';\nexport const T = C;\n",
    });
    const found = findViolations(readGraph(root));
    expect(found.map(({ file, kind }) => ({ file, kind }))).toEqual([
      { file: 'src-main/walrus/ids.ts', kind: 'order' },
      { file: 'src-main/walrus/ids.ts', kind: 'order' },
    ]);
    expect(found[0]!.message).toMatch(/^walrus must not import library \(a later layer/);
    expect(found[1]!.message).toMatch(/^walrus must not import embed \(a peer in the same layer/);
  });

  it('keeps the local Walrus server inside its boundary', () => {
    tree({
      'src-main/wallet/chain-config.ts': 'export const IDS = 1;\n',
      'src-main/wallet/keystore.ts': 'export const KEY = 1;\n',
      'src-main/walrus-local/server.ts': "import { IDS } from '../wallet/chain-config.ts';\nimport { KEY } from '../wallet/keystore.ts';\nexport const S = IDS + KEY;\n",
      'src-main/walrus-local/wiring.ts': "import { S } from './server.ts';\nexport const W = S;\n",
      'src-main/app.ts': "import { W } from './walrus-local/wiring.ts';\nexport const L = W;\n",
      'src-main/backup/engine.ts': "import { S } from '../walrus-local/server.ts';\nexport const B = S;\n",
      'test/integration/server.test.ts': "import { S } from '../../src-main/walrus-local/server.ts';\n",
    });
    expect(check()).toEqual([
      { file: 'src-main/backup/engine.ts', kind: 'boundary' },
      { file: 'src-main/walrus-local/server.ts', kind: 'boundary' },
    ]);
  });

  it('lets backup reach the library only through its snapshot source', () => {
    tree({
      'src-main/library/catalog.ts': 'export const C = 1;\n',
      'src-main/library/snapshot-source.ts': "import { C } from './catalog.ts';\nexport const open = () => C;\n",
      'src-main/backup/snapshot-source.ts': "import { open } from '../library/snapshot-source.ts';\nexport const source = open;\n",
      'src-main/backup/engine.ts': "import { C } from '../library/catalog.ts';\nimport { source } from './snapshot-source.ts';\nexport const E = C + source();\n",
    });
    expect(check()).toEqual([{ file: 'src-main/backup/engine.ts', kind: 'boundary' }]);
  });

  it('lets a domain reach another only through its facade or a narrow interface', () => {
    tree({
      'src-main/kernel/log.ts': 'export const L = 1;\n',
      'src-main/kernel/fs/atomic.ts': 'export const W = 1;\n',
      'src-main/kernel/index.ts': "export { L } from './log.ts';\n",
      'src-main/wallet/keystore.ts': "import { L } from '../kernel/index.ts';\nimport { W } from '../kernel/fs/atomic.ts';\nexport const K = L + W;\n",
      'src-main/wallet/index.ts': "export { K } from './keystore.ts';\n",
      'src-main/backup/keys.ts': "import { K } from '../wallet/index.ts';\nexport const B = K;\n",
      'src-main/backup/engine.ts': "import { K } from '../wallet/keystore.ts';\nimport { L } from '../kernel/log.ts';\nexport const E = K + L;\n",
      'test/unit/wallet/keystore.test.ts': "import { K } from '../../../src-main/wallet/keystore.ts';\n",
    });
    const found = findViolations(readGraph(root));
    expect(found.map(({ file, kind }) => ({ file, kind }))).toEqual([
      { file: 'src-main/backup/engine.ts', kind: 'facade' },
      { file: 'src-main/backup/engine.ts', kind: 'facade' },
    ]);
    expect(found[0]!.message).toBe('src-main/wallet/keystore.ts is internal to wallet: import its facade (src-main/wallet/index.ts) or a narrow interface it lists in NARROW_INTERFACES (tools/lint/dependency-order.ts).');
  });

  it('refuses production code importing tools/ or test/, and a domain outside the order', () => {
    tree({
      'tools/sui-local/source.ts': 'export const M = 1;\n',
      'test/helpers/temp.ts': 'export const T = 1;\n',
      'src-main/wallet/chain.ts': "import { M } from '../../tools/sui-local/source.ts';\nimport { T } from '../../test/helpers/temp.ts';\nexport const C = M + T;\n",
      'src-main/gadgets/gadget.ts': 'export const G = 1;\n',
    });
    expect(check()).toEqual([
      { file: 'src-main/gadgets/gadget.ts', kind: 'unplaced' },
      { file: 'src-main/wallet/chain.ts', kind: 'development-import' },
      { file: 'src-main/wallet/chain.ts', kind: 'development-import' },
    ]);
  });

  it('reports through ESLint at the import', () => {
    tree({
      'src-main/walrus/a.ts': "import type { B } from './b.ts';\nexport type A = B;\n",
      'src-main/walrus/b.ts': "import type { A } from './a.ts';\nexport type B = A | 1;\n",
    });
    const linter = new Linter({ cwd: root });
    const config = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { pdw: dependencyOrderPlugin }, rules: { 'pdw/dependency-order': 'error' as const } }];
    const messages = linter.verify("import type { B } from './b.ts';\nexport type A = B;\n", config, join(root, 'src-main/walrus/a.ts'));
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.message])).toEqual([
      ['pdw/dependency-order', 1, 24, 'Import cycle: src-main/walrus/a.ts → src-main/walrus/b.ts → src-main/walrus/a.ts.'],
    ]);
  });

  it('finds nothing in the app itself', () => {
    const project = resolve(import.meta.dirname, '../../../..');
    expect(findViolations(readGraph(project))).toEqual([]);
  });
});
