// The ids a publisher gives a quilt, computed locally: the official encoder builds the same QuiltV1 bytes
// from the same patches (identifier, contents, tags), so their blob id is the quilt id and each patch's
// columns make its patch id. Used when a quilt store's answer is lost, to look the quilt up instead of buying it again.
import { computeBlobId, encodeQuiltPatchId } from './ids.ts';

export interface QuiltIdentity {
  quiltId: string;
  patches: { identifier: string; patchId: string; range: [number, number] }[];
}

export async function quiltIdentity(patches: { identifier: string; contents: Uint8Array; tags: Record<string, string> }[], nShards: number): Promise<QuiltIdentity> {
  const { encodeQuilt } = await import('@mysten/walrus');
  const { quilt, index } = encodeQuilt({ blobs: patches, numShards: nShards });
  const quiltId = await computeBlobId(quilt, nShards);
  return {
    quiltId,
    patches: index.patches.map((p) => ({
      identifier: p.identifier,
      patchId: encodeQuiltPatchId({ quiltId, version: 1, start: p.startIndex, end: p.endIndex }),
      range: [p.startIndex, p.endIndex],
    })),
  };
}
