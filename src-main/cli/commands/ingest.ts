// `pdw ingest PATH...`: adds files and folders to the library as an ingest job, with a progress line
// on stderr and one outcome per file. Ctrl-C cancels the job; files already done stay in the library.
import { resolve } from 'node:path';
import type { AnyEvent } from '../../../src-shared/contract/index.ts';
import type { IngestOutcome } from '../../../src-shared/contract/library.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { printable } from '../printable.ts';
import { callLibrary } from './search.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Add files and folders (recursively) to the library',
  usage: 'pdw ingest PATH... [--json]   (exit code 1 when a file failed or the ingest was cancelled)',
  positionals: true,
  async run(ctx, { positionals }) {
    if (positionals.length === 0) {
      console.error(`pdw ingest: give at least one file or folder.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    // Subscribe before starting: a small job can finish before its id comes back.
    const seen: AnyEvent[] = [];
    let wake = () => {};
    const unsubscribe = app.events.subscribe((event) => {
      seen.push(event);
      wake();
    });
    try {
      const { jobId } = await callLibrary(app, 'library.ingest', { paths: positionals.map((p) => resolve(p)) });
      let cancelled = false;
      void ctx.interrupted().then(() => {
        cancelled = true;
        void app.dispatch('job.cancel', { jobId }, { transport: 'cli' });
      });
      for (;;) {
        const mine = seen.filter((e) => 'jobId' in e.payload && e.payload.jobId === jobId);
        const progress = mine.findLast((e) => e.name === 'job.progress');
        if (progress?.name === 'job.progress') {
          const p = progress.payload;
          ctx.progress(`ingest: ${p.done}/${p.total ?? '?'} ${p.unit}${p.current ? `  ${printable(p.current)}` : ''}${cancelled ? '  (cancelling…)' : ''}`);
        }
        if (mine.some((e) => e.name === 'job.finished')) break;
        await new Promise<void>((r) => (wake = r));
      }
      const result = await callLibrary(app, 'library.ingestResult', { jobId });
      if (!result.summary) {
        ctx.fail(result, () => `Ingest failed: ${result.message ?? 'unknown error'}`);
        return EXIT_FAILURE;
      }
      const { outcomes, counts } = result.summary;
      ctx.print(result.summary, () =>
        [
          ...outcomes.map(describe),
          `${counts.ingested} ingested, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed${result.summary?.cancelled ? ' — cancelled' : ''}.`,
        ].join('\n'),
      );
      return counts.failed > 0 || result.summary.cancelled ? EXIT_FAILURE : EXIT_OK;
    } finally {
      unsubscribe();
    }
  },
};

function describe(o: IngestOutcome): string {
  const detail = o.status === 'failed' ? `: ${o.reason ?? 'failed'}` : o.chunks !== undefined ? ` (${o.chunks} chunks)` : '';
  return `${o.status.padEnd(9)} ${printable(o.path)}${printable(detail)}`;
}
