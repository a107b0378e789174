// Lint rules, including the import boundaries of the architecture (see docs/architecture.md):
// only src-main/electron imports electron; the renderer imports only src-shared and browser libraries;
// the preload imports only electron and the channel names; core services never import a transport;
// and every import follows the dependency order of tools/lint/dependency-order.ts, without cycles.
// Only a database's owning modules touch SQLite (tools/lint/database-owner.ts).
import tseslint from 'typescript-eslint';
import { databaseOwnerPlugin } from './tools/lint/database-owner.ts';
import { dependencyOrderPlugin } from './tools/lint/dependency-check.ts';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'worker_threads', 'url', 'util'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx,js}'],
    plugins: { pdw: { rules: { ...dependencyOrderPlugin.rules, ...databaseOwnerPlugin.rules } } },
    rules: { 'pdw/dependency-order': 'error' },
  },
  {
    files: ['src-main/**/*.ts'],
    rules: { 'pdw/database-owner': 'error' },
  },
  {
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'tools/**/*.ts', 'test/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }] }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**', 'src-main/host/**', 'src-main/cli/**', 'src-main/index.ts', 'src-main/app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }],
          patterns: [
            { group: ['**/host/**', '**/cli/**', '**/electron/**'], message: 'Services never import a transport (host, cli, electron).' },
          ],
        },
      ],
    },
  },
  {
    // One configuration: only config.ts reads the environment (and the Electron shell, a host); services get slices.
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'bin/**/*.js'],
    ignores: ['src-main/kernel/config/config.ts', 'src-main/electron/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings from the AppConfig slices (src-main/kernel/config/config.ts), not process.env.' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeBuiltins.flatMap((m) => [m, `node:${m}`])],
          patterns: [
            { group: ['**/src-main/**', '**/src-preload/**', '**/tools/**'], message: 'The renderer imports only src-shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['zod', '**/src-main/**', '**/contract/**'], message: 'The preload imports only electron and src-shared/channels.' }] },
      ],
    },
  },
);
