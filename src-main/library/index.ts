// The library's facade. Only the wiring and types load at start-up: the library itself (SQLite, HNSW,
// extractors, embeddings) opens on first use. Backup reaches the library's data only through the snapshot
// narrow interfaces (snapshot-source.ts, snapshot-export.ts, library-swap.ts; see BOUNDARIES in the lint).
export { wireLibrary, type LibraryDeps, type LibraryFacade, type LibrarySlice } from './wiring.ts';
export { documentIdOfFileUrl, type DocumentFile, type DocumentOpener } from './document-file.ts';
export type { Library } from './library.ts';
