// The vector index's facade: the HNSW graph and its file on disk. Importing it loads USearch, so only
// modules that open a library (themselves loaded on first use) import it for values; others import types.
export { DEFAULT_HNSW_PARAMS, type HnswParams, type Neighbour } from './graph-params.ts';
export type { HnswIndex } from './hnsw-index.ts';
export { UsearchIndex, type Quantization } from './usearch-index.ts';
export { createVectorIndex, type VectorIndex } from './vector-index.ts';
export { GRAPH_FORMAT, baseMetaOf, basePathFor, describeIndex, loadGraph, loadIndex, loadSegments, metaPathFor, saveIndex, type DescribeOutcome, type IndexMeta, type LoadOutcome } from './index-file.ts';
export { removeOrphanedSegments, removeReplacedSegments, saveBase, saveDeltaAsBase, saveSegments, type SaveInfo } from './segment-file.ts';
export { SegmentedIndex } from './segmented-index.ts';
export { GraphFileRows } from './graph-file-rows.ts';
