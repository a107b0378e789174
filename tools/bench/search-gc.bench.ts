// Search latency of a kept library (PDW_BENCH_REUSE=<folder kept by `PDW_BENCH_KEEP=1 npm run bench library`>) under
// V8 settings that change how the main thread's young generation is collected: each setting in a fresh Node process
// (the flags exist only at start-up) opening the library as the app does, the library benchmark's 300 queries timed
// as there (hybrid, vector only, keyword only; percentiles of the best of 3 passes), with the main thread's minor
// collections counted. Settings run in rounds (each setting once per round) so the machine's swings fall on all.
// PDW_BENCH_GC_FLAGS=<flags>|<flags>|… replaces the default settings; PDW_BENCH_ROUNDS the number of rounds (2).
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchTable } from './table.ts';

const YOUNG_64 = '--min-semi-space-size=64 --max-semi-space-size=64';
const DEFAULT_SETTINGS = ['', '--single-threaded-gc', YOUNG_64, `${YOUNG_64} --single-threaded-gc`];
const CHILD = fileURLToPath(new URL('./search-gc-child.ts', import.meta.url));

interface ChildResult {
  hybrid: { p50: number; p99: number };
  vector: { p50: number; p99: number };
  keyword: { p50: number; p99: number };
  minorGcs: number;
  minorGcMs: number;
  longestMinorGcMs: number;
  majorGcs: number;
}

export default async function searchGcBench(): Promise<BenchTable[]> {
  const root = process.env.PDW_BENCH_REUSE;
  if (!root) throw new Error('search-gc measures a kept library: set PDW_BENCH_REUSE to a folder kept by PDW_BENCH_KEEP=1 npm run bench library');
  const settings = process.env.PDW_BENCH_GC_FLAGS?.split('|') ?? DEFAULT_SETTINGS;
  const rounds = Number(process.env.PDW_BENCH_ROUNDS ?? 2);
  const rows: (string | number)[][] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const flags of settings) {
      const load = loadavg()[0] ?? 0;
      const args = [...flags.split(' ').filter(Boolean), CHILD, root];
      const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20, timeout: 30 * 60_000 });
      const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
      rows.push([round, flags || '(defaults)', r.hybrid.p50, r.hybrid.p99, r.vector.p50, r.vector.p99, r.keyword.p99, r.minorGcs, r.minorGcMs, r.longestMinorGcMs, r.majorGcs, `${load.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}`]);
    }
  }
  return [
    {
      title: 'Search latency by V8 collection settings (a kept library, each setting in a fresh process)',
      columns: ['round', 'V8 flags', 'hybrid p50 ms', 'hybrid p99 ms', 'vector p50 ms', 'vector p99 ms', 'keyword p99 ms', 'minor GCs', 'minor GC ms', 'longest minor GC ms', 'major GCs', 'load average'],
      rows,
      notes: [
        'each pass: the 300 queries of the library benchmark through Library.search (k = 10); percentiles of the best of 3 passes per mode',
        'minor/major GCs: the main thread\'s, over the timed searches of all three modes (PerformanceObserver "gc" entries)',
      ],
    },
  ];
}
