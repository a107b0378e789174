// QuiltV1 encoding with the Walrus SDK's own encoder, so quilt bytes, ids and patch columns match real
// Walrus. Reading patches back is src-main/walrus/quilt-layout.ts (the client slices whole quilts the same way).
import { encodeQuilt } from '@mysten/walrus';
import type { QuiltPatchRecord } from './store.ts';

export interface QuiltInput {
  identifier: string;
  contents: Uint8Array;
  tags: Record<string, string>;
}

export function buildQuilt(patches: QuiltInput[], nShards: number): { bytes: Uint8Array; index: QuiltPatchRecord[] } {
  const { quilt, index } = encodeQuilt({ blobs: patches, numShards: nShards });
  const records = index.patches.map((p) => ({
    identifier: p.identifier,
    start: p.startIndex,
    end: p.endIndex,
    tags: Object.fromEntries(p.tags instanceof Map ? p.tags : Object.entries(p.tags)) as Record<string, string>,
  }));
  return { bytes: quilt, index: records };
}
