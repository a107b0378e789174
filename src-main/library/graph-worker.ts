// Worker thread entry: owns the library's vector graph, so its inserts, searches and saves run beside the main
// thread rather than on it. Built as its own entry (see electron.vite.config.ts).
import { parentPort } from 'node:worker_threads';
import type { GraphMessage } from './graph-protocol.ts';
import { GraphService } from './graph-service.ts';

const port = parentPort;
if (!port) throw new Error('The graph worker must run on a worker thread.');
const service = new GraphService((reply) => port.postMessage(reply));
port.on('message', (message: GraphMessage) => service.post(message));
