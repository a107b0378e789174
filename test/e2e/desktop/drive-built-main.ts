// Runs the built desktop main (out/main/index.js) under plain Node with `electron` stood in for, then
// drives it through its IPC handler as the window would: add a folder with the native dialog, search,
// open the hit. Prints what happened as JSON. Usage: node drive-built-main.ts <docs folder> <data dir>
import { register } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

register('./electron-hooks.ts', import.meta.url);
const [docs, dataDir] = process.argv.slice(2);
process.env.PDW_DATA_DIR = dataDir;

const { state } = await import('./electron-stand-in.ts');
state.pickedPaths = [docs!];
await import(new URL('../../../out/main/index.js', import.meta.url).href);
state.ready();
while (!state.ipcHandler || !state.window?.webContents.mainFrame.url) await sleep(10);

const contents = state.window.webContents;
/** One request as the window sends it; the value of a successful reply. */
async function call<T>(name: string, input: unknown): Promise<T> {
  const reply = (await state.ipcHandler!({ sender: { id: contents.id }, senderFrame: contents.mainFrame }, name, input)) as { ok: boolean; value: T; error?: unknown };
  if (!reply.ok) throw new Error(`${name} failed: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

const { jobId } = await call<{ jobId: string }>('library.pickAndIngest', { kind: 'folder' });
let ingest;
do {
  await sleep(50);
  ingest = await call<{ state: string }>('job.result', { jobId });
} while (ingest.state === 'running');
const { results } = await call<{ results: { documentId: number; path: string }[] }>('search.query', { query: 'orchard apples crates', k: 1 });
const hit = results[0]!;
const opened = { ok: true, value: await call('library.openDocument', { documentId: hit.documentId }) };
console.log(JSON.stringify({ info: await call('app.info', {}), ingest, hit, opened, shell: { opened: state.opened, revealed: state.revealed } }));
process.exit(0);
