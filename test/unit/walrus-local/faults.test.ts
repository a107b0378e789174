import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultController } from '../../../src-main/walrus-local/faults.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function controller(rules?: Parameters<typeof FaultController.open>[1]): Promise<{ faults: FaultController; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'faults-'));
  dirs.push(dir);
  return { faults: await FaultController.open(dir, rules), dir };
}

describe('FaultController', () => {
  it('matches rules by route or "all", adds latencies, keeps the first terminal fault', async () => {
    const { faults } = await controller([
      { route: 'readBlob', kind: 'latency', ms: 10 },
      { route: 'all', kind: 'latency', ms: 5 },
      { route: 'readBlob', kind: 'corrupt' },
      { route: 'all', kind: 'error', status: 503 },
    ]);
    expect(faults.decide('readBlob')).toEqual({ latencyMs: 15, latencyAfterMs: 0, terminal: { route: 'readBlob', kind: 'corrupt', probability: 1 } });
    expect(faults.decide('status')).toEqual({ latencyMs: 5, latencyAfterMs: 0, terminal: { route: 'all', kind: 'error', status: 503, phase: 'before', probability: 1 } });
  });

  it('keeps "after" latencies and resets apart: the request is carried out first', async () => {
    const { faults } = await controller([
      { route: 'storeBlob', kind: 'latency', ms: 7, phase: 'after' },
      { route: 'storeBlob', kind: 'reset', phase: 'after' },
    ]);
    expect(faults.decide('storeBlob')).toEqual({ latencyMs: 0, latencyAfterMs: 7, terminal: { route: 'storeBlob', kind: 'reset', phase: 'after', probability: 1 } });
  });

  it('draws reproducibly from its seed', async () => {
    const { faults } = await controller([{ route: 'all', kind: 'reset', probability: 0.5 }]);
    const draw = () => Array.from({ length: 64 }, () => faults.decide('status').terminal !== undefined);
    await faults.reseed(9);
    const first = draw();
    await faults.reseed(9);
    expect(draw()).toEqual(first);
    await faults.reseed(10);
    expect(draw()).not.toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(16);
    expect(first.filter(Boolean).length).toBeLessThan(48);
  });

  it('persists its state and reloads it; start-up rules replace the persisted ones', async () => {
    const { faults, dir } = await controller();
    await faults.set([{ route: 'storeBlob', kind: 'error' }]);
    await faults.setDown(true);
    expect(JSON.parse(await readFile(join(dir, 'faults.json'), 'utf8'))).toMatchObject({ down: true, rules: [{ route: 'storeBlob', status: 500, phase: 'before' }] });
    const reloaded = await FaultController.open(dir);
    expect(reloaded.down).toBe(true);
    expect(reloaded.rules()).toEqual([{ route: 'storeBlob', kind: 'error', status: 500, phase: 'before', probability: 1 }]);
    const replaced = await FaultController.open(dir, [{ route: 'status', kind: 'reset' }]);
    expect(replaced.rules()).toEqual([{ route: 'status', kind: 'reset', phase: 'before', probability: 1 }]);
    await replaced.clear();
    expect((await FaultController.open(dir)).state).toMatchObject({ down: false, rules: [] });
  });

  it('a rule with times breaks that many requests, then is gone (also after a restart)', async () => {
    const { faults, dir } = await controller([
      { route: 'readPatch', kind: 'corrupt', times: 2 },
      { route: 'readPatch', kind: 'reset', times: 1 },
    ]);
    expect(faults.decide('readBlob').terminal).toBeUndefined();
    expect(faults.decide('readPatch').terminal?.kind).toBe('corrupt');
    await faults.flush();
    expect((await FaultController.open(dir)).rules()).toMatchObject([{ kind: 'corrupt', times: 1 }, { kind: 'reset', times: 1 }]);
    expect(faults.decide('readPatch').terminal?.kind).toBe('corrupt');
    expect(faults.decide('readPatch').terminal?.kind).toBe('reset');
    expect(faults.decide('readPatch').terminal).toBeUndefined();
    await faults.flush();
    expect((await FaultController.open(dir)).rules()).toEqual([]);
  });

  it('refuses malformed rules', async () => {
    const { faults } = await controller();
    await expect(faults.add({ route: 'status', kind: 'error', status: 404 } as never)).rejects.toThrow();
    await expect(faults.add({ route: 'status', kind: 'latency', ms: 10, probability: 2 })).rejects.toThrow();
  });
});
