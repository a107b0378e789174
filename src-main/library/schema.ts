// Catalog schema, applied as numbered migrations tracked in SQLite's user_version: a new version only
// appends a step, so every existing catalog upgrades in order, each step in its own transaction.
import type Database from 'better-sqlite3';

/** A document's text (for `d`) from its chunks in order, each without the start it repeats from the one before. */
const DOCUMENT_TEXT = `SELECT group_concat(substr(c.text, 1 + max(0, coalesce(c.previous_end, 0) - c.start)), ' ')
  FROM (SELECT text, start, lag(end) OVER (ORDER BY seq) AS previous_end FROM chunks WHERE document_id = d.id ORDER BY seq) c`;

/** A document's file name (`d.folder` is its path's dirname). */
const FILE_NAME = `substr(d.path, length(rtrim(d.folder, '/\\')) + 2)`;
/** The first line of `d`'s text, cut at 117 characters past 120 as titles were cut before schema 6. */
const FIRST_LINE = `(SELECT CASE WHEN length(line) > 120 THEN substr(line, 1, 117) ELSE line END
  FROM (SELECT substr(t, 1, instr(t || char(10), char(10)) - 1) AS line
    FROM (SELECT ltrim(text, ' ' || char(9) || char(10)) AS t FROM chunks WHERE document_id = d.id AND seq = 0)))`;
/**
 * The whole-document title field for `d`: its title, or its text's first line when it is titled by its file
 * name. A text's first line is no title to show when it is the start of a paragraph (extract.ts), yet what a
 * text says first is evidence of what it is about: the Info manuals' nodes open with their summary, and
 * leaving their first line out of this field cost the retrieval benchmark's held-out corpus 0.678 → 0.653 MRR.
 * Catalogs from before schema 6 hold the first line as the title, which is what this field held then.
 */
const DOCUMENT_TITLE_FIELD = `CASE WHEN ${FILE_NAME} = d.title OR substr(${FILE_NAME}, 1, length(d.title) + 1) = d.title || '.'
  THEN coalesce(${FIRST_LINE}, d.title) ELSE d.title END`;

const MIGRATIONS: string[] = [
  `
  CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    hash TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    title TEXT NOT NULL,
    ingested_at INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL
  );
  CREATE INDEX documents_folder ON documents(folder);
  CREATE INDEX documents_mtime ON documents(mtime);
  -- AUTOINCREMENT: chunk ids are vector labels, and a reused id could resurrect a deleted vector.
  CREATE TABLE chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB
  );
  CREATE INDEX chunks_document ON chunks(document_id, seq);
  CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  -- Vectors from a re-embed in progress; swapped into chunks in one transaction when it completes.
  CREATE TABLE pending_vectors (id INTEGER PRIMARY KEY, vector BLOB);
  CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO state(key, value) VALUES ('generation', '0');
  `,
  // Per-term document counts for inspecting the index. (Search counts terms with a capped MATCH
  // instead: fts5vocab walks every posting of a common term.)
  `CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, 'row');`,
  // The best chunks for each common term (an index stem) alone, as bm25 ranks them (ids as a float64
  // array), valid for the catalog generation recorded in state.keyword_heads_generation.
  `CREATE TABLE keyword_heads (term TEXT PRIMARY KEY, postings INTEGER NOT NULL, chunk_ids BLOB NOT NULL) WITHOUT ROWID;`,
  // Heads with their bm25 scores (ids as a uint32 array, scores as a float64 array); the old ones are rebuilt.
  `
  DROP TABLE keyword_heads;
  CREATE TABLE keyword_heads (term TEXT PRIMARY KEY, postings INTEGER NOT NULL, chunk_ids BLOB NOT NULL, scores BLOB NOT NULL) WITHOUT ROWID;
  DELETE FROM state WHERE key = 'keyword_heads_generation';
  `,
  // Whole documents for document-level keyword evidence (search/document-keywords.ts): title, path and the
  // full text, one row per document (rowid = documents.id). Contentless, so the text is not stored twice.
  // A document's row is written when its last chunk is inserted (ingest and restore insert the document with
  // its chunk count first, then its chunks in order), from its chunks with their overlaps cut.
  `
  CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, path, body, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER documents_fts_ai AFTER INSERT ON chunks
  WHEN new.seq = (SELECT chunk_count - 1 FROM documents WHERE id = new.document_id) BEGIN
    INSERT INTO documents_fts(rowid, title, path, body)
    SELECT d.id, d.title, d.path, (${DOCUMENT_TEXT}) FROM documents d WHERE d.id = new.document_id;
  END;
  CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.id;
  END;
  INSERT INTO documents_fts(rowid, title, path, body) SELECT d.id, d.title, d.path, (${DOCUMENT_TEXT}) FROM documents d;
  `,
  // A document titled by its file name is searched by its first line in the title field (DOCUMENT_TITLE_FIELD).
  // Rows already indexed keep theirs: their title was their first line.
  `
  DROP TRIGGER documents_fts_ai;
  CREATE TRIGGER documents_fts_ai AFTER INSERT ON chunks
  WHEN new.seq = (SELECT chunk_count - 1 FROM documents WHERE id = new.document_id) BEGIN
    INSERT INTO documents_fts(rowid, title, path, body)
    SELECT d.id, ${DOCUMENT_TITLE_FIELD}, d.path, (${DOCUMENT_TEXT}) FROM documents d WHERE d.id = new.document_id;
  END;
  `,
  // What the keyword heads' next update needs, kept across a restart (removed-chunks.ts, search/keyword-heads.ts):
  // the chunks removed since the heads were last current, with their text, written in the transaction that
  // removes them (every removal of a generation past state.removed_chunks_from is there; the ones before this
  // schema are not known); and the heads merged by an update that has not finished, whose counts already hold
  // its change.
  `
  CREATE TABLE removed_chunks (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL, text TEXT NOT NULL);
  CREATE TABLE keyword_heads_merged (term TEXT PRIMARY KEY) WITHOUT ROWID;
  INSERT INTO state(key, value) SELECT 'removed_chunks_from', value FROM state WHERE key = 'generation';
  `,
  // Per-term document counts of the whole-document table (search/file-name-words.ts): FTS5 seeks to the term,
  // then walks its postings to count them (about 1.4 ms for a word in 57k of 100k documents).
  `CREATE VIRTUAL TABLE documents_vocab USING fts5vocab(documents_fts, 'row');`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`The library catalog is from a newer PDW (schema ${current}, this one knows ${SCHEMA_VERSION}).`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
