import { describe, expect, it } from 'vitest';
import { LazyService } from '../../../../src-main/kernel/lifecycle/lazy-service.ts';

describe('LazyService', () => {
  it('opens once on first use and closes only what it opened', async () => {
    const log: string[] = [];
    const lazy = new LazyService(
      async () => (log.push('open'), { name: 'db' }),
      async (s) => void log.push(`close ${s.name}`),
    );
    await lazy.close();
    expect(log).toEqual([]);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    await lazy.close();
    expect(log).toEqual(['open', 'close db']);
  });

  it('retries a failed open later and has nothing to close after it', async () => {
    let attempts = 0;
    const closed: number[] = [];
    const lazy = new LazyService(
      async () => {
        if (++attempts === 1) throw new Error('file busy');
        return attempts;
      },
      async (n) => void closed.push(n),
    );
    await expect(lazy.get()).rejects.toThrow('file busy');
    await lazy.close();
    expect(closed).toEqual([]);
    expect(await lazy.get()).toBe(2);
    await lazy.close();
    expect(closed).toEqual([2]);
  });

  it('reports a close that fails instead of hiding it', async () => {
    const lazy = new LazyService(
      async () => 'index',
      async () => {
        throw new Error('could not save the graph');
      },
    );
    await lazy.get();
    await expect(lazy.close()).rejects.toThrow('could not save the graph');
  });
});
