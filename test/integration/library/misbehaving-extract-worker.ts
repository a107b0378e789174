// An extraction worker for tests: the real extraction, except that a file named hang.* spins forever
// (as a pathological PDF can inside a parser), one named crash.* throws outside any promise, which
// kills the worker thread, and one named greedy.* keeps building objects (as a parser can on a hostile
// file) until the heap is full. Selected with the library's `extraction.workerUrl` option.
import { basename } from 'node:path';
import { detectAndExtract } from '../../../src-main/library/extract.ts';
import { serveExtractions } from '../../../src-main/library/extract-protocol.ts';

serveExtractions(async (path, bytes) => {
  const name = basename(path);
  if (name.startsWith('hang.')) for (;;);
  if (name.startsWith('crash.')) {
    setImmediate(() => {
      throw new Error('simulated parser crash');
    });
    return new Promise(() => {});
  }
  if (name.startsWith('greedy.')) {
    const kept: string[][] = [];
    for (let i = 0; ; i++) kept.push(Array.from({ length: 1000 }, (_, j) => `${i}:${j}`));
  }
  return detectAndExtract(path, bytes);
});
