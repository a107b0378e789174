// USearch graphs over a VectorCorpus for the graph-library comparison (vector-libs.bench.ts): one batch build per
// quantization, saved as it passes each size, cached in the temp folder with the build's wall and CPU time beside it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { BENCH_CACHE, type VectorCorpus } from './vector-corpus.ts';

export type Quantization = 'f32' | 'f16' | 'i8';

export interface UsearchBuild {
  path: string;
  /** The build up to this size: wall and process CPU (both threads of the batch insert). */
  buildSeconds: number;
  buildCpuSeconds: number;
}

export interface UsearchGraphParams {
  connectivity: number;
  expansionAdd: number;
}

export function usearchPath(corpus: VectorCorpus, size: number, quantization: Quantization, params: UsearchGraphParams): string {
  return join(BENCH_CACHE, `usearch-${corpus.count}-first-${size}-${quantization}-m${params.connectivity}-efc${params.expansionAdd}.usearch`);
}

const SCALARS: Record<Quantization, ScalarKind> = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 };

export function newUsearchIndex(dimension: number, quantization: Quantization, params: UsearchGraphParams): Index {
  return new Index({ dimensions: dimension, metric: MetricKind.Cos, quantization: SCALARS[quantization], connectivity: params.connectivity, expansion_add: params.expansionAdd, expansion_search: 64, multi: false });
}

/** Graph files over the first `sizes` vectors for one quantization, built (batch insert on every core) if missing. */
export async function ensureUsearchGraphs(corpus: VectorCorpus, sizes: number[], quantization: Quantization, params: UsearchGraphParams, log: (line: string) => void): Promise<Map<number, UsearchBuild>> {
  const sorted = [...sizes].sort((a, b) => a - b);
  const builds = new Map<number, UsearchBuild>();
  for (const size of sorted) {
    const path = usearchPath(corpus, size, quantization, params);
    const stats = await readFile(`${path}.build.json`, 'utf8').then((text) => JSON.parse(text) as UsearchBuild, () => null);
    if (stats) builds.set(size, { ...stats, path });
  }
  if (builds.size === sorted.length) return builds;
  const index = newUsearchIndex(corpus.dimension, quantization, params);
  const { dimension, vectors } = corpus;
  // The build goes on from the largest graph already saved below the first missing size.
  const resumed = [...builds.entries()].filter(([size]) => size < (sorted.find((s) => !builds.has(s)) ?? 0)).at(-1);
  if (resumed) index.load(resumed[1].path);
  const started = performance.now() - (resumed?.[1].buildSeconds ?? 0) * 1000;
  const cpuStarted = process.cpuUsage();
  let saving = 0;
  let savingCpu = -(resumed?.[1].buildCpuSeconds ?? 0);
  let from = resumed?.[0] ?? 0;
  for (const size of sorted.filter((s) => s > from)) {
    const keys = BigUint64Array.from({ length: size - from }, (_, i) => BigInt(from + i));
    index.add(keys, vectors.subarray(from * dimension, size * dimension), 0);
    from = size;
    const cpu = process.cpuUsage(cpuStarted);
    const build: UsearchBuild = {
      path: usearchPath(corpus, size, quantization, params),
      buildSeconds: Number(((performance.now() - started - saving) / 1000).toFixed(1)),
      buildCpuSeconds: Number(((cpu.user + cpu.system) / 1e6 - savingCpu).toFixed(1)),
    };
    log(`  usearch ${quantization} over ${size} vectors after ${build.buildSeconds} s (CPU ${build.buildCpuSeconds} s); saving`);
    const saveStarted = performance.now();
    const saveCpu = process.cpuUsage();
    index.save(build.path);
    await writeFile(`${build.path}.build.json`, JSON.stringify(build));
    builds.set(size, build);
    saving += performance.now() - saveStarted;
    const used = process.cpuUsage(saveCpu);
    savingCpu += (used.user + used.system) / 1e6;
  }
  return builds;
}
