// The official Walrus OpenAPI specs as a validator for requests and responses, used by the local
// server's conformance tests and by the client's contract tests. openapi-backend does the OpenAPI work:
// it routes a request to its operation and validates path and query parameters, JSON request bodies
// and JSON response bodies. The YAMLs are generated and wrong in a few known places (SPEC_ERRATA, each
// correction asserting the original text); `adaptForLibrary` below bridges what the library cannot
// read; this module adds only what the library leaves to its caller (declared statuses, content types).
import { Ajv2020, type Options as AjvOptions } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpenAPIBackend, type Document, type Operation } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';
import { applyErrata } from './errata.ts';

export { SPEC_ERRATA } from './errata.ts';

type Json = Record<string, unknown>;
export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

const SPEC_DIR = fileURLToPath(new URL('../../../src-main/walrus-local/openapi/', import.meta.url));
const SPEC_FILES = { publisher: 'publisher_openapi.yaml', aggregator: 'aggregator_openapi.yaml' } as const;
/** Framework rejections that the services send as plain text, not as a `Status` body (see the notes). */
const PLAIN_TEXT_STATUSES = new Set([400, 413, 429]);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface MatchedOperation {
  spec: keyof typeof SPEC_FILES;
  operationId: string;
  /** The spec's path template, e.g. /v1/blobs/{blob_id}. */
  template: string;
}

export interface RequestToValidate {
  method: string;
  /** The path as sent, percent-encoded, with or without its query. */
  url: string;
  contentType?: string;
}

export interface OpenApiValidator {
  /** The operation a concrete path (or a path template) belongs to; undefined when the spec has none. */
  match(method: string, path: string): MatchedOperation | undefined;
  /** The spec's path template for a concrete path, e.g. /v1/blobs/abc → /v1/blobs/{blob_id}. */
  matchPath(method: string, path: string): string | undefined;
  validateRequest(request: RequestToValidate): ValidationResult;
  /** `path` is the request's path (or the operation's template); `body` is parsed JSON or raw bytes. */
  validateResponse(method: string, path: string, status: number, body: unknown, contentType?: string): ValidationResult;
}

function loadSpec(file: string, errata: boolean): Json {
  const doc = parseYaml(readFileSync(SPEC_DIR + file, 'utf8')) as Json;
  return adaptForLibrary(errata ? applyErrata(doc) : doc);
}

export function createValidator(options: { errata?: boolean } = {}): OpenApiValidator {
  const errata = options.errata !== false;
  const backends = Object.entries(SPEC_FILES).map(([spec, file]) => {
    const api = new OpenAPIBackend({
      definition: loadSpec(file, errata) as unknown as Document,
      // quick: no check of the document against the OpenAPI 3.0 meta-schema (the specs are 3.1) and
      // validators compiled on first use.
      quick: true,
      strict: true,
      coerceTypes: true,
      customizeAjv: (_ajv, ajvOptions) => schemaValidator(ajvOptions, errata) as never,
    });
    // In quick mode init() finishes synchronously; a failure rejects its promise, so check the outcome here.
    api.init().catch(() => {});
    if (!api.initialized) throw new Error(`openapi-backend could not load ${file} (with quick: false it reports why)`);
    return { spec: spec as keyof typeof SPEC_FILES, api };
  });

  const find = (method: string, path: string) => {
    for (const { spec, api } of backends) {
      const operation = api.matchOperation({ method: method.toLowerCase(), path: path.split('?')[0] ?? path, headers: {} });
      if (operation) return { spec, api, operation };
    }
    return undefined;
  };

  return {
    match(method, path) {
      const found = find(method, path);
      return found && { spec: found.spec, operationId: found.operation.operationId ?? '', template: found.operation.path };
    },

    matchPath(method, path) {
      return find(method, path)?.operation.path;
    },

    validateRequest({ method, url, contentType }) {
      const [path = '', query = ''] = url.split(/\?(.*)/s);
      const found = find(method, path);
      if (!found) return { valid: false, errors: [`${method} ${path} is not in the spec`] };
      const result = found.api.validateRequest({ method: method.toLowerCase(), path, query, headers: contentType ? { 'content-type': contentType } : {} }, found.operation);
      const errors = (result.errors ?? []).map((e) => describeError(e));
      const declared = Object.keys((found.operation.requestBody as Json | undefined)?.content ?? {});
      if (contentType !== undefined && declared.length && !declared.some((type) => contentType.startsWith(type))) {
        errors.push(`content type ${contentType} is not one of ${declared.join(', ')}`);
      }
      return errors.length ? { valid: false, errors } : { valid: true };
    },

    validateResponse(method, path, status, body, contentType) {
      const found = find(method, path);
      if (!found) return { valid: false, errors: [`${method} ${path} is not in the spec`] };
      // E5: framework rejections are plain text and undeclared by the generated spec.
      if (contentType?.startsWith('text/plain') && PLAIN_TEXT_STATUSES.has(status)) return { valid: true };
      // The library validates a body against the status it is given, but lets an undeclared status pass.
      const responses = found.operation.responses as Record<string, Json>;
      const response = responses[String(status)] ?? responses.default;
      if (!response) return { valid: false, errors: [`status ${status} is not declared for ${method} ${found.operation.path}`] };
      const content = response.content as Json | undefined;
      if (!content?.['application/json']) return { valid: true }; // no body, or binary bodies, which carry no schema
      if (contentType !== undefined && !contentType.startsWith('application/json')) {
        return { valid: false, errors: [`expected application/json, got ${contentType}`] };
      }
      const result = found.api.validateResponse(body, found.operation as Operation, status);
      return result.errors?.length ? { valid: false, errors: result.errors.map((e) => describeError(e, 'body')) } : { valid: true };
    },
  };
}

/**
 * OpenAPI 3.1 schemas are JSON Schema 2020-12 (e.g. `prefixItems`), so the library's draft-07 Ajv is
 * swapped for Ajv's 2020 dialect, with the library's options (it turns on coercion for parameters).
 */
function schemaValidator(ajvOptions: AjvOptions, errata: boolean): Ajv2020 {
  const ajv = new Ajv2020({ ...ajvOptions, strict: false, allErrors: true });
  addFormats(ajv);
  // E4: Walrus ids are URL-safe base64 without padding, whatever `format: byte` says.
  ajv.addFormat('byte', errata ? /^[A-Za-z0-9_-]*$/ : /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  return ajv;
}

/**
 * What openapi-backend cannot read as written: a query parameter whose schema is an object sent in
 * exploded form style (`send_or_share`: `?send_object_to=…` or `?share=true`). The library takes every
 * query key for a parameter of that name, so the object's properties become optional parameters of
 * their own. Their exclusivity is lost here; the client and the publisher each refuse both at once.
 */
function adaptForLibrary(original: Json): Json {
  const doc = structuredClone(original);
  for (const item of Object.values(doc.paths as Json)) {
    for (const operation of Object.values(item as Json) as Json[]) {
      const parameters = operation.parameters as Json[] | undefined;
      if (!parameters) continue;
      operation.parameters = parameters.flatMap((param) => {
        const variants = param.in === 'query' ? objectVariants(param.schema as Json) : undefined;
        if (!variants) return [param];
        return variants.flatMap((v) => Object.entries((v.properties as Json | undefined) ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })));
      });
    }
  }
  return doc;
}

function objectVariants(schema: Json): Json[] | undefined {
  const variants = (schema.oneOf as Json[] | undefined) ?? (schema.type === 'object' ? [schema] : undefined);
  return variants?.every((v) => v.type === 'object') ? variants : undefined;
}

interface LibraryError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describeError(error: LibraryError, root = ''): string {
  const detail = error.params?.additionalProperty ?? error.params?.missingProperty;
  const where = `${root}${error.instancePath}`.replace(/^\//, '').replaceAll('/', '.');
  return `${where}${where ? ' ' : ''}${error.message ?? 'is invalid'}${detail === undefined ? '' : ` (${String(detail)})`}`;
}
