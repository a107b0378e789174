// `node src-main/walrus-local/main.ts [--port N] [--data-dir D] [--shards N] [--epoch-seconds S] [--host H] [--id-workers N]
//   [--jwt-decode-secret 0x… [--jwt-algorithm A] [--jwt-expiring-sec N] [--jwt-verify-upload]]`
// Runs the local Walrus publisher + aggregator until interrupted.
import { parseArgs } from 'node:util';
import { startWalrusLocal } from './index.ts';
import { JWT_FLAGS, jwtOptionsFromFlags } from './publisher-auth.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    shards: { type: 'string' },
    'epoch-seconds': { type: 'string' },
    'id-workers': { type: 'string', default: '2' },
    ...JWT_FLAGS,
  },
});

const number = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return n;
};

const walrus = await startWalrusLocal({
  port: number('port', values.port),
  host: values.host,
  dataDir: values['data-dir'],
  shards: number('shards', values.shards),
  epochSeconds: number('epoch-seconds', values['epoch-seconds']),
  // A long-running server keeps its event loop free for reads while ids are computed.
  idWorkers: number('id-workers', values['id-workers']),
  jwt: jwtOptionsFromFlags(values),
});
console.log(walrus.url);
console.error(`walrus-local: data in ${walrus.dataDir}, ${walrus.shards} shards, epoch ${walrus.clock.currentEpoch()}${values['jwt-decode-secret'] ? ', stores need a JWT' : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void walrus.close().then(() => process.exit(0)));
}
