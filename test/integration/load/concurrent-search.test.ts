// 50 searches at once through the web host (POST /api/search.query with the token, over loopback HTTP to
// the real app) all succeed and answer exactly what the same searches answer one at a time. Not timed:
// throughput and latency are measured by `npm run bench load`.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestOutput } from '../../../src-shared/contract/index.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { startTestHost, type TestHost } from '../../helpers/app-host.ts';
import { GOOD, writeDocs } from '../library/library-fixtures.ts';

const QUERIES = ['bees and honey', 'green tea', 'solar inverter', 'tomatoes', 'spring beans', 'water temperature', 'queen lays eggs', 'storms'];
const CONCURRENT = 50;

let host: TestHost;

beforeAll(async () => {
  await bundledEmbedder(); // the shared word vectors are converted once
  host = await startTestHost({ PDW_CACHE_DIR: TEST_CACHE_DIR, WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' });
  const docs = join(host.dataDir, 'docs');
  await writeDocs(docs, GOOD);
  const started = await host.app.dispatch('library.ingest', { paths: [docs] }, { transport: 'cli' });
  if (!started.ok) throw new Error(started.error.message);
  for (;;) {
    const { jobId } = started.value as RequestOutput<'library.ingest'>;
    const result = await host.app.dispatch('job.result', { jobId }, { transport: 'cli' });
    if (!result.ok) throw new Error(result.error.message);
    if ((result.value as RequestOutput<'job.result'>).state !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  await host?.close();
});

/** The ranked answer, without the time it took. */
async function search(query: string): Promise<{ status: number; ok: unknown; results: unknown }> {
  const { status, json } = await host.post('search.query', { query, k: 10 });
  const reply = json as { ok: boolean; value?: { results: unknown } };
  return { status, ok: reply.ok, results: reply.value?.results };
}

describe('concurrent searches through the web host', () => {
  it(`${CONCURRENT} at once all succeed and equal the same searches one at a time`, async () => {
    const sequential = new Map<string, unknown>();
    for (const query of QUERIES) {
      const answer = await search(query);
      expect(answer).toMatchObject({ status: 200, ok: true });
      sequential.set(query, answer.results);
    }
    expect((sequential.get('bees and honey') as { title: string }[])[0]?.title).toBe('Keeping bees');

    const queries = Array.from({ length: CONCURRENT }, (_, i) => QUERIES[i % QUERIES.length] as string);
    const answers = await Promise.all(queries.map((query) => search(query)));
    answers.forEach((answer, i) => {
      expect(answer, queries[i]).toEqual({ status: 200, ok: true, results: sequential.get(queries[i] as string) });
    });
  });
});
