// The official Walrus OpenAPI specs as a validator for requests and responses, used by the local
// server's conformance tests and by the client's contract tests. The YAMLs are generated and wrong in
// a few known places (see SPEC_ERRATA and shared/walrus/SOURCE.md); those are corrected explicitly, each
// correction asserting the original text so a fixed upstream spec is noticed.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { applyErrata } from './openapi-errata.ts';

export { SPEC_ERRATA } from './openapi-errata.ts';

type Json = Record<string, unknown>;
export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

const SPEC_DIR = fileURLToPath(new URL('./openapi/', import.meta.url));
const SPEC_FILES = { publisher: 'publisher_openapi.yaml', aggregator: 'aggregator_openapi.yaml' } as const;
/** Framework rejections that the services send as plain text, not as a `Status` body (see the notes). */
const PLAIN_TEXT_STATUSES = new Set([400, 413, 429]);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface OpenApiValidator {
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown, contentType?: string): ValidationResult;
  validateRequest(request: RequestToValidate): ValidationResult;
  /** The spec's path template for a concrete path, e.g. /v1/blobs/abc → /v1/blobs/{blob_id}. */
  matchPath(method: string, path: string): string | undefined;
}

export interface RequestToValidate {
  method: string;
  pathTemplate: string;
  pathParams?: Record<string, string>;
  query?: URLSearchParams;
  contentType?: string;
}

export function loadSpecs(options: { errata?: boolean } = {}): Record<keyof typeof SPEC_FILES, Json> {
  const load = (file: string) => {
    const doc = parseYaml(readFileSync(SPEC_DIR + file, 'utf8')) as Json;
    return options.errata === false ? doc : applyErrata(doc);
  };
  return { publisher: load(SPEC_FILES.publisher), aggregator: load(SPEC_FILES.aggregator) };
}

export function createValidator(options: { errata?: boolean } = {}): OpenApiValidator {
  const specs = loadSpecs(options);
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: false });
  addFormats(ajv);
  // Walrus ids are URL-safe base64 without padding, whatever `format: byte` says.
  ajv.addFormat('byte', options.errata === false ? /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ : /^[A-Za-z0-9_-]*$/);
  for (const [name, doc] of Object.entries(specs)) ajv.addSchema(doc, name);
  const compiled = new Map<string, ValidateFunction>();
  const schemaAt = (specName: string, pointer: string[]): ValidateFunction => {
    const ref = `${specName}#/${pointer.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: ref });
      compiled.set(ref, fn);
    }
    return fn;
  };
  const findOperation = (method: string, template: string) => {
    for (const [specName, doc] of Object.entries(specs)) {
      const op = ((doc.paths as Json)[template] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
      if (op) return { specName, op };
    }
    return undefined;
  };
  const errorsOf = (fn: ValidateFunction, where: string) => (fn.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ''}`.trim());

  return {
    matchPath(method, path) {
      // The most literal template wins: /v1/blobs/by-object-id/x is not /v1/blobs/{blob_id}/byte-range.
      const segments = path.split('/');
      let best: { template: string; literals: number } | undefined;
      for (const doc of Object.values(specs)) {
        for (const [template, item] of Object.entries(doc.paths as Json)) {
          const parts = template.split('/');
          if (parts.length !== segments.length || !(item as Json)[method.toLowerCase()]) continue;
          if (!parts.every((p, i) => /^\{\w+\}$/.test(p) || p === segments[i])) continue;
          const literals = parts.filter((p) => !p.startsWith('{')).length;
          if (!best || literals > best.literals) best = { template, literals };
        }
      }
      return best?.template;
    },

    validateResponse(method, template, status, body, contentType) {
      const found = findOperation(method, template);
      if (!found) return { valid: false, errors: [`${method} ${template} is not in the spec`] };
      // E5: framework rejections are plain text and undeclared by the generated spec.
      if (contentType?.startsWith('text/plain') && PLAIN_TEXT_STATUSES.has(status)) return { valid: true };
      const responses = found.op.responses as Json;
      const response = (responses[String(status)] ?? responses.default) as Json | undefined;
      if (!response) return { valid: false, errors: [`status ${status} is not declared for ${method} ${template}`] };
      const content = response.content as Json | undefined;
      if (!content) return { valid: true };
      if (!content['application/json']) return { valid: true }; // binary bodies carry no schema
      if (contentType !== undefined && !contentType.startsWith('application/json')) {
        return { valid: false, errors: [`expected application/json, got ${contentType}`] };
      }
      const fn = schemaAt(found.specName, ['paths', template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']);
      return fn(body) ? { valid: true } : { valid: false, errors: errorsOf(fn, 'body') };
    },

    validateRequest(request) {
      const found = findOperation(request.method, request.pathTemplate);
      if (!found) return { valid: false, errors: [`${request.method} ${request.pathTemplate} is not in the spec`] };
      const errors: string[] = [];
      const parameters = (found.op.parameters ?? []) as Json[];
      const base = ['paths', request.pathTemplate, request.method.toLowerCase(), 'parameters'];
      const query = request.query ?? new URLSearchParams();
      const known = new Set<string>();
      parameters.forEach((param, index) => {
        const name = param.name as string;
        const schema = param.schema as Json;
        const fn = schemaAt(found.specName, [...base, String(index), 'schema']);
        if (param.in === 'path') {
          const value = request.pathParams?.[name];
          if (value === undefined) errors.push(`missing path parameter ${name}`);
          else if (!fn(value)) errors.push(...errorsOf(fn, `path.${name}`));
          return;
        }
        if (param.in !== 'query') return;
        const exploded = objectProperties(schema);
        if (exploded) {
          // style: form, explode: true — the object's properties are top-level query keys.
          const present = Object.fromEntries([...query].filter(([key]) => exploded.includes(key)).map(([k, v]) => [k, coerce(v)]));
          exploded.forEach((key) => known.add(key));
          if (Object.keys(present).length > 0 && !fn(present)) errors.push(...errorsOf(fn, `query.${name}`));
          return;
        }
        known.add(name);
        const value = query.get(name);
        if (value === null) {
          if (param.required) errors.push(`missing query parameter ${name}`);
        } else if (!fn(coerce(value))) errors.push(...errorsOf(fn, `query.${name}`));
      });
      for (const key of new Set(query.keys())) if (!known.has(key)) errors.push(`unknown query parameter ${key}`);
      const body = found.op.requestBody as Json | undefined;
      if (body && request.contentType !== undefined) {
        const types = Object.keys(body.content as Json);
        if (!types.some((t) => request.contentType?.startsWith(t))) errors.push(`content type ${request.contentType} is not one of ${types.join(', ')}`);
      }
      return errors.length ? { valid: false, errors } : { valid: true };
    },
  };
}

let shared: OpenApiValidator | undefined;

/** Validates a response against the corrected official spec (status + JSON body). */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown, contentType?: string): ValidationResult {
  shared ??= createValidator();
  return shared.validateResponse(method, pathTemplate, status, body, contentType);
}

/** Validates a request's path parameters, query and content type against the corrected official spec. */
export function validateRequest(request: RequestToValidate): ValidationResult {
  shared ??= createValidator();
  return shared.validateRequest(request);
}

export function matchSpecPath(method: string, path: string): string | undefined {
  shared ??= createValidator();
  return shared.matchPath(method, path);
}

/** The property names of an object parameter sent in exploded form style (e.g. send_or_share). */
function objectProperties(schema: Json): string[] | undefined {
  const variants = (schema.oneOf as Json[] | undefined) ?? (schema.type === 'object' ? [schema] : undefined);
  if (!variants?.every((v) => v.type === 'object')) return undefined;
  return variants.flatMap((v) => Object.keys((v.properties as Json | undefined) ?? {}));
}

/** Query values are text; the spec types them. Only exact spellings convert, like the services do. */
function coerce(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^(0|[1-9]\d{0,15})$/.test(value)) return Number(value);
  return value;
}
