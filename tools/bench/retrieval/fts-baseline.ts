// The baseline every PDW mode is compared with: plain SQLite FTS5 bm25 over whole documents, the query's
// words joined by OR, with the same tokenizer as the catalog (Porter stemming, unicode61). No chunking,
// no dropped terms, no vectors: what anyone would get from SQLite alone.
import Database from 'better-sqlite3';
import { ftsMatch, queryTerms } from '../../../src-main/search/terms.ts';
import { CUTOFF, type KnownItem } from './known-item.ts';

export interface WholeDocumentIndex {
  search(query: string): string[];
  close(): void;
}

export function wholeDocumentBm25(items: readonly KnownItem[]): WholeDocumentIndex {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE docs USING fts5(name UNINDEXED, body, tokenize='porter unicode61 remove_diacritics 2')`);
  const insert = db.prepare('INSERT INTO docs (name, body) VALUES (?, ?)');
  db.transaction(() => items.forEach((item) => insert.run(item.name, item.body)))();
  const select = db.prepare<[string, number], { name: string }>('SELECT name FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?');
  return {
    search(query) {
      const match = ftsMatch(queryTerms(query), 'OR');
      return match ? select.all(match, CUTOFF).map((row) => row.name) : [];
    },
    close: () => db.close(),
  };
}
