// `npm run bench [name...] [-- --option...]`: runs every tools/bench/*.bench.ts (or the named ones) and prints their tables.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { formatTable, type Benchmark } from './table.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
// Names pick benchmarks; options (`--quick`, `--minutes 2`) are left in process.argv for the benchmarks to read.
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--') && !/^\d+(\.\d+)?$/.test(arg));
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
const selected = wanted.length ? files.filter((f) => wanted.some((w) => f.startsWith(w))) : files;
if (selected.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}. Available: ${files.join(', ')}`);
  process.exit(2);
}
for (const file of selected) {
  const started = performance.now();
  const module = (await import(pathToFileURL(join(dir, file)).href)) as { default: Benchmark };
  for (const table of await module.default()) console.log(formatTable(table) + '\n');
  console.log(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
