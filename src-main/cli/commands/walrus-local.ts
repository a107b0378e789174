// `pdw walrus-local`: runs the local Walrus-compatible publisher + aggregator (for tests, benchmarks
// and working offline) until interrupted.
import { join } from 'node:path';
import { configuredDataDir } from '../../kernel/index.ts';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';

export const walrusLocalCommand: Command = {
  name: 'walrus-local',
  summary: 'Run a local Walrus publisher + aggregator (offline use and tests)',
  usage:
    'pdw walrus-local [--port N] [--host H] [--data-dir D] [--shards N] [--epoch-seconds S] [--jwt-decode-secret 0x… [--jwt-algorithm A] [--jwt-expiring-sec N] [--jwt-verify-upload]] [--json]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    shards: { type: 'string' },
    'epoch-seconds': { type: 'string' },
    'jwt-decode-secret': { type: 'string' },
    'jwt-algorithm': { type: 'string' },
    'jwt-expiring-sec': { type: 'string' },
    'jwt-verify-upload': { type: 'boolean' },
  },
  async run(ctx, { values }) {
    const numbers: Record<string, number | undefined> = {};
    for (const [name, min] of [['port', 0], ['shards', 1], ['epoch-seconds', 1]] as const) {
      const raw = values[name];
      if (raw === undefined) continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || (name === 'port' && n > 65535)) {
        console.error(`pdw walrus-local: --${name} must be an integer ≥ ${min}, got ${String(raw)}`);
        return EXIT_USAGE;
      }
      numbers[name] = n;
    }
    const dataDir = join(ctx.dataDir ?? configuredDataDir(), 'walrus-local');
    const { jwtOptionsFromFlags, startWalrusLocal } = await import('../../walrus-local/index.ts');
    let jwt;
    try {
      jwt = jwtOptionsFromFlags(values);
    } catch (error) {
      console.error(`pdw walrus-local: ${(error as Error).message}`);
      return EXIT_USAGE;
    }
    const walrus = await startWalrusLocal({
      dataDir,
      port: numbers.port ?? 0,
      ...(typeof values.host === 'string' ? { host: values.host } : {}),
      ...(numbers.shards !== undefined ? { shards: numbers.shards } : {}),
      ...(numbers['epoch-seconds'] !== undefined ? { epochSeconds: numbers['epoch-seconds'] } : {}),
      ...(jwt ? { jwt } : {}),
    });
    ctx.print({ url: walrus.url, dataDir: walrus.dataDir, shards: walrus.shards, epoch: walrus.clock.currentEpoch() }, () =>
      [
        `Local Walrus publisher + aggregator at ${walrus.url}`,
        `data: ${walrus.dataDir} · ${walrus.shards} shards · epoch ${walrus.clock.currentEpoch()}`,
        `Use it: WALRUS_PUBLISHER_URL=${walrus.url} WALRUS_AGGREGATOR_URL=${walrus.url}${jwt ? ' WALRUS_PUBLISHER_JWT_SECRET=<the same secret>' : ''} pdw …`,
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
    await ctx.interrupted();
    await walrus.close();
    return EXIT_OK;
  },
};
