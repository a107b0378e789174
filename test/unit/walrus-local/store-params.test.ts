import { describe, expect, it } from 'vitest';
import type { HttpError } from '../../../src-main/walrus-local/reply.ts';
import { parseStoreParams } from '../../../src-main/walrus-local/store-params.ts';

const parse = (query: string) => parseStoreParams(new URLSearchParams(query), 53);

function failure(query: string): { status: number; json: boolean } {
  try {
    parse(query);
  } catch (error) {
    const reply = (error as HttpError).reply;
    return { status: reply.status, json: reply.headers['content-type'] === 'application/json' };
  }
  throw new Error(`${query} was accepted`);
}

describe('store query parameters', () => {
  it('defaults to one epoch, deletable, not forced, kept by the publisher', () => {
    expect(parse('')).toEqual({ epochs: 1, permanent: false, force: false, sendObjectTo: undefined, share: false });
  });

  it('reads every documented parameter', () => {
    const owner = '0x' + 'f'.repeat(64);
    expect(parse(`epochs=53&permanent=true&force=true&send_object_to=${owner}&encoding_type=RS2&quilt_version=1&reuse_resources=false`)).toEqual({
      epochs: 53,
      permanent: true,
      force: true,
      sendObjectTo: owner,
      share: false,
    });
    expect(parse('deletable=true').permanent).toBe(false);
    expect(parse('share=true').share).toBe(true);
  });

  it('answers unparsable values in plain text, contradictions as Status JSON', () => {
    for (const bad of ['epochs=x', 'epochs=-1', 'epochs=4294967296', 'force=1', 'permanent=TRUE', 'encoding_type=RS1', 'quilt_version=v2', 'send_object_to=0xabc']) {
      expect(failure(bad), bad).toEqual({ status: 400, json: false });
    }
    for (const bad of ['deletable=true&permanent=true', 'epochs=0', 'epochs=54', `share=true&send_object_to=0x${'1'.repeat(64)}`]) {
      expect(failure(bad), bad).toEqual({ status: 400, json: true });
    }
  });
});
