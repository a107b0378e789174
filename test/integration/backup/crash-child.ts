// A backup in its own process, for the crash test to kill at a chosen moment. Prints one line per
// progress step so the parent knows how far it got.
import { BackupEngine } from '../../../src-main/backup/engine.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import { createWalrusClient } from '../../../src-main/walrus/index.ts';

const ADDRESS = `0x${'ab'.repeat(32)}`;
const [dataDir, url, rootHex, shards] = process.argv.slice(2) as [string, string, string, string];
const keys = deriveBackupKeys(Buffer.from(rootHex, 'hex'));
const walrus = createWalrusClient({ publisherUrl: url, aggregatorUrl: url, shards: Number(shards) });
const engine = BackupEngine.open({ dataDir, walrus: () => walrus, keys: { backupKeys: async () => keys, address: () => ADDRESS }, epochs: 3, batchBytes: 1 });
// Each step holds still for a moment after its uploads were answered, so the kill lands between two
// uploads. (A kill in the middle of a request body trips an unhandled 'request aborted' in walrus-local.)
const pause = new Int32Array(new SharedArrayBuffer(4));
await engine.backup({
  onProgress: (p) => {
    // A phase ("uploading sealed items") is told before an upload: only counted steps, each after its uploads.
    if (p.phase) return;
    process.stdout.write(`progress ${p.done}\n`);
    Atomics.wait(pause, 0, 0, 300);
  },
});
process.stdout.write('done\n');
engine.close();
await walrus.close();
