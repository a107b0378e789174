// The faults of the matrix, one row each. Probabilities stay below 1 where the client is expected to get
// through on a retry; certain failures (a dead server) are the mid-batch rows.
import type { Fault } from './scenario.ts';

// Quilt uploads go out in parallel: some answer after 300 ms, the others (drawn from the seed) 2 s later,
// so an event on the first answer finds uploads in flight.
const SLOW_QUILTS: Fault['rules'] = [
  { route: 'storeQuilt', kind: 'latency', ms: 300 },
  { route: 'storeQuilt', kind: 'latency', ms: 2000, probability: 0.5 },
];

export const FAULTS: Fault[] = [
  { name: 'none (baseline)' },
  { name: 'error 500, p=0.3', rules: [{ route: 'all', kind: 'error', status: 500, probability: 0.3 }] },
  { name: 'error 503, p=0.3', rules: [{ route: 'all', kind: 'error', status: 503, probability: 0.3 }] },
  { name: 'error 504 after storing, p=0.3', rules: [{ route: 'all', kind: 'error', status: 504, phase: 'after', probability: 0.3 }] },
  { name: 'latency 200 ms', rules: [{ route: 'all', kind: 'latency', ms: 200 }] },
  { name: 'connection reset, p=0.3', rules: [{ route: 'all', kind: 'reset', probability: 0.3 }] },
  { name: 'connection reset after storing, p=0.3', rules: [{ route: 'all', kind: 'reset', phase: 'after', probability: 0.3 }] },
  { name: 'truncated body, p=0.3', rules: [{ route: 'all', kind: 'truncate', probability: 0.3 }] },
  { name: 'corrupted body, p=0.3', rules: [{ route: 'all', kind: 'corrupt', probability: 0.3 }] },
  { name: 'error 503 on every store', rules: [{ route: 'storeQuilt', kind: 'error', status: 503 }, { route: 'storeBlob', kind: 'error', status: 503 }] },
  { name: 'server down mid-batch', rules: SLOW_QUILTS, midBatch: 'down' },
  { name: 'server restarted mid-quilt', rules: SLOW_QUILTS, midBatch: 'restart' },
];
