// Library and search: ingest files, browse documents and their chunks, search by meaning and words.
import { z } from 'zod';
import { defineRequest } from './define.ts';

export const DOC_TYPES = ['text', 'markdown', 'html', 'pdf'] as const;
/** The longest query `search.query` takes, in characters after trimming (clients say so before asking). */
export const SEARCH_QUERY_MAX_CHARS = 1000;
export const docTypeSchema = z.enum(DOC_TYPES);
export type DocType = z.infer<typeof docTypeSchema>;

export const libraryFilterSchema = z
  .object({
    /** Only documents under this folder (an absolute path). */
    folder: z.string().min(1).optional(),
    types: z.array(docTypeSchema).min(1).optional(),
    /** File modification time bounds, ISO 8601. */
    modifiedAfter: z.iso.datetime({ offset: true }).optional(),
    modifiedBefore: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type LibraryFilterInput = z.infer<typeof libraryFilterSchema>;

export const documentSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  folder: z.string(),
  title: z.string(),
  type: docTypeSchema,
  size: z.number().int().nonnegative(),
  hash: z.string(),
  modifiedAt: z.string(),
  ingestedAt: z.string(),
  chunkCount: z.number().int().nonnegative(),
});
export type LibraryDocument = z.infer<typeof documentSchema>;

export const chunkSchema = z.object({
  id: z.number().int(),
  seq: z.number().int().nonnegative(),
  /** Character offsets into the document's extracted text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type LibraryChunk = z.infer<typeof chunkSchema>;

export const ingestOutcomeSchema = z.object({
  path: z.string(),
  status: z.enum(['ingested', 'updated', 'unchanged', 'failed']),
  documentId: z.number().int().optional(),
  chunks: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
});
export type IngestOutcome = z.infer<typeof ingestOutcomeSchema>;

export const ingestSummarySchema = z.object({
  outcomes: z.array(ingestOutcomeSchema),
  counts: z.object({ ingested: z.number(), updated: z.number(), unchanged: z.number(), failed: z.number() }),
  cancelled: z.boolean(),
});
export type IngestSummary = z.infer<typeof ingestSummarySchema>;

/** MRR and recall@10 of one search mode over the quality check's known-item queries. */
export const searchQualityScoresSchema = z.object({ mrr: z.number().min(0).max(1), recallAt10: z.number().min(0).max(1) });

/**
 * What a search quality check finishes with: how well each search mode finds sampled documents of the
 * library from queries made of their own words — the answer to "how much does my embedding model help?".
 */
export const searchQualityOutcomeSchema = z.object({
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  /** Documents in the library, documents sampled, and the queries made from them (one per usable document). */
  libraryDocuments: z.number().int().nonnegative(),
  sampled: z.number().int().nonnegative(),
  queries: z.number().int().nonnegative(),
  keyword: searchQualityScoresSchema,
  vector: searchQualityScoresSchema,
  hybrid: searchQualityScoresSchema,
  /** A few of the queries with their document, so a person sees what was asked. */
  examples: z.array(z.object({ query: z.string(), title: z.string(), path: z.string() })).max(5),
});
export type SearchQualityOutcome = z.infer<typeof searchQualityOutcomeSchema>;

/** What a re-embed job finishes with. */
export const reembedOutcomeSchema = z.object({ chunks: z.number().int().nonnegative() });

export const embedderChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled') }).strict(),
  z
    .object({
      kind: z.literal('openai'),
      baseUrl: z.url(),
      model: z.string().min(1),
      apiKey: z.string().min(1).optional(),
    })
    .strict(),
]);
export type EmbedderChoice = z.infer<typeof embedderChoiceSchema>;

export const snippetSegmentSchema = z.object({ text: z.string(), highlight: z.boolean() });
export type SnippetSegment = z.infer<typeof snippetSegmentSchema>;

export const searchModeSchema = z.enum(['hybrid', 'vector', 'keyword']);
export type SearchMode = z.infer<typeof searchModeSchema>;

/** One of a document's best-matching passages (chunks), best first. */
export const searchPassageSchema = z.object({
  chunkId: z.number().int(),
  /** The chunk's fused score. */
  score: z.number(),
  snippet: z.array(snippetSegmentSchema),
});
export type SearchPassage = z.infer<typeof searchPassageSchema>;

/** Why a document ranks where it does: how each half of the search placed its best chunk (1-based ranks among chunks). */
export const searchExplainSchema = z.object({
  foundBy: z.enum(['keyword', 'vector', 'both']),
  /** Null when the keyword half did not find the document. `score`: the fused score this half gave. */
  keyword: z.object({ rank: z.number().int().positive(), score: z.number() }).nullable(),
  /** Null when the vector half did not find the document; `similarity` is the cosine of its nearest chunk. */
  vector: z.object({ rank: z.number().int().positive(), similarity: z.number(), score: z.number() }).nullable(),
  /** Where whole-document keyword evidence (title, path, full text) placed the document (1-based among documents), when it did. */
  document: z.object({ rank: z.number().int().positive(), score: z.number() }).optional(),
  /**
   * The bonus the top documents earn for holding the query's words in their shown passages (in `fusedScore`),
   * when it is more than 0: `pairs` for the query's adjacent word pairs found next to each other in its order,
   * `coverage` for the query's words held (each a share 0–1 and the bonus it earned); `rankBefore` is the
   * document's rank (1-based) among those re-ordered, before the bonus.
   */
  proximity: z
    .object({
      bonus: z.number(),
      pairs: z.object({ share: z.number().min(0).max(1), bonus: z.number() }),
      coverage: z.object({ share: z.number().min(0).max(1), bonus: z.number() }),
      rankBefore: z.number().int().positive(),
    })
    .optional(),
  /**
   * The bonus a top document earns for the query's words found inside its file name (folders and extension left
   * out; in `fusedScore`), when it is more than 0: the `words` found, their `share` of the query's words that
   * count (3 letters or more, in at most half the documents), and `rankBefore`, the document's rank (1-based)
   * among those re-ordered, before the bonus (proximity, if any, is added after it).
   */
  fileName: z
    .object({
      words: z.array(z.string()).min(1),
      share: z.number().min(0).max(1),
      bonus: z.number(),
      rankBefore: z.number().int().positive(),
    })
    .optional(),
  /** The document's score: its best chunk's fused score plus the evidence of its other chunks, file name and proximity. */
  fusedScore: z.number(),
});
export type SearchExplain = z.infer<typeof searchExplainSchema>;

/** How many of a found document's best passages a search returns. */
export const PASSAGES_PER_RESULT = 3;

/** A document found by a search, with its best passages. */
export const searchResultSchema = z.object({
  documentId: z.number().int(),
  path: z.string(),
  title: z.string(),
  type: docTypeSchema,
  /** The file's modification time, ISO 8601 (for sorting hits by date). */
  modifiedAt: z.string(),
  score: z.number(),
  passages: z.array(searchPassageSchema).min(1).max(PASSAGES_PER_RESULT),
  explain: searchExplainSchema,
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const libraryStatsSchema = z.object({
  documents: z.number().int(),
  chunks: z.number().int(),
  bytes: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
  embedder: z.object({ id: z.string(), dimension: z.number().int() }),
  vectors: z.number().int(),
  /** True while the saved vector graph is still being read after opening: searches are keyword-only until then. */
  vectorsLoading: z.boolean(),
  /** True when the catalog's vectors come from another embedder: run library.reembed. */
  needsReembed: z.boolean(),
  lastIngestAt: z.string().nullable(),
});
export type LibraryStats = z.infer<typeof libraryStatsSchema>;

const jobStarted = z.object({ jobId: z.string() });

/** Files per library.ingestUpload: a bigger selection is sent in batches of at most this many (and UPLOAD_BATCH_BYTES). */
export const UPLOAD_BATCH_FILES = 100;
/** Bytes of file content per batch the renderer aims for (base64 adds a third); a bigger file travels alone. */
export const UPLOAD_BATCH_BYTES = 16 * 1024 * 1024;
/** The largest file ingest reads: a larger one fails as too large (and the web renderer does not upload it). */
export const MAX_INGEST_FILE_BYTES = 64 * 1024 * 1024;
/** Why a file of `size` bytes is not ingested, in the same words wherever it is refused. */
export function tooLargeReason(size: number, limit: number): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `too large (${mb(size)}; the limit is ${mb(limit)})`;
}
/** The latest time a Date can hold (ms since the epoch). */
const MAX_TIME_MS = 8.64e15;

/**
 * How a document's original file was opened: by the system's default app (desktop; `shown: 'folder'` when its type
 * could run a program, so its folder was shown instead), or to be fetched from `url` (web host).
 */
export const openedDocumentSchema = z.discriminatedUnion('via', [
  z.object({ via: z.literal('shell'), shown: z.enum(['file', 'folder']) }),
  z.object({ via: z.literal('download'), url: z.string(), fileName: z.string() }),
]);
export type OpenedDocument = z.infer<typeof openedDocumentSchema>;

export const libraryRequests = {
  'library.ingest': defineRequest(
    'Ingest files and folders (recursively) in the background; returns the job to follow.',
    z.object({ paths: z.array(z.string().min(1)).min(1).max(1000) }).strict(),
    jobStarted,
  ),
  'library.ingestUpload': defineRequest(
    'Ingest files sent as content (web mode), each at its path relative to the chosen folder or selection, kept in the library uploads folder; the same path again updates that document.',
    z
      .object({
        files: z
          .array(
            z
              .object({
                /** Path relative to the folder or selection the file came from, `/` separators: `notes/2024/plan.md`. */
                name: z.string().min(1).max(1024),
                contentBase64: z.base64(),
                /** The file's modification time in ms since the epoch (File.lastModified); the stored copy gets it. */
                lastModified: z.number().int().min(0).max(MAX_TIME_MS).optional(),
              })
              .strict(),
          )
          .min(1)
          .max(UPLOAD_BATCH_FILES),
      })
      .strict(),
    jobStarted,
  ),
  'library.documents': defineRequest(
    'List documents, filtered and paged.',
    z
      .object({
        filter: libraryFilterSchema.optional(),
        /** Matches title or path, case-insensitively. */
        text: z.string().max(200).optional(),
        sort: z.enum(['path', 'modified', 'ingested']).default('path'),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ documents: z.array(documentSchema), total: z.number().int() }),
  ),
  'library.document': defineRequest(
    'One document with its chunks.',
    z.object({ id: z.number().int() }).strict(),
    z.object({ document: documentSchema, chunks: z.array(chunkSchema) }),
  ),
  'library.openDocument': defineRequest(
    "Open a document's original file: main finds it in the catalog; not_found when it is gone from disk.",
    z.object({ documentId: z.number().int() }).strict(),
    openedDocumentSchema,
  ),
  'library.remove': defineRequest(
    'Remove documents from the library (the files on disk are untouched).',
    z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }).strict(),
    z.object({ removed: z.number().int() }),
  ),
  'library.removeMissing': defineRequest(
    'Remove the documents whose file no longer exists on disk.',
    z.object({}).strict(),
    z.object({ removed: z.array(z.string()) }),
  ),
  'library.folders': defineRequest(
    'The folders that hold documents, with how many each: the choices of a folder filter.',
    z.object({}).strict(),
    z.object({ folders: z.array(z.object({ folder: z.string(), documents: z.number().int().positive() })), total: z.number().int() }),
  ),
  'library.stats': defineRequest('Counts, sizes and the embedder in use.', z.object({}).strict(), libraryStatsSchema),
  'library.reembed': defineRequest(
    'Switch the embedder (or refresh with the current one) and re-embed every chunk in the background.',
    z.object({ embedder: embedderChoiceSchema.optional() }).strict(),
    jobStarted,
  ),
  'search.quality': defineRequest(
    "Check how well search finds the library's own documents (keyword-only, vector-only, hybrid) as a read-only job.",
    z.object({ documents: z.number().int().min(10).max(1000).default(150) }).strict(),
    jobStarted,
  ),
  'search.query': defineRequest(
    'Hybrid search: nearest chunks by meaning fused with keyword matches, grouped by document with its best passages and why it ranks there.',
    z
      .object({
        query: z.string().trim().min(1).max(SEARCH_QUERY_MAX_CHARS),
        k: z.number().int().min(1).max(100).default(10),
        filter: libraryFilterSchema.optional(),
        mode: searchModeSchema.default('hybrid'),
      })
      .strict(),
    z.object({
      results: z.array(searchResultSchema),
      tookMs: z.number().nonnegative(),
      /**
       * True when the vector half was left out because the saved graph is still being read after opening: the
       * results are keyword-only, and `library.vectorsReady` follows (the same query asked then uses both halves).
       */
      vectorsLoading: z.boolean(),
    }),
  ),
};

export const libraryEvents = {
  /** The saved graph is in after opening: searches answered by keywords alone meanwhile can be asked again. */
  'library.vectorsReady': z.object({ vectors: z.number().int().nonnegative() }).strict(),
};
