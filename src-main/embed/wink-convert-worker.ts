// Worker thread entry: converts the bundled word vectors without blocking the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { convertWinkJson } from './wink-vectors.ts';

const { source, target } = workerData as { source: string; target: string };
await convertWinkJson(source, target);
parentPort?.postMessage('done');
