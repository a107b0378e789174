// A worker inherits the parent's Node flags; those meant for an inline main script, and V8's own, must not reach it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { refusedExecArgv, workerExecArgv } from '../../../src-main/kernel/worker-entries.ts';

describe('workerExecArgv', () => {
  it('drops --input-type and an inline script, keeps every other flag', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'await import("x")', '--conditions=dev', '--max-old-space-size=512'])).toEqual(['--conditions=dev', '--max-old-space-size=512']);
    expect(workerExecArgv(['--input-type', 'module', '--print', '1+1', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(workerExecArgv(['--experimental-strip-types'])).toEqual(['--experimental-strip-types']);
  });
});

describe('startWorker', () => {
  const entries = fileURLToPath(new URL('../../../src-main/kernel/worker-entries.ts', import.meta.url));
  // A process started with V8 flags (which a worker refuses) and a Node flag (which it takes) starts a worker that
  // runs and still sees the Node flag.
  const script = `
    import { startWorker } from ${JSON.stringify(entries)};
    const url = new URL('data:text/javascript,' + encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.postMessage(process.execArgv)"));
    for (let i = 0; i < 2; i++) {
      const worker = startWorker(url);
      const flags = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
      console.log(JSON.stringify(flags));
      await worker.terminate();
    }`;

  it('starts a worker in a process run with V8 flags, without them, twice', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=512', '--expose-gc', '--stack-trace-limit=50', '--conditions=pdw-test', '--input-type=module', '-e', script]);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line) as string[])).toEqual([['--conditions=pdw-test'], ['--conditions=pdw-test']]);
  });

  it('reads the refused flags from Node\'s error only', () => {
    const error = Object.assign(new Error('Initiated Worker with invalid execArgv flags: --expose-gc, --stack-trace-limit=50'), { code: 'ERR_WORKER_INVALID_EXEC_ARGV' });
    expect(refusedExecArgv(error)).toEqual(['--expose-gc', '--stack-trace-limit=50']);
    expect(refusedExecArgv(new Error('Initiated Worker with invalid execArgv flags: --x'))).toEqual([]);
  });
});
