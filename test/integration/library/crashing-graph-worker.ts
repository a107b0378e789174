// A graph worker for tests: the real one, except that it dies (as a worker does on a native crash or out of
// memory) at the first insert while the file named by PDW_TEST_GRAPH_CRASH_FILE exists, removing the file so
// that the worker started in its place runs normally. Selected with the library's `graphWorker.workerUrl`.
import { existsSync, unlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { GraphMessage } from '../../../src-main/library/graph-protocol.ts';
import { GraphService } from '../../../src-main/library/graph-service.ts';

const port = parentPort;
if (!port) throw new Error('must run on a worker thread');
const service = new GraphService((reply) => port.postMessage(reply));
port.on('message', (message: GraphMessage) => {
  const trigger = process.env.PDW_TEST_GRAPH_CRASH_FILE;
  if (message.op === 'add' && trigger && existsSync(trigger)) {
    unlinkSync(trigger);
    process.exit(70);
  }
  service.post(message);
});
