// The Walrus objects an item lives in: a blob, the quilt holding its patch, or the blobs of its parts.
// Renewal works on these (one store per object, however many items or snapshots share it).
import { parseQuiltPatchId } from '../walrus/ids.ts';
import type { ItemLocation } from './manifest.ts';

export type StoredObjectType = 'blob' | 'quilt';

export interface StoredObjectRef {
  id: string;
  type: StoredObjectType;
}

export function objectsOf(location: ItemLocation): StoredObjectRef[] {
  switch (location.type) {
    case 'patch':
      return [{ id: parseQuiltPatchId(location.patchId).quiltId, type: 'quilt' }];
    case 'blob':
      return [{ id: location.blobId, type: 'blob' }];
    case 'parts':
      return location.parts.map((p) => ({ id: p.blobId, type: 'blob' }));
  }
}
