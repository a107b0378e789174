// The graph's worker with USearch inserting on every core (its own threads) instead of one: for the ingest-pace
// comparison only (ingest-grow.ts). A graph built so depends on thread timing, which the library does not accept.
import { Index } from 'usearch';

const add = Index.prototype.add;
Index.prototype.add = function (this: Index, keys, vectors) {
  return add.call(this, keys, vectors, 0);
};
await import('../../src-main/library/graph-worker.ts');
