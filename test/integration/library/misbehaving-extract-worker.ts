// An extraction worker for tests: the real extraction, except that a file named hang.* spins forever
// (as a pathological PDF can inside a parser) and one named crash.* throws outside any promise, which
// kills the worker thread. Selected with the library's `extraction.workerUrl` option.
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
  return detectAndExtract(path, bytes);
});
