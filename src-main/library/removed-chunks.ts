// The chunks removed from the catalog since search's keyword heads were last current, with their text. A
// removed chunk's words leave the catalog with it; without them, finding the heads a removal touched means
// counting every stored head's term again (15,000 posting lists, 18–22 s at a million chunks). Kept in the
// catalog (table removed_chunks), written in the transaction that removes the chunks, so that a restart before
// the heads caught up loses none of them; pruned once they have. Bounded: past the bound a removal is noted as
// not known, and the heads fall back to that count (or are rebuilt whole anyway).
import type Database from 'better-sqlite3';
import { StatementCache } from '../kernel/fs/sqlite.ts';

export interface RemovedChunk {
  id: number;
  text: string;
}

/** Characters of removed text kept (about 40,000 chunks): a larger removal rebuilds every head anyway. */
const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;
/** In state: every removal of a later generation than this one is in removed_chunks. */
const FROM_KEY = 'removed_chunks_from';

export class RemovedChunkLog {
  readonly #statements: StatementCache;
  readonly #maxChars: number;
  /** Characters logged (SQLite's count): what the bound is checked against. */
  #chars: number;

  constructor(db: Database.Database, maxChars = DEFAULT_MAX_CHARS) {
    this.#statements = new StatementCache(db);
    this.#maxChars = maxChars;
    this.#chars = this.#loggedChars();
  }

  /** A removal by the change that makes `generation`: filled as the change deletes chunks, then `record`ed, in its transaction. */
  start(generation: number): Removal {
    return new Removal(this.#statements, generation, this.#maxChars - this.#chars);
  }

  /** Records a removal (its chunks are logged already, unless it was past the bound). */
  record(removal: Removal): void {
    if (!removal.complete) this.forget(removal.generation, true);
    else this.#chars += removal.chars;
  }

  /** The chunks removed after `generation`, or null when some of them are not known. */
  since(generation: number): RemovedChunk[] | null {
    if (generation < this.#from()) return null;
    return this.#statements.get('SELECT id, text FROM removed_chunks WHERE generation > ? ORDER BY generation, id').all(generation) as RemovedChunk[];
  }

  /** Drops the removals up to `generation` (caught up with), or marks them not known with `lost`. */
  forget(generation: number, lost = false): void {
    this.#statements.get('DELETE FROM removed_chunks WHERE generation <= ?').run(generation);
    this.#chars = this.#loggedChars();
    if (lost && generation > this.#from()) {
      this.#statements.get('INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(FROM_KEY, String(generation));
    }
  }

  #from(): number {
    return Number(this.#statements.get('SELECT value FROM state WHERE key = ?').pluck().get(FROM_KEY) ?? 0);
  }

  #loggedChars(): number {
    return this.#statements.get('SELECT coalesce(sum(length(text)), 0) FROM removed_chunks').pluck().get() as number;
  }
}

/**
 * The chunks one change removes. Each document's chunks are logged with their text as they are about to be
 * deleted (copied within SQLite), while the log has room for them: past it, ids only are read.
 */
export class Removal {
  readonly ids: number[] = [];
  chars = 0;
  complete = true;
  readonly generation: number;
  readonly #statements: StatementCache;
  readonly #room: number;

  constructor(statements: StatementCache, generation: number, room: number) {
    this.#statements = statements;
    this.generation = generation;
    this.#room = room;
  }

  /** Logs the chunks of a document about to be deleted; returns their ids. */
  add(documentId: number): number[] {
    if (!this.complete) return this.#note(this.#statements.get('SELECT id FROM chunks WHERE document_id = ?').pluck().all(documentId) as number[]);
    const sql = 'INSERT OR REPLACE INTO removed_chunks (id, generation, text) SELECT id, ?, text FROM chunks WHERE document_id = ? RETURNING id, length(text) AS chars';
    const logged = this.#statements.get(sql).all(this.generation, documentId) as { id: number; chars: number }[];
    for (const { chars } of logged) this.chars += chars;
    // Past the room, what was logged for this change is dropped when it is recorded.
    if (this.chars > this.#room) this.complete = false;
    return this.#note(logged.map((row) => row.id));
  }

  #note(ids: number[]): number[] {
    this.ids.push(...ids);
    return ids;
  }
}
