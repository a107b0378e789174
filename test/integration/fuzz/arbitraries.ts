// Shared generators for the request fuzzers: one valid-looking input per request (the compiler insists
// on every name), and mutations of it that real clients could send by mistake or on purpose.
import fc from 'fast-check';
import type { RequestInput, RequestName } from '../../../src-shared/contract/index.ts';

export const VALID_LOOKING: { [K in RequestName]: RequestInput<K> } = {
  'app.info': {},
  'walrus.checkNow': {},
  'walrus.publisherAuth.get': {},
  'walrus.publisherAuth.set': { secret: null },
  'settings.get': {},
  'settings.update': { theme: 'dark', storageEpochs: 3 },
  'job.cancel': { jobId: 'job-1' },
  'job.result': { jobId: 'job-1' },
  'library.ingest': { paths: ['/nonexistent/pdw-fuzz/a.txt'] },
  'library.ingestUpload': { files: [{ name: 'a.txt', contentBase64: 'aGVsbG8=' }] },
  'library.documents': { filter: { types: ['pdf'], modifiedAfter: '2026-01-01T00:00:00Z' }, text: 'bee', limit: 5 },
  'library.document': { id: 1 },
  'library.openDocument': { documentId: 1 },
  'library.remove': { ids: [1, 2] },
  'library.removeMissing': {},
  'library.folders': {},
  'library.stats': {},
  'library.reembed': { embedder: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } },
  'search.query': { query: 'honey bees', k: 5, mode: 'keyword', filter: { folder: '/tmp' } },
  'search.quality': { documents: 20 },
  'library.pickAndIngest': { kind: 'files' },
  'wallet.status': {},
  'wallet.create': { words: 12, passphrase: 'correct horse' },
  'wallet.confirmBackup': { words: [{ position: 1, word: 'abandon' }] },
  'wallet.import': { secret: 'suiprivkey1qqq', passphrase: 'correct horse' },
  'wallet.unlock': { passphrase: 'correct horse' },
  'wallet.lock': {},
  'wallet.changePassphrase': { current: 'a', next: 'b' },
  'wallet.balances': {},
  'wallet.remove': { confirmAddress: `0x${'ab'.repeat(32)}`, passphrase: 'pass phrase' },
  'backup.run': {},
  'backup.snapshots': {},
  'backup.snapshot': { id: 'snap-1' },
  'backup.verify': { id: 'snap-1', sample: 3 },
  'backup.restore': { snapshotId: 'snap-1', target: 'replace', confirm: true },
  'backup.flushOutbox': {},
  'backup.outbox': {},
  'backup.discover': {},
  'backup.runs': { offset: 0, limit: 20 },
  'backup.forget': { id: 'snap-1', confirm: true },
  'backup.keep': { id: 'snap-1' },
  'backup.applyRetention': {},
  'backup.retentionPreview': { keepDaily: 7 },
  'backup.renew': {},
  'backup.schedule': {},
  'backup.setSchedule': { interval: 'custom', minutes: 60 },
  'backup.setUnattended': { enabled: false },
  'backup.pauseSchedule': { paused: true },
  'backup.notices': {},
  'watch.list': {},
  'watch.add': { path: '/nonexistent/pdw-fuzz' },
  'watch.pickAndAdd': {},
  'watch.remove': { path: '/nonexistent/pdw-fuzz' },
  'watch.setPaused': { paused: true },
  'watch.sync': { path: '/nonexistent/pdw-fuzz' },
  'snapshot.files': { id: 'snap-1', under: '/tmp' },
  'snapshot.compare': { from: 'snap-1', to: 'snap-2' },
  'snapshot.restoreFiles': { snapshotId: 'snap-1', paths: ['/nonexistent/pdw-fuzz/a.txt'], destination: { kind: 'original' }, conflict: 'skip' },
};

const HUGE = ['x'.repeat(1 << 20), '\u{1F600}'.repeat(1 << 17), '\u0000'.repeat(4096), '%'.repeat(70_000)];
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
/** A value planted by pollution attempts; seeing it on Object.prototype means an attempt worked. */
export const POLLUTION_MARK = 'pdw-fuzz-polluted';

const pollutionValue = fc.constantFrom<unknown>(
  { [POLLUTION_MARK]: true },
  { prototype: { [POLLUTION_MARK]: true } },
  JSON.parse(`{"__proto__":{"${POLLUTION_MARK}":true}}`),
);

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }),
  fc.constantFrom<unknown>(...HUGE, null, undefined, NaN, Infinity, -0, -1, 2 ** 53 + 2, 1e308, '', ' ', [], {}, true, '../../../etc/passwd', 'A'.repeat(300)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.integer(), { maxLength: 20_000 }),
  pollutionValue,
);

type Op = { depth: number; pick: number; action: 'set' | 'delete' | 'pollute'; key: string; value: unknown };

const op: fc.Arbitrary<Op> = fc.record({
  depth: fc.nat(4),
  pick: fc.nat(),
  action: fc.constantFrom('set', 'delete', 'pollute'),
  key: fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 12 })),
  value: nastyValue,
});

/** Deep copy of a JSON-ish value; keeps `__proto__` as an own key, as JSON.parse would. */
function clone(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function childKeys(target: object): string[] {
  return Object.keys(target);
}

function apply(root: unknown, o: Op): unknown {
  let target = root;
  for (let d = 0; d < o.depth && target !== null && typeof target === 'object'; d++) {
    const keys = childKeys(target);
    if (keys.length === 0) break;
    const next = (target as Record<string, unknown>)[keys[o.pick % keys.length] as string];
    if (next === null || typeof next !== 'object') break;
    target = next;
  }
  if (target === null || typeof target !== 'object') return o.action === 'set' ? o.value : root;
  const keys = childKeys(target);
  const existing = keys.length > 0 ? (keys[o.pick % keys.length] as string) : o.key;
  if (o.action === 'delete') {
    Reflect.deleteProperty(target, existing);
  } else {
    // defineProperty keeps '__proto__' an own data property instead of invoking the setter.
    const key = o.action === 'pollute' ? o.key : existing;
    Object.defineProperty(target, key, { value: o.value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** The request's valid-looking input with 1–4 mutations, or something else entirely. */
export function inputFor(name: RequestName): fc.Arbitrary<unknown> {
  const base = VALID_LOOKING[name];
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => ops.reduce((acc, o) => apply(acc, o), clone(base))) },
    { weight: 1, arbitrary: nastyValue },
    { weight: 1, arbitrary: fc.constant(clone(base)) },
  );
}
