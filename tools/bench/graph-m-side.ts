// Graph walks of a kept library's vectors in graphs of different M, side by side: the same queries, the variants
// interleaved query by query (their order turning), each query's best of 5, wall and CPU. Each variant is a graph
// (the library's own, or one PDW_BENCH_M=<M> npm run bench vector-ef built and cached) walked at its own ef.
//   npx node tools/bench/graph-m-side.ts <kept library folder> [variants=32:601,48:400]
import { loadavg } from 'node:os';
import { librarySource, type EfSource } from './vector-ef-sources.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: graph-m-side.ts <kept library folder> [M:ef,...]');
const variants = (process.argv[3] ?? '32:601,48:400').split(',').map((v) => v.split(':').map(Number) as [number, number]);
const sources: EfSource[] = [];
for (const [m] of variants) sources.push(await librarySource(root, undefined, m));
const queries = sources[0]?.queries ?? [];
const cpu = variants.map(() => queries.map(() => Infinity));
const wall = variants.map(() => queries.map(() => Infinity));
console.log('load', loadavg().map((l) => l.toFixed(1)).join(' '));
for (let pass = 0; pass < 5; pass++) {
  queries.forEach((query, q) => {
    for (let t = 0; t < variants.length; t++) {
      const at = (t + q + pass) % variants.length;
      const [, ef] = variants[at] as [number, number];
      const cpuAt = process.cpuUsage();
      const wallAt = performance.now();
      (sources[at] as EfSource).graph.search(query, 50, undefined, ef);
      const w = performance.now() - wallAt;
      const used = process.cpuUsage(cpuAt);
      (wall[at] as number[])[q] = Math.min((wall[at] as number[])[q] as number, w);
      (cpu[at] as number[])[q] = Math.min((cpu[at] as number[])[q] as number, (used.user + used.system) / 1000);
    }
  });
}
const at = (xs: number[], p: number) => ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number).toFixed(2);
variants.forEach(([m, ef], i) => console.log(`M ${m} ef ${ef}: wall p50 ${at(wall[i] as number[], 0.5)} p99 ${at(wall[i] as number[], 0.99)} ms; CPU p50 ${at(cpu[i] as number[], 0.5)} p99 ${at(cpu[i] as number[], 0.99)} ms`));
console.log('load', loadavg().map((l) => l.toFixed(1)).join(' '));
for (const source of sources) source.close();
