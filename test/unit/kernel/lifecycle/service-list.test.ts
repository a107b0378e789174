import { describe, expect, it } from 'vitest';
import { ServiceList } from '../../../../src-main/kernel/lifecycle/service-list.ts';
import type { Logger } from '../../../../src-main/kernel/log.ts';

function recorder() {
  const calls: string[] = [];
  const errors: string[] = [];
  const log: Logger = { info() {}, warn() {}, error: (message) => void errors.push(message) };
  const service = (name: string, failStop = false) => ({
    name,
    start: () => void calls.push(`start ${name}`),
    stop: () => {
      calls.push(`stop ${name}`);
      if (failStop) throw new Error('stuck');
    },
  });
  return { calls, errors, log, service };
}

describe('ServiceList', () => {
  it('starts in order and stops in reverse, once each', async () => {
    const { calls, log, service } = recorder();
    const list = new ServiceList(log);
    list.add(service('a'), service('b'));
    list.add(service('c'));
    await list.start();
    await list.stop();
    await list.stop();
    expect(calls).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect(list.names).toEqual(['a', 'b', 'c']);
  });

  it('stops the others when one fails to stop, and logs it', async () => {
    const { calls, errors, log, service } = recorder();
    const list = new ServiceList(log);
    list.add(service('a'), service('b', true), service('c'));
    await list.start();
    await list.stop();
    expect(calls.slice(3)).toEqual(['stop c', 'stop b', 'stop a']);
    expect(errors).toEqual(['stopping b failed']);
  });

  it('stops only what started when a start fails', async () => {
    const { calls, log, service } = recorder();
    const list = new ServiceList(log);
    list.add(service('a'), { name: 'b', start: () => Promise.reject(new Error('no')), stop: () => void calls.push('stop b') }, service('c'));
    await expect(list.start()).rejects.toThrow('no');
    await list.stop();
    expect(calls).toEqual(['start a', 'stop a']);
  });
});
