// Graph search time of the vector benchmark's int8 graphs built with different efConstruction values, side by side:
// the same queries, variants interleaved query by query, each query's best of 5 (wall and CPU). The graphs are the
// ones `PDW_BENCH_EF_SIZES=<size> PDW_BENCH_EFC=<n> npm run bench vector-ef` cached.
//   npx node tools/bench/efc-search-side.ts [size=250000] [ef=336] [efConstructions=200,128]
import { loadavg } from 'node:os';
import { corpusPrefix, vectorCorpus } from './vector-corpus.ts';
import { usearchPath } from './usearch-graph.ts';
import { UsearchIndex } from '../../src-main/vector/usearch-index.ts';
const size = Number(process.argv[2] ?? 250000);
const ef = Number(process.argv[3] ?? 336);
const whole = await vectorCorpus(1_000_000);
const corpus = await corpusPrefix(whole, size);
const efcs = (process.argv[4] ?? '200,128').split(',').map(Number);
const graphs = efcs.map((efc) => UsearchIndex.open(usearchPath(whole, size, 'i8', { connectivity: 32, expansionAdd: efc }), corpus.dimension, { m: 32, efConstruction: efc, ef: 250 }, 'i8', size));
const best = efcs.map(() => corpus.queries.map(() => Infinity));
const bestWall = efcs.map(() => corpus.queries.map(() => Infinity));
console.log('load', loadavg().map((l) => l.toFixed(1)).join(' '));
for (let pass = 0; pass < 5; pass++) {
  corpus.queries.forEach((q, i) => {
    for (let t = 0; t < efcs.length; t++) {
      const at = (t + i + pass) % efcs.length;
      const cpu = process.cpuUsage();
      const w = performance.now();
      (graphs[at] as UsearchIndex).search(q, 50, undefined, ef);
      const wall = performance.now() - w;
      const u = process.cpuUsage(cpu);
      best[at]![i] = Math.min(best[at]![i]!, (u.user + u.system) / 1000);
      bestWall[at]![i] = Math.min(bestWall[at]![i]!, wall);
    }
  });
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(3);
efcs.forEach((efc, i) => console.log(`size ${size} ef ${ef} efC ${efc}: wall p50 ${pct(bestWall[i]!, 0.5)} p99 ${pct(bestWall[i]!, 0.99)}; CPU p50 ${pct(best[i]!, 0.5)} p99 ${pct(best[i]!, 0.99)}`));
console.log('load', loadavg().map((l) => l.toFixed(1)).join(' '));
