// `pdw search "query"`: hybrid search over the library, printed as ranked documents with their best passages
// highlighted (and, with --explain, which half of the search found each).
import { AppError } from '../../../src-shared/contract/define.ts';
import { DOC_TYPES, SEARCH_QUERY_MAX_CHARS, libraryRequests, searchModeSchema, type DocType, type SearchResult } from '../../../src-shared/contract/library.ts';
import { describeExplain } from '../../../src-shared/search-explain.ts';
import type { z } from 'zod';
import { resolve } from 'node:path';
import type { PdwApp } from '../../app.ts';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { printable, printableRun } from '../printable.ts';

type LibraryRequests = typeof libraryRequests;

/** Calls a library request through the app's dispatcher and checks the reply against its contract part. */
export async function callLibrary<K extends keyof LibraryRequests>(
  app: PdwApp,
  name: K,
  input: z.input<LibraryRequests[K]['input']>,
): Promise<z.output<LibraryRequests[K]['output']>> {
  const result = await app.dispatch(name, input, { transport: 'cli' });
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.issues ? { issues: result.error.issues } : undefined);
  return libraryRequests[name].output.parse(result.value) as z.output<LibraryRequests[K]['output']>;
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'Search the library by meaning and keywords',
  usage: 'pdw search "query" [--k 10] [--mode hybrid|vector|keyword] [--type pdf|html|markdown|text] [--folder DIR] [--explain] [--json]',
  options: { k: { type: 'string' }, mode: { type: 'string' }, type: { type: 'string', multiple: true }, folder: { type: 'string' }, explain: { type: 'boolean' } },
  positionals: true,
  async run(ctx, { values, positionals }) {
    const query = positionals.join(' ').trim();
    const k = values.k === undefined ? 10 : Number(values.k);
    const mode = searchModeSchema.safeParse(values.mode ?? 'hybrid');
    const types = (values.type as string[] | undefined) ?? [];
    const badType = types.find((t) => !(DOC_TYPES as readonly string[]).includes(t));
    const tooLong = query.length > SEARCH_QUERY_MAX_CHARS;
    if (!query || tooLong || !Number.isInteger(k) || k < 1 || k > 100 || !mode.success || badType) {
      console.error(
        !query
          ? 'pdw search: give a query.'
          : tooLong
            ? `pdw search: a query takes up to ${SEARCH_QUERY_MAX_CHARS} characters (this one has ${query.length}): shorten it.`
            : badType
              ? `pdw search: unknown --type ${badType}.`
              : 'pdw search: --k must be 1–100 and --mode hybrid, vector or keyword.',
      );
      console.error(`Usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const filter = {
      ...(types.length ? { types: types as DocType[] } : {}),
      ...(typeof values.folder === 'string' ? { folder: resolve(values.folder) } : {}),
    };
    const app = await ctx.openApp({ mode: 'cli' });
    if (filter.folder !== undefined) await requireDocumentsIn(app, filter.folder);
    const reply = await callLibrary(app, 'search.query', { query, k, mode: mode.data, ...(Object.keys(filter).length ? { filter } : {}) });
    const bold = process.stdout.isTTY ? (s: string) => `\x1b[1;33m${s}\x1b[0m` : (s: string) => s;
    const explain = values.explain === true;
    ctx.print(reply, () =>
      reply.results.length === 0 ? `No results for "${query}".` : reply.results.map((r, i) => formatResult(r, i + 1, bold, explain)).join('\n\n'),
    );
    return EXIT_OK;
  },
};

/**
 * A folder holding no document is a mistake to say (a typo, or a folder never ingested), not an empty page of
 * results: a not_found error, so the command fails (exit 1) as a lookup of anything else missing does.
 */
async function requireDocumentsIn(app: PdwApp, folder: string): Promise<void> {
  const { total } = await callLibrary(app, 'library.documents', { filter: { folder }, limit: 1 });
  if (total === 0) throw new AppError('not_found', `No document is in ${printable(folder)}; without --folder, pdw search searches the whole library.`);
}

/** A document: its title, path and date, then each passage on its own line (and why it ranks, if asked). */
function formatResult(result: SearchResult, rank: number, bold: (s: string) => string, explain: boolean): string {
  const lines = [`${rank}. ${printable(result.title)}  (${printable(result.path)})  ${result.modifiedAt.slice(0, 10)}`];
  for (const passage of result.passages) lines.push(`   ${passage.snippet.map((s) => (s.highlight ? bold(printableRun(s.text)) : printableRun(s.text))).join('')}`);
  if (explain) lines.push(`   ${describeExplain(result.explain)}`);
  return lines.join('\n');
}
