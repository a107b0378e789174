import { describe, expect, it } from 'vitest';
import { blobStoreResultSchema, camelizeKeys, quiltPatchListSchema, quiltStoreResultSchema, statusBodySchema } from '../../../src-main/walrus/schemas.ts';

const BLOB_ID = 'E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU';
const PATCH_ID = 'uIiEbhP2qgZYygEGxJX1GeB-rQATo2yufC2DCp7B4iABAQANAA';
const OBJECT_ID = `0x${'ab'.repeat(32)}`;

const newlyCamel = {
  newlyCreated: {
    blobObject: {
      id: OBJECT_ID,
      registeredEpoch: 3,
      blobId: BLOB_ID,
      size: 17,
      encodingType: 'RS2',
      certifiedEpoch: 3,
      storage: { id: OBJECT_ID, startEpoch: 3, endEpoch: 8, storageSize: 66_034_000 },
      deletable: true,
    },
    resourceOperation: { registerFromScratch: { encodedLength: 66_034_000, epochsAhead: 5 } },
    cost: 132_300,
  },
};

const parse = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(camelizeKeys(value)).success;

describe('response schemas', () => {
  it('accepts the camelCase the services send', () => {
    expect(parse(blobStoreResultSchema, newlyCamel)).toBe(true);
  });

  it('accepts the snake_case the generated YAML shows', () => {
    const snake = {
      newlyCreated: {
        blob_object: { ...newlyCamel.newlyCreated.blobObject, registered_epoch: 3, blob_id: BLOB_ID, encoding_type: 'RS2', storage: { id: OBJECT_ID, start_epoch: 3, end_epoch: 8, storage_size: 1 } },
        resource_operation: { registerFromScratch: { encoded_length: 1, epochs_ahead: 5 } },
        cost: 1,
      },
    };
    expect(parse(blobStoreResultSchema, snake)).toBe(true);
    expect(parse(blobStoreResultSchema, { alreadyCertified: { blob_id: BLOB_ID, end_epoch: 9, event: { txDigest: 'Ehto', eventSeq: '0' } } })).toBe(true);
  });

  it('rejects a malformed blob id, a missing field and an unknown result', () => {
    const badId = structuredClone(newlyCamel);
    badId.newlyCreated.blobObject.blobId = 'not-a-blob-id';
    expect(parse(blobStoreResultSchema, badId)).toBe(false);
    const missing = structuredClone(newlyCamel) as { newlyCreated: Partial<typeof newlyCamel.newlyCreated> };
    delete missing.newlyCreated.cost;
    expect(parse(blobStoreResultSchema, missing)).toBe(false);
    expect(parse(blobStoreResultSchema, { somethingElse: {} })).toBe(false);
  });

  it('leaves tag keys as written while renaming field names', () => {
    const value = camelizeKeys([{ identifier: 'a', patch_id: PATCH_ID, tags: { snake_key: 'v' } }]) as { patchId: string; tags: Record<string, string> }[];
    expect(value[0]?.patchId).toBe(PATCH_ID);
    expect(value[0]?.tags).toEqual({ snake_key: 'v' });
    expect(quiltPatchListSchema.safeParse(value).success).toBe(true);
  });

  it('validates quilt store results and their patch ids', () => {
    const ok = { blobStoreResult: newlyCamel, storedQuiltBlobs: [{ identifier: 'a', quiltPatchId: PATCH_ID, range: [1, 13] }] };
    expect(parse(quiltStoreResultSchema, ok)).toBe(true);
    expect(parse(quiltStoreResultSchema, { ...ok, storedQuiltBlobs: [{ identifier: 'a', quiltPatchId: BLOB_ID }] })).toBe(false);
  });

  it('parses the Status error body', () => {
    const body = { error: { code: 404, status: 'NOT_FOUND', message: 'gone', details: [{ '@type': 'ErrorInfo', reason: 'BLOB_NOT_FOUND', domain: 'x' }] } };
    expect(statusBodySchema.safeParse(body).success).toBe(true);
    expect(statusBodySchema.safeParse({ message: 'plain' }).success).toBe(false);
  });
});
