// Known mistakes of the generated Walrus OpenAPI YAMLs, corrected to what the services really send
// (shared/walrus/NOTES.md and SOURCE.md). Each correction checks the text it replaces, so an upstream
// fix or change fails loudly instead of being silently overridden.
type Json = Record<string, unknown>;

export const SPEC_ERRATA = [
  'E1: BlobStoreResult and RegisterBlobOp fields are camelCase on the wire (blobObject, resourceOperation, encodedLength, …), not snake_case.',
  'E2: EventID.txDigest is a base58 string, not an array of bytes.',
  'E3: QuiltPatchId (path parameter and QuiltPatchItem.patch_id) is a URL-safe base64 string, not an object.',
  'E4: `format: byte` ids are URL-safe base64 without padding (applied as an ajv format).',
  'E5: framework rejections (bad path/query values 400, oversize 413, overload 429) are plain text, not Status JSON.',
  'E6: QuiltVersionEnum is referenced but not defined; defined from the parameter text as "v1" | "V1" | "1".',
  'E7: GET /v1/blobs/{blob_id} answers a Range request with 206 Partial Content (its description says so; its responses omit it).',
] as const;

const CAMEL_CASE: Record<string, Record<string, string>> = {
  alreadyCertified: { blob_id: 'blobId', end_epoch: 'endEpoch' },
  newlyCreated: { blob_object: 'blobObject', resource_operation: 'resourceOperation', shared_blob_object: 'sharedBlobObject' },
  markedInvalid: { blob_id: 'blobId' },
  error: { blob_id: 'blobId' },
  registerFromScratch: { encoded_length: 'encodedLength', epochs_ahead: 'epochsAhead' },
  reuseStorage: { encoded_length: 'encodedLength' },
  reuseRegistration: { encoded_length: 'encodedLength' },
  reuseAndExtend: { encoded_length: 'encodedLength', epochs_extended: 'epochsExtended' },
  reuseAndExtendNonCertified: { encoded_length: 'encodedLength', epochs_extended: 'epochsExtended' },
};

export function applyErrata(original: Json): Json {
  const doc = structuredClone(original);
  const schemas = (doc.components as Json).schemas as Json;
  for (const name of ['BlobStoreResult', 'RegisterBlobOp']) {
    if (!schemas[name]) continue;
    for (const variant of (schemas[name] as Json).oneOf as Json[]) {
      const [variantName, variantSchema] = Object.entries(variant.properties as Json)[0] as [string, Json];
      const renames = CAMEL_CASE[variantName];
      if (!renames) throw new Error(`unexpected ${name} variant ${variantName}: the spec changed, review the errata`);
      const target = variantSchema.allOf ? ((variantSchema.allOf as Json[])[1] as Json) : variantSchema;
      renameProperties(target, renames, `${name}.${variantName}`);
    }
  }
  if (schemas.EventID) {
    const props = (schemas.EventID as Json).properties as Json;
    expectShape((props.txDigest as Json).type === 'array', 'EventID.txDigest is an array');
    props.txDigest = { type: 'string', description: 'Base58 transaction digest.' };
  }
  if (schemas.QuiltPatchId) {
    expectShape((schemas.QuiltPatchId as Json).type === 'object', 'QuiltPatchId is an object');
    schemas.QuiltPatchId = { type: 'string', pattern: '^[A-Za-z0-9_-]{50}$', description: 'URL-safe base64 of quilt id + patch id (37 bytes).' };
  }
  if (JSON.stringify(doc.paths).includes('QuiltVersionEnum')) {
    expectShape(!schemas.QuiltVersionEnum, 'QuiltVersionEnum is undefined');
    schemas.QuiltVersionEnum = { type: 'string', enum: ['v1', 'V1', '1'] };
  }
  const getBlob = ((doc.paths as Json)['/v1/blobs/{blob_id}'] as Json | undefined)?.get as Json | undefined;
  if (getBlob) {
    const responses = getBlob.responses as Json;
    expectShape(!responses['206'], 'GET /v1/blobs/{blob_id} declares no 206');
    responses['206'] = { description: 'The requested byte range.', content: { 'application/octet-stream': {} } };
  }
  return doc;
}

function renameProperties(schema: Json, renames: Record<string, string>, where: string): void {
  const properties = schema.properties as Json;
  for (const [from, to] of Object.entries(renames)) {
    expectShape(from in properties, `${where}.${from} exists`);
    properties[to] = properties[from];
    delete properties[from];
  }
  schema.required = ((schema.required as string[] | undefined) ?? []).map((key) => renames[key] ?? key);
}

function expectShape(holds: boolean, what: string): void {
  if (!holds) throw new Error(`OpenAPI errata no longer apply (expected: ${what}); review test/helpers/walrus-openapi/errata.ts`);
}
