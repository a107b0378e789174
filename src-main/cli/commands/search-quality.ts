// `pdw search-quality`: how well search finds the library's own documents with keywords only, meaning only
// and both (MRR, recall@10), run as a read-only job; Ctrl-C cancels it.
import { QUALITY_MODES, describeSearchQuality } from '../../../src-shared/search-quality.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { followJob } from '../follow-job.ts';
import { printable } from '../printable.ts';
import { callLibrary } from './search.ts';

export const searchQualityCommand: Command = {
  name: 'search-quality',
  summary: 'Check how much the embedding model helps search, on your own documents',
  usage: 'pdw search-quality [--documents 150] [--json]   (10–1000 documents sampled; read-only)',
  options: { documents: { type: 'string' } },
  async run(ctx, { values }) {
    const documents = values.documents === undefined ? 150 : Number(values.documents);
    if (!Number.isInteger(documents) || documents < 10 || documents > 1000) {
      console.error(`pdw search-quality: --documents must be a whole number from 10 to 1000.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    const result = await followJob(ctx, app, 'searchQuality', () => callLibrary(app, 'search.quality', { documents }));
    const outcome = result.outcome;
    if (!outcome) {
      ctx.fail({ state: result.state, message: result.message }, () => `Search quality check ${result.state}: ${result.message ?? 'unknown error'}`);
      return EXIT_FAILURE;
    }
    ctx.print(outcome, () => {
      const rows = QUALITY_MODES.map(({ mode, label }) => `${label.padEnd(32)} ${outcome[mode].mrr.toFixed(3).padStart(5)}   ${outcome[mode].recallAt10.toFixed(3).padStart(9)}`);
      return [
        `Embedding model: ${printable(outcome.embedder.id)} (${outcome.embedder.dimension} dimensions)`,
        '',
        `${'search'.padEnd(32)} ${'MRR'.padStart(5)}   recall@10`,
        ...rows,
        '',
        ...describeSearchQuality(outcome),
        '',
        'For example:',
        ...outcome.examples.map((e) => `  "${printable(e.query)}" → ${printable(e.title)}`),
      ].join('\n');
    });
    return EXIT_OK;
  },
};
