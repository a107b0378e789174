// `pdw ingest PATH...`: adds files and folders to the library as an ingest job, with a progress line
// on stderr and one outcome per file. Ctrl-C cancels the job; files already done stay in the library.
import { resolve } from 'node:path';
import type { IngestOutcome } from '../../../src-shared/contract/library.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { followJob } from '../follow-job.ts';
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
    const result = await followJob(ctx, app, 'ingest', () => callLibrary(app, 'library.ingest', { paths: positionals.map((p) => resolve(p)) }));
    const summary = result.outcome;
    if (!summary) {
      ctx.fail({ state: result.state, message: result.message }, () => `Ingest failed: ${result.message ?? 'unknown error'}`);
      return EXIT_FAILURE;
    }
    const { outcomes, counts } = summary;
    ctx.print(summary, () =>
      [
        ...outcomes.map(describe),
        `${counts.ingested} ingested, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed${summary.cancelled ? ' — cancelled' : ''}.`,
      ].join('\n'),
    );
    return counts.failed > 0 || summary.cancelled ? EXIT_FAILURE : EXIT_OK;
  },
};

function describe(o: IngestOutcome): string {
  const detail = o.status === 'failed' ? `: ${o.reason ?? 'failed'}` : o.chunks !== undefined ? ` (${o.chunks} chunks)` : '';
  return `${o.status.padEnd(9)} ${printable(o.path)}${printable(detail)}`;
}
