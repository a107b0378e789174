// What the last pass over each watched folder found, kept in <data>/watched-folders-state.json so that
// `pdw watch list` in another process, and the app after a restart, can say it. Written only by the process
// that synced; the folder list itself lives in another file, so a lost write here never loses a folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

const recordSchema = z.object({
  documents: z.number().int().nonnegative().nullable(),
  lastSyncAt: z.string().nullable(),
  lastChange: z.object({ added: z.number().int(), updated: z.number().int(), removed: z.number().int(), failed: z.number().int() }).nullable(),
  lastError: z.string().nullable(),
});
export type SyncRecord = z.infer<typeof recordSchema>;
const fileSchema = z.record(z.string(), recordSchema);

export class WatchRecords {
  readonly #file: string;

  constructor(dataDir: string) {
    this.#file = join(dataDir, 'watched-folders-state.json');
  }

  /** The records by folder; a missing or damaged file is no record at all (they are only a report). */
  async load(): Promise<Map<string, SyncRecord>> {
    const text = await readFile(this.#file, 'utf8').catch(() => null);
    let parsed: z.ZodSafeParseResult<Record<string, SyncRecord>> | null = null;
    try {
      parsed = text === null ? null : fileSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    return new Map(parsed?.success ? Object.entries(parsed.data) : []);
  }

  async save(records: ReadonlyMap<string, SyncRecord>): Promise<void> {
    await writeFileAtomic(this.#file, JSON.stringify(Object.fromEntries(records)) + '\n');
  }
}
