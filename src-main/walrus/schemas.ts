// Zod schemas for every JSON body the publisher and aggregator send. The official YAML shows some
// fields in snake_case while the services answer in camelCase, so keys are normalised to camelCase
// before validation (user tags excepted: their keys are data, not field names).
import { z } from 'zod';
import { isBlobId, isQuiltPatchId } from './ids.ts';

const TAG_KEYS = new Set(['tags']);

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Recursively renames snake_case keys to camelCase, leaving the contents of `tags` untouched. */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = camelCase(key);
    out[name] = TAG_KEYS.has(name) ? inner : camelizeKeys(inner);
  }
  return out;
}

const u32 = z.number().int().nonnegative();
const size = z.number().int().nonnegative();
export const blobIdSchema = z.string().refine(isBlobId, 'not a Walrus blob id (32 bytes, URL-safe base64)');
export const quiltPatchIdSchema = z.string().refine(isQuiltPatchId, 'not a Walrus quilt patch id');
const objectIdSchema = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'not a Sui object id');

const eventIdSchema = z.object({
  // Base58 string on the wire; the generated YAML says byte array. Accept both.
  txDigest: z.union([z.string(), z.array(z.number().int())]),
  eventSeq: z.union([z.string(), z.number().int()]),
});

const storageSchema = z.object({ id: objectIdSchema, startEpoch: u32, endEpoch: u32, storageSize: size });

const blobObjectSchema = z.object({
  id: objectIdSchema,
  registeredEpoch: u32,
  blobId: blobIdSchema,
  size,
  encodingType: z.string(),
  certifiedEpoch: u32.nullable().optional(),
  storage: storageSchema,
  deletable: z.boolean(),
});

const RESOURCE_OPERATIONS = ['registerFromScratch', 'reuseStorage', 'reuseRegistration', 'reuseAndExtend', 'reuseAndExtendNonCertified'] as const;
const resourceOperationSchema = z
  .partialRecord(z.enum(RESOURCE_OPERATIONS), z.looseObject({ encodedLength: size }))
  .refine((op) => Object.keys(op).length === 1, 'exactly one resource operation');

const newlyCreatedSchema = z.object({
  blobObject: blobObjectSchema,
  resourceOperation: resourceOperationSchema,
  cost: size,
  sharedBlobObject: objectIdSchema.nullable().optional(),
});

const alreadyCertifiedSchema = z.object({
  blobId: blobIdSchema,
  endEpoch: u32,
  event: eventIdSchema.optional(),
  object: objectIdSchema.optional(),
});

export const blobStoreResultSchema = z.union([
  z.object({ newlyCreated: newlyCreatedSchema }),
  z.object({ alreadyCertified: alreadyCertifiedSchema }),
  z.object({ markedInvalid: z.object({ blobId: blobIdSchema, event: eventIdSchema }) }),
  z.object({ error: z.object({ errorMsg: z.string(), blobId: blobIdSchema.nullable().optional(), failurePhase: z.string().optional() }) }),
]);
export type BlobStoreResult = z.infer<typeof blobStoreResultSchema>;

export const storedQuiltPatchSchema = z.object({
  identifier: z.string(),
  quiltPatchId: quiltPatchIdSchema,
  range: z.tuple([size, size]).nullable().optional(),
});

export const quiltStoreResultSchema = z.object({
  blobStoreResult: blobStoreResultSchema,
  storedQuiltBlobs: z.array(storedQuiltPatchSchema),
});
export type QuiltStoreResult = z.infer<typeof quiltStoreResultSchema>;

const tagsSchema = z.record(z.string(), z.string());

/** `GET /v1/quilts/{id}/patches`: the one snake_case reply (`patch_id`), camelised to `patchId`. */
export const quiltPatchListSchema = z.array(
  z.object({
    identifier: z.string(),
    patchId: quiltPatchIdSchema.optional(),
    quiltPatchId: quiltPatchIdSchema.optional(),
    tags: tagsSchema.nullable().optional(),
  }).refine((p) => p.patchId ?? p.quiltPatchId, 'missing patch_id'),
);

/** The `Status` error body. */
export const statusBodySchema = z.object({
  error: z.object({
    code: z.number().int().optional(),
    status: z.string().optional(),
    message: z.string(),
    details: z.array(z.looseObject({ reason: z.string().optional(), domain: z.string().optional() })).optional(),
  }),
});
export type WalrusStatusBody = z.infer<typeof statusBodySchema>;
